/*
 * output.c: where judged records go. The streaming formats (JSON Lines,
 * CBOR sequence) write each batch of records as soon as it is judged. The
 * document formats (text, JSON, CBOR) print the list that matters (what
 * passes one policy but fails the other) and the summary before the
 * certificates, so their records wait in spill.c until the end.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "common.h"

bool handle_results(run *R, const uint8_t *payload, size_t len)
{
    cursor c = {payload, len, false};
    (void)take_u64(&c);
    uint32_t count = take_u32(&c);
    R->out.len = 0;
    for (uint32_t i = 0; i < count && !c.bad; i++) {
        size_t rec_len, change_len;
        const uint8_t *rec = take_blob(&c, &rec_len);
        const uint8_t *change = take_blob(&c, &change_len);
        if (rec != NULL && R->stream) {
            bytes_put(&R->out, rec, rec_len);
        } else if (rec != NULL) {
            spill_item(&R->records, rec, rec_len, R->format);
        }
        if (change != NULL && !R->stream) {
            spill_item(&R->changes, change, change_len, R->format);
        }
    }
    R->emitted += count;
    /* a batch's records in one write, as soon as they are judged */
    if (R->out.len > 0 && !write_all(STDOUT_FILENO, R->out.p, R->out.len)) {
        R->write_failed = true;
    }
    return !c.bad;
}

/* time_text writes `t` in RFC 3339 (four-digit years, 0000 to 9999), or
 * as @SECONDS when RFC 3339 cannot say it, as the library's records do. */
static void time_text(int64_t t, char *out, size_t len)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
        snprintf(out, len, "@%lld", (long long)t);
        return;
    }
    snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* put_emitted writes what a library emitter made (and frees it). */
static bool put_emitted(xs_status st, uint8_t *data, size_t len, bool strip_newline)
{
    if (st != XS_OK) {
        return false;
    }
    size_t n = strip_newline && len > 0 ? len - 1 : len;
    bool ok = fwrite(data, 1, n, stdout) == n;
    xs_free(data);
    return ok;
}

static bool put_summary(const run *R, xs_format format)
{
    uint8_t *data = NULL;
    size_t len = 0;
    xs_status st = xs_audit_summary_emit(R->summary, format, 0, &data, &len);
    if (st != XS_OK || format != XS_FORMAT_JSON) {
        return put_emitted(st, data, len, false);
    }
    /* one level deeper in the document: indent each line after the first */
    bool ok = true;
    for (size_t i = 0; ok && i + 1 < len; i++) {
        ok = putchar(data[i]) != EOF && (data[i] != '\n' || fputs("  ", stdout) != EOF);
    }
    xs_free(data);
    return ok;
}

static const char *changes_title(const run *R, char *buf, size_t size)
{
    const char *a = xs_auditor_policy_name(R->auditor, (size_t)R->from);
    const char *b = xs_auditor_policy_name(R->auditor, (size_t)R->to);
    if (R->compare_mode) {
        snprintf(buf, size, "Changes from %s to %s", a, b);
    } else {
        snprintf(buf, size, "Pass %s but fail %s", a, b);
    }
    return buf;
}

static bool write_text(run *R)
{
    char at[32], title[200];
    uint8_t *data = NULL;
    size_t len = 0;
    uint64_t certs = xs_audit_summary_get(R->summary, XS_AUDIT_CERTIFICATES);
    time_text(R->at, at, sizeof(at));
    printf("x509strict audit: %llu certificates from %s, at %s; %s\n", (unsigned long long)certs,
           R->origin, at,
           R->lint_only ? "each linted on its own, without a chain"
                        : "each anchor judged as the top of a chain with a synthetic leaf, other "
                          "certificates chained to the store");
    bool ok = true;
    if (R->from >= 0 && R->to >= 0) {
        printf("\n%s: %llu\n", changes_title(R, title, sizeof(title)),
               (unsigned long long)R->changes.items);
        ok = spill_copy(&R->changes, stdout);
    }
    putchar('\n');
    ok = ok && put_summary(R, XS_FORMAT_TEXT);
    if (ok && !R->compare_mode) {
        fputs("\ncertificates:\n", stdout);
        xs_status st = xs_auditor_emit_table_header(R->auditor, 0, &data, &len);
        ok = put_emitted(st, data, len, false) && spill_copy(&R->records, stdout);
    }
    return ok;
}

/* write_json_about writes the fields that say what was audited, how. */
static void write_json_about(const run *R)
{
    char at[32];
    time_text(R->at, at, sizeof(at));
    printf("{\n  \"schema\": %d,\n  \"tool\": \"x509strict %s\",\n  \"openssl\": ",
           XS_SCHEMA_VERSION, XS_VERSION_STRING);
    cli_json_string(stdout, xs_openssl_version());
    printf(",\n  \"command\": \"audit\",\n  \"at\": \"%s\",\n  \"mode\": \"%s\",\n  \"policies\": [",
           at, R->lint_only ? "lint-only" : "chain");
    for (size_t p = 0; p < R->npol; p++) {
        fputs(p ? ", " : "", stdout);
        cli_json_string(stdout, xs_auditor_policy_name(R->auditor, p));
    }
    fputs("],\n  \"sources\": [", stdout);
    for (size_t i = 0; i < R->nsources && i < 1000; i++) {
        fputs(i ? ", " : "", stdout);
        cli_json_string(stdout, R->sources[i].path);
    }
    fputs("]", stdout);
}

