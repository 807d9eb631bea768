/*
 * auditor.c: the auditor: its policies, and the OpenSSL runs they need (one
 * per distinct set of verification parameters, Python's predictions
 * included).
 */
#include "audit/audit_internal.h"

#include <stdlib.h>
#include <string.h>

static bool same_params(const xs_chain_params *x, const xs_chain_params *y)
{
    return x->flags == y->flags && x->purpose == y->purpose && x->max_depth == y->max_depth &&
           x->auth_level == y->auth_level;
}

static size_t run_for(xs_auditor *a, const xs_chain_params *p)
{
    for (size_t r = 0; r < a->nruns; r++) {
        if (same_params(&a->runs[r], p)) {
            return r;
        }
    }
    a->runs[a->nruns] = *p;
    return a->nruns++;
}

/* install makes `store` run the verify step with `a`'s caches. */
bool xs_audit_install(X509_STORE *store, xs_auditor *a)
{
    return xs_chain_use_verify_step(store, &a->memo);
}

xs_status xs_auditor_new(xs_auditor **out, const xs_policy *const *policies, size_t count,
                         unsigned flags, char *err, size_t err_len)
{
    if (out == NULL) {
        return XS_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (policies == NULL || count == 0 || count > XS_AUDIT_MAX_POLICIES) {
        return xs_set_err(XS_ERR_INVALID_ARG, err, err_len, "an audit takes 1 to %d policies",
                          XS_AUDIT_MAX_POLICIES);
    }
    for (size_t i = 0; i < count; i++) {
        if (policies[i] == NULL) {
            return XS_ERR_INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(policies[i]->name, policies[j]->name) == 0) {
                return xs_set_err(XS_ERR_INVALID_ARG, err, err_len, "policy '%s' given twice",
                                  policies[i]->name);
            }
        }
    }
    xs_auditor *a = calloc(1, sizeof(*a));
    if (a == NULL) {
        return XS_ERR_NOMEM;
    }
    xs_audit_memo_init(&a->memo);
    xs_status st = xs_policy_builtin(&a->python, "python-3.13", err, err_len);
    if (st == XS_OK && ((a->store = X509_STORE_new()) == NULL ||
                        (a->pool = sk_X509_new_null()) == NULL || !xs_audit_install(a->store, a))) {
        st = XS_ERR_NOMEM;
    }
    if (st != XS_OK) {
        xs_auditor_free(a);
        return st;
    }
    a->npol = count;
    a->flags = flags;
    for (size_t p = 0; p < count; p++) {
        xs_chain_params params, py;
        a->policies[p] = policies[p];
        xs_chain_params_from_policy(&params, policies[p]);
        /* Python's prediction, as verify.c makes it: 3.13's flags, and the
         * client purpose only for a server verifying a client */
        xs_chain_params_from_policy(&py, a->python);
        py.purpose = params.purpose == XS_PURPOSE_CLIENT_AUTH ? XS_PURPOSE_CLIENT_AUTH
                                                             : XS_PURPOSE_SERVER_AUTH;
        a->run_of[p] = run_for(a, &params);
        a->py_run_of[p] = run_for(a, &py);
    }
    *out = a;
    return XS_OK;
}

void xs_auditor_free(xs_auditor *a)
{
    if (a == NULL) {
        return;
    }
    xs_audit_drop_transient(a);
    for (size_t i = 0; i < a->infos.cap; i++) {
        if (a->infos.slots[i].a != NULL) {
            xs_audit_info_free(a->infos.slots[i].value);
        }
    }
    xs_ptrmap_cleanup(&a->infos);
    xs_ptrmap_cleanup(&a->by_sha);
    xs_ptrmap_cleanup(&a->sigs);
    sk_X509_pop_free(a->pool, X509_free);
    X509_STORE_free(a->store);
    xs_policy_free(a->python);
    free(a);
}

size_t xs_auditor_policy_count(const xs_auditor *a)
{
    return a != NULL ? a->npol : 0;
}

const char *xs_auditor_policy_name(const xs_auditor *a, size_t p)
{
    return a != NULL && p < a->npol ? a->policies[p]->name : NULL;
}

int xs_auditor_policy_index(const xs_auditor *a, const char *name)
{
    for (size_t p = 0; a != NULL && name != NULL && p < a->npol; p++) {
        if (strcmp(a->policies[p]->name, name) == 0) {
            return (int)p;
        }
    }
    return -1;
}
