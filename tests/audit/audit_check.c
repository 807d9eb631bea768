/*
 * audit_check: reads what x509strict audit writes, for the audit tests.
 *
 *   audit_check json FILE              FILE is one strict JSON value
 *   audit_check jsonl FILE             every line is a JSON object; prints the count
 *   audit_check cbor FILE              FILE is exactly one CBOR data item
 *   audit_check cbor-seq FILE          FILE is a CBOR sequence; prints the count
 *   audit_check get FILE PATH          prints a JSON value ("summary/members",
 *                                      "certificates/3/role"); strings bare
 *   audit_check lines FILE KEY         prints KEY of every JSON Lines record
 *   audit_check same FILE.json FILE.cbor   the two hold the same data
 *   audit_check same-seq FILE.jsonl FILE.cborseq   record by record
 *   audit_check record FILE.jsonl SHA256|- POLICY  the verdict and the sorted
 *                                      error mnemonics of one record under POLICY
 *                                      (the record of that certificate, or the first)
 *   audit_check golden EXPECTED.txt FILE.jsonl INDEX
 *                                      record INDEX (from 0) says, under every policy
 *                                      of EXPECTED.txt (a corpus golden file) that it
 *                                      judged, the same verdict, the same findings
 *                                      (mnemonic, depth, severity) and the same
 *                                      Python outcome
 *
 * Exit status 0 when the check holds, 1 when it does not, 2 on misuse.
 */
