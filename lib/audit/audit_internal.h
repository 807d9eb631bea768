/*
 * audit_internal.h: what the files of lib/audit/ share; the public
 * interface is the "Audit" section of x509strict.h.
 *
 * An auditor judges certificates one at a time under several policies at
 * once; a record holds one certificate's reports; a summary counts
 * records; each renders as text, JSON or CBOR, whole or streaming.
 *
 *   auditor.c   the auditor: policies, the OpenSSL runs they need
 *   members.c   the chaining context: trust, pool, store members, reading
 *               a member's DER; the system store's location
 *   cache.c     what the auditor keeps per certificate, and the verify
 *               step's memo (chain.h) those caches serve
 *   judge.c     judging a certificate: chains under every policy, lint
 *               only, what OpenSSL cannot parse
 *   record.c    records and their accessors
 *   render.c    records as text, JSON Lines and CBOR
 *   change.c    a record's change between two policies, rendered
 *   summary.c   the counters and their rendering
 *   pkcs7.c     certificates out of a PKCS#7 bundle
 *
 * Every policy's judgment is the one xs_verify_anchor / xs_verify would
 * give (the same bridge, checks, stand-in leaf and report), made cheaper
 * by what a store repeats: OpenSSL runs once per distinct set of
 * verification parameters, not once per policy and once more for Python;
 * each CA's parse, checks, description and verified signatures are kept
 * for the auditor's life; the judged certificate's for its record.
 * Pointers identify certificates in the caches. A certificate cached for
 * the auditor's life is held by a reference, so its address is never
 * reused; the judged certificate's entries are dropped with its record.
 */
#ifndef XS_AUDIT_INTERNAL_H
#define XS_AUDIT_INTERNAL_H

#include <openssl/x509_vfy.h>

#include "cert/model.h"
#include "chain/chain.h"
#include "report/report.h"
#include "util/ptrmap.h"

#define INPUT_MALFORMED "INPUT_MALFORMED"
#define MAX_RUNS (2 * XS_AUDIT_MAX_POLICIES)

/* One certificate's checks as the one at `depth` of a chain of
 * `chain_len` below `issuer`, anchored or not. */
typedef struct lint_memo {
    const X509 *issuer;
    int depth;
    int chain_len;
    bool anchored;
    xs_findings findings;
    struct lint_memo *next;
} lint_memo;

typedef struct {
    X509 *x509;        /* a reference */
    xs_cert *cert;     /* a reference: the exact DER; NULL until needed for one not loaded by us */
    int model_state;   /* 0: not parsed; 1: parsed; -1: failed */
    xs_model model;
    bool described;
    xs_chain_entry desc;
    lint_memo *lints;
    xs_verify_cert_memo verify; /* what the verify step keeps */
} cert_info;

typedef struct {
    const X509 *subject, *issuer;
    bool ok;
} sig_result;

#define MAX_TRANSIENT 4
#define MAX_TRANSIENT_SIGS 32

struct xs_auditor {
    xs_verify_memo memo;      /* the verify step's view of the caches below */
    size_t npol;
    const xs_policy *policies[XS_AUDIT_MAX_POLICIES];
    xs_policy *python;        /* the builtin python-3.13 policy, for predictions */
    unsigned flags;
    /* OpenSSL runs: one per distinct set of parameters among the policies'
     * and their Python predictions' */
    xs_chain_params runs[MAX_RUNS];
    size_t nruns;
    size_t run_of[XS_AUDIT_MAX_POLICIES];
    size_t py_run_of[XS_AUDIT_MAX_POLICIES];
    /* the context intermediates and leaves are chained against */
    X509_STORE *store;
    STACK_OF(X509) *pool;
    /* caches kept for the auditor's life */
    xs_ptrmap infos;            /* X509 * -> cert_info * */
    xs_ptrmap by_sha;           /* fingerprint -> cert_info * of certificates we loaded */
    xs_ptrmap sigs;             /* (subject, issuer) -> (void *)1 verified, (void *)2 failed */
    /* the record being judged */
    cert_info *transient[MAX_TRANSIENT];
    size_t ntransient;
    sig_result transient_sigs[MAX_TRANSIENT_SIGS];
    size_t ntransient_sigs;
};

