/*
 * main.c: corpus_gen, the corpus generator.
 *
 *   corpus_gen [--root DIR] [--check] [--make-keys] [--list] [FOLDER[/CASE]...]
 *
 * Writes every case of the list (cases_*.c) under DIR (default: the corpus/
 * folder of the source tree): each case directory gets case.txt (its
 * manifest entry) and the certificate files; MANIFEST.txt lists them all.
 * --check writes nothing and lists every file that would change, then
 * exits 1 if any would. expected.txt (the golden findings) belongs to
 * corpus_golden and is never touched here.
 */
#include <dirent.h>
#include <errno.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_internal.h"

#ifndef CORPUS_SOURCE_DIR
#define CORPUS_SOURCE_DIR "corpus"
#endif

static const gcase_list *const lists[] = {
    &gen_cases_valid,   &gen_cases_pre5280,  &gen_cases_proxy, &gen_cases_chains,
    &gen_cases_openssl, &gen_cases_real,     &gen_cases_input, &gen_cases_der,
    &gen_cases_tbs,     &gen_cases_name,     &gen_cases_ext,   &gen_cases_keyid,
    &gen_cases_usage,   &gen_cases_general_name, &gen_cases_name_constraints,
    &gen_cases_policy,  &gen_cases_access,   &gen_cases_key,   &gen_cases_chainrules,
};

typedef struct {
    const char *root;
    bool check;
    int changed;  /* files that differ (or would) */
    int written;
    int same;
    int cases;
} run_state;

static void mkdirs(const char *path)
{
    char *p = ga_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
        gen_die("cannot create %s: %s", p, strerror(errno));
    }
}

/* previous_certs collects the DER certificates committed in a case
 * directory, for reusing ECDSA signatures. */
static void previous_certs(gbuild *b)
{
    static const char *const files[] = {"chain.pem", "trust.pem", "untrusted.pem",
                                        "issuer.pem", "cert.der", "cert.pem"};
    size_t cap = 64;
    b->prev = ga_alloc(cap * sizeof(*b->prev));
    b->prev_len = ga_alloc(cap * sizeof(*b->prev_len));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        size_t len;
        unsigned char *data = gen_read_file(ga_printf("%s/%s", b->dir, files[i]), &len);
        if (data == NULL) {
            continue;
        }
        if (strstr(files[i], ".der") != NULL) {
            if (b->nprev < cap) {
                b->prev[b->nprev] = data;
                b->prev_len[b->nprev++] = len;
            }
            continue;
        }
        BIO *bio = BIO_new_mem_buf(data, (int)len);
        char *name = NULL, *header = NULL;
        unsigned char *der = NULL;
        long dlen = 0;
        while (bio != NULL && PEM_read_bio(bio, &name, &header, &der, &dlen) == 1) {
            if (b->nprev < cap) {
                b->prev[b->nprev] = ga_memdup(der, (size_t)dlen);
                b->prev_len[b->nprev++] = (size_t)dlen;
            }
            OPENSSL_free(name);
            OPENSSL_free(header);
            OPENSSL_free(der);
        }
        BIO_free(bio);
    }
}

/* trusted_pem writes a certificate with OpenSSL trust settings ("TRUSTED
 * CERTIFICATE"): "trust:OID,OID|reject:OID". */
static void trusted_pem(gbuf *out, const gbuilt *c, const char *aux)
{
    const unsigned char *p = c->der;
    X509 *x = d2i_X509(NULL, &p, (long)c->der_len);
    if (x == NULL) {
        gen_die("trust settings on a certificate OpenSSL cannot parse");
    }
    char *parts[4];
    size_t n = gen_split(aux, '|', parts, 4);
    for (size_t i = 0; i < n; i++) {
        bool reject = strncmp(parts[i], "reject:", 7) == 0;
        if (!reject && strncmp(parts[i], "trust:", 6) != 0) {
            gen_die("bad trust settings '%s'", aux);
        }
        char *oids[8];
        size_t k = gen_split(parts[i] + (reject ? 7 : 6), ',', oids, 8);
        for (size_t j = 0; j < k; j++) {
            ASN1_OBJECT *obj = OBJ_txt2obj(oids[j], 0);
            if (obj == NULL || !(reject ? X509_add1_reject_object(x, obj)
                                        : X509_add1_trust_object(x, obj))) {
                gen_die("bad trust OID '%s'", oids[j]);
            }
            ASN1_OBJECT_free(obj);
        }
    }
    unsigned char *der = NULL;
    int len = i2d_X509_AUX(x, &der);
    if (len <= 0) {
        gen_die("cannot encode trust settings");
    }
    gen_append_pem(out, "TRUSTED CERTIFICATE", der, (size_t)len);
    OPENSSL_free(der);
    X509_free(x);
}

