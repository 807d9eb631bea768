/*
 * findings.h: the accumulator every check writes to. Findings are data, not
 * control flow: nothing stops at the first one, and severities are resolved
 * against the policy only when the report is made.
 */
#ifndef XS_FINDINGS_H
#define XS_FINDINGS_H

#include "rules/rules.h"

typedef struct {
    xs_rule_id rule;
    int depth;          /* position in the chain; -1 when no certificate is meant */
    char *detail;       /* a message that replaces the rule's summary, or NULL */
    const char *source; /* "openssl", or the family of the check (static) */
    size_t offset;      /* byte offset in the certificate, or SIZE_MAX */
    char *path;         /* field path, or NULL */
    bool predates;      /* the certificate was issued before the rule existed */
    bool unreadable;    /* a DER finding on a certificate the model could not read whole */
} xs_raw_finding;

typedef struct {
    xs_raw_finding *items;
    size_t count;
    size_t cap;
    bool failed;    /* an allocation failed: the list is incomplete */
    size_t dropped; /* findings not kept because XS_MAX_FINDINGS was reached */
} xs_findings;

void xs_findings_init(xs_findings *f);
void xs_findings_cleanup(xs_findings *f);

/* xs_findings_add records one finding from OpenSSL; `detail` (copied) may
 * be NULL. A finding equal to one already recorded (same rule, depth,
 * detail) is recorded once. */
void xs_findings_add(xs_findings *f, xs_rule_id rule, int depth, const char *detail);

/* What a check reports; xs_findings_add_raw copies the strings. */
typedef struct {
    xs_rule_id rule;
    int depth;
    const char *detail;
    const char *source;
    size_t offset;
    const char *path;
    bool predates;
    bool unreadable;
} xs_finding_in;

void xs_findings_add_raw(xs_findings *f, const xs_finding_in *in);

#endif /* XS_FINDINGS_H */