struct xs_audit_record {
    size_t npol;
    const char *policy_names[XS_AUDIT_MAX_POLICIES]; /* borrowed from the policies */
    bool lint_only;
    xs_audit_role role;
    xs_validity validity;
    char sha256[65];
    char *subject;
    char *issuer;
    char *not_before; /* RFC 3339, or "" */
    char *not_after;
    char *error;      /* why it was not read or judged, or NULL */
    char *source;
    char *key;
    uint64_t position, offset, line;
    int64_t at;
    int64_t valid_at; /* INT64_MIN: no second judgment */
    xs_report *reports[XS_AUDIT_MAX_POLICIES];
    xs_report *valid_reports[XS_AUDIT_MAX_POLICIES];
};

/* cache.c */
const void *xs_audit_sha_key(const char *sha256);
void xs_audit_info_free(cert_info *ci);
cert_info *xs_audit_persistent_info(const xs_auditor *a, const X509 *x);
cert_info *xs_audit_add_persistent(xs_auditor *a, X509 *x, xs_cert *cert);
cert_info *xs_audit_add_transient(xs_auditor *a, X509 *x, xs_cert *cert, bool synthetic);
void xs_audit_drop_transient(xs_auditor *a);
cert_info *xs_audit_info_of(xs_auditor *a, X509 *x);
const xs_model *xs_audit_info_model(cert_info *ci);
bool xs_audit_describe_model(const xs_model *m, const char *sha256, xs_chain_entry *e);
const xs_chain_entry *xs_audit_info_desc(cert_info *ci);
const xs_findings *xs_audit_info_lint(cert_info *ci, cert_info *issuer, int depth, int chain_len,
                                      bool anchored);
void xs_audit_memo_init(xs_verify_memo *memo);

/* auditor.c */
bool xs_audit_install(X509_STORE *store, xs_auditor *a);

/* members.c */
bool xs_audit_is_self_issued(X509 *x);
xs_status xs_audit_load_member(const xs_auditor *a, const uint8_t *der, size_t len, unsigned flags,
                               xs_cert **out, char *err, size_t err_len);

/* record.c */
xs_audit_record *xs_audit_record_new(const xs_auditor *a, const xs_audit_origin *origin, int64_t at);
bool xs_audit_set_text(char **slot, const char *text);
bool xs_audit_set_error(xs_audit_record *r, const char *prefix, const char *detail);
void xs_audit_set_validity(xs_audit_record *r, const xs_model *m);
bool xs_audit_describe_record(xs_audit_record *r, const xs_chain_entry *e);
bool xs_audit_unreadable(const xs_audit_record *r);
bool xs_audit_report_rejects(const xs_report *rep);
const xs_report *xs_audit_effective(const xs_audit_record *r, size_t p);
bool xs_audit_has_error(const xs_report *rep, const xs_finding *f);

/* xs_audit_in_validity is the instant at which a certificate valid from
 * `not_before` to `not_after` is judged when `at` lies outside that period:
 * a minute inside the end it passed (or the start it has not reached). */
int64_t xs_audit_in_validity(int64_t not_before, int64_t not_after, int64_t at);

/* render.c */
const char *xs_audit_verdict_name(const xs_audit_record *r, const xs_report *rep);
bool xs_audit_listable(const xs_report *rep, size_t i, const xs_report *except);
size_t xs_audit_error_list(xs_buf *b, const xs_report *rep, const xs_report *except);
size_t xs_audit_column_width(const char *policy);

#endif /* XS_AUDIT_INTERNAL_H */
