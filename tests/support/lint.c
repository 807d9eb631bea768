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
