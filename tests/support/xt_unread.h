/*
 * xt_unread.h: for the rule tests of checks that conclude from an
 * extension's absence. A certificate whose extensions x509strict could not
 * all read may hold the extension in the bytes it could not read, so such a
 * check must stay silent there (xs_model_knows_ext); the DER finding says
 * what broke. Header-only, like xt_check.h.
 */
#ifndef XS_TEST_XT_UNREAD_H
#define XS_TEST_XT_UNREAD_H

#include "xt_check.h"

/* XT_FILLER_EXT is a last extension no rule looks at (a private OID, a NULL
 * value): breaking it leaves every extension a rule reads intact, so only
 * what could not be read can silence the rule. */
#define XT_FILLER_EXT {"1.3.6.1.4.1.32473.1", false, (const unsigned char[]){0x05, 0x00}, 2}

typedef enum {
    XT_UNREAD_LIST,           /* the Extensions list is a SET: the walk stops there */
    XT_UNREAD_LAST_EXTENSION, /* the last extnID is an INTEGER: that Extension is skipped */
} xt_unread;

/* xt_lint_unread lints `cert` (against `issuer`, which may be NULL) with
 * part of its extensions made unreadable as `how` says. */
static inline void xt_lint_unread(X509 *cert, X509 *issuer, xt_unread how, xt_mnemonics *out)
{
    xt_node *root = xt_must_tree(cert);
    xt_node *tbs = xt_must_node_at(root, (const int[]){0}, 1);
    int exts = (int)xt_node_children(tbs) - 1;
    ck_assert_uint_eq(xt_node_tag(xt_must_node_at(root, (const int[]){0, exts}, 2)), 0xA3);
    xt_node *list = xt_must_node_at(root, (const int[]){0, exts, 0}, 3);
    if (how == XT_UNREAD_LIST) {
        xt_node_set_tag(list, 0x31);
    } else {
        int last = (int)xt_node_children(list) - 1;
        xt_node_set_tag(xt_must_node_at(root, (const int[]){0, exts, 0, last, 0}, 5), 0x02);
    }
    size_t len = 0;
    unsigned char *der = xt_must_serialize(root, &len);
    xt_node_free(root);
    int issuer_len = 0;
    unsigned char *issuer_der = issuer != NULL ? xt_der(issuer, &issuer_len) : NULL;
    ck_assert(issuer == NULL || issuer_der != NULL);
    xt_lint_der(der, len, false, issuer_der, (size_t)issuer_len, out);
    OPENSSL_free(issuer_der);
    free(der);
}

/* xt_expect_silent_unread: `mnemonic` fires on `cert` as it is, and fires on
 * neither unreadable variant, where DER_UNEXPECTED_TAG reports the break.
 * Give `cert` XT_FILLER_EXT last. */
static inline void xt_expect_silent_unread(X509 *cert, X509 *issuer, const char *mnemonic)
{
    xt_expect_lint(cert, issuer, mnemonic, true);
    const xt_unread ways[] = {XT_UNREAD_LIST, XT_UNREAD_LAST_EXTENSION};
    for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
        xt_mnemonics m;
        xt_lint_unread(cert, issuer, ways[i], &m);
        xt_expect_found(&m, mnemonic, false);
        xt_expect_found(&m, "DER_UNEXPECTED_TAG", true);
    }
}

#endif /* XS_TEST_XT_UNREAD_H */
