/*
 * check.h: how rule checks are written and run. A check reads one
 * certificate's model (and, in a chain, its issuer's) and emits findings for
 * rules of the table; scope (rules.def) is enforced here, once, so checks do
 * not repeat it. Rule families keep their checks in rules/r_<family>.c.
 */
#ifndef XS_CHECK_H
#define XS_CHECK_H

#include "cert/model.h"
#include "rules/findings.h"

typedef struct {
    const xs_model *cert;
    const xs_model *issuer; /* the issuer's model, or NULL when unknown */
    int depth;              /* 0 = leaf; in lint, 0 */
    int chain_len;          /* 0 in lint (no chain) */
    bool is_top;            /* the chain's anchor; in lint, a self-issued certificate */
    bool anchored;          /* the top of the chain came from the trust store */
    bool is_ca;             /* basicConstraints cA TRUE */
    const char *source;     /* the family of the running check */
    xs_findings *out;
} xs_check_ctx;

/* The extension at index `ext` of the certificate being checked. */
static inline bool xs_ext_decoded(const xs_check_ctx *c, size_t ext)
{
    return c->cert->exts[ext].value_ok;
}

static inline bool xs_ext_critical(const xs_check_ctx *c, size_t ext)
{
    return c->cert->exts[ext].critical;
}

static inline size_t xs_ext_value_offset(const xs_check_ctx *c, size_t ext)
{
    return c->cert->exts[ext].value.off;
}

static inline size_t xs_ext_offset(const xs_check_ctx *c, size_t ext)
{
    return c->cert->exts[ext].whole.off;
}

typedef struct {
    const char *name;
    void (*run)(xs_check_ctx *c);
} xs_check;

/* xs_emit records a finding of `rule` for the current certificate unless
 * the rule's scope excludes it. `offset` is where in the DER (SIZE_MAX: the
 * certificate as a whole); `fmt` (may be NULL) makes the message, in place
 * of the rule's summary. */
XS_PRINTF(4, 5)
void xs_emit(xs_check_ctx *c, xs_rule_id rule, size_t offset, const char *fmt, ...);

/* xs_emit_path is xs_emit with a field path ("tbsCertificate.validity"). */
void xs_emit_path(xs_check_ctx *c, xs_rule_id rule, size_t offset, const char *path,
                  const char *detail);

/* xs_run_checks runs every family's checks on c->cert. */
void xs_run_checks(xs_check_ctx *c);

/* xs_lint_model runs every check on `cert` as the certificate at `depth`
 * of a chain of `chain_len` (0: linted alone) whose top came from the trust
 * store, issued by `issuer` (may be NULL). xs_lint_model_in_chain says
 * whether the top was trusted (`anchored`): a chain OpenSSL could not
 * complete has none. */
void xs_lint_model(const xs_model *cert, const xs_model *issuer, int depth, int chain_len,
                   xs_findings *out);
void xs_lint_model_in_chain(const xs_model *cert, const xs_model *issuer, int depth,
                            int chain_len, bool anchored, xs_findings *out);

/* xs_check_ctx_init fills the role of `cert` (is_ca, and for a lint without
 * chain is_top = self-issued). */
void xs_check_ctx_init(xs_check_ctx *c, const xs_model *cert, xs_findings *out);

/* Every family's table of checks (rules/r_<family>.c), defined there as
 *   static const xs_check checks[] = {{"name", function}, ...};
 *   const xs_check *const xs_checks_<family> = checks;
 *   const size_t xs_checks_<family>_count = XS_ARRAY_LEN(checks);        */
#define XS_CHECK_FAMILIES(X)                                                                     \
    X(der)                                                                                       \
    X(tbs)                                                                                       \
    X(name)                                                                                      \
    X(ext)                                                                                       \
    X(keyid)                                                                                     \
    X(usage)                                                                                     \
    X(general_name)                                                                              \
    X(name_constraints)                                                                          \
    X(policy)                                                                                    \
    X(access)                                                                                    \
    X(key)                                                                                       \
    X(chain)

#define XS_DECLARE_FAMILY(fam)                                                                   \
    extern const xs_check *const xs_checks_##fam;                                                \
    extern const size_t xs_checks_##fam##_count;
XS_CHECK_FAMILIES(XS_DECLARE_FAMILY)
#undef XS_DECLARE_FAMILY

#endif /* XS_CHECK_H */