/* standard_files writes the files of certs[] by their IN_* bits. */
static void standard_files(gbuild *b)
{
    const gcase *c = b->c;
    gbuf chain = {0}, trust = {0}, untrusted = {0}, issuer = {0};
    gbuf chain_ids = {0}, trust_ids = {0}, untrusted_ids = {0}, issuer_ids = {0};
    const gbuilt *lint = NULL, *leaf = NULL;
    size_t nlint = 0;
    gbuf lint_pem = {0};
    for (size_t i = 0; i < GEN_MAX_CERTS && c->certs[i].id != NULL; i++) {
        gen_build_cert(b, i);
    }
    for (size_t i = 0; i < GEN_MAX_CERTS && c->certs[i].id != NULL; i++) {
        const gbuilt *x = &b->certs[i];
        const char *label = x->spec->tbs_only ? "TBS CERTIFICATE" : "CERTIFICATE";
        unsigned in = x->spec->in;
        if (in & IN_CHAIN) {
            gen_append_pem(&chain, label, x->der, x->der_len);
            gb_printf(&chain_ids, "%s%s", chain_ids.len ? ", " : "", x->spec->id);
            if (leaf == NULL) {
                leaf = x;
            }
        }
        if (in & IN_TRUST) {
            if (x->spec->aux != NULL) {
                trusted_pem(&trust, x, x->spec->aux);
            } else {
                gen_append_pem(&trust, label, x->der, x->der_len);
            }
            gb_printf(&trust_ids, "%s%s", trust_ids.len ? ", " : "", x->spec->id);
        }
        if (in & IN_UNTRUSTED) {
            gen_append_pem(&untrusted, label, x->der, x->der_len);
            gb_printf(&untrusted_ids, "%s%s", untrusted_ids.len ? ", " : "", x->spec->id);
        }
        if (in & IN_ISSUER) {
            gen_append_pem(&issuer, label, x->der, x->der_len);
            gb_printf(&issuer_ids, "%s%s", issuer_ids.len ? ", " : "", x->spec->id);
        }
        if (in & IN_LINT) {
            lint = x;
            nlint++;
            gen_append_pem(&lint_pem, label, x->der, x->der_len);
        }
    }
    if (chain.len > 0) {
        gen_add_file(b, "chain.pem", chain.p, chain.len,
                     ga_printf("the peer's chain, leaf first: %s", chain_ids.p));
    }
    if (trust.len > 0) {
        gen_add_file(b, "trust.pem", trust.p, trust.len,
                     ga_printf("trust anchors: %s", trust_ids.p));
    }
    if (untrusted.len > 0) {
        gen_add_file(b, "untrusted.pem", untrusted.p, untrusted.len,
                     ga_printf("more intermediates for chain building: %s", untrusted_ids.p));
    }
    if (issuer.len > 0) {
        gen_add_file(b, "issuer.pem", issuer.p, issuer.len,
                     ga_printf("the issuer given to lint: %s", issuer_ids.p));
    }
    if (nlint == 1) {
        gen_add_file(b, "cert.der", lint->der, lint->der_len,
                     ga_printf("the certificate linted: %s", lint->spec->id));
    } else if (nlint > 1) {
        gen_add_file(b, "cert.pem", lint_pem.p, lint_pem.len, "the certificates linted");
    }
    if (leaf != NULL && leaf->key != NULL && !leaf->spec->tbs_only &&
        strcmp(gen_key_kind(leaf->key), "x25519") != 0) {
        size_t klen;
        unsigned char *k = gen_key_pem(leaf->key, &klen);
        gen_add_file(b, "key.pem", k, klen, "the leaf's private key (for a TLS handshake)");
    }
}

static const char *mode_of(const gcase *c)
{
    return c->mode != NULL ? c->mode : "verify";
}

