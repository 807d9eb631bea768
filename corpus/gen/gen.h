/*
 * gen.h: the corpus generator (corpus_gen). It writes every case of corpus/
 * from the declarative case list (cases_*.c): certificates are built by
 * writing their DER here, node by node, so that any defect can be placed
 * exactly where a case needs it, then signed with the fixed keys of
 * corpus/keys/ (RSA PKCS#1 v1.5 and Ed25519 signatures are deterministic).
 *
 * Not part of the product; nothing here is linked into libx509strict.
 */
#ifndef XS_CORPUS_GEN_H
#define XS_CORPUS_GEN_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define GEN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define GEN_NORETURN __attribute__((noreturn))
#else
#define GEN_PRINTF(a, b)
#define GEN_NORETURN
#endif

/* ------------------------------------------------------------------------ */
/* Memory: one arena per case, reset between cases. Allocation failure is
 * fatal (this is a build tool). */

void *ga_alloc(size_t n);
char *ga_strdup(const char *s);
char *ga_strndup(const char *s, size_t n);
GEN_PRINTF(1, 2) char *ga_printf(const char *fmt, ...);
void *ga_memdup(const void *p, size_t n);
void ga_reset(void);

GEN_NORETURN GEN_PRINTF(1, 2) void gen_die(const char *fmt, ...);

/* A growable byte buffer (arena-backed). */
typedef struct {
    unsigned char *p;
    size_t len, cap;
} gbuf;

void gb_put(gbuf *b, const void *p, size_t n);

/* gen_read_file reads a whole file into the arena (an empty file gives a
 * buffer of length 0), or returns NULL if it cannot be opened. */
unsigned char *gen_read_file(const char *path, size_t *len);
void gb_byte(gbuf *b, unsigned char c);
void gb_str(gbuf *b, const char *s);
GEN_PRINTF(2, 3) void gb_printf(gbuf *b, const char *fmt, ...);

/* gen_hex decodes hex digits (spaces and colons ignored); dies on bad input. */
unsigned char *gen_hex(const char *hex, size_t *out_len);

/* ------------------------------------------------------------------------ */
/* DER nodes. A node is a primitive value, a constructed element with
 * children, an encapsulating primitive (OCTET/BIT STRING whose contents are
 * the encoding of its children), or raw bytes emitted as they are. Length
 * form and trailing bytes can be set per node to inject encoding defects. */

typedef struct gnode gnode;
struct gnode {
    unsigned char id[8];
    size_t id_len;
    int lenform;             /* 0 minimal; N > 0: long form in N octets; -1 indefinite */
    bool cons;               /* children make the contents */
    bool encap;              /* primitive tag, contents are the children's encoding */
    int bits_unused;         /* encapsulating BIT STRING: its unused-bits octet (-1: none) */
    const unsigned char *val;
    size_t val_len;
    const unsigned char *raw; /* the whole TLV, emitted as is */
    size_t raw_len;
    gnode **kids;
    size_t nkids, capk;
    const unsigned char *trail; /* bytes after the contents, inside the length */
    size_t trail_len;
    const char *name;        /* for edit paths ("tbs", "serial", "bc", ...) */
};

gnode *gn_prim(unsigned tag, const void *val, size_t len);
gnode *gn_cons(unsigned tag);
gnode *gn_seq(void);
gnode *gn_set(void);
gnode *gn_raw(const void *tlv, size_t len);
gnode *gn_rawhex(const char *hex);
gnode *gn_add(gnode *parent, gnode *kid); /* returns parent */
gnode *gn_named(gnode *n, const char *name);
gnode *gn_int_u64(uint64_t v);
gnode *gn_int_mag(const unsigned char *mag, size_t len); /* non-negative magnitude */
gnode *gn_oid(const char *dotted);
gnode *gn_bool(bool v);
gnode *gn_null(void);
gnode *gn_octets(const void *p, size_t len);
gnode *gn_bits(int unused, const void *p, size_t len);
gnode *gn_str(unsigned tag, const char *s);
gnode *gn_encap_octets(gnode *inner);
gnode *gn_copy(const gnode *n);
/* gn_parse reads well-formed DER into a tree; NULL when it is not. */
gnode *gn_parse(const unsigned char *der, size_t len);
unsigned char *gn_encode(const gnode *n, size_t *out_len);
/* gn_oid_der writes the contents octets of an OBJECT IDENTIFIER. */
unsigned char *gn_oid_der(const char *dotted, size_t *out_len);

