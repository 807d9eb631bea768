/* Target: xs_verify and xs_verify_anchor (lib/report/verify.c): the
 *   loaders, the OpenSSL bridge (lib/chain/), every rule family on every
 *   certificate of the chain OpenSSL builds, the Python prediction and the
 *   emitters. The input is a CBOR envelope (envelope.h) holding the leaf,
 *   the intermediates the peer sends, an untrusted pool, the anchors, a
 *   policy name, a time, a purpose, a host, a depth and whether to judge the
 *   first anchor as `x509strict audit` does. Deterministic: the time and the
 *   anchors are the envelope's (default time FUZZ_TIME); the system store is
 *   never used.
 * Property: verification fails only for a reason the inputs give (the
 *   status is XS_OK; audit may refuse an anchor key it cannot stand in
 *   for); the report's invariants hold (fuzz_check_report); the chain
 *   OpenSSL built starts at the leaf (or audit's synthetic leaf) and holds
 *   only certificates the envelope gave; JSON and CBOR decode to the report.
 */
#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "dermut.h"
#include "envelope.h"
#include "fuzz_util.h"

#define MAX_ENVELOPE (256u * 1024u)

/* load appends one envelope certificate; false when it does not load. */
static bool load(xs_certs *list, env_bytes b)
{
    char err[512] = "";
    size_t before = xs_certs_count(list);
    xs_status st = xs_certs_load(list, b.p, b.len, "envelope", err, sizeof(err));
    FUZZ_CHECK(st == XS_OK || st == XS_ERR_PARSE || st == XS_ERR_LIMIT,
               "loading a certificate: %s (%s)", xs_status_string(st), err);
    FUZZ_CHECK(st == XS_OK ? xs_certs_count(list) > before : xs_certs_count(list) == before,
               "a load that %s changed the list wrongly", st == XS_OK ? "succeeded" : "failed");
    return st == XS_OK;
}

/* same_cert: `sha256` (a report's) is the fingerprint of certificate i. */
static bool same_cert(const xs_certs *list, size_t i, const char *sha256)
{
    char hex[65];
    xs_certs_sha256_hex(list, i, hex);
    return strcmp(hex, sha256) == 0;
}

static bool given(xs_certs *const *lists, size_t n, const char *sha256)
{
    for (size_t l = 0; l < n; l++) {
        for (size_t i = 0; i < xs_certs_count(lists[l]); i++) {
            if (same_cert(lists[l], i, sha256)) {
                return true;
            }
        }
    }
    return false;
}

static const xs_policy *policy_of(const envelope *e, const uint8_t *data, size_t size)
{
    if (e->policy.present) {
        if (e->policy.len == 3 && memcmp(e->policy.p, "all", 3) == 0) {
            return fuzz_policy_all();
        }
        for (size_t i = 0; i < xs_policy_builtin_count(); i++) {
            const char *name = xs_policy_builtin_name(i);
            if (strlen(name) == e->policy.len && memcmp(name, e->policy.p, e->policy.len) == 0) {
                return fuzz_policy_builtin(i);
            }
        }
    }
    return fuzz_policy_builtin(fuzz_pick(data, size, xs_policy_builtin_count()));
}

static void text_of(const env_text *t, char *out, size_t out_len)
{
    size_t n = t->len < out_len - 1 ? t->len : out_len - 1;
    memcpy(out, t->p, n);
    out[n] = 0; /* an embedded NUL ends the C string, as for a caller */
}

