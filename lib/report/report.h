/*
 * report.h: the report model every emitter reads. A report is made once,
 * from what OpenSSL found, what x509strict's own checks found, and the
 * policy's severities; the emitters only render it.
 */
#ifndef XS_REPORT_H
#define XS_REPORT_H

#include "chain/chain.h"
#include "util/buf.h"

struct xs_report {
    const char *command;  /* "verify" or "lint" */
    char *policy;
    xs_purpose purpose;
    char *host;           /* or NULL */
    int64_t at;
    bool synthetic_leaf;  /* depth 0 is audit's stand-in, not a real certificate */
    xs_verdict verdict;
    xs_chain_cert *chain;
    size_t chain_len;
    xs_finding *findings;
    size_t finding_count;
    xs_python_outcome python; /* verify_code -1: no prediction (lint) */
    int first_openssl_code;
    char **strings;       /* every string the views above point into */
    size_t string_count;
    size_t string_cap;
};

/* One certificate of a chain as its maker describes it (strings owned by
 * the maker; the report copies them). */
typedef struct {
    char *subject;
    char *issuer;
    char *sha256;
    char *not_before;
    char *not_after;
    const char *origin; /* static: "peer", "untrusted", "trust", "input" */
} xs_chain_entry;

void xs_chain_entry_cleanup(xs_chain_entry *e);

/* What a report is made of. Strings are copied into the report. */
typedef struct {
    const char *command;
    const xs_policy *policy;
    xs_purpose purpose;
    const char *host;
    int64_t at;
    bool synthetic_leaf;
    bool openssl_ran;            /* OpenSSL verified a chain (verify), or not (lint) */
    const xs_chain_entry *chain; /* chain_len entries, leaf first */
    size_t chain_len;
    const xs_findings *openssl;  /* OpenSSL's findings, or NULL */
    const xs_findings *own;      /* x509strict's checks, or NULL */
    int first_openssl_code;
    int python_code;             /* -1: no prediction */
} xs_report_input;

xs_status xs_report_build(xs_report **out, const xs_report_input *in);

/* xs_rfc3339 writes `t` as YYYY-MM-DDTHH:MM:SSZ into out[21]. */
void xs_rfc3339(int64_t t, char out[21]);

/* The writer interface the JSON and CBOR emitters implement, so the schema
 * is walked in one place (report/schema.c). Maps and arrays announce their
 * size; `end` closes the innermost one. */
typedef struct xs_writer xs_writer;
struct xs_writer {
    void (*map)(xs_writer *w, size_t count);
    void (*array)(xs_writer *w, size_t count);
    void (*end)(xs_writer *w);
    void (*key)(xs_writer *w, const char *key);
    void (*string)(xs_writer *w, const char *value);
    void (*integer)(xs_writer *w, int64_t value);
    void (*boolean)(xs_writer *w, bool value);
    void (*null)(xs_writer *w);
    xs_buf out;
};

/* xs_report_walk writes `report` through `w` in the documented schema. */
void xs_report_walk(const xs_report *report, xs_writer *w);

xs_status xs_emit_text(const xs_report *report, unsigned flags, xs_buf *out);
xs_status xs_emit_json(const xs_report *report, xs_buf *out);
xs_status xs_emit_cbor(const xs_report *report, xs_buf *out);

#endif /* XS_REPORT_H */
