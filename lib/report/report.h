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

#define XS_RFC3339_SIZE 24 /* "YYYY-MM-DDTHH:MM:SSZ" or "@-9223372036854775808", NUL */

/* xs_rfc3339 writes `t` as YYYY-MM-DDTHH:MM:SSZ, or as
 * @SECONDS for a time outside years 0000-9999, which RFC 3339 cannot say. */
void xs_rfc3339(int64_t t, char out[XS_RFC3339_SIZE]);

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

/* Fields as every walker writes them (schema.c): a NULL string is null; a
 * time is RFC 3339; Python's outcome is null when NULL or not predicted. */
void xs_put_string(xs_writer *w, const char *key, const char *value);
void xs_put_int(xs_writer *w, const char *key, int64_t value);
/* xs_put_finding_fields writes a finding's fields from "source" to
 * "offset" (nine entries), which reports and audit records share. */
void xs_put_finding_fields(xs_writer *w, const xs_finding *f);
void xs_put_bool(xs_writer *w, const char *key, bool value);
void xs_put_time(xs_writer *w, const char *key, int64_t t);
void xs_walk_python(xs_writer *w, const xs_python_outcome *py);

/* The JSON writer (emit_json.c): `indent` spaces per level, or 0 for one
 * line (JSON Lines). Its buffer starts empty. */
#define XS_JSON_MAX_NESTING 16
typedef struct {
    xs_writer base; /* first: walkers see an xs_writer */
    int depth;
    int indent;
    bool first[XS_JSON_MAX_NESTING];  /* no element written yet at this level */
    char closer[XS_JSON_MAX_NESTING]; /* '}' or ']' */
    bool after_key;
} xs_json_writer;

void xs_json_writer_init(xs_json_writer *j, int indent);

/* The CBOR writer (emit_cbor.c): definite lengths, so walkers announce
 * every count. Its buffer starts empty. */
void xs_cbor_writer_init(xs_writer *w);

xs_status xs_emit_text(const xs_report *report, unsigned flags, xs_buf *out);
xs_status xs_emit_json(const xs_report *report, xs_buf *out);
xs_status xs_emit_cbor(const xs_report *report, xs_buf *out);

#endif /* XS_REPORT_H */
