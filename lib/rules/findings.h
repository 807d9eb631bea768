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
    int depth;    /* position in the chain; -1 when no certificate is meant */
    char *detail; /* a message that replaces the rule's summary, or NULL */
} xs_raw_finding;

typedef struct {
    xs_raw_finding *items;
    size_t count;
    size_t cap;
    bool failed; /* an allocation failed: the list is incomplete */
} xs_findings;

void xs_findings_init(xs_findings *f);
void xs_findings_cleanup(xs_findings *f);

/* xs_findings_add records one finding; `detail` (copied) may be NULL. A
 * finding equal to one already recorded (same rule, depth, detail) is
 * recorded once. */
void xs_findings_add(xs_findings *f, xs_rule_id rule, int depth, const char *detail);

#endif /* XS_FINDINGS_H */