/* gn_edit applies edits ("op[=arg]@path; ...") to the tree under `root`. */
void gn_edit(gnode *root, const char *edits, const char *what);

/* ------------------------------------------------------------------------ */
/* Keys: corpus/keys/NAME.pem, loaded once. */

void gen_keys_dir(const char *dir);
EVP_PKEY *gen_key(const char *name);
/* gen_make_keys writes the keys that do not exist yet. */
int gen_make_keys(const char *dir);
const char *gen_key_kind(EVP_PKEY *key); /* "rsa", "ec", "ed25519", "x25519", ... */
void gen_keys_free(void);

/* ------------------------------------------------------------------------ */
/* The declarative case list. */

enum {
    P_LEAF = 0, /* default: server leaf */
    P_INT,      /* intermediate CA */
    P_ROOT,     /* self-signed root CA */
    P_BARE,     /* no default extension at all */
    P_V1,       /* version 1, no extension */
};

enum {
    IN_CHAIN = 1,     /* chain.pem, the peer's list, leaf first */
    IN_TRUST = 2,     /* trust.pem */
    IN_UNTRUSTED = 4, /* untrusted.pem: more intermediates for chain building */
    IN_LINT = 8,      /* cert.der: the certificate a lint case judges */
    IN_ISSUER = 16,   /* issuer.pem: the issuer given to lint */
    IN_NONE = 32,     /* built only to sign others */
};

/* One certificate. NULL fields take the profile's default. */
typedef struct {
    const char *id;      /* "leaf", "int", "root", ... */
    int profile;         /* P_* */
    const char *by;      /* issuer's id; NULL: self-signed */
    unsigned in;         /* IN_* bits */
    int version;         /* 1, 2 or 3; 0: the profile's */
    const char *serial;  /* hex magnitude; default derived from the case */
    const char *subject; /* name spec: "C=US,O=x,CN=y"; "" empty */
    const char *issuer;  /* issuer name spec; default the issuer's subject */
    const char *nb, *na; /* validity, "2025-01-01", "G:...", "utc:TEXT", "gen:TEXT" */
    const char *key;     /* key name in corpus/keys */
    const char *sig;     /* digest: sha256 (default), sha1, md5, sha384, sha512 */
    const char *ext;     /* extension spec applied over the profile's */
    const char *edit;    /* node edits before signing */
    const char *post;    /* node edits after signing */
    const char *host;    /* the leaf profile's SAN dNSName (default the case host) */
    bool tbs_only;       /* emit the TBSCertificate only */
    const char *aux;     /* trust.pem as TRUSTED CERTIFICATE: "trust:OID,..|reject:OID" */
} gcert;

#define GEN_MAX_CERTS 10

typedef struct gbuild gbuild;

typedef struct {
    const char *folder, *name;
    const char *defect;  /* what is wrong, one sentence */
    const char *carries; /* the mnemonics it is built to carry, or "none" */
    const char *carrier; /* which certificate carries it */
    const char *mode;    /* "verify" (default), "lint", "anchor" */
    const char *at;      /* verification time; default 2026-06-01T00:00:00Z */
    const char *purpose; /* default serverAuth */
    const char *host;    /* default www.example.com; "-" for none */
    int max_depth;       /* 0: the policy's */
    const char *policy;  /* an extra policy (text), written as case.policy */
    const char *note;    /* more explanation */
    const char *source;  /* where real data came from */
    gcert certs[GEN_MAX_CERTS];
    void (*hook)(gbuild *b); /* builds what the certs[] cannot express */
    const char *arg;         /* for the hook */
} gcase;

/* Every file of the cases; each cases_*.c defines one list. */
typedef struct {
    const gcase *cases;
    size_t count;
} gcase_list;