static void configure(xs_ctx *ctx, const envelope *e)
{
    char text[ENV_MAX_TEXT + 1];
    if (e->purpose.present) {
        xs_purpose purpose;
        text_of(&e->purpose, text, sizeof(text));
        if (xs_purpose_parse(text, &purpose) == 0) {
            FUZZ_CHECK(xs_ctx_set_purpose(ctx, purpose) == XS_OK, "set_purpose");
        }
    }
    if (e->host.present) {
        text_of(&e->host, text, sizeof(text));
        /* a DNS name or IP literal as Python's ssl takes one: visible ASCII,
         * not empty, no leading dot, at most 255 octets; anything else is
         * refused, so a report never shows it */
        size_t len = strlen(text);
        bool acceptable = len > 0 && len <= 255 && text[0] != '.';
        for (size_t i = 0; i < len; i++) {
            acceptable = acceptable && text[i] > 0x20 && text[i] < 0x7F;
        }
        xs_status st = xs_ctx_set_host(ctx, text);
        FUZZ_CHECK(st == (acceptable ? XS_OK : XS_ERR_INVALID_ARG), "set_host(\"%s\"): %s",
                   acceptable ? text : "(refusable)", xs_status_string(st));
    }
    if (e->has_max_depth) {
        int64_t d = e->max_depth;
        xs_status st = xs_ctx_set_max_depth(ctx, d < INT32_MIN ? INT32_MIN
                                                 : d > INT32_MAX ? INT32_MAX
                                                                 : (int)d);
        xs_status want = d < 0 ? XS_ERR_INVALID_ARG : d > XS_MAX_DEPTH ? XS_ERR_LIMIT : XS_OK;
        FUZZ_CHECK(st == want, "set_max_depth(%lld): %s", (long long)d, xs_status_string(st));
    }
}

