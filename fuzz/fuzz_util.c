/*
 * fuzz_util.c: checks and fixtures the harnesses share (fuzz_util.h).
 */
#include "fuzz_util.h"

#include <cbor.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fuzz: property violated at %s:%d: %s: ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}

#define MAX_KNOWN_BUGS 16

static int tolerate = -1; /* -1: not decided yet */

void fuzz_set_tolerate(bool on)
{
    tolerate = on;
}

bool fuzz_tolerate(const char *bug)
{
    static const char *noted[MAX_KNOWN_BUGS];
    if (tolerate < 0) {
        const char *env = getenv("XS_FUZZ_TOLERATE_KNOWN");
        tolerate = env != NULL && strcmp(env, "1") == 0;
    }
    for (size_t i = 0; i < MAX_KNOWN_BUGS; i++) {
        if (noted[i] == NULL) {
            noted[i] = bug;
            fprintf(stderr, "fuzz: known bug %s hit (%s)\n", bug,
                    tolerate ? "tolerated" : "not tolerated");
            break;
        }
        if (strcmp(noted[i], bug) == 0) {
            break;
        }
    }
    return tolerate == 1;
}

/* Every rule an error, nothing exempt: a superset of what any policy shows. */
static const char all_rules_text[] = "summary every rule an error, nothing exempt (fuzzing)\n"
                                     "severity all error\n"
                                     "checks error\n"
                                     "effective_dates off\n";

const xs_policy *fuzz_policy_all(void)
{
    static xs_policy *all;
    if (all == NULL) {
        char err[256] = "";
        xs_status st = xs_policy_parse(&all, all_rules_text, strlen(all_rules_text),
                                       "fuzz-all.policy", NULL, err, sizeof(err));
        FUZZ_CHECK(st == XS_OK, "the fuzzing policy does not load: %s", err);
    }
    return all;
}

#define MAX_BUILTINS 32

const xs_policy *fuzz_policy_builtin(size_t i)
{
    static xs_policy *cache[MAX_BUILTINS];
    FUZZ_CHECK(i < xs_policy_builtin_count() && i < MAX_BUILTINS, "no builtin policy %zu", i);
    if (cache[i] == NULL) {
        char err[256] = "";
        xs_status st = xs_policy_builtin(&cache[i], xs_policy_builtin_name(i), err, sizeof(err));
        FUZZ_CHECK(st == XS_OK, "builtin policy %s does not load: %s", xs_policy_builtin_name(i),
                   err);
    }
    return cache[i];
}

size_t fuzz_pick(const uint8_t *data, size_t size, size_t n)
{
    /* FNV-1a: cheap, and a small edit changes the choice */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++) {
        h = (h ^ data[i]) * 16777619u;
    }
    return n > 0 ? h % n : 0;
}

bool fuzz_utf8_ok(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (len - i < need || p[i + 1] < lo || p[i + 1] > hi) {
            return false;
        }
        for (size_t k = 2; k < need; k++) {
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) {
                return false;
            }
        }
        i += need;
    }
    return true;
}

bool fuzz_is_one_line(const char *s)
{
    return s != NULL && s[0] != 0 && strpbrk(s, "\r\n") == NULL;
}

static bool is_hex64(const char *s)
{
    if (strlen(s) != 64) {
        return false;
    }
    for (const char *c = s; *c; c++) {
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f'))) {
            return false;
        }
    }
    return true;
}

/* report_string checks a string a report shows: present, one line, and
 * valid UTF-8 (the JSON and CBOR text strings need it). */
static void report_string(const char *what, const char *s, bool may_be_empty)
{
    FUZZ_CHECK(s != NULL, "%s is NULL", what);
    FUZZ_CHECK(may_be_empty || s[0] != 0, "%s is empty", what);
    FUZZ_CHECK(strpbrk(s, "\r\n") == NULL, "%s holds a line break: \"%s\"", what, s);
    FUZZ_CHECK(fuzz_utf8_ok(s, strlen(s)), "%s is not clean UTF-8", what);
}

static void check_chain(const xs_report *r, fuzz_report_kind kind)
{
    size_t n = xs_report_chain_length(r);
    FUZZ_CHECK(kind == FUZZ_REPORT_ANY || (kind == FUZZ_REPORT_LINT ? n == 1 : n >= 1),
               "chain of %zu certificates in a %s report", n,
               kind == FUZZ_REPORT_LINT ? "lint" : "verify");
    for (size_t i = 0; i < n; i++) {
        const xs_chain_cert *c = xs_report_chain_cert(r, i);
        FUZZ_CHECK(c != NULL && c->depth == (int)i, "chain entry %zu misnumbered", i);
        report_string("chain subject", c->subject, true);
        report_string("chain issuer", c->issuer, true);
        FUZZ_CHECK(is_hex64(c->sha256), "chain entry %zu fingerprint \"%s\"", i, c->sha256);
        FUZZ_CHECK(c->origin != NULL &&
                       (strcmp(c->origin, "peer") == 0 || strcmp(c->origin, "untrusted") == 0 ||
                        strcmp(c->origin, "trust") == 0 || strcmp(c->origin, "input") == 0),
                   "chain entry %zu origin \"%s\"", i, c->origin ? c->origin : "(null)");
        report_string("not_before", c->not_before, true);
        report_string("not_after", c->not_after, true);
    }
    FUZZ_CHECK(xs_report_chain_cert(r, n) == NULL, "chain entry past the end");
}