extern const gcase_list gen_cases_pre5280, gen_cases_proxy, gen_cases_chains, gen_cases_valid,
    gen_cases_real, gen_cases_input, gen_cases_der, gen_cases_openssl, gen_cases_tbs,
    gen_cases_name, gen_cases_ext, gen_cases_keyid, gen_cases_usage, gen_cases_general_name,
    gen_cases_name_constraints, gen_cases_policy, gen_cases_access, gen_cases_key,
    gen_cases_chainrules;

/* ------------------------------------------------------------------------ */
/* Building one case. */

typedef struct {
    const gcert *spec;
    EVP_PKEY *key;           /* NULL when the SPKI is raw */
    unsigned char *der;      /* the certificate (or TBS) as written */
    size_t der_len;
    unsigned char *spki_bits; /* subjectPublicKey contents (no unused-bits octet) */
    size_t spki_bits_len;
    unsigned char *ski;      /* the SKI this certificate carries (or would) */
    size_t ski_len;
    gnode *subject;          /* its subject Name */
    gnode *issuer_name;      /* its issuer Name */
    const unsigned char *serial;
    size_t serial_len;
    const char *recipe;      /* its "recipe:" line for case.txt */
    bool built;
} gbuilt;

typedef struct {
    const char *path; /* relative to the case directory */
    unsigned char *data;
    size_t len;
    const char *what; /* for case.txt's files: line */
} gfile;

struct gbuild {
    const gcase *c;
    const char *dir;     /* the case directory (may not exist yet) */
    const char *host;    /* resolved host, or NULL */
    gbuilt certs[GEN_MAX_CERTS];
    gfile files[16];
    size_t nfiles;
    gbuf recipe;         /* "recipe:" lines of certificates built outside certs[] */
    /* DER certificates committed before, for reusing ECDSA signatures. */
    unsigned char **prev;
    size_t *prev_len;
    size_t nprev;
};

/* gen_build_cert builds certs[i] (and its issuers first). */
gbuilt *gen_build_cert(gbuild *b, size_t i);
gbuilt *gen_find(gbuild *b, const char *id);
/* gen_build_spec builds a certificate outside the case's certs[] (hooks):
 * `issuer` may be NULL (self-signed). */
unsigned char *gen_build_spec(gbuild *b, const gcert *spec, gbuilt *issuer, gbuilt *out);
void gen_add_file(gbuild *b, const char *path, const void *data, size_t len, const char *what);
unsigned char *gen_pem(const char *label, const unsigned char *der, size_t len, size_t *out_len);
void gen_append_pem(gbuf *out, const char *label, const unsigned char *der, size_t len);
unsigned char *gen_key_pem(EVP_PKEY *key, size_t *out_len);

/* Well-known sets used by several case files. */
#define GEN_DEFAULT_AT "2026-06-01T00:00:00Z"
#define GEN_DEFAULT_HOST "www.example.com"

/* Shortcuts for the usual three-certificate chain: leaf <- int <- root. */
#define LEAF(...) {.id = "leaf", .profile = P_LEAF, .by = "int", .in = IN_CHAIN, __VA_ARGS__}
#define INTER(...) {.id = "int", .profile = P_INT, .by = "root", .in = IN_CHAIN, __VA_ARGS__}
#define ROOT(...) {.id = "root", .profile = P_ROOT, .in = IN_TRUST, __VA_ARGS__}
/* leaf <- root */
#define LEAF_R(...) {.id = "leaf", .profile = P_LEAF, .by = "root", .in = IN_CHAIN, __VA_ARGS__}
/* The certificate a lint case judges, issued by an (unwritten) root. */
#define LINT(...) {.id = "cert", .profile = P_LEAF, .by = "ca", .in = IN_LINT, __VA_ARGS__}
#define LINT_CA(...) {.id = "ca", .profile = P_ROOT, .in = IN_NONE, __VA_ARGS__}
/* A CA certificate a lint case judges. */
#define LINT_INT(...) {.id = "cert", .profile = P_INT, .by = "ca", .in = IN_LINT, __VA_ARGS__}

#define GEN_LIST(name, array)                                                                    \
    const gcase_list name = {array, sizeof(array) / sizeof(array[0])}

#endif /* XS_CORPUS_GEN_H */
