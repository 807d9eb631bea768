/*
 * test_load.c: unit tests of certificate loading (lib/cert/load.c and
 * lib/chain/trust.c): xs_certs_load, xs_certs_load_path and
 * xs_certs_load_default_store.
 *
 *  - well-formed inputs (PEM, bundles, DER, concatenated DER, junk between
 *    PEM blocks, TRUSTED CERTIFICATE, CRLF) load in order, each certificate
 *    with OpenSSL's own SHA-256 fingerprint, DER and RFC 2253 subject;
 *  - malformed inputs fail with the exact message and append nothing
 *    (table-driven, against a list that already holds certificates);
 *  - directories: nesting, OpenSSL hashed directories, skipped files;
 *  - the default store from SSL_CERT_FILE / SSL_CERT_DIR.
 *
 * main() makes three certificates (root, intermediate, leaf) before the
 * tests fork, and a scratch directory that it removes after they end.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cert/cert.h"
#include "certgen.h"
#include "x509strict.h"
#include "xt_check.h"
#include "x509strict_limits.h"

#ifndef XS_TEST_SCRATCH_PARENT
#define XS_TEST_SCRATCH_PARENT "/tmp"
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ERR_CHARS 1024
#define PATH_CHARS 4096
#define SUBJECT_CHARS 256
#define MAX_EXPECTED 8
#define ORIGIN "input.pem"

/* ------------------------------------------------------------------------ */
/* The certificates every test uses, made once in main()                     */

enum { ROOT, INTERMEDIATE, LEAF, FIXTURE_COUNT };

typedef struct {
    const char *spec_subject; /* as certgen takes it: first RDN first */
    const char *rfc2253;      /* as reports print it: last RDN first */
    const char *file_name;
    X509 *cert;
    EVP_PKEY *key;
} fixture_cert;

static fixture_cert fixture[FIXTURE_COUNT] = {
    [ROOT] = {"CN=Root", "CN=Root", "root.pem", NULL, NULL},
    [INTERMEDIATE] = {"C=DE,O=Example,CN=Intermediate", "CN=Intermediate,O=Example,C=DE",
                      "intermediate.pem", NULL, NULL},
    [LEAF] = {"CN=leaf.example", "CN=leaf.example", "leaf.pem", NULL, NULL},
};

static X509_CRL *root_crl;
static char scratch_root[PATH_CHARS];

static X509_CRL *make_crl(X509 *issuer, EVP_PKEY *issuer_key)
{
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *last = ASN1_TIME_adj(NULL, time(NULL), -1, 0);
    ASN1_TIME *next = ASN1_TIME_adj(NULL, time(NULL), 30, 0);
    bool ok = crl != NULL && last != NULL && next != NULL && X509_CRL_set_version(crl, 1) &&
              X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer)) &&
              X509_CRL_set1_lastUpdate(crl, last) && X509_CRL_set1_nextUpdate(crl, next) &&
              X509_CRL_sign(crl, issuer_key, EVP_sha256()) > 0;
    ASN1_TIME_free(last);
    ASN1_TIME_free(next);
    if (!ok) {
        X509_CRL_free(crl);
        return NULL;
    }
    return crl;
}

static int make_fixture(void)
{
    xt_spec ca = {.basic_constraints = "critical,CA:TRUE",
                  .key_usage = "critical,keyCertSign,cRLSign"};
    xt_spec leaf = {.subject = fixture[LEAF].spec_subject,
                    .basic_constraints = "critical,CA:FALSE",
                    .subject_alt_name = "DNS:leaf.example"};
    for (int i = 0; i < FIXTURE_COUNT; i++) {
        if ((fixture[i].key = xt_key("EC")) == NULL) {
            return -1;
        }
    }
    ca.subject = fixture[ROOT].spec_subject;
    fixture[ROOT].cert = xt_cert(&ca, fixture[ROOT].key, NULL, NULL);
    ca.subject = fixture[INTERMEDIATE].spec_subject;
    ca.serial = 2;
    fixture[INTERMEDIATE].cert =
        xt_cert(&ca, fixture[INTERMEDIATE].key, fixture[ROOT].cert, fixture[ROOT].key);
    leaf.serial = 3;
    fixture[LEAF].cert = xt_cert(&leaf, fixture[LEAF].key, fixture[INTERMEDIATE].cert,
                                 fixture[INTERMEDIATE].key);
    if (!fixture[ROOT].cert || !fixture[INTERMEDIATE].cert || !fixture[LEAF].cert) {
        return -1;
    }
    root_crl = make_crl(fixture[ROOT].cert, fixture[ROOT].key);
    return root_crl != NULL ? 0 : -1;
}

static void free_fixture(void)
{
    for (int i = 0; i < FIXTURE_COUNT; i++) {
        X509_free(fixture[i].cert);
        EVP_PKEY_free(fixture[i].key);
    }
    X509_CRL_free(root_crl);
}

/* ------------------------------------------------------------------------ */
/* Byte buffers                                                              */

typedef struct {
    uint8_t *p;
    size_t len;
} bytes;

static void bytes_add(bytes *b, const void *data, size_t len)
{
    uint8_t *grown = realloc(b->p, b->len + len + 1);
    ck_assert_ptr_nonnull(grown);
    if (len > 0) {
        memcpy(grown + b->len, data, len);
    }
    b->p = grown;
    b->len += len;
    b->p[b->len] = 0;
}

static void bytes_add_text(bytes *b, const char *text)
{
    bytes_add(b, text, strlen(text));
}

/* bytes_add_bio appends what was written to a memory BIO, and frees it. */
static void bytes_add_bio(bytes *b, BIO *bio)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    ck_assert_int_ge(len, 0);
    bytes_add(b, data, (size_t)len);
    BIO_free(bio);
}

static BIO *new_mem_bio(void)
{
    BIO *bio = BIO_new(BIO_s_mem());
    ck_assert_ptr_nonnull(bio);
    return bio;
}

static void bytes_add_pem(bytes *b, int which)
{
    BIO *bio = new_mem_bio();
    ck_assert_int_eq(PEM_write_bio_X509(bio, fixture[which].cert), 1);
    bytes_add_bio(b, bio);
}