/* lists: the peer chain, the pool, the anchors */
static void check_chain_report(const xs_report *r, xs_certs *const *lists, size_t n,
                               const xs_certs *leaf)
{
    fuzz_check_report(r, FUZZ_REPORT_VERIFY, 0);
    const xs_chain_cert *c0 = xs_report_chain_cert(r, 0);
    if (leaf != NULL) {
        /* even where OpenSSL put a trusted copy it finds equal in the
         * leaf's place (partial chain), depth 0 is the leaf's bytes */
        FUZZ_CHECK(same_cert(leaf, 0, c0->sha256), "the built chain does not start at the leaf");
    }
    for (size_t i = leaf != NULL ? 0 : 1; i < xs_report_chain_length(r); i++) {
        const xs_chain_cert *c = xs_report_chain_cert(r, i);
        FUZZ_CHECK(given(lists, n, c->sha256), "certificate %zu of the chain (%s) was never given",
                   i, c->sha256);
    }
    fuzz_check_emitters(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    envelope e;
    if (size > MAX_ENVELOPE || !envelope_decode(data, size, &e)) {
        return 0;
    }
    xs_certs *chain = NULL, *pool = NULL, *anchors = NULL;
    FUZZ_CHECK(xs_certs_new(&chain) == XS_OK && xs_certs_new(&pool) == XS_OK &&
                   xs_certs_new(&anchors) == XS_OK,
               "out of memory");
    xs_ctx *ctx = NULL;
    if (!load(chain, e.leaf)) {
        goto done;
    }
    /* a PEM leaf may hold more certificates: they are sent after it */
    for (size_t i = 0; i < e.count[ENV_INTERMEDIATES]; i++) {
        load(chain, e.certs[ENV_INTERMEDIATES][i]);
    }
    for (size_t i = 0; i < e.count[ENV_POOL]; i++) {
        load(pool, e.certs[ENV_POOL][i]);
    }
    for (size_t i = 0; i < e.count[ENV_ANCHORS]; i++) {
        load(anchors, e.certs[ENV_ANCHORS][i]);
    }
    const xs_policy *policy = policy_of(&e, data, size);
    FUZZ_CHECK(xs_ctx_new(&ctx, policy) == XS_OK, "xs_ctx_new");
    FUZZ_CHECK(xs_ctx_add_untrusted(ctx, pool) == XS_OK, "add_untrusted");
    FUZZ_CHECK(xs_ctx_add_trust(ctx, anchors) == XS_OK, "add_trust");
    configure(ctx, &e);
    int64_t at = e.has_time ? e.time : FUZZ_TIME;
    xs_certs *lists[] = {chain, pool, anchors};

    xs_report *r = NULL;
    xs_status st = xs_verify(ctx, &r, chain, at);
    FUZZ_CHECK(st == XS_OK, "verify: %s", xs_status_string(st));
    check_chain_report(r, lists, 3, chain);
    xs_report_free(r);

    /* any time: the stand-in leaf's validity is kept within 0000-9999 */
    if (e.audit && xs_certs_count(anchors) > 0) {
        char err[256] = "";
        r = NULL;
        st = xs_verify_anchor(ctx, &r, anchors, 0, at, err, sizeof(err));
        FUZZ_CHECK(st == XS_OK || st == XS_ERR_INVALID_ARG || st == XS_ERR_PARSE,
                   "verify_anchor: %s (%s)", xs_status_string(st), err);
        FUZZ_CHECK((st == XS_OK) == (r != NULL), "verify_anchor status and report disagree");
        if (st != XS_OK) {
            FUZZ_CHECK(fuzz_is_one_line(err), "verify_anchor failed without a message");
        } else {
            FUZZ_CHECK(xs_report_chain_length(r) >= 1, "audit chain empty");
            check_chain_report(r, lists, 3, NULL);
        }
        xs_report_free(r);
    }
done:
    xs_ctx_free(ctx);
    xs_certs_free(chain);
    xs_certs_free(pool);
    xs_certs_free(anchors);
    return 0;
}

/* ---- the envelope-aware mutator -------------------------------------------- */

static uint64_t mut_state;

static size_t roll(size_t n)
{
    mut_state = mut_state * 6364136223846793005u + 1442695040888963407u;
    return n > 0 ? (size_t)((mut_state >> 33) % n) : 0;
}

static const char *const hosts[] = {
    "example.com", "www.example.com", "WWW.EXAMPLE.COM", "a.b.example.com", "*.example.com",
    "example.org", "127.0.0.1", "::1", "192.0.2.1", "2001:db8::1", "localhost", "", "a..b",
    "xn--nxasmq6b.example", "foo_bar.example.com", "example.com.", "256.1.1.1",
};
static const char *const purposes[] = {"serverAuth", "clientAuth", "codeSigning",
                                       "emailProtection", "any", "bogus"};
static const int64_t times[] = {
    INT64_C(1748779200), INT64_C(0), INT64_C(-1), INT64_C(2524608000), INT64_C(2524607999),
    INT64_C(253402300799), INT64_C(253402300800), INT64_C(946684800), INT64_C(-62135596800),
    INT64_C(-62135596801), INT64_MAX, INT64_MIN, INT64_C(4102444800), INT64_C(1700000000),
};

/* mutate_cert mutates one certificate of the envelope into `scratch`. */
static void mutate_cert(env_bytes *b, uint8_t *scratch, size_t cap, unsigned int seed)
{
    size_t n = b->len < cap ? b->len : cap;
    memmove(scratch, b->p, n);
    n = dermut_mutate(scratch, n, cap, seed);
    *b = (env_bytes){scratch, n};
}

static void mutate_field(envelope *e, uint8_t *text_scratch)
{
    switch (roll(9)) {
    case 0:
        e->has_time = true;
        e->time = times[roll(sizeof(times) / sizeof(times[0]))];
        break;
    case 1: {
        /* a few days either way (no overflow near the extremes) */
        int64_t t = e->has_time ? e->time : FUZZ_TIME;
        if (t > INT64_MAX / 2 || t < INT64_MIN / 2) {
            t = FUZZ_TIME;
        }
        e->time = t + (int64_t)roll(8 * 86400) - 4 * 86400;
        e->has_time = true;
        break;
    }
    case 2: {
        const char *p = purposes[roll(sizeof(purposes) / sizeof(purposes[0]))];
        e->purpose = (env_text){(const uint8_t *)p, strlen(p), true};
        break;
    }
    case 3: {
        const char *h = hosts[roll(sizeof(hosts) / sizeof(hosts[0]))];
        e->host = (env_text){(const uint8_t *)h, strlen(h), roll(4) != 0};
        break;
    }
    case 4: {
        size_t i = roll(xs_policy_builtin_count() + 1);
        const char *name = i < xs_policy_builtin_count() ? xs_policy_builtin_name(i) : "all";
        e->policy = (env_text){(const uint8_t *)name, strlen(name), true};
        break;
    }
    case 5: {
        static const int64_t depths[] = {0, 1, 2, 3, 100, 255, 256, -1};
        e->has_max_depth = roll(4) != 0;
        e->max_depth = depths[roll(sizeof(depths) / sizeof(depths[0]))];
        break;
    }
    case 6:
        e->audit = !e->audit;
        break;
    case 7: /* the host, byte-mutated */
        if (e->host.present && e->host.len < ENV_MAX_TEXT) {
            memcpy(text_scratch, e->host.p, e->host.len);
            size_t n = LLVMFuzzerMutate(text_scratch, e->host.len, ENV_MAX_TEXT);
            e->host = (env_text){text_scratch, n, true};
        }
        break;
    default: {
        /* move a certificate to another list: an anchor sent as an
         * intermediate, an intermediate trusted, the leaf among them */
        env_list from = (env_list)roll(ENV__LISTS), to = (env_list)roll(ENV__LISTS);
        if (e->count[from] == 0 || e->count[to] >= ENV_MAX_CERTS) {
            break;
        }
        size_t i = roll(e->count[from]);
        env_bytes b = e->certs[from][i];
        if (roll(2)) {
            e->certs[from][i] = e->certs[from][--e->count[from]];
        }
        e->certs[to][e->count[to]++] = b;
        break;
    }
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    static uint8_t *input, *scratch, *text_scratch;
    if (input == NULL) {
        input = malloc(MAX_ENVELOPE);
        scratch = malloc(MAX_ENVELOPE);
        text_scratch = malloc(ENV_MAX_TEXT + 1);
        FUZZ_CHECK(input && scratch && text_scratch, "out of memory");
    }
    envelope e;
    if (size > MAX_ENVELOPE || max_size > MAX_ENVELOPE) {
        return LLVMFuzzerMutate(data, size, max_size);
    }
    memcpy(input, data, size);
    if (!envelope_decode(input, size, &e)) {
        return LLVMFuzzerMutate(data, size, max_size);
    }
    mut_state = seed;
    roll(1);
    size_t choice = roll(10);
    if (choice < 7) {
        /* one certificate: the leaf, or one from a list */
        size_t total = 1 + e.count[0] + e.count[1] + e.count[2];
        size_t k = roll(total);
        env_bytes *b = &e.leaf;
        for (int l = 0; l < ENV__LISTS && k > 0; l++) {
            if (k <= e.count[l]) {
                b = &e.certs[l][k - 1];
                k = 0;
            } else {
                k -= e.count[l];
            }
        }
        /* the rest of the envelope, and room for a longer CBOR head */
        size_t rest = size - b->len + 16;
        size_t room = max_size > rest + b->len ? max_size - rest : b->len;
        mutate_cert(b, scratch, room < MAX_ENVELOPE ? room : MAX_ENVELOPE, seed);
    } else if (choice < 9) {
        mutate_field(&e, text_scratch);
    } else {
        return LLVMFuzzerMutate(data, size, max_size);
    }
    size_t n = envelope_encode(&e, data, max_size);
    if (n == 0) {
        memcpy(data, input, size);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    return n;
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed)
{
    envelope a, b;
    if (!envelope_decode(data1, size1, &a) || !envelope_decode(data2, size2, &b)) {
        size_t n = size1 < max_out_size ? size1 : max_out_size;
        memcpy(out, data1, n);
        return n;
    }
    mut_state = seed;
    roll(1);
    /* take one certificate of b into a list of a */
    env_list to = (env_list)roll(ENV__LISTS);
    size_t total = 1 + b.count[0] + b.count[1] + b.count[2], k = roll(total);
    env_bytes pick = b.leaf;
    for (int l = 0; l < ENV__LISTS && k > 0; l++) {
        if (k <= b.count[l]) {
            pick = b.certs[l][k - 1];
            k = 0;
        } else {
            k -= b.count[l];
        }
    }
    if (a.count[to] < ENV_MAX_CERTS) {
        a.certs[to][a.count[to]++] = pick;
    } else {
        a.leaf = pick;
    }
    size_t n = envelope_encode(&a, out, max_out_size);
    if (n == 0) {
        n = size1 < max_out_size ? size1 : max_out_size;
        memcpy(out, data1, n);
    }
    return n;
}