#include <cbor.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "audit_check: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n;
    char *buf = malloc(cap);
    *len = 0;
    while (buf != NULL && (n = fread(buf + *len, 1, cap - *len, f)) > 0) {
        *len += n;
        if (*len == cap) {
            char *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    return buf;
}

static void print_value(const tj_value *v)
{
    double d;
    bool b;
    switch (tj_type_of(v)) {
    case TJ_STRING:
        printf("%s\n", tj_string(v, NULL));
        break;
    case TJ_NUMBER:
        tj_number(v, &d);
        printf("%.0f\n", d);
        break;
    case TJ_BOOL:
        tj_bool(v, &b);
        printf("%s\n", b ? "true" : "false");
        break;
    case TJ_NULL:
        printf("null\n");
        break;
    case TJ_ARRAY:
    case TJ_OBJECT:
        printf("%zu\n", tj_len(v));
        break;
    default:
        printf("(absent)\n");
    }
}

static const tj_value *walk(const tj_value *v, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", path);
    char *save = NULL;
    for (char *part = strtok_r(buf, "/", &save); part != NULL && v != NULL;
         part = strtok_r(NULL, "/", &save)) {
        char *end = NULL;
        unsigned long i = strtoul(part, &end, 10);
        v = *end == 0 && tj_type_of(v) == TJ_ARRAY ? tj_at(v, i) : tj_get(v, part);
    }
    return v;
}

/* same_value compares a JSON value with a CBOR item: maps by key, arrays
 * in order, numbers by value. */
static bool same_value(const tj_value *j, const cbor_item_t *c)
{
    switch (tj_type_of(j)) {
    case TJ_NULL:
        return cbor_is_null(c);
    case TJ_BOOL: {
        bool b = false;
        tj_bool(j, &b);
        return cbor_is_bool(c) && cbor_get_bool(c) == b;
    }
    case TJ_NUMBER: {
        double d = 0;
        tj_number(j, &d);
        if (cbor_isa_uint(c)) {
            return d >= 0 && (double)cbor_get_int(c) == d;
        }
        if (cbor_isa_negint(c)) {
            return d < 0 && -1.0 - (double)cbor_get_int(c) == d;
        }
        return false;
    }
    case TJ_STRING: {
        size_t len = 0;
        const char *s = tj_string(j, &len);
        return cbor_isa_string(c) && cbor_string_is_definite(c) && cbor_string_length(c) == len &&
               memcmp(cbor_string_handle(c), s, len) == 0;
    }
    case TJ_ARRAY: {
        if (!cbor_isa_array(c) || cbor_array_size(c) != tj_len(j)) {
            return false;
        }
        for (size_t i = 0; i < tj_len(j); i++) {
            cbor_item_t *item = cbor_array_get(c, i);
            bool same = same_value(tj_at(j, i), item);
            cbor_decref(&item);
            if (!same) {
                return false;
            }
        }
        return true;
    }
    case TJ_OBJECT: {
        if (!cbor_isa_map(c) || cbor_map_size(c) != tj_len(j)) {
            return false;
        }
        struct cbor_pair *pairs = cbor_map_handle(c);
        for (size_t i = 0; i < cbor_map_size(c); i++) {
            if (!cbor_isa_string(pairs[i].key)) {
                return false;
            }
            char key[256];
            size_t n = cbor_string_length(pairs[i].key);
            if (n >= sizeof(key)) {
                return false;
            }
            memcpy(key, cbor_string_handle(pairs[i].key), n);
            key[n] = 0;
            if (!same_value(tj_get(j, key), pairs[i].value)) {
                fprintf(stderr, "audit_check: differs at key %s\n", key);
                return false;
            }
        }
        return true;
    }
    default:
        return false;
    }
}

/* cbor_items counts the data items of a CBOR sequence, or returns -1. */
static long cbor_items(const char *data, size_t len, cbor_item_t ***items)
{
    size_t off = 0;
    long n = 0;
    while (off < len) {
        struct cbor_load_result res;
        cbor_item_t *item = cbor_load((const cbor_data)data + off, len - off, &res);
        if (item == NULL || res.error.code != CBOR_ERR_NONE) {
            fprintf(stderr, "audit_check: bad CBOR at byte %zu\n", off + res.error.position);
            return -1;
        }
        if (items != NULL) {
            *items = realloc(*items, (size_t)(n + 1) * sizeof(**items));
            (*items)[n] = item;
        } else {
            cbor_decref(&item);
        }
        n++;
        off += res.read;
    }
    return n;
}

static int check_same_seq(const char *jpath, const char *cpath)
{
    size_t jlen = 0, clen = 0;
    char *j = slurp(jpath, &jlen), *c = slurp(cpath, &clen);
    cbor_item_t **items = NULL;
    long n = j && c ? cbor_items(c, clen, &items) : -1;
    int rc = n >= 0 ? 0 : 1;
    long line = 0;
    for (char *p = j, *nl; rc == 0 && p != NULL && p < j + jlen; p = nl + 1, line++) {
        nl = memchr(p, '\n', (size_t)(j + jlen - p));
        if (nl == NULL) {
            nl = j + jlen;
        }
        tj_doc *doc = tj_parse(p, (size_t)(nl - p), NULL);
        if (doc == NULL || line >= n || !same_value(tj_root(doc), items[line])) {
            fprintf(stderr, "audit_check: record %ld differs\n", line + 1);
            rc = 1;
        }
        tj_free(doc);
    }
    if (rc == 0 && line != n) {
        fprintf(stderr, "audit_check: %ld JSON lines, %ld CBOR items\n", line, n);
        rc = 1;
    }
    for (long i = 0; i < n; i++) {
        cbor_decref(&items[i]);
    }
    free(items);
    free(j);
    free(c);
    return rc;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* print_errors prints the sorted mnemonics of `findings` that are errors:
 * under `policy` (an audit record's severity map), or plainly (a report). */
static void print_errors(const tj_value *findings, const char *policy)
{
    const char *names[512];
    size_t n = 0;
    for (size_t i = 0; i < tj_len(findings) && n < 512; i++) {
        const tj_value *f = tj_at(findings, i);
        const tj_value *sev = tj_get(f, "severity");
        bool error = policy != NULL ? tj_string_is(tj_get(sev, policy), "error")
                                    : tj_string_is(sev, "error");
        const char *m = tj_string(tj_get(f, "mnemonic"), NULL);
        bool seen = false;
        for (size_t k = 0; k < n && m != NULL; k++) {
            seen = seen || strcmp(names[k], m) == 0;
        }
        if (error && m != NULL && !seen) {
            names[n++] = m;
        }
    }
    qsort(names, n, sizeof(*names), compare_strings);
    for (size_t i = 0; i < n; i++) {
        printf(" %s", names[i]);
    }
}

static int check_record(const char *data, size_t len, const char *sha, const char *policy)
{
    for (const char *p = data, *nl; p < data + len; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(data + len - p));
        if (nl == NULL) {
            nl = data + len;
        }
        tj_doc *doc = tj_parse(p, (size_t)(nl - p), NULL);
        const tj_value *r = tj_root(doc);
        if (doc != NULL && (strcmp(sha, "-") == 0 || tj_string_is(tj_get(r, "sha256"), sha))) {
            printf("%s %s", policy, tj_string(tj_get(tj_get(r, "verdicts"), policy), NULL));
            print_errors(tj_get(r, "findings"), policy);
            printf("\n");
            tj_free(doc);
            return 0;
        }
        tj_free(doc);
    }
    printf("%s (no record)\n", policy);
    return 1;
}

/* A finding as "MNEMONIC DEPTH SEVERITY", for sorting and comparing. */
typedef struct {
    char text[160];
} finding_text;

static int compare_findings(const void *a, const void *b)
{
    return strcmp(((const finding_text *)a)->text, ((const finding_text *)b)->text);
}

/* record_at returns record `index` of a JSON Lines file (parsed), or NULL. */
static tj_doc *record_at(const char *data, size_t len, long index)
{
    long i = 0;
    for (const char *p = data, *nl; p < data + len; p = nl + 1, i++) {
        nl = memchr(p, '\n', (size_t)(data + len - p));
        if (nl == NULL) {
            nl = data + len;
        }
        if (i == index) {
            return tj_parse(p, (size_t)(nl - p), NULL);
        }
    }
    return NULL;
}

static bool same_python(const tj_value *py, const char *want)
{
    if (strncmp(want, "none", 4) == 0) {
        return tj_type_of(py) == TJ_NULL;
    }
    if (strcmp(want, "accept") == 0) {
        return tj_string_is(tj_get(py, "outcome"), "accept");
    }
    char *end = NULL;
    long code = strtol(want, &end, 10);
    long long got = -1;
    tj_integer(tj_get(py, "verify_code"), &got);
    return end != want && got == code && *end == ' ' &&
           tj_string_is(tj_get(py, "verify_message"), end + 1);
}

/* check_policy compares one [policy] section (lines[from, to)) with the
 * record; prints what differs. */
static bool check_policy(const tj_value *rec, const char *policy, char **lines, size_t from,
                         size_t to, const char *what)
{
    const tj_value *verdict = tj_get(tj_get(rec, "verdicts"), policy);
    bool ok = true;
    finding_text want[256], got[256];
    size_t nwant = 0, ngot = 0;
    for (size_t i = from; i < to; i++) {
        const char *l = lines[i];
        if (strncmp(l, "verdict: ", 9) == 0 && !tj_string_is(verdict, l + 9)) {
            fprintf(stderr, "%s [%s]: verdict %s, golden %s\n", what, policy,
                    tj_string(verdict, NULL), l + 9);
            ok = false;
        } else if (strncmp(l, "python: ", 8) == 0 && !same_python(tj_get(rec, "python"), l + 8)) {
            fprintf(stderr, "%s [%s]: Python outcome differs from golden '%s'\n", what, policy,
                    l + 8);
            ok = false;
        } else if (strncmp(l, "  ", 2) == 0 && nwant < 256) {
            snprintf(want[nwant++].text, sizeof(want[0].text), "%s", l + 2);
        }
    }
    const tj_value *findings = tj_get(rec, "findings");
    for (size_t i = 0; i < tj_len(findings) && ngot < 256; i++) {
        const tj_value *f = tj_at(findings, i);
        const char *sev = tj_string(tj_get(tj_get(f, "severity"), policy), NULL);
        long long depth = 0;
        tj_integer(tj_get(f, "depth"), &depth);
        if (sev != NULL) {
            snprintf(got[ngot++].text, sizeof(got[0].text), "%s %lld %s",
                     tj_string(tj_get(f, "mnemonic"), NULL), depth, sev);
        }
    }
    qsort(want, nwant, sizeof(want[0]), compare_findings);
    qsort(got, ngot, sizeof(got[0]), compare_findings);
    bool same = nwant == ngot;
    for (size_t i = 0; same && i < nwant; i++) {
        same = strcmp(want[i].text, got[i].text) == 0;
    }
    if (!same) {
        fprintf(stderr, "%s [%s]: findings differ\n", what, policy);
        for (size_t i = 0; i < nwant; i++) {
            fprintf(stderr, "    golden: %s\n", want[i].text);
        }
        for (size_t i = 0; i < ngot; i++) {
            fprintf(stderr, "    audit:  %s\n", got[i].text);
        }
        ok = false;
    }
    return ok;
}

static int check_golden(const char *expected_path, const char *jsonl, size_t jsonl_len, long index)
{
    size_t len = 0;
    char *text = slurp(expected_path, &len);
    tj_doc *doc = record_at(jsonl, jsonl_len, index);
    if (text == NULL || doc == NULL) {
        fprintf(stderr, "%s: no record %ld\n", expected_path, index);
        free(text);
        tj_free(doc);
        return 1;
    }
    char *lines[4096];
    size_t n = 0;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l != NULL && n < 4096;
         l = strtok_r(NULL, "\n", &save)) {
        lines[n++] = l;
    }
    bool ok = true;
    size_t compared = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i][0] != '[') {
            continue;
        }
        char policy[96];
        snprintf(policy, sizeof(policy), "%.*s", (int)strcspn(lines[i] + 1, "]"), lines[i] + 1);
        size_t end = i + 1;
        while (end < n && lines[end][0] != '[') {
            end++;
        }
        if (tj_get(tj_get(tj_root(doc), "verdicts"), policy) != NULL) {
            ok = check_policy(tj_root(doc), policy, lines, i + 1, end, expected_path) && ok;
            compared++;
        }
    }
    free(text);
    tj_free(doc);
    return ok && compared > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr,
                "usage: audit_check json|jsonl|cbor|cbor-seq|get|lines|same|same-seq|record|golden "
                "...\n");
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "same-seq") == 0 && argc == 4) {
        return check_same_seq(argv[2], argv[3]);
    }
    size_t len = 0;
    char *data = slurp(argv[2], &len);
    if (data == NULL) {
        return 2;
    }
    int rc = 1;
    if (strcmp(cmd, "json") == 0) {
        rc = tj_validate(data, len) ? 0 : 1;
    } else if (strcmp(cmd, "jsonl") == 0 || (strcmp(cmd, "lines") == 0 && argc == 4)) {
        long count = 0;
        rc = 0;
        for (char *p = data, *nl; p < data + len; p = nl + 1) {
            nl = memchr(p, '\n', (size_t)(data + len - p));
            if (nl == NULL) {
                fprintf(stderr, "audit_check: the last line has no newline\n");
                rc = 1;
                break;
            }
            tj_doc *doc = tj_parse(p, (size_t)(nl - p), NULL);
            if (doc == NULL || tj_type_of(tj_root(doc)) != TJ_OBJECT) {
                fprintf(stderr, "audit_check: line %ld is not a JSON object\n", count + 1);
                rc = 1;
            } else if (argc == 4) {
                print_value(walk(tj_root(doc), argv[3]));
            }
            tj_free(doc);
            count++;
        }
        if (strcmp(cmd, "jsonl") == 0) {
            printf("%ld\n", count);
        }
    } else if (strcmp(cmd, "cbor") == 0 || strcmp(cmd, "cbor-seq") == 0) {
        long n = cbor_items(data, len, NULL);
        rc = n < 0 || (strcmp(cmd, "cbor") == 0 && n != 1) ? 1 : 0;
        if (strcmp(cmd, "cbor-seq") == 0 && n >= 0) {
            printf("%ld\n", n);
        }
    } else if (strcmp(cmd, "record") == 0 && argc == 5) {
        rc = check_record(data, len, argv[3], argv[4]);
    } else if (strcmp(cmd, "golden") == 0 && argc == 5) {
        free(data);
        data = slurp(argv[3], &len);
        rc = data != NULL ? check_golden(argv[2], data, len, strtol(argv[4], NULL, 10)) : 2;
    } else if (strcmp(cmd, "get") == 0 && argc == 4) {
        tj_doc *doc = tj_parse(data, len, NULL);
        if (doc != NULL) {
            print_value(walk(tj_root(doc), argv[3]));
            rc = 0;
        }
        tj_free(doc);
    } else if (strcmp(cmd, "same") == 0 && argc == 4) {
        size_t clen = 0;
        char *c = slurp(argv[3], &clen);
        tj_doc *doc = tj_parse(data, len, NULL);
        struct cbor_load_result res;
        cbor_item_t *item = c != NULL ? cbor_load((cbor_data)c, clen, &res) : NULL;
        rc = doc != NULL && item != NULL && res.read == clen && same_value(tj_root(doc), item)
                 ? 0
                 : 1;
        if (item != NULL) {
            cbor_decref(&item);
        }
        tj_free(doc);
        free(c);
    } else {
        fprintf(stderr, "audit_check: unknown check '%s'\n", cmd);
        rc = 2;
    }
    free(data);
    return rc;
}
