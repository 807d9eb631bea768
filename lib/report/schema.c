/*
 * schema.c: the JSON/CBOR report schema, walked once for both encodings,
 * and the helpers every walker (reports, audit records) writes fields with.
 * README.md documents it (CDDL); XS_SCHEMA_VERSION changes when a field is
 * removed or changes meaning.
 */
#include <openssl/crypto.h>
#include <stdio.h>

#include "report/report.h"

#define PYTHON_EXCEPTION "SSLCertVerificationError"
#define PYTHON_PREFIX "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "

void xs_put_string(xs_writer *w, const char *key, const char *value)
{
    w->key(w, key);
    if (value != NULL) {
        w->string(w, value);
    } else {
        w->null(w);
    }
}

void xs_put_int(xs_writer *w, const char *key, int64_t value)
{
    w->key(w, key);
    w->integer(w, value);
}

void xs_put_bool(xs_writer *w, const char *key, bool value)
{
    w->key(w, key);
    w->boolean(w, value);
}

void xs_put_time(xs_writer *w, const char *key, int64_t t)
{
    char text[XS_RFC3339_SIZE];
    xs_rfc3339(t, text);
    xs_put_string(w, key, text);
}

static void walk_chain_cert(const xs_chain_cert *c, bool synthetic, xs_writer *w)
{
    w->map(w, 8);
    xs_put_int(w, "depth", c->depth);
    xs_put_string(w, "subject", c->subject);
    xs_put_string(w, "issuer", c->issuer);
    xs_put_string(w, "sha256", c->sha256);
    xs_put_string(w, "origin", synthetic ? "synthetic" : c->origin);
    xs_put_string(w, "not_before", c->not_before);
    xs_put_string(w, "not_after", c->not_after);
    xs_put_bool(w, "synthetic", synthetic);
    w->end(w);
}

void xs_put_finding_fields(xs_writer *w, const xs_finding *f)
{
    xs_put_string(w, "source", f->source);
    xs_put_string(w, "section", f->section);
    xs_put_int(w, "depth", f->depth);
    xs_put_string(w, "subject", f->subject);
    xs_put_string(w, "sha256", f->sha256);
    xs_put_string(w, "message", f->message);
    xs_put_int(w, "openssl_code", f->openssl_code);
    xs_put_string(w, "path", f->path);
    w->key(w, "offset");
    if (f->offset >= 0) {
        w->integer(w, f->offset);
    } else {
        w->null(w);
    }
}

static void walk_finding(const xs_finding *f, xs_writer *w)
{
    w->map(w, 11);
    xs_put_string(w, "mnemonic", f->mnemonic);
    xs_put_string(w, "severity", xs_severity_name(f->severity));
    xs_put_finding_fields(w, f);
    w->end(w);
}

void xs_walk_python(xs_writer *w, const xs_python_outcome *py)
{
    if (py == NULL || py->verify_code < 0) {
        w->null(w); /* a lint predicts nothing */
        return;
    }
    if (py->verify_code == 0) {
        w->map(w, 1);
        xs_put_string(w, "outcome", "accept");
        w->end(w);
        return;
    }
    const char *verify_message = py->verify_message != NULL ? py->verify_message : "";
    char message[640];
    snprintf(message, sizeof(message), "%s%s", PYTHON_PREFIX, verify_message);
    w->map(w, 4);
    xs_put_string(w, "outcome", PYTHON_EXCEPTION);
    xs_put_int(w, "verify_code", py->verify_code);
    xs_put_string(w, "verify_message", py->verify_message);
    xs_put_string(w, "message", message);
    w->end(w);
}

void xs_report_walk(const xs_report *r, xs_writer *w)
{
    char at[XS_RFC3339_SIZE];
    char tool[64];
    xs_rfc3339(r->at, at);
    snprintf(tool, sizeof(tool), "x509strict %s", XS_VERSION_STRING);
    w->map(w, 12);
    xs_put_int(w, "schema", XS_SCHEMA_VERSION);
    xs_put_string(w, "tool", tool);
    xs_put_string(w, "openssl", OpenSSL_version(OPENSSL_VERSION));
    xs_put_string(w, "command", r->command);
    xs_put_string(w, "policy", r->policy);
    xs_put_string(w, "purpose", xs_purpose_name(r->purpose));
    xs_put_string(w, "host", r->host);
    xs_put_string(w, "at", at);
    xs_put_string(w, "verdict", r->verdict == XS_VERDICT_ACCEPT ? "accept" : "reject");
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
    xs_walk_python(w, &r->python);
    w->end(w);
}