static void case_txt(gbuild *b)
{
    const gcase *c = b->c;
    gbuf t = {0};
    gb_str(&t, "# x509strict corpus case: generated by corpus_gen from corpus/gen; do not edit.\n");
    gb_printf(&t, "name: %s/%s\n", c->folder, c->name);
    gb_printf(&t, "defect: %s\n", c->defect);
    gb_printf(&t, "carries: %s\n", c->carries);
    gb_printf(&t, "carrier: %s\n", c->carrier);
    gb_printf(&t, "mode: %s\n", mode_of(c));
    if (strcmp(mode_of(c), "lint") != 0) {
        gb_printf(&t, "at: %s\n", c->at != NULL ? c->at : GEN_DEFAULT_AT);
        gb_printf(&t, "purpose: %s\n", c->purpose != NULL ? c->purpose : "serverAuth");
        gb_printf(&t, "host: %s\n", b->host != NULL ? b->host : "none");
    }
    if (c->max_depth > 0) {
        gb_printf(&t, "max-depth: %d\n", c->max_depth);
    }
    if (c->policy != NULL) {
        gb_str(&t, "policy: case.policy\n");
    }
    if (c->source != NULL) {
        gb_printf(&t, "source: %s\n", c->source);
    }
    if (c->note != NULL) {
        gb_printf(&t, "note: %s\n", c->note);
    }
    for (size_t i = 0; i < b->nfiles; i++) {
        gb_printf(&t, "file: %s: %s\n", b->files[i].path, b->files[i].what);
    }
    for (size_t i = 0; i < GEN_MAX_CERTS && c->certs[i].id != NULL; i++) {
        if (b->certs[i].recipe != NULL) {
            gb_str(&t, b->certs[i].recipe);
        }
    }
    if (b->recipe.len > 0) {
        gb_put(&t, b->recipe.p, b->recipe.len);
    }
    gen_add_file(b, "case.txt", t.p, t.len, NULL);
}

static bool is_generated_name(const gbuild *b, const char *name)
{
    for (size_t i = 0; i < b->nfiles; i++) {
        if (strcmp(b->files[i].path, name) == 0) {
            return true;
        }
    }
    return strcmp(name, "expected.txt") == 0;
}

static void sync_file(run_state *st, const char *path, const unsigned char *data, size_t len)
{
    size_t old_len;
    unsigned char *old = gen_read_file(path, &old_len);
    if (old != NULL && old_len == len && memcmp(old, data, len) == 0) {
        st->same++;
        return;
    }
    st->changed++;
    if (st->check) {
        printf("%s: %s\n", old == NULL ? "missing" : "differs", path);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        gen_die("cannot write %s", path);
    }
    st->written++;
}

static void run_case(run_state *st, const gcase *c, gbuf *manifest)
{
    gbuild b;
    memset(&b, 0, sizeof(b));
    b.c = c;
    b.dir = ga_printf("%s/%s/%s", st->root, c->folder, c->name);
    b.host = c->host == NULL ? GEN_DEFAULT_HOST : strcmp(c->host, "-") == 0 ? NULL : c->host;
    previous_certs(&b);
    if (c->hook != NULL) {
        c->hook(&b);
    } else {
        standard_files(&b);
    }
    if (c->policy != NULL) {
        gen_add_file(&b, "case.policy", c->policy, strlen(c->policy), "an extra policy for this case");
    }
    if (strcmp(mode_of(c), "verify") == 0 && b.host != NULL) {
        /* for tests/python/test_python_ssl.py --cases */
        const char *line = ga_printf("%s\n", b.host);
        gen_add_file(&b, "host.txt", line, strlen(line), "the host the client asks for");
    }
    case_txt(&b);
    if (!st->check) {
        mkdirs(b.dir);
    }
    for (size_t i = 0; i < b.nfiles; i++) {
        sync_file(st, ga_printf("%s/%s", b.dir, b.files[i].path), b.files[i].data, b.files[i].len);
    }
    /* files of an older version of the case */
    DIR *d = opendir(b.dir);
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' || is_generated_name(&b, e->d_name)) {
            continue;
        }
        const char *path = ga_printf("%s/%s", b.dir, e->d_name);
        st->changed++;
        if (st->check) {
            printf("stale: %s\n", path);
        } else {
            remove(path);
            printf("removed %s\n", path);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    gb_printf(manifest, "%s/%s\t%s\t%s\t%s\n", c->folder, c->name, mode_of(c), c->carries,
              c->carrier);
    st->cases++;
}

static bool selected(const gcase *c, int argc, char **argv, int first)
{
    if (first >= argc) {
        return true;
    }
    const char *full = ga_printf("%s/%s", c->folder, c->name);
    for (int i = first; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (strcmp(argv[i], full) == 0 ||
            (strncmp(argv[i], full, n) == 0 && full[n] == '/') ||
            strcmp(argv[i], c->folder) == 0) {
            return true;
        }
    }
    return false;
}