static void bytes_add_pem_block(bytes *b, const char *label, const uint8_t *data, size_t len)
{
    BIO *bio = new_mem_bio();
    ck_assert_int_gt(PEM_write_bio(bio, label, "", data, (long)len), 0);
    bytes_add_bio(b, bio);
}

static void bytes_add_key_pem(bytes *b, int which)
{
    BIO *bio = new_mem_bio();
    ck_assert_int_eq(
        PEM_write_bio_PrivateKey(bio, fixture[which].key, NULL, NULL, 0, NULL, NULL), 1);
    bytes_add_bio(b, bio);
}

static void bytes_add_der(bytes *b, int which)
{
    int len = 0;
    unsigned char *der = xt_der(fixture[which].cert, &len);
    ck_assert_ptr_nonnull(der);
    bytes_add(b, der, (size_t)len);
    OPENSSL_free(der);
}

static void bytes_free(bytes *b)
{
    free(b->p);
    b->p = NULL;
    b->len = 0;
}

/* find_text returns the offset of `needle` in b, which must hold it. */
static size_t find_text(const bytes *b, const char *needle)
{
    const char *at = strstr((const char *)b->p, needle);
    ck_assert_msg(at != NULL, "no '%s' in the input", needle);
    return (size_t)(at - (const char *)b->p);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                     */


static void join_path(char out[PATH_CHARS], const char *dir, const char *name)
{
    xt_format_into(out, PATH_CHARS, "%s/%s", dir, name);
}

/* new_scratch_dir makes a fresh directory of its own for one test. */
static void new_scratch_dir(char out[PATH_CHARS])
{
    xt_must_make_temp_dir(out, PATH_CHARS, scratch_root, "test");
}

static void make_subdir(char out[PATH_CHARS], const char *parent, const char *name)
{
    join_path(out, parent, name);
    ck_assert_msg(mkdir(out, 0700) == 0, "mkdir %s: %s", out, strerror(errno));
}

static void write_bytes(const char *dir, const char *name, const void *data, size_t len)
{
    char path[PATH_CHARS];
    join_path(path, dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    write_bytes(dir, name, text, strlen(text));
}

/* write_pem writes fixture certificates `which[0..n)` as one PEM file. */
static void write_pem(const char *dir, const char *name, const int *which, int n)
{
    char path[PATH_CHARS];
    X509 *certs[FIXTURE_COUNT];
    ck_assert_int_le(n, FIXTURE_COUNT);
    for (int i = 0; i < n; i++) {
        certs[i] = fixture[which[i]].cert;
    }
    join_path(path, dir, name);
    ck_assert_int_eq(xt_write_pem(path, certs, n), 0);
}

static void write_one_pem(const char *dir, const char *name, int which)
{
    write_pem(dir, name, &which, 1);
}

static void write_der(const char *dir, const char *name, int which)
{
    char path[PATH_CHARS];
    join_path(path, dir, name);
    ck_assert_int_eq(xt_write_der(path, fixture[which].cert), 0);
}

static void write_key(const char *dir, const char *name, int which)
{
    char path[PATH_CHARS];
    join_path(path, dir, name);
    ck_assert_int_eq(xt_write_key(path, fixture[which].key), 0);
}

static void write_crl_pem(const char *dir, const char *name)
{
    BIO *bio = new_mem_bio();
    bytes pem = {0};
    ck_assert_int_eq(PEM_write_bio_X509_CRL(bio, root_crl), 1);
    bytes_add_bio(&pem, bio);
    write_bytes(dir, name, pem.p, pem.len);
    bytes_free(&pem);
}

static void write_crl_der(const char *dir, const char *name)
{
    unsigned char *der = NULL;
    int len = i2d_X509_CRL(root_crl, &der);
    ck_assert_int_gt(len, 0);
    write_bytes(dir, name, der, (size_t)len);
    OPENSSL_free(der);
}

static void make_symlink(const char *dir, const char *name, const char *target)
{
    char path[PATH_CHARS];
    join_path(path, dir, name);
    ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
}


/* ------------------------------------------------------------------------ */
/* Expectations                                                              */

static xs_certs *new_list(void)
{
    xs_certs *list = NULL;
    ck_assert_int_eq(xs_certs_new(&list), XS_OK);
    return list;
}

static void openssl_sha256_hex(X509 *cert, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    ck_assert_int_eq(X509_digest(cert, EVP_sha256(), md, &md_len), 1);
    ck_assert_uint_eq(md_len, 32);
    for (unsigned i = 0; i < md_len; i++) {
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    }
}

/* expect_cert checks that entry `i` of `list` is fixture certificate `which`:
 * same DER, OpenSSL's SHA-256 fingerprint, RFC 2253 subject. */
static void expect_cert(const xs_certs *list, size_t i, int which)
{
    char want_sha[65], got_sha[65], subject[SUBJECT_CHARS];
    openssl_sha256_hex(fixture[which].cert, want_sha);
    xs_certs_sha256_hex(list, i, got_sha);
    ck_assert_str_eq(got_sha, want_sha);
    xs_certs_subject(list, i, subject, sizeof(subject));
    ck_assert_str_eq(subject, fixture[which].rfc2253);

    int want_len = 0;
    unsigned char *want_der = xt_der(fixture[which].cert, &want_len);
    size_t got_len = 0;
    const uint8_t *got_der = xs_certs_der(list, i, &got_len);
    ck_assert_ptr_nonnull(want_der);
    ck_assert_uint_eq(got_len, (size_t)want_len);
    ck_assert_mem_eq(got_der, want_der, got_len);
    OPENSSL_free(want_der);
}

static void expect_certs(const xs_certs *list, const int *which, size_t n)
{
    ck_assert_uint_eq(xs_certs_count(list), n);
    for (size_t i = 0; i < n; i++) {
        expect_cert(list, i, which[i]);
    }
}

/* What a list holds before a load that must fail and append nothing. */
static const int preloaded[] = {ROOT, LEAF};

static xs_certs *new_preloaded_list(void)
{
    xs_certs *list = new_list();
    char err[ERR_CHARS] = "";
    for (size_t i = 0; i < ARRAY_LEN(preloaded); i++) {
        bytes pem = {0};
        bytes_add_pem(&pem, preloaded[i]);
        ck_assert_int_eq(xs_certs_load(list, pem.p, pem.len, "preload", err, sizeof(err)), XS_OK);
        bytes_free(&pem);
    }
    expect_certs(list, preloaded, ARRAY_LEN(preloaded));
    return list;
}

static void expect_unchanged(const xs_certs *list)
{
    ck_assert_msg(xs_certs_count(list) == ARRAY_LEN(preloaded),
                  "the list holds %zu certificates after a failed load, want %zu (as before)",
                  xs_certs_count(list), ARRAY_LEN(preloaded));
    expect_certs(list, preloaded, ARRAY_LEN(preloaded));
}

static void load_ok(xs_certs *list, const bytes *in, const char *origin)
{
    char err[ERR_CHARS] = "";
    xs_status st = xs_certs_load(list, in->p, in->len, origin, err, sizeof(err));
    ck_assert_msg(st == XS_OK, "%s: %s (%s)", origin, xs_status_string(st), err);
}

static void load_path_ok(xs_certs *list, const char *path)
{
    char err[ERR_CHARS] = "";
    xs_status st = xs_certs_load_path(list, path, err, sizeof(err));
    ck_assert_msg(st == XS_OK, "%s: %s (%s)", path, xs_status_string(st), err);
}

/* expect_path_loads: `path` loads into a new list as the fixture
 * certificates `which`, in order. */
static void expect_path_loads(const char *path, const int *which, size_t n)
{
    xs_certs *list = new_list();
    load_path_ok(list, path);
    expect_certs(list, which, n);
    xs_certs_free(list);
}

/* expect_load_path_error loads `path` into a preloaded list: status, exact
 * message, and nothing appended. */
static void expect_load_path_error(const char *path, xs_status want, const char *message)
{
    xs_certs *list = new_preloaded_list();
    char err[ERR_CHARS] = "";
    ck_assert_int_eq(xs_certs_load_path(list, path, err, sizeof(err)), want);
    ck_assert_str_eq(err, message);
    expect_unchanged(list);
    xs_certs_free(list);
}

/* ------------------------------------------------------------------------ */
/* Well-formed input, table-driven                                           */

typedef struct {
    const char *label;
    void (*build)(bytes *in);
    int expected[MAX_EXPECTED]; /* fixture certificates, in order */
    size_t count;
} good_input;

static void one_pem(bytes *in)
{
    bytes_add_pem(in, ROOT);
}

static void pem_bundle_of_three(bytes *in)
{
    bytes_add_pem(in, LEAF);
    bytes_add_pem(in, INTERMEDIATE);
    bytes_add_pem(in, ROOT);
}

static void one_der(bytes *in)
{
    bytes_add_der(in, INTERMEDIATE);
}

static void two_der(bytes *in)
{
    bytes_add_der(in, LEAF);
    bytes_add_der(in, ROOT);
}

static void der_with_whitespace_between(bytes *in)
{
    bytes_add_der(in, LEAF);
    bytes_add_text(in, "\r\n \t");
    bytes_add_der(in, INTERMEDIATE);
    bytes_add_text(in, "\n");
}

static void pem_with_key_and_junk(bytes *in)
{
    bytes_add_text(in, "subject=CN=leaf.example\nissuer=whoever\n\n");
    bytes_add_pem(in, LEAF);
    bytes_add_text(in, "here is the key, which is not a certificate:\n");
    bytes_add_key_pem(in, LEAF);
    bytes_add_text(in, "# and some notes\n-----not a PEM line-----\n");
    bytes_add_pem(in, INTERMEDIATE);
    bytes_add_key_pem(in, INTERMEDIATE);
    bytes_add_text(in, "the end\n");
}

static void old_x509_certificate_label(bytes *in)
{
    int len = 0;
    unsigned char *der = xt_der(fixture[ROOT].cert, &len);
    ck_assert_ptr_nonnull(der);
    bytes_add_pem_block(in, PEM_STRING_X509_OLD, der, (size_t)len);
    OPENSSL_free(der);
}

/* trusted_root is the root as a TRUSTED CERTIFICATE: trusted for
 * serverAuth, rejected for clientAuth (OpenSSL's auxiliary trust data). */
static void trusted_root(bytes *in)
{
    X509 *aux = X509_dup(fixture[ROOT].cert);
    ck_assert_ptr_nonnull(aux);
    ck_assert_int_eq(X509_add1_trust_object(aux, OBJ_nid2obj(NID_server_auth)), 1);
    ck_assert_int_eq(X509_add1_reject_object(aux, OBJ_nid2obj(NID_client_auth)), 1);
    BIO *bio = new_mem_bio();
    ck_assert_int_eq(PEM_write_bio_X509_AUX(bio, aux), 1);
    bytes_add_bio(in, bio);
    X509_free(aux);
}

static void trusted_root_and_leaf(bytes *in)
{
    trusted_root(in);
    bytes_add_pem(in, LEAF);
}

static void crlf_bundle(bytes *in)
{
    bytes lf = {0};
    bytes_add_pem(&lf, LEAF);
    bytes_add_pem(&lf, ROOT);
    for (size_t i = 0; i < lf.len; i++) {
        if (lf.p[i] == '\n') {
            bytes_add_text(in, "\r\n");
        } else {
            bytes_add(in, &lf.p[i], 1);
        }
    }
    bytes_free(&lf);
}

static void same_certificate_twice(bytes *in)
{
    bytes_add_pem(in, ROOT);
    bytes_add_pem(in, ROOT);
}

static const good_input good_inputs[] = {
    {"one PEM certificate", one_pem, {ROOT}, 1},
    {"PEM bundle of three", pem_bundle_of_three, {LEAF, INTERMEDIATE, ROOT}, 3},
    {"one DER certificate", one_der, {INTERMEDIATE}, 1},
    {"two concatenated DER certificates", two_der, {LEAF, ROOT}, 2},
    {"DER certificates with whitespace between", der_with_whitespace_between,
     {LEAF, INTERMEDIATE}, 2},
    {"PEM with keys and junk text", pem_with_key_and_junk, {LEAF, INTERMEDIATE}, 2},
    {"X509 CERTIFICATE block", old_x509_certificate_label, {ROOT}, 1},
    {"TRUSTED CERTIFICATE block", trusted_root, {ROOT}, 1},
    {"TRUSTED CERTIFICATE then CERTIFICATE", trusted_root_and_leaf, {ROOT, LEAF}, 2},
    {"CRLF line endings", crlf_bundle, {LEAF, ROOT}, 2},
    {"a file keeps duplicates", same_certificate_twice, {ROOT, ROOT}, 2},
};

/* Loop test: good_inputs[_i] loads into an empty list. */
START_TEST(well_formed_input_loads)
{
    const good_input *c = &good_inputs[_i];
    bytes in = {0};
    c->build(&in);
    xs_certs *list = new_list();
    load_ok(list, &in, c->label);
    expect_certs(list, c->expected, c->count);
    xs_certs_free(list);
    bytes_free(&in);
}
END_TEST

/* Loop test: good_inputs[_i] is appended after what a list holds. */
START_TEST(well_formed_input_appends)
{
    const good_input *c = &good_inputs[_i];
    bytes in = {0};
    c->build(&in);
    xs_certs *list = new_preloaded_list();
    load_ok(list, &in, c->label);
    ck_assert_uint_eq(xs_certs_count(list), ARRAY_LEN(preloaded) + c->count);
    for (size_t i = 0; i < ARRAY_LEN(preloaded); i++) {
        expect_cert(list, i, preloaded[i]);
    }
    for (size_t i = 0; i < c->count; i++) {
        expect_cert(list, ARRAY_LEN(preloaded) + i, c->expected[i]);
    }
    xs_certs_free(list);
    bytes_free(&in);
}
END_TEST

START_TEST(trusted_certificate_keeps_its_trust_settings)
{
    bytes in = {0};
    trusted_root(&in);
    xs_certs *list = new_list();
    load_ok(list, &in, "trusted.pem");
    const xs_cert *c = xs_certs_get(list, 0);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(X509_check_trust(c->x509, X509_TRUST_SSL_SERVER, 0), X509_TRUST_TRUSTED);
    ck_assert_int_eq(X509_check_trust(c->x509, X509_TRUST_SSL_CLIENT, 0), X509_TRUST_REJECTED);
    xs_certs_free(list);
    bytes_free(&in);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Malformed input, table-driven                                             */

typedef struct {
    const char *label;
    xs_status status;
    /* build writes the input, and the message that follows "ORIGIN: " */
    void (*build)(bytes *in, char *message, size_t message_len);
} bad_input;

static void empty_input(bytes *in, char *message, size_t message_len)
{
    (void)in;
    xt_format_into(message, message_len, "empty input");
}

static void binary_garbage(bytes *in, char *message, size_t message_len)
{
    static const uint8_t garbage[] = {0x00, 0x01, 0xfe, 0xff, 0x80, 0x7f, 0x30, 0x82};
    bytes_add(in, garbage, sizeof(garbage));
    xt_format_into(message, message_len, "no certificate found");
}

static void sequence_that_is_not_a_certificate(bytes *in, char *message, size_t message_len)
{
    static const uint8_t seq_of_int[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    bytes_add(in, seq_of_int, sizeof(seq_of_int));
    xt_format_into(message, message_len, "certificate 1: not a certificate OpenSSL can parse");
}

static void text_without_pem(bytes *in, char *message, size_t message_len)
{
    bytes_add_text(in, "just some notes\nno certificate here\n");
    xt_format_into(message, message_len, "no certificate found");
}

static void only_a_private_key(bytes *in, char *message, size_t message_len)
{
    bytes_add_key_pem(in, LEAF);
    xt_format_into(message, message_len, "no certificate found");
}

static void pem_without_end_line(bytes *in, char *message, size_t message_len)
{
    bytes_add_pem(in, ROOT);
    in->len = find_text(in, "-----END");
    xt_format_into(message, message_len, "PEM block 1: truncated or malformed");
}

static void second_pem_without_end_line(bytes *in, char *message, size_t message_len)
{
    bytes_add_pem(in, ROOT);
    size_t second = in->len;
    bytes_add_pem(in, LEAF);
    const bytes second_block = {in->p + second, in->len - second};
    in->len = second + find_text(&second_block, "-----END"); /* cut before its END line */
    xt_format_into(message, message_len, "PEM block 2: truncated or malformed");
}

static void pem_with_corrupt_base64(bytes *in, char *message, size_t message_len)
{
    bytes_add_pem(in, ROOT);
    size_t body = find_text(in, "-----\n") + strlen("-----\n");
    in->p[body + 10] = '*';
    xt_format_into(message, message_len, "PEM block 1: truncated or malformed");
}

static void pem_holding_text(bytes *in, char *message, size_t message_len)
{
    static const char hello[] = "hello, world";
    bytes_add_pem_block(in, PEM_STRING_X509, (const uint8_t *)hello, strlen(hello));
    xt_format_into(message, message_len, "PEM block 1: not a DER certificate (bad outer SEQUENCE)");
}

/* add_der_with_trailer writes a PEM block whose content is a certificate
 * followed by a few bytes; it returns how many. */
static size_t add_der_with_trailer(bytes *in, const char *label)
{
    static const uint8_t trailer[] = {0x05, 0x00, 0x00};
    bytes der = {0};
    bytes_add_der(&der, INTERMEDIATE);
    bytes_add(&der, trailer, sizeof(trailer));
    bytes_add_pem_block(in, label, der.p, der.len);
    bytes_free(&der);
    return sizeof(trailer);
}

static void pem_with_bytes_after_the_certificate(bytes *in, char *message, size_t message_len)
{
    size_t extra = add_der_with_trailer(in, PEM_STRING_X509);
    xt_format_into(message, message_len, "PEM block 1: %zu bytes after the certificate", extra);
}

static void key_then_bad_certificate(bytes *in, char *message, size_t message_len)
{
    bytes_add_key_pem(in, LEAF);
    size_t extra = add_der_with_trailer(in, PEM_STRING_X509);
    xt_format_into(message, message_len, "PEM block 2: %zu bytes after the certificate", extra);
}

static void good_pem_then_bad_pem(bytes *in, char *message, size_t message_len)
{
    bytes_add_pem(in, INTERMEDIATE);
    bytes_add_pem_block(in, PEM_STRING_X509, (const uint8_t *)"\x04\x01x", 3);
    xt_format_into(message, message_len, "PEM block 2: not a DER certificate (bad outer SEQUENCE)");
}

static void der_with_wrong_outer_tag(bytes *in, char *message, size_t message_len)
{
    bytes_add_der(in, ROOT);
    in->p[0] = 0x31; /* SET instead of SEQUENCE: neither DER certificate nor PEM */
    xt_format_into(message, message_len, "no certificate found");
}

static void second_der_with_wrong_outer_tag(bytes *in, char *message, size_t message_len)
{
    bytes_add_der(in, ROOT);
    size_t second = in->len;
    bytes_add_der(in, LEAF);
    in->p[second] = 0x31;
    xt_format_into(message, message_len,
                   "certificate 2: not a DER certificate (bad outer SEQUENCE)");
}

static void der_truncated_in_the_middle(bytes *in, char *message, size_t message_len)
{
    bytes_add_der(in, ROOT);
    in->len /= 2;
    xt_format_into(message, message_len,
                   "certificate 1: not a DER certificate (bad outer SEQUENCE)");
}

static void der_tag_alone(bytes *in, char *message, size_t message_len)
{
    bytes_add(in, "\x30", 1);
    xt_format_into(message, message_len,
                   "certificate 1: not a DER certificate (bad outer SEQUENCE)");
}

static void der_with_indefinite_length(bytes *in, char *message, size_t message_len)
{
    static const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00};
    bytes_add(in, indefinite, sizeof(indefinite));
    xt_format_into(message, message_len,
                   "certificate 1: not a DER certificate (bad outer SEQUENCE)");
}

static void der_followed_by_garbage(bytes *in, char *message, size_t message_len)
{
    bytes_add_der(in, ROOT);
    bytes_add_text(in, "garbage after the certificate");
    xt_format_into(message, message_len,
                   "certificate 2: not a DER certificate (bad outer SEQUENCE)");
}

static void second_der_broken_inside(bytes *in, char *message, size_t message_len)
{
    bytes_add_der(in, ROOT);
    size_t second = in->len;
    bytes_add_der(in, LEAF);
    /* the first byte after the outer header is the tag of TBSCertificate */
    size_t header = 2 + (in->p[second + 1] & 0x80u ? (in->p[second + 1] & 0x7fu) : 0);
    in->p[second + header] = 0x31;
    xt_format_into(message, message_len, "certificate 2: not a certificate OpenSSL can parse");
}

/* add_big_sequence appends a SEQUENCE of `whole_len` bytes (header
 * included) with a three-byte length and zero content. */
static void add_big_sequence(bytes *in, size_t whole_len)
{
    size_t content = whole_len - 5;
    ck_assert_uint_gt(content, 0xFFFFu);
    ck_assert_uint_le(content, 0xFFFFFFu);
    const uint8_t header[] = {0x30, 0x83, (uint8_t)(content >> 16), (uint8_t)(content >> 8),
                              (uint8_t)content};
    uint8_t *zeros = calloc(1, content);
    ck_assert_ptr_nonnull(zeros);
    bytes_add(in, header, sizeof(header));
    bytes_add(in, zeros, content);
    free(zeros);
}

static void der_over_the_certificate_limit(bytes *in, char *message, size_t message_len)
{
    size_t len = (size_t)XS_MAX_CERT_BYTES + 1;
    add_big_sequence(in, len);
    xt_format_into(message, message_len, "certificate 1: certificate of %zu bytes (limit %u)", len,
                   XS_MAX_CERT_BYTES);
}

static void der_at_the_certificate_limit(bytes *in, char *message, size_t message_len)
{
    add_big_sequence(in, XS_MAX_CERT_BYTES); /* allowed in size, but not a certificate */
    xt_format_into(message, message_len, "certificate 1: not a certificate OpenSSL can parse");
}

static void pem_over_the_certificate_limit(bytes *in, char *message, size_t message_len)
{
    bytes big = {0};
    add_big_sequence(&big, (size_t)XS_MAX_CERT_BYTES + 1);
    bytes_add_pem_block(in, PEM_STRING_X509, big.p, big.len);
    xt_format_into(message, message_len,
                   "PEM block 1: certificate of %zu bytes (limit %u)", big.len,
                   XS_MAX_CERT_BYTES);
    bytes_free(&big);
}

static const bad_input bad_inputs[] = {
    {"empty input", XS_ERR_PARSE, empty_input},
    {"binary garbage", XS_ERR_PARSE, binary_garbage},
    {"a SEQUENCE that is not a certificate", XS_ERR_PARSE, sequence_that_is_not_a_certificate},
    {"text without PEM", XS_ERR_PARSE, text_without_pem},
    {"only a private key", XS_ERR_PARSE, only_a_private_key},
    {"PEM without END line", XS_ERR_PARSE, pem_without_end_line},
    {"second PEM block without END line", XS_ERR_PARSE, second_pem_without_end_line},
    {"PEM with corrupt base64", XS_ERR_PARSE, pem_with_corrupt_base64},
    {"PEM CERTIFICATE holding text", XS_ERR_PARSE, pem_holding_text},
    {"PEM with bytes after the certificate", XS_ERR_PARSE, pem_with_bytes_after_the_certificate},
    {"key, then a bad certificate", XS_ERR_PARSE, key_then_bad_certificate},
    {"good PEM, then a bad one", XS_ERR_PARSE, good_pem_then_bad_pem},
    {"DER with a wrong outer tag", XS_ERR_PARSE, der_with_wrong_outer_tag},
    {"second DER with a wrong outer tag", XS_ERR_PARSE, second_der_with_wrong_outer_tag},
    {"DER truncated in the middle", XS_ERR_PARSE, der_truncated_in_the_middle},
    {"DER tag alone", XS_ERR_PARSE, der_tag_alone},
    {"DER with indefinite length", XS_ERR_PARSE, der_with_indefinite_length},
    {"DER followed by garbage", XS_ERR_PARSE, der_followed_by_garbage},
    {"second DER broken inside", XS_ERR_PARSE, second_der_broken_inside},
    {"DER over the certificate limit", XS_ERR_LIMIT, der_over_the_certificate_limit},
    {"DER at the certificate limit", XS_ERR_PARSE, der_at_the_certificate_limit},
    {"PEM over the certificate limit", XS_ERR_LIMIT, pem_over_the_certificate_limit},
};

/* Loop test: bad_inputs[_i] fails with its message and appends nothing. */
START_TEST(malformed_input_is_rejected)
{
    const bad_input *c = &bad_inputs[_i];
    bytes in = {0};
    char suffix[ERR_CHARS], want[ERR_CHARS], err[ERR_CHARS] = "";
    bytes_add(&in, "", 0); /* in.p is never NULL */
    c->build(&in, suffix, sizeof(suffix));
    xt_format_into(want, sizeof(want), "%s: %s", ORIGIN, suffix);
    xs_certs *list = new_preloaded_list();
    xs_status st = xs_certs_load(list, in.p, in.len, ORIGIN, err, sizeof(err));
    ck_assert_msg(st == c->status, "%s: status '%s', want '%s'", c->label, xs_status_string(st),
                  xs_status_string(c->status));
    ck_assert_msg(strcmp(err, want) == 0, "%s: message\n  '%s', want\n  '%s'", c->label, err,
                  want);
    expect_unchanged(list);
    xs_certs_free(list);
    bytes_free(&in);
}
END_TEST

START_TEST(pem_after_text_that_starts_with_a_zero)
{
    /* '0' is 0x30, the first byte of a DER SEQUENCE: text that begins with
     * it is still PEM text */
    bytes in = {0};
    bytes_add_text(&in, "0: the intermediate of the test chain\n");
    bytes_add_pem(&in, INTERMEDIATE);
    xs_certs *list = new_list();
    load_ok(list, &in, "zero.pem");
    expect_certs(list, (const int[]){INTERMEDIATE}, 1);
    xs_certs_free(list);
    bytes_free(&in);
}
END_TEST

START_TEST(null_input_of_length_zero_is_empty)
{
    xs_certs *list = new_preloaded_list();
    char err[ERR_CHARS] = "";
    ck_assert_int_eq(xs_certs_load(list, NULL, 0, "-", err, sizeof(err)), XS_ERR_PARSE);
    ck_assert_str_eq(err, "-: empty input");
    expect_unchanged(list);
    xs_certs_free(list);
}
END_TEST

START_TEST(invalid_arguments)
{
    char err[ERR_CHARS] = "";
    xs_certs *list = new_list();
    ck_assert_int_eq(xs_certs_load(NULL, (const uint8_t *)"x", 1, ORIGIN, err, sizeof(err)),
                     XS_ERR_INVALID_ARG);
    ck_assert_int_eq(xs_certs_load(list, NULL, 1, ORIGIN, err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_int_eq(xs_certs_load_path(NULL, "x", err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_int_eq(xs_certs_load_path(list, NULL, err, sizeof(err)), XS_ERR_INVALID_ARG);
    ck_assert_int_eq(xs_certs_load_default_store(NULL, NULL, 0, err, sizeof(err)),
                     XS_ERR_INVALID_ARG);
    ck_assert_uint_eq(xs_certs_count(list), 0);
    xs_certs_free(list);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Files                                                                     */

START_TEST(pem_and_der_files_load)
{
    static const int bundle[] = {LEAF, INTERMEDIATE};
    static const int expected[] = {LEAF, INTERMEDIATE, ROOT};
    char dir[PATH_CHARS], pem_path[PATH_CHARS], der_path[PATH_CHARS];
    new_scratch_dir(dir);
    write_pem(dir, "chain.pem", bundle, 2);
    write_der(dir, "root.der", ROOT);
    join_path(pem_path, dir, "chain.pem");
    join_path(der_path, dir, "root.der");
    xs_certs *list = new_list();
    load_path_ok(list, pem_path);
    load_path_ok(list, der_path);
    expect_certs(list, expected, ARRAY_LEN(expected));
    xs_certs_free(list);
}
END_TEST

START_TEST(missing_file_is_an_io_error)
{
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    join_path(path, dir, "missing.pem");
    xt_format_into(message, sizeof(message), "%s: %s", path, strerror(ENOENT));
    expect_load_path_error(path, XS_ERR_IO, message);
}
END_TEST

/* write_cut_pem writes `name` in `dir`: a PEM block without its END line;
 * `path` is where, `message` the error that loading it gives. */
static void write_cut_pem(const char *dir, const char *name, char path[PATH_CHARS],
                          char message[ERR_CHARS])
{
    bytes cut = {0};
    char suffix[ERR_CHARS];
    pem_without_end_line(&cut, suffix, sizeof(suffix));
    write_bytes(dir, name, cut.p, cut.len);
    join_path(path, dir, name);
    xt_format_into(message, ERR_CHARS, "%s: %s", path, suffix);
    bytes_free(&cut);
}

START_TEST(file_errors_name_the_file)
{
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_text(dir, "notes.pem", "nothing to see\n");
    join_path(path, dir, "notes.pem");
    xt_format_into(message, sizeof(message), "%s: no certificate found", path);
    expect_load_path_error(path, XS_ERR_PARSE, message);

    write_cut_pem(dir, "cut.pem", path, message);
    expect_load_path_error(path, XS_ERR_PARSE, message);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Directories                                                               */

START_TEST(directory_of_plain_files)
{
    /* sorted names: a.pem, b.der, c.pem; the root in c.pem is a duplicate
     * (same certificate as b.der, other encoding of the file) */
    static const int c_pem[] = {INTERMEDIATE, ROOT};
    static const int expected[] = {LEAF, ROOT, INTERMEDIATE};
    char dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_pem(dir, "c.pem", c_pem, 2);
    write_one_pem(dir, "a.pem", LEAF);
    write_der(dir, "b.der", ROOT);
    expect_path_loads(dir, expected, ARRAY_LEN(expected));
}
END_TEST

START_TEST(nested_directories_in_sorted_order)
{
    static const int expected[] = {ROOT, INTERMEDIATE, LEAF};
    char dir[PATH_CHARS], sub[PATH_CHARS], deeper[PATH_CHARS];
    new_scratch_dir(dir);
    make_subdir(sub, dir, "sub");
    make_subdir(deeper, sub, "deeper");
    write_one_pem(dir, "z.pem", LEAF);
    write_one_pem(sub, "x.pem", INTERMEDIATE);
    write_der(deeper, "y.der", ROOT);
    expect_path_loads(dir, expected, ARRAY_LEN(expected));
}
END_TEST

typedef struct {
    char name[64];
    int which; /* fixture certificate, or -1 for no certificate */
} dir_entry;

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

/* expected_walk lists the certificates of `entries` in sorted name order,
 * each the first time it appears. */
static size_t expected_walk(dir_entry *entries, size_t n, int out[MAX_EXPECTED])
{
    bool seen[FIXTURE_COUNT] = {false};
    size_t count = 0;
    qsort(entries, n, sizeof(*entries), compare_entries);
    for (size_t i = 0; i < n; i++) {
        int which = entries[i].which;
        if (which >= 0 && !seen[which]) {
            seen[which] = true;
            ck_assert_uint_lt(count, MAX_EXPECTED);
            out[count++] = which;
        }
    }
    return count;
}

/* add_entry records a directory entry (a file or a link) for
 * expected_walk and returns its name. */
__attribute__((format(printf, 4, 5)))
static const char *add_entry(dir_entry *entries, size_t *n, int which, const char *fmt, ...)
{
    dir_entry *e = &entries[(*n)++];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(e->name, sizeof(e->name), fmt, ap);
    va_end(ap);
    ck_assert_msg(len > 0 && (size_t)len < sizeof(e->name), "entry name too long");
    e->which = which;
    return e->name;
}

START_TEST(openssl_hashed_directory)
{
    /* what c_rehash makes: HASH.0 links to certificates, HASH.r0 to CRLs */
    char dir[PATH_CHARS];
    dir_entry entries[2 * FIXTURE_COUNT + 2];
    size_t n = 0;
    new_scratch_dir(dir);
    for (int i = 0; i < FIXTURE_COUNT; i++) {
        write_one_pem(dir, add_entry(entries, &n, i, "%s", fixture[i].file_name), i);
        unsigned long hash = X509_subject_name_hash(fixture[i].cert);
        make_symlink(dir, add_entry(entries, &n, i, "%08lx.0", hash), fixture[i].file_name);
    }
    unsigned long crl_hash = X509_NAME_hash_ex(X509_CRL_get_issuer(root_crl), NULL, NULL, NULL);
    write_crl_pem(dir, add_entry(entries, &n, -1, "root.crl"));
    make_symlink(dir, add_entry(entries, &n, -1, "%08lx.r0", crl_hash), "root.crl");

    int expected[MAX_EXPECTED];
    size_t count = expected_walk(entries, n, expected);
    ck_assert_uint_eq(count, FIXTURE_COUNT);
    expect_path_loads(dir, expected, count);
}
END_TEST

START_TEST(dangling_symlink_is_skipped)
{
    char dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_one_pem(dir, "b.pem", ROOT);
    make_symlink(dir, "a.0", "gone.pem");
    make_symlink(dir, "c.0", "/nonexistent/x509strict/test.pem");
    expect_path_loads(dir, (const int[]){ROOT}, 1);
}
END_TEST

START_TEST(files_without_certificates_are_skipped)
{
    char dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_text(dir, "README", "trust anchors for the tests\n");
    write_key(dir, "leaf.key", LEAF);
    write_crl_pem(dir, "root.crl.pem");
    write_one_pem(dir, "m.pem", INTERMEDIATE);
    expect_path_loads(dir, (const int[]){INTERMEDIATE}, 1);
}
END_TEST

START_TEST(empty_file_in_a_directory_is_skipped)
{
    char dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_text(dir, "empty.pem", "");
    write_one_pem(dir, "root.pem", ROOT);
    expect_path_loads(dir, (const int[]){ROOT}, 1);
}
END_TEST

START_TEST(der_crl_in_a_directory_is_skipped)
{
    char dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_crl_der(dir, "root.crl");
    write_one_pem(dir, "root.pem", ROOT);
    expect_path_loads(dir, (const int[]){ROOT}, 1);
}
END_TEST

START_TEST(directory_without_certificates)
{
    char dir[PATH_CHARS], sub[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_text(dir, "README", "nothing here\n");
    write_key(dir, "key.pem", ROOT);
    make_subdir(sub, dir, "empty");
    xt_format_into(message, sizeof(message), "%s: no certificate found", dir);
    expect_load_path_error(dir, XS_ERR_PARSE, message);
    xt_format_into(message, sizeof(message), "%s: no certificate found", sub);
    expect_load_path_error(sub, XS_ERR_PARSE, message);
}
END_TEST

START_TEST(broken_file_fails_a_directory_and_appends_nothing)
{
    char dir[PATH_CHARS], path[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    write_one_pem(dir, "a.pem", INTERMEDIATE);
    write_cut_pem(dir, "b.pem", path, message);
    expect_load_path_error(dir, XS_ERR_PARSE, message);
}
END_TEST

START_TEST(symlink_loop_stops_at_the_depth_limit)
{
    char dir[PATH_CHARS], deepest[PATH_CHARS], message[ERR_CHARS];
    new_scratch_dir(dir);
    make_symlink(dir, "loop", ".");
    write_one_pem(dir, "z.pem", ROOT); /* after "loop": never reached */
    xt_format_into(deepest, sizeof(deepest), "%s", dir);
    for (int level = 0; level <= XS_MAX_DIR_DEPTH; level++) {
        size_t used = strlen(deepest);
        xt_format_into(deepest + used, sizeof(deepest) - used, "/loop");
    }
    xt_format_into(message, sizeof(message), "%s: more than %d directory levels", deepest,
                   XS_MAX_DIR_DEPTH);
    expect_load_path_error(dir, XS_ERR_LIMIT, message);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The default store                                                         */

static void set_store_env(const char *file, const char *dir)
{
    ck_assert_int_eq(setenv("SSL_CERT_FILE", file, 1), 0);
    ck_assert_int_eq(setenv("SSL_CERT_DIR", dir, 1), 0);
}

/* expect_default_store: the default store loads, says it came from
 * `want_origin`, and holds the fixture certificates `which`, in order. */
static void expect_default_store(const char *want_origin, const int *which, size_t n)
{
    char origin[2 * PATH_CHARS] = "", err[ERR_CHARS] = "";
    xs_certs *list = new_list();
    xs_status st = xs_certs_load_default_store(list, origin, sizeof(origin), err, sizeof(err));
    ck_assert_msg(st == XS_OK, "%s (%s)", xs_status_string(st), err);
    ck_assert_str_eq(origin, want_origin);
    expect_certs(list, which, n);
    xs_certs_free(list);
}

START_TEST(default_store_from_ssl_cert_file)
{
    static const int bundle[] = {ROOT, INTERMEDIATE};
    char dir[PATH_CHARS], file[PATH_CHARS], missing_dir[PATH_CHARS];
    new_scratch_dir(dir);
    write_pem(dir, "bundle.pem", bundle, 2);
    join_path(file, dir, "bundle.pem");
    join_path(missing_dir, dir, "no-such-dir");
    set_store_env(file, missing_dir);
    expect_default_store(file, bundle, ARRAY_LEN(bundle));
}
END_TEST

START_TEST(default_store_from_ssl_cert_dir_when_file_is_missing)
{
    static const int expected[] = {LEAF, ROOT};
    char dir[PATH_CHARS], certs[PATH_CHARS], missing_file[PATH_CHARS];
    new_scratch_dir(dir);
    make_subdir(certs, dir, "certs");
    write_one_pem(certs, "1.pem", LEAF);
    write_one_pem(certs, "2.pem", ROOT);
    join_path(missing_file, dir, "missing.pem");
    set_store_env(missing_file, certs);
    expect_default_store(certs, expected, ARRAY_LEN(expected));
}
END_TEST

START_TEST(default_store_from_several_ssl_cert_dirs)
{
    static const int expected[] = {INTERMEDIATE, ROOT};
    char dir[PATH_CHARS], first[PATH_CHARS], second[PATH_CHARS], missing_file[PATH_CHARS];
    char both[2 * PATH_CHARS];
    new_scratch_dir(dir);
    make_subdir(first, dir, "first");
    make_subdir(second, dir, "second");
    write_one_pem(first, "ca.pem", INTERMEDIATE);
    write_one_pem(second, "ca.pem", ROOT);
    join_path(missing_file, dir, "missing.pem");
    xt_format_into(both, sizeof(both), "%s:%s", first, second);
    set_store_env(missing_file, both);
    expect_default_store(both, expected, ARRAY_LEN(expected));
}
END_TEST

START_TEST(default_store_from_ssl_cert_dir_when_file_holds_nothing)
{
    /* x509strict.h: "the file named by SSL_CERT_FILE ...; when that holds
     * nothing, the directory named by SSL_CERT_DIR" */
    char dir[PATH_CHARS], certs[PATH_CHARS], file[PATH_CHARS];
    new_scratch_dir(dir);
    make_subdir(certs, dir, "certs");
    write_one_pem(certs, "root.pem", ROOT);
    write_text(dir, "empty-bundle.pem", "# no certificates in this bundle\n");
    join_path(file, dir, "empty-bundle.pem");
    set_store_env(file, certs);
    expect_default_store(certs, (const int[]){ROOT}, 1);
}
END_TEST

START_TEST(default_store_missing_is_an_io_error)
{
    char dir[PATH_CHARS], file[PATH_CHARS], certs[PATH_CHARS], message[ERR_CHARS];
    char err[ERR_CHARS] = "";
    new_scratch_dir(dir);
    join_path(file, dir, "missing.pem");
    join_path(certs, dir, "missing-dir");
    set_store_env(file, certs);
    xt_format_into(message, sizeof(message),
                   "no system trust store: %s holds no certificate and %s does not exist", file,
                   certs);
    xs_certs *list = new_preloaded_list();
    ck_assert_int_eq(xs_certs_load_default_store(list, NULL, 0, err, sizeof(err)), XS_ERR_IO);
    ck_assert_str_eq(err, message);
    expect_unchanged(list);
    xs_certs_free(list);
}
END_TEST

/* ------------------------------------------------------------------------ */

static Suite *load_suite(void)
{
    Suite *s = suite_create("load");

    TCase *bytes_in = tcase_create("bytes");
    tcase_add_loop_test(bytes_in, well_formed_input_loads, 0, (int)ARRAY_LEN(good_inputs));
    tcase_add_loop_test(bytes_in, well_formed_input_appends, 0, (int)ARRAY_LEN(good_inputs));
    tcase_add_test(bytes_in, trusted_certificate_keeps_its_trust_settings);
    tcase_add_loop_test(bytes_in, malformed_input_is_rejected, 0, (int)ARRAY_LEN(bad_inputs));
    tcase_add_test(bytes_in, pem_after_text_that_starts_with_a_zero);
    tcase_add_test(bytes_in, null_input_of_length_zero_is_empty);
    tcase_add_test(bytes_in, invalid_arguments);
    suite_add_tcase(s, bytes_in);

    TCase *files = tcase_create("files");
    tcase_add_test(files, pem_and_der_files_load);
    tcase_add_test(files, missing_file_is_an_io_error);
    tcase_add_test(files, file_errors_name_the_file);
    suite_add_tcase(s, files);

    TCase *dirs = tcase_create("directories");
    tcase_add_test(dirs, directory_of_plain_files);
    tcase_add_test(dirs, nested_directories_in_sorted_order);
    tcase_add_test(dirs, openssl_hashed_directory);
    tcase_add_test(dirs, dangling_symlink_is_skipped);
    tcase_add_test(dirs, files_without_certificates_are_skipped);
    tcase_add_test(dirs, empty_file_in_a_directory_is_skipped);
    tcase_add_test(dirs, der_crl_in_a_directory_is_skipped);
    tcase_add_test(dirs, directory_without_certificates);
    tcase_add_test(dirs, broken_file_fails_a_directory_and_appends_nothing);
    tcase_add_test(dirs, symlink_loop_stops_at_the_depth_limit);
    suite_add_tcase(s, dirs);

    TCase *store = tcase_create("default_store");
    tcase_add_test(store, default_store_from_ssl_cert_file);
    tcase_add_test(store, default_store_from_ssl_cert_dir_when_file_is_missing);
    tcase_add_test(store, default_store_from_several_ssl_cert_dirs);
    tcase_add_test(store, default_store_from_ssl_cert_dir_when_file_holds_nothing);
    tcase_add_test(store, default_store_missing_is_an_io_error);
    suite_add_tcase(s, store);
    return s;
}

int main(void)
{
    if (make_fixture() != 0) {
        fprintf(stderr, "cannot make the test certificates\n");
        free_fixture();
        return EXIT_FAILURE;
    }
    int status = xt_run_in_scratch(load_suite, scratch_root, sizeof(scratch_root),
                                   XS_TEST_SCRATCH_PARENT, "unit_load");
    free_fixture();
    return status;
}
