#include "lint.h"

#include <stdio.h>
#include <string.h>

#include "cert/model.h"
#include "rules/check.h"

static void append(xt_mnemonics *out, const char *mnemonic)
{
    size_t used = strlen(out->text);
    snprintf(out->text + used, sizeof(out->text) - used, "%s%s", used ? "," : "", mnemonic);
    out->count++;
}

void xt_lint_der(const unsigned char *der, size_t len, bool tbs, const unsigned char *issuer_der,
                 size_t issuer_len, xt_mnemonics *out)
{
    xs_model cert, issuer;
    xs_findings findings;
    memset(out, 0, sizeof(*out));
    xs_findings_init(&findings);
    xs_model_parse(&cert, der, len, tbs);
    if (issuer_der != NULL) {
        xs_model_parse(&issuer, issuer_der, issuer_len, false);
    }
    xs_lint_model(&cert, issuer_der != NULL ? &issuer : NULL, 0, 0, &findings);
    for (size_t i = 0; i < findings.count; i++) {
        append(out, xs_rule_info_of(findings.items[i].rule)->mnemonic);
    }
    xs_findings_cleanup(&findings);
    xs_model_cleanup(&cert);
    if (issuer_der != NULL) {
        xs_model_cleanup(&issuer);
    }
}

void xt_lint(X509 *cert, X509 *issuer, xt_mnemonics *out)
{
    unsigned char *der = NULL, *issuer_der = NULL;
    int len = i2d_X509(cert, &der);
    int issuer_len = issuer != NULL ? i2d_X509(issuer, &issuer_der) : 0;
    memset(out, 0, sizeof(*out));
    if (len > 0 && (issuer == NULL || issuer_len > 0)) {
        xt_lint_der(der, (size_t)len, false, issuer_der, (size_t)issuer_len, out);
    } else {
        snprintf(out->text, sizeof(out->text), "(cannot encode the certificate)");
    }
    OPENSSL_free(der);
    OPENSSL_free(issuer_der);
}

/* lint_models parses both encodings and runs the rules on them; false when
 * a model cannot be built. */
static bool lint_models(const unsigned char *der, size_t len, const unsigned char *issuer_der,
                        size_t issuer_len, int depth, int chain_len, xs_findings *findings)
{
    xs_model model, issuer_model;
    bool parsed = xs_model_parse(&model, der, len, false) == XS_OK;
    if (issuer_der != NULL) {
        parsed &= xs_model_parse(&issuer_model, issuer_der, issuer_len, false) == XS_OK;
    }
    if (parsed) {
        xs_lint_model(&model, issuer_der != NULL ? &issuer_model : NULL, depth, chain_len,
                      findings);
    }
    xs_model_cleanup(&model);
    if (issuer_der != NULL) {
        xs_model_cleanup(&issuer_model);
    }
    return parsed;
}

bool xt_run_checks(X509 *cert, X509 *issuer, int depth, int chain_len, xt_each_finding each,
                   void *arg)
{
    unsigned char *der = NULL, *issuer_der = NULL;
    int len = i2d_X509(cert, &der);
    int issuer_len = issuer != NULL ? i2d_X509(issuer, &issuer_der) : 0;
    xs_findings findings;
    xs_findings_init(&findings);
    bool ok = len > 0 && (issuer == NULL || issuer_len > 0) &&
              lint_models(der, (size_t)len, issuer_der, (size_t)issuer_len, depth, chain_len,
                          &findings);
    for (size_t i = 0; ok && i < findings.count; i++) {
        each(&findings.items[i], arg);
    }
    xs_findings_cleanup(&findings);
    OPENSSL_free(der);
    OPENSSL_free(issuer_der);
    return ok;
}

static void append_finding(const xs_raw_finding *finding, void *arg)
{
    append(arg, xs_rule_info_of(finding->rule)->mnemonic);
}

bool xt_lint_at(X509 *cert, X509 *issuer, int depth, int chain_len, xt_mnemonics *out)
{
    memset(out, 0, sizeof(*out));
    return xt_run_checks(cert, issuer, depth, chain_len, append_finding, out);
}

bool xt_has(const xt_mnemonics *m, const char *mnemonic)
{
    size_t n = strlen(mnemonic);
    for (const char *p = m->text; (p = strstr(p, mnemonic)) != NULL; p += n) {
        bool starts = p == m->text || p[-1] == ',';
        bool ends = p[n] == 0 || p[n] == ',';
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

bool xt_fires(X509 *cert, const char *mnemonic)
{
    xt_mnemonics m;
    xt_lint(cert, NULL, &m);
    return xt_has(&m, mnemonic);
}