static bool write_json_changes(run *R)
{
    if (R->from < 0 || R->to < 0) {
        fputs("null", stdout);
        return true;
    }
    fputs("{\"from\": ", stdout);
    cli_json_string(stdout, xs_auditor_policy_name(R->auditor, (size_t)R->from));
    fputs(", \"to\": ", stdout);
    cli_json_string(stdout, xs_auditor_policy_name(R->auditor, (size_t)R->to));
    printf(", \"kind\": \"%s\", \"count\": %llu, \"certificates\": [\n",
           R->compare_mode ? "changes" : "breaks", (unsigned long long)R->changes.items);
    bool ok = spill_copy(&R->changes, stdout);
    fputs(R->changes.items ? "\n  ]}" : "]}", stdout);
    return ok;
}

static bool write_json(run *R)
{
    write_json_about(R);
    fputs(",\n  \"changes\": ", stdout);
    bool ok = write_json_changes(R);
    fputs(",\n  \"summary\": ", stdout);
    ok = ok && put_summary(R, XS_FORMAT_JSON);
    fputs(",\n  \"certificates\": ", stdout);
    if (R->compare_mode) {
        fputs("null", stdout);
    } else {
        fputs("[\n", stdout);
        ok = ok && spill_copy(&R->records, stdout);
        fputs(R->records.items ? "\n  ]" : "  ]", stdout);
    }
    fputs("\n}\n", stdout);
    return ok;
}

/* cbor_field writes a map key and a text value. */
static void cbor_field(const char *key, const char *value)
{
    cli_cbor_text(stdout, key);
    cli_cbor_text(stdout, value);
}

/* write_cbor_about opens the document's map (11 entries) and writes the
 * fields that say what was audited, how. */
static void write_cbor_about(const run *R)
{
    char at[32], tool[64];
    time_text(R->at, at, sizeof(at));
    snprintf(tool, sizeof(tool), "x509strict %s", XS_VERSION_STRING);
    cli_cbor_head(stdout, 5, 11);
    cli_cbor_text(stdout, "schema");
    cli_cbor_head(stdout, 0, XS_SCHEMA_VERSION);
    cbor_field("tool", tool);
    cbor_field("openssl", xs_openssl_version());
    cbor_field("command", "audit");
    cbor_field("at", at);
    cbor_field("mode", R->lint_only ? "lint-only" : "chain");
    cli_cbor_text(stdout, "policies");
    cli_cbor_head(stdout, 4, R->npol);
    for (size_t p = 0; p < R->npol; p++) {
        cli_cbor_text(stdout, xs_auditor_policy_name(R->auditor, p));
    }
    cli_cbor_text(stdout, "sources");
    cli_cbor_head(stdout, 4, R->nsources);
    for (size_t i = 0; i < R->nsources; i++) {
        cli_cbor_text(stdout, R->sources[i].path);
    }
}

static bool write_cbor_changes(run *R)
{
    if (R->from < 0 || R->to < 0) {
        putchar(0xF6); /* null */
        return true;
    }
    cli_cbor_head(stdout, 5, 5);
    cbor_field("from", xs_auditor_policy_name(R->auditor, (size_t)R->from));
    cbor_field("to", xs_auditor_policy_name(R->auditor, (size_t)R->to));
    cbor_field("kind", R->compare_mode ? "changes" : "breaks");
    cli_cbor_text(stdout, "count");
    cli_cbor_head(stdout, 0, R->changes.items);
    cli_cbor_text(stdout, "certificates");
    cli_cbor_head(stdout, 4, R->changes.items);
    return spill_copy(&R->changes, stdout);
}

static bool write_cbor(run *R)
{
    write_cbor_about(R);
    cli_cbor_text(stdout, "changes");
    bool ok = write_cbor_changes(R);
    cli_cbor_text(stdout, "summary");
    ok = ok && put_summary(R, XS_FORMAT_CBOR);
    cli_cbor_text(stdout, "certificates");
    if (R->compare_mode) {
        putchar(0xF6); /* null */
    } else {
        cli_cbor_head(stdout, 4, R->records.items);
        ok = ok && spill_copy(&R->records, stdout);
    }
    return ok;
}

bool write_document(run *R)
{
    switch (R->format) {
    case FMT_TEXT:
        return write_text(R);
    case FMT_JSON:
        return write_json(R);
    default:
        return write_cbor(R);
    }
}