void fuzz_check_report(const xs_report *r, fuzz_report_kind kind, size_t der_len)
{
    FUZZ_CHECK(r != NULL, "no report");
    check_chain(r, kind);
    size_t n = xs_report_finding_count(r), chain_len = xs_report_chain_length(r);
    bool any_error = false;
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = xs_report_finding(r, i);
        FUZZ_CHECK(f != NULL && f->mnemonic != NULL, "finding %zu missing", i);
        const xs_rule_info *rule = xs_rule_find(f->mnemonic);
        FUZZ_CHECK(rule != NULL, "finding %zu names no rule: %s", i, f->mnemonic);
        FUZZ_CHECK(f->severity >= XS_SEV_NOTICE && f->severity <= XS_SEV_ERROR,
                   "finding %s has severity %d", f->mnemonic, (int)f->severity);
        FUZZ_CHECK(f->openssl_code == rule->openssl_code && f->section != NULL &&
                       strcmp(f->section, rule->section) == 0,
                   "finding %s does not carry its rule's metadata", f->mnemonic);
        report_string("finding source", f->source, false);
        report_string("finding message", f->message, false);
        FUZZ_CHECK(f->depth >= -1 && (f->depth < 0 || (size_t)f->depth < chain_len),
                   "finding %s at depth %d of a chain of %zu", f->mnemonic, f->depth, chain_len);
        if (f->depth >= 0) {
            const xs_chain_cert *c = xs_report_chain_cert(r, (size_t)f->depth);
            FUZZ_CHECK(strcmp(f->subject, c->subject) == 0 && strcmp(f->sha256, c->sha256) == 0,
                       "finding %s does not name the certificate at its depth", f->mnemonic);
        }
        if (f->path != NULL) {
            report_string("finding path", f->path, false);
        }
        FUZZ_CHECK(f->offset >= -1, "finding %s at offset %lld", f->mnemonic, f->offset);
        FUZZ_CHECK(der_len == 0 || f->offset < (long long)der_len + 1,
                   "finding %s at offset %lld of a %zu-byte certificate", f->mnemonic, f->offset,
                   der_len);
        any_error |= f->severity == XS_SEV_ERROR;
    }
    FUZZ_CHECK(xs_report_finding(r, n) == NULL, "finding past the end");
    xs_verdict v = xs_report_verdict(r);
    FUZZ_CHECK((v == XS_VERDICT_REJECT) == any_error,
               "verdict %s with %s error finding", v == XS_VERDICT_REJECT ? "REJECT" : "ACCEPT",
               any_error ? "an" : "no");
    const xs_python_outcome *py = xs_report_python(r);
    FUZZ_CHECK(py != NULL, "no Python outcome");
    if (kind == FUZZ_REPORT_LINT) {
        FUZZ_CHECK(py->verify_code == -1, "a lint predicts Python's verify_code %d",
                   py->verify_code);
    } else if (kind == FUZZ_REPORT_VERIFY) {
        FUZZ_CHECK(py->verify_code >= 0, "verification predicts verify_code %d",
                   py->verify_code);
    }
    FUZZ_CHECK(py->verify_code >= -1, "verify_code %d", py->verify_code);
    if (py->verify_code > 0) {
        report_string("Python verify_message", py->verify_message, false);
    }
    report_string("report policy", xs_report_policy(r), false);
}

/* ---- emitters ------------------------------------------------------------ */

static void check_text(const xs_report *r, unsigned flags)
{
    uint8_t *out = NULL;
    size_t len = 0;
    xs_status st = xs_report_emit(r, XS_FORMAT_TEXT, flags, &out, &len);
    FUZZ_CHECK(st == XS_OK, "text emitter: %s", xs_status_string(st));
    FUZZ_CHECK(len > 0 && out[len - 1] == '\n' && out[len] == 0,
               "text output not newline-terminated and NUL-terminated");
    FUZZ_CHECK(memchr(out, 0, len) == NULL, "text output holds a NUL byte");
    const char *verdict = xs_report_verdict(r) == XS_VERDICT_REJECT ? "REJECT" : "ACCEPT";
    FUZZ_CHECK(strstr((const char *)out, verdict) != NULL, "text output does not say %s",
               verdict);
    xs_free(out);
}

