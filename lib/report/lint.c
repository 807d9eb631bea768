/*
 * lint.c: xs_lint. Every rule family on one certificate's bytes, without
 * OpenSSL: no chain, no signature, no key decoding.
 */
#include <stdlib.h>

#include "cert/name_text.h"
#include "report/report.h"
#include "rules/check.h"

/* time_text renders a model time for the report ("" when unreadable). */
static char *time_text(const xs_time *t)
{
    char text[XS_RFC3339_SIZE] = "";
    if (t->present && (t->defects & (XS_TIME_BAD_SYNTAX | XS_TIME_BAD_CALENDAR)) == 0) {
        xs_rfc3339(t->seconds, text);
    }
    return xs_strdup(text);
}

static bool describe(const xs_cert *cert, const xs_model *m, xs_chain_entry *e)
{
    e->origin = "input";
    e->subject = xs_name_text(&m->subject);
    e->issuer = xs_name_text(&m->issuer);
    e->sha256 = xs_strdup(cert->sha256);
    e->not_before = time_text(&m->not_before);
    e->not_after = time_text(&m->not_after);
    return e->subject && e->issuer && e->sha256 && e->not_before && e->not_after;
}

static xs_status lint_model(const xs_policy *policy, xs_report **out, const xs_cert *cert,
                            const xs_model *m, const xs_model *issuer)
{
    xs_findings own;
    xs_chain_entry entry = {0};
    xs_findings_init(&own);
    xs_lint_model(m, issuer, 0, 0, &own);
    xs_status st = XS_ERR_NOMEM;
    if (describe(cert, m, &entry)) {
        xs_report_input in = {
            .command = "lint",
            .policy = policy,
            .purpose = policy->purpose,
            .at = 0,
            .openssl_ran = false,
            .chain = &entry,
            .chain_len = 1,
            .own = &own,
            .python_code = -1,
        };
        st = xs_report_build(out, &in);
    }
    xs_chain_entry_cleanup(&entry);
    xs_findings_cleanup(&own);
    return st;
}

xs_status xs_lint(const xs_policy *policy, xs_report **out, const xs_certs *certs, size_t i,
                  const xs_certs *issuer, unsigned flags)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (policy == NULL || out == NULL || certs == NULL || i >= certs->count ||
        (issuer != NULL && issuer->count == 0)) {
        return XS_ERR_INVALID_ARG;
    }
    const xs_cert *cert = certs->items[i];
    xs_model m, im;
    xs_status st = xs_model_parse(&m, cert->der, cert->der_len, (flags & XS_LINT_TBS) != 0);
    if (st == XS_OK && issuer != NULL) {
        st = xs_model_parse(&im, issuer->items[0]->der, issuer->items[0]->der_len, false);
        if (st == XS_OK) {
            st = lint_model(policy, out, cert, &m, &im);
        }
        xs_model_cleanup(&im);
    } else if (st == XS_OK) {
        st = lint_model(policy, out, cert, &m, NULL);
    }
    xs_model_cleanup(&m);
    return st;
}
