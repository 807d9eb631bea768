/* Target: the auditor (lib/audit/): xs_audit_judge on the first DER
 *   element of the input, after the elements that follow it (up to eight)
 *   were offered as members of the audited store (a self-issued CA becomes an
 *   anchor, another CA joins the pool); under every builtin policy and the
 *   all-rules one, at FUZZ_TIME; then the record's renderings (text, JSON
 *   and CBOR, whole and streaming), the change between two policies and a
 *   summary. Lint-only (XS_AUDIT_LINT_ONLY) and trust settings
 *   (XS_AUDIT_TRUSTED_AUX) are picked by the input's hash.
 * Property: judging fails for no certificate's sake (XS_OK, a record); a
 *   record that is unparsed or malformed is rejected under every policy; a
 *   policy's verdict is its report's, and every report's invariants hold
 *   (fuzz_check_report); the record's fingerprint is that of the bytes
 *   judged; the auditor's caches are transparent: judging the same bytes
 *   again gives the same record, byte for byte in streaming JSON; every
 *   rendering is well formed (JSON parses, CBOR decodes, text ends in a
 *   newline without NUL); the summary counts one certificate.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der/der.h"
#include "dermut.h"
#include "fuzz_util.h"

#define MAX_MEMBERS 8

static size_t element_len(const uint8_t *data, size_t size)
{
    xs_der d, whole;
    uint8_t tag;
    xs_der_init(&d, data, size, NULL);
    return xs_der_get_any(&d, &tag, NULL, &whole) ? whole.len : 0;
}

static size_t policies_of(const xs_policy **out)
{
    size_t n = 0;
    for (size_t i = 0; i < xs_policy_builtin_count() && n + 1 < XS_AUDIT_MAX_POLICIES; i++) {
        out[n++] = fuzz_policy_builtin(i);
    }
    out[n++] = fuzz_policy_all();
    return n;
}

static void check_output(const char *what, xs_format format, xs_status st, uint8_t *out,
                         size_t len)
{
    FUZZ_CHECK(st == XS_OK && out != NULL, "%s: %s", what, xs_status_string(st));
    if (format == XS_FORMAT_JSON) {
        fuzz_check_json(what, out, len);
    } else if (format == XS_FORMAT_CBOR) {
        fuzz_check_cbor(what, out, len);
    } else {
        FUZZ_CHECK(memchr(out, 0, len) == NULL && (len == 0 || out[len - 1] == '\n'),
                   "%s: text not newline-terminated, or holding a NUL", what);
    }
    xs_free(out);
}

static void check_renderings(const xs_audit_record *r, const xs_auditor *a)
{
    static const xs_format formats[] = {XS_FORMAT_TEXT, XS_FORMAT_JSON, XS_FORMAT_CBOR};
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        for (unsigned stream = 0; stream < 2; stream++) {
            uint8_t *out = NULL;
            size_t len = 0;
            unsigned flags = stream ? XS_AUDIT_EMIT_STREAM : 0;
            xs_status st = xs_audit_record_emit(r, formats[f], flags, &out, &len);
            check_output("record", formats[f], st, out, len);
            if (xs_auditor_policy_count(a) >= 2) {
                out = NULL;
                st = xs_audit_record_emit_change(r, 0, 1, formats[f], flags, &out, &len);
                check_output("change", formats[f], st, out, len);
            }
        }
    }
}

static void check_record(const xs_audit_record *r, const xs_auditor *a, const uint8_t *der,
                         size_t len, bool aux)
{
    xs_audit_role role = xs_audit_record_role(r);
    FUZZ_CHECK((unsigned)role <= XS_AUDIT_MALFORMED, "role %d", (int)role);
    FUZZ_CHECK((unsigned)xs_audit_record_validity(r) <= XS_VALIDITY_UNKNOWN, "validity");
    bool unreadable = role == XS_AUDIT_UNPARSED || role == XS_AUDIT_MALFORMED;
    const char *subject = xs_audit_record_subject(r);
    FUZZ_CHECK(subject != NULL && fuzz_utf8_ok(subject, strlen(subject)),
               "record subject is not clean UTF-8");
    const char *error = xs_audit_record_error(r);
    FUZZ_CHECK(error == NULL || fuzz_is_one_line(error), "record error is not one line");
    FUZZ_CHECK(!unreadable || error != NULL, "an unreadable record does not say why");
    if (role != XS_AUDIT_MALFORMED && !aux) {
        unsigned char md[32];
        unsigned int md_len = 0;
        char want[65];
        FUZZ_CHECK(EVP_Digest(der, len, md, &md_len, EVP_sha256(), NULL), "SHA-256");
        for (unsigned i = 0; i < md_len; i++) {
            snprintf(want + 2 * i, 3, "%02x", md[i]);
        }
        const char *sha = xs_audit_record_sha256(r);
        FUZZ_CHECK(sha != NULL && strcmp(sha, want) == 0,
                   "record fingerprint %s, the bytes' %s", sha ? sha : "(null)", want);
    }
    for (size_t p = 0; p < xs_auditor_policy_count(a); p++) {
        const xs_report *rep = xs_audit_record_report(r, p);
        bool judged = xs_audit_record_judged(r, p), rejected = xs_audit_record_rejected(r, p);
        if (unreadable) {
            FUZZ_CHECK(judged && rejected, "an %s certificate is not rejected under %s",
                       xs_audit_role_name(role), xs_auditor_policy_name(a, p));
        }
        if (rep != NULL) {
            fuzz_check_report(rep, FUZZ_REPORT_ANY, 0);
            FUZZ_CHECK(judged, "a report without a judgment");
            FUZZ_CHECK(rejected == (unreadable || xs_report_verdict(rep) == XS_VERDICT_REJECT),
                       "the record's verdict under %s is not its report's",
                       xs_auditor_policy_name(a, p));
        }
        const xs_report *valid = xs_audit_record_report_in_validity(r, p);
        if (valid != NULL) {
            fuzz_check_report(valid, FUZZ_REPORT_ANY, 0);
        }
    }
}

static char *stream_json(const xs_audit_record *r)
{
    uint8_t *out = NULL;
    size_t len = 0;
    FUZZ_CHECK(xs_audit_record_emit(r, XS_FORMAT_JSON, XS_AUDIT_EMIT_STREAM, &out, &len) == XS_OK,
               "stream JSON");
    return (char *)out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const xs_policy *policies[XS_AUDIT_MAX_POLICIES];
    size_t npol = policies_of(policies);
    size_t pick = fuzz_pick(data, size, 8);
    unsigned auditor_flags = pick == 0 ? XS_AUDIT_LINT_ONLY : 0;
    unsigned flags = pick == 1 ? XS_AUDIT_TRUSTED_AUX : 0;
    xs_auditor *a = NULL;
    char err[256] = "";
    FUZZ_CHECK(xs_auditor_new(&a, policies, npol, auditor_flags, err, sizeof(err)) == XS_OK,
               "xs_auditor_new: %s", err);

    /* the elements after the first are members of the store */
    size_t first = element_len(data, size);
    if (first == 0) {
        first = size;
    }
    size_t at = first;
    for (size_t m = 0; m < MAX_MEMBERS && at < size; m++) {
        size_t n = element_len(data + at, size - at);
        if (n == 0) {
            break;
        }
        bool added = false;
        xs_status st = xs_auditor_add_store_member(a, data + at, n, 0, &added);
        FUZZ_CHECK(st == XS_OK, "add_store_member: %s", xs_status_string(st));
        at += n;
    }
    const uint8_t *der = data;
    size_t len = flags & XS_AUDIT_TRUSTED_AUX ? size : first;

    xs_audit_origin origin = {.source = "fuzz", .position = 1};
    xs_audit_record *r = NULL, *again = NULL;
    xs_status st = xs_audit_judge(a, &r, der, len, flags, &origin, FUZZ_TIME);
    FUZZ_CHECK(st == XS_OK && r != NULL, "xs_audit_judge: %s", xs_status_string(st));
    check_record(r, a, der, len, (flags & XS_AUDIT_TRUSTED_AUX) != 0);
    check_renderings(r, a);

    st = xs_audit_judge(a, &again, der, len, flags, &origin, FUZZ_TIME);
    FUZZ_CHECK(st == XS_OK && again != NULL, "xs_audit_judge again: %s", xs_status_string(st));
    char *j1 = stream_json(r), *j2 = stream_json(again);
    FUZZ_CHECK(strcmp(j1, j2) == 0, "judged twice, the records differ:\n%s%s", j1, j2);
    xs_free(j1);
    xs_free(j2);

    xs_audit_summary *s = NULL;
    FUZZ_CHECK(xs_audit_summary_new(&s, a, 0, npol > 1 ? 1 : -1, 0) == XS_OK, "summary");
    xs_audit_summary_add(s, r);
    FUZZ_CHECK(xs_audit_summary_get(s, XS_AUDIT_MEMBERS) == 1 &&
                   xs_audit_summary_get(s, XS_AUDIT_CERTIFICATES) ==
                       (xs_audit_record_role(r) == XS_AUDIT_MALFORMED ? 0u : 1u),
               "the summary counts %llu members, %llu certificates",
               (unsigned long long)xs_audit_summary_get(s, XS_AUDIT_MEMBERS),
               (unsigned long long)xs_audit_summary_get(s, XS_AUDIT_CERTIFICATES));
    uint8_t *out = NULL;
    size_t out_len = 0;
    st = xs_audit_summary_emit(s, XS_FORMAT_JSON, 0, &out, &out_len);
    check_output("summary", XS_FORMAT_JSON, st, out, out_len);

    xs_audit_summary_free(s);
    xs_audit_record_free(again);
    xs_audit_record_free(r);
    xs_auditor_free(a);
    return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return dermut_mutate(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed)
{
    return dermut_crossover(data1, size1, data2, size2, out, max_out_size, seed);
}