/* check_names: unique case names, sane folders and names. */
static void check_names(void)
{
    size_t total = 0;
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        total += lists[l]->count;
    }
    const char **names = calloc(total, sizeof(*names));
    size_t n = 0;
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        for (size_t i = 0; i < lists[l]->count; i++) {
            const gcase *c = &lists[l]->cases[i];
            const char *full = ga_printf("%s/%s", c->folder, c->name);
            if (c->defect == NULL || c->carries == NULL || c->carrier == NULL ||
                *c->defect == 0 || *c->carries == 0) {
                gen_die("%s: defect, carries and carrier are required", full);
            }
            if (strspn(c->name, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(c->name)) {
                gen_die("%s: case names are lower-case words joined by '-'", full);
            }
            for (size_t j = 0; j < n; j++) {
                if (strcmp(names[j], full) == 0) {
                    gen_die("%s: two cases have this name", full);
                }
            }
            names[n++] = full;
        }
    }
    free(names);
}

/* stale_dirs reports case directories that no case describes. */
static void stale_dirs(run_state *st)
{
    DIR *root = opendir(st->root);
    for (struct dirent *f; root != NULL && (f = readdir(root)) != NULL;) {
        if (f->d_name[0] == '.' || strcmp(f->d_name, "gen") == 0 || strcmp(f->d_name, "keys") == 0) {
            continue;
        }
        const char *folder = ga_printf("%s/%s", st->root, f->d_name);
        DIR *d = opendir(folder);
        for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.') {
                continue;
            }
            bool known = false;
            for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]) && !known; l++) {
                for (size_t i = 0; i < lists[l]->count && !known; i++) {
                    known = strcmp(lists[l]->cases[i].folder, f->d_name) == 0 &&
                            strcmp(lists[l]->cases[i].name, e->d_name) == 0;
                }
            }
            if (!known) {
                st->changed++;
                printf("stale case directory (no case describes it; remove it): %s/%s\n", folder,
                       e->d_name);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
    }
    if (root != NULL) {
        closedir(root);
    }
}

int main(int argc, char **argv)
{
    run_state st = {.root = CORPUS_SOURCE_DIR};
    bool make_keys = false, list = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--check") == 0) {
            st.check = true;
        } else if (strcmp(argv[first], "--make-keys") == 0) {
            make_keys = true;
        } else if (strcmp(argv[first], "--list") == 0) {
            list = true;
        } else if (strcmp(argv[first], "--root") == 0 && first + 1 < argc) {
            st.root = argv[++first];
        } else {
            fprintf(stderr,
                    "usage: corpus_gen [--root DIR] [--check] [--make-keys] [--list] "
                    "[FOLDER[/CASE]...]\n");
            return 2;
        }
    }
    const char *keys = ga_printf("%s/keys", st.root);
    if (make_keys) {
        gen_make_keys(keys);
    }
    gen_keys_dir(keys);
    check_names();
    if (list) {
        for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
            for (size_t i = 0; i < lists[l]->count; i++) {
                const gcase *c = &lists[l]->cases[i];
                printf("%s/%s\t%s\n", c->folder, c->name, c->carries);
            }
        }
        return 0;
    }
    /* ga_reset frees every case's memory: keep what outlives a case in malloc */
    char *root = strdup(st.root);
    st.root = root;
    gbuf manifest = {0};
    size_t mcap = 1 << 16, mlen = 0;
    char *mtext = malloc(mcap);
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        for (size_t i = 0; i < lists[l]->count; i++) {
            const gcase *c = &lists[l]->cases[i];
            if (!selected(c, argc, argv, first)) {
                continue;
            }
            memset(&manifest, 0, sizeof(manifest));
            run_case(&st, c, &manifest);
            while (mlen + manifest.len + 1 > mcap) {
                mcap *= 2;
                mtext = realloc(mtext, mcap);
            }
            memcpy(mtext + mlen, manifest.p, manifest.len);
            mlen += manifest.len;
            ga_reset();
        }
    }
    if (first >= argc) {
        gbuf m = {0};
        gb_str(&m, "# x509strict corpus: every case, generated by corpus_gen; do not edit.\n");
        gb_str(&m, "# case\tmode\tcarries\tcarrier\n");
        gb_put(&m, mtext, mlen);
        sync_file(&st, ga_printf("%s/MANIFEST.txt", st.root), m.p, m.len);
        stale_dirs(&st);
    }
    printf("corpus_gen: %d cases, %d files unchanged, %d %s\n", st.cases, st.same, st.changed,
           st.check ? "differ (run corpus_gen to rewrite them)" : "written or removed");
    free(mtext);
    free(root);
    ga_reset();
    gen_keys_free();
    return st.check && st.changed > 0 ? 1 : 0;
}