static void check_json(const xs_report *r)
{
    uint8_t *out = NULL;
    size_t len = 0;
    xs_status st = xs_report_emit(r, XS_FORMAT_JSON, 0, &out, &len);
    FUZZ_CHECK(st == XS_OK, "JSON emitter: %s", xs_status_string(st));
    FUZZ_CHECK(len > 0 && out[len] == 0, "JSON output not NUL-terminated");
    tj_error err = {0, ""};
    tj_doc *doc = tj_parse((const char *)out, len, &err);
    FUZZ_CHECK(doc != NULL, "JSON output does not parse: %s at byte %zu of %zu", err.reason,
               err.offset, len);
    const tj_value *root = tj_root(doc);
    long long schema = -1;
    FUZZ_CHECK(tj_integer(tj_get(root, "schema"), &schema) && schema == XS_SCHEMA_VERSION,
               "JSON schema version");
    const char *verdict = xs_report_verdict(r) == XS_VERDICT_REJECT ? "reject" : "accept";
    FUZZ_CHECK(tj_string_is(tj_get(root, "verdict"), verdict), "JSON verdict is not %s",
               verdict);
    const tj_value *findings = tj_get(root, "findings");
    size_t n = xs_report_finding_count(r);
    FUZZ_CHECK(tj_type_of(findings) == TJ_ARRAY && tj_len(findings) == n,
               "JSON holds %zu findings, the report %zu", tj_len(findings), n);
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = xs_report_finding(r, i);
        const tj_value *jf = tj_at(findings, i);
        FUZZ_CHECK(tj_string_is(tj_get(jf, "mnemonic"), f->mnemonic) &&
                       tj_string_is(tj_get(jf, "message"), f->message),
                   "JSON finding %zu differs from %s", i, f->mnemonic);
    }
    FUZZ_CHECK(tj_len(tj_get(root, "chain")) == xs_report_chain_length(r),
               "JSON chain length");
    tj_free(doc);
    xs_free(out);
}

static bool cbor_text_is(const cbor_item_t *item, const char *s)
{
    size_t n = strlen(s);
    return item != NULL && cbor_isa_string(item) && cbor_string_is_definite(item) &&
           cbor_string_length(item) == n && (n == 0 || memcmp(cbor_string_handle(item), s, n) == 0);
}

static const cbor_item_t *cbor_member(const cbor_item_t *map, const char *key)
{
    if (map == NULL || !cbor_isa_map(map)) {
        return NULL;
    }
    struct cbor_pair *pairs = cbor_map_handle(map);
    for (size_t i = 0; i < cbor_map_size(map); i++) {
        if (cbor_text_is(pairs[i].key, key)) {
            return pairs[i].value;
        }
    }
    return NULL;
}

static void check_cbor(const xs_report *r)
{
    uint8_t *out = NULL;
    size_t len = 0;
    xs_status st = xs_report_emit(r, XS_FORMAT_CBOR, 0, &out, &len);
    FUZZ_CHECK(st == XS_OK, "CBOR emitter: %s", xs_status_string(st));
    struct cbor_load_result res;
    cbor_item_t *root = cbor_load(out, len, &res);
    FUZZ_CHECK(root != NULL && res.error.code == CBOR_ERR_NONE && res.read == len,
               "CBOR output does not decode (error %d at byte %zu of %zu)", (int)res.error.code,
               res.error.position, len);
    FUZZ_CHECK(cbor_isa_map(root) && cbor_map_is_definite(root) && cbor_map_size(root) == 12,
               "CBOR output is not the 12-member report map");
    const char *verdict = xs_report_verdict(r) == XS_VERDICT_REJECT ? "reject" : "accept";
    FUZZ_CHECK(cbor_text_is(cbor_member(root, "verdict"), verdict), "CBOR verdict is not %s",
               verdict);
    const cbor_item_t *findings = cbor_member(root, "findings");
    size_t n = xs_report_finding_count(r);
    FUZZ_CHECK(findings != NULL && cbor_isa_array(findings) && cbor_array_size(findings) == n,
               "CBOR findings count differs from the report's %zu", n);
    for (size_t i = 0; i < n; i++) {
        const xs_finding *f = xs_report_finding(r, i);
        const cbor_item_t *cf = cbor_array_handle(findings)[i];
        FUZZ_CHECK(cbor_text_is(cbor_member(cf, "mnemonic"), f->mnemonic) &&
                       cbor_text_is(cbor_member(cf, "message"), f->message),
                   "CBOR finding %zu differs from %s", i, f->mnemonic);
    }
    cbor_decref(&root);
    xs_free(out);
}

void fuzz_check_json(const char *what, const uint8_t *p, size_t len)
{
    tj_error err = {0, ""};
    tj_doc *doc = tj_parse((const char *)p, len, &err);
    FUZZ_CHECK(doc != NULL, "%s: JSON does not parse: %s at byte %zu of %zu", what, err.reason,
               err.offset, len);
    tj_free(doc);
}

void fuzz_check_cbor(const char *what, const uint8_t *p, size_t len)
{
    struct cbor_load_result res;
    cbor_item_t *item = cbor_load(p, len, &res);
    FUZZ_CHECK(item != NULL && res.error.code == CBOR_ERR_NONE && res.read == len,
               "%s: CBOR does not decode (error %d at byte %zu of %zu)", what,
               (int)res.error.code, res.error.position, len);
    cbor_decref(&item);
}

void fuzz_check_emitters(const xs_report *r)
{
    check_text(r, 0);
    check_text(r, XS_EMIT_COLOR);
    check_json(r);
    check_cbor(r);
}
