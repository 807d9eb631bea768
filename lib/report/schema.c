/*
 * schema.c: the JSON/CBOR report schema, walked once for both encodings.
 * README.md documents it (CDDL); XS_SCHEMA_VERSION changes when a field is
 * removed or changes meaning.
 */
#include <openssl/crypto.h>
#include <stdio.h>

#include "report/report.h"

#define PYTHON_EXCEPTION "SSLCertVerificationError"
#define PYTHON_PREFIX "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "

static void put_string(xs_writer *w, const char *key, const char *value)
{
    w->key(w, key);
    if (value != NULL) {
        w->string(w, value);
    } else {
        w->null(w);
    }
}

static void put_int(xs_writer *w, const char *key, int64_t value)
{
    w->key(w, key);
    w->integer(w, value);
}

static void walk_chain_cert(const xs_chain_cert *c, bool synthetic, xs_writer *w)
{
    w->map(w, 8);
    put_int(w, "depth", c->depth);
    put_string(w, "subject", c->subject);
    put_string(w, "issuer", c->issuer);
    put_string(w, "sha256", c->sha256);
    put_string(w, "origin", synthetic ? "synthetic" : c->origin);
    put_string(w, "not_before", c->not_before);
    put_string(w, "not_after", c->not_after);
    w->key(w, "synthetic");
    w->boolean(w, synthetic);
    w->end(w);
}

static void walk_finding(const xs_finding *f, xs_writer *w)
{
    w->map(w, 11);
    put_string(w, "mnemonic", f->mnemonic);
    put_string(w, "severity", xs_severity_name(f->severity));
    put_string(w, "source", f->source);
    put_string(w, "section", f->section);
    put_int(w, "depth", f->depth);
    put_string(w, "subject", f->subject);
    put_string(w, "sha256", f->sha256);
    put_string(w, "message", f->message);
    put_int(w, "openssl_code", f->openssl_code);
    put_string(w, "path", f->path);
    w->key(w, "offset");
    if (f->offset >= 0) {
        w->integer(w, f->offset);
    } else {
        w->null(w);
    }
    w->end(w);
}

static void walk_python(const xs_python_outcome *py, xs_writer *w)
{
    if (py->verify_code < 0) {
        w->null(w); /* a lint predicts nothing */
        return;
    }
    if (py->verify_code == 0) {
        w->map(w, 1);
        put_string(w, "outcome", "accept");
        w->end(w);
        return;
    }
    char message[640];
    snprintf(message, sizeof(message), "%s%s", PYTHON_PREFIX, py->verify_message);
    w->map(w, 4);
    put_string(w, "outcome", PYTHON_EXCEPTION);
    put_int(w, "verify_code", py->verify_code);
    put_string(w, "verify_message", py->verify_message);
    put_string(w, "message", message);
    w->end(w);
}

void xs_report_walk(const xs_report *r, xs_writer *w)
{
    char at[21];
    char tool[64];
    xs_rfc3339(r->at, at);
    snprintf(tool, sizeof(tool), "x509strict %s", XS_VERSION_STRING);
    w->map(w, 12);
    put_int(w, "schema", XS_SCHEMA_VERSION);
    put_string(w, "tool", tool);
    put_string(w, "openssl", OpenSSL_version(OPENSSL_VERSION));
    put_string(w, "command", r->command);
    put_string(w, "policy", r->policy);
    put_string(w, "purpose", xs_purpose_name(r->purpose));
    put_string(w, "host", r->host);
    put_string(w, "at", at);
    put_string(w, "verdict", r->verdict == XS_VERDICT_ACCEPT ? "accept" : "reject");
    w->key(w, "chain");
    w->array(w, r->chain_len);
    for (size_t i = 0; i < r->chain_len; i++) {
        walk_chain_cert(&r->chain[i], r->synthetic_leaf && i == 0, w);
    }
    w->end(w);
    w->key(w, "findings");
    w->array(w, r->finding_count);
    for (size_t i = 0; i < r->finding_count; i++) {
        walk_finding(&r->findings[i], w);
    }
    w->end(w);
    w->key(w, "python");
    walk_python(&r->python, w);
    w->end(w);
}
