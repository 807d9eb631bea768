/*
 * limbo_common.h: what the x509-limbo tests (test_limbo.c, test_limbo_rfc5280.c)
 * share: finding and parsing limbo.json, reading one test case, configuring
 * and running xs_verify() the way a TLS client would, and running the cases
 * in forked check chunks.
 */
#ifndef XS_LIMBO_COMMON_H
#define XS_LIMBO_COMMON_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "x509strict.h"

#define LIMBO_SKIP_EXIT_CODE 77
#define LIMBO_CASES_PER_CHUNK 500
#define LIMBO_CHUNK_TIMEOUT_SECONDS 300
#define LIMBO_DEFAULT_VALIDATION_TIME "2025-01-01T00:00:00Z"

typedef enum {
    NS_BETTERTLS,
    NS_WEBPKI,
    NS_RFC5280,
    NS_PATHLEN,
    NS_PATHOLOGICAL,
    NS_CVE,
    NS_ONLINE,
    NS_CRL,
    NS_INVALID,
    NS_OTHER,
    NS_COUNT
} namespace_id;

extern const char *const NAMESPACE_NAMES[NS_COUNT];

/* namespace_of maps a case id ("webpki::foo") to its namespace. */
namespace_id namespace_of(const char *id);

typedef enum { PEER_NAME_NONE, PEER_NAME_DNS, PEER_NAME_IP } peer_name_kind;

typedef struct {
    const char *id;
    namespace_id ns;
    xs_purpose purpose;
    const char *openssl_param_name; /* what libssl passes to X509_STORE_CTX_set_default */
    peer_name_kind host_kind;
    const char *host; /* DNS name or IP address, or NULL */
    bool has_max_depth;
    int max_depth;
    bool expect_success;
    int64_t at;
    const tj_value *trusted;   /* array of PEM strings */
    const tj_value *untrusted; /* array of PEM strings */
    const tj_value *peer;      /* PEM string */
} limbo_case;

/* The opened limbo.json. */
typedef struct {
    tj_doc *doc;
    const tj_value *testcases;
    size_t case_count;
    size_t chunk_count;
    int64_t default_time;
} limbo_file;

/* limbo_read_case fills `lc` from test case `index` of `limbo` (with its
 * default time when the case gives none), or says which field is wrong. */
const char *limbo_read_case(const limbo_file *limbo, size_t index, limbo_case *lc);

/* limbo_parse_rfc3339 reads "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)"
 * as whole seconds since the epoch; the fraction is dropped. */
bool limbo_parse_rfc3339(const char *s, int64_t *out);

/* The library's view of one case's certificates. */
typedef struct {
    xs_certs *trusted;
    xs_certs *untrusted;
    xs_certs *leaf;
} limbo_certs;

/* limbo_certs_new gives three empty lists, or false (and none) if out of
 * memory; limbo_certs_free frees them and clears `certs`. */
bool limbo_certs_new(limbo_certs *certs);
void limbo_certs_free(limbo_certs *certs);

/* limbo_verify runs xs_verify() on `certs` for `lc` under `policy`. On an
 * error status *step names the call that failed. */
xs_status limbo_verify(const xs_policy *policy, const limbo_certs *certs, const limbo_case *lc,
                       xs_report **report, const char **step);

/* limbo_free_policies frees and clears `count` policies. */
void limbo_free_policies(xs_policy *policies[], int count);

/* The cases of chunk `chunk`: [*first, *end). */
void limbo_chunk_bounds(int chunk, size_t case_count, size_t *first, size_t *end);

/* limbo_open finds limbo.json ($XS_SHARED_DIR or the build's default),
 * parses it and checks its top level. It returns EXIT_SUCCESS, the skip
 * code when the file is absent, or EXIT_FAILURE after saying why on
 * stderr; messages start with `test_name`. */
int limbo_open(const char *test_name, limbo_file *out);

/* limbo_run_chunks runs `chunk_test` once per chunk in a check suite and
 * returns how many chunks failed (-1 if the runner cannot be created). */
int limbo_run_chunks(const char *suite_name, const char *tcase_name,
                     const TTest *chunk_test, size_t chunk_count);

/* limbo_map_shared maps `size` bytes that check's forked children share
 * with the parent, or returns NULL. */
void *limbo_map_shared(size_t size);
void limbo_unmap_shared(void *p, size_t size);

#endif
