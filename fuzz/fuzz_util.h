/*
 * fuzz_util.h: what x509strict's fuzz harnesses share: the libFuzzer entry
 * points, a check that aborts with a message when a property breaks, the
 * fixed clock and policies every harness uses, and the invariants of a
 * report and of its three renderings.
 *
 * Scope. Each harness (fuzz_<name>.c) asserts a property of one entry point
 * of libx509strict; this file holds the checks that several of them make.
 * Everything here is deterministic: no clock, no environment, no store.
 *
 * Important caveats:
 *  - FUZZ_CHECK aborts the process, which is what libFuzzer and the replay
 *    driver (replay.c) both treat as a failure with the input saved.
 *  - The cached policies live until exit; LeakSanitizer sees them as
 *    reachable, not leaked.
 */
#ifndef XS_FUZZ_UTIL_H
#define XS_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x509strict.h"

/* The libFuzzer interface (https://llvm.org/docs/LibFuzzer.html). The
 * harnesses define the first two (Initialize where they need it) and the
 * certificate harnesses the custom mutator and cross-over; libFuzzer, or in
 * replay builds replay.c, defines LLVMFuzzerMutate. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* The clock of every harness: 2025-06-01T12:00:00Z. */
#define FUZZ_TIME INT64_C(1748779200)

#if defined(__GNUC__) || defined(__clang__)
#define FUZZ_NORETURN __attribute__((noreturn))
#define FUZZ_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define FUZZ_NORETURN
#define FUZZ_PRINTF(fmt, args)
#endif

/* fuzz_fail prints "fuzz: property violated at FILE:LINE: COND: MESSAGE"
 * on stderr and aborts. */
FUZZ_NORETURN FUZZ_PRINTF(4, 5) void fuzz_fail(const char *file, int line, const char *cond,
                                               const char *fmt, ...);

#define FUZZ_CHECK(cond, ...)                                                                    \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                                   \
        }                                                                                        \
    } while (0)

/* fuzz_tolerate is called where a property fails in the way a known, filed
 * library bug makes it fail (README.md lists them, each with its regression
 * input). It says whether the harness should carry on: yes when the
 * environment sets XS_FUZZ_TOLERATE_KNOWN=1, as fuzz/run.sh does so that a
 * long run gets past bugs already filed; no otherwise, so that replaying a
 * known bug's regression input still crashes until the bug is fixed. The
 * first hit of each bug is noted on stderr. */
bool fuzz_tolerate(const char *bug);

/* fuzz_set_tolerate overrides the environment: the replay driver replays
 * inputs strictly and its mutants tolerantly. */
void fuzz_set_tolerate(bool on);

/* fuzz_policy_all is a policy under which every rule is an error and
 * nothing is exempt: effective dates off, own checks uncapped. A finding
 * any policy can show is in a report made under it. */
const xs_policy *fuzz_policy_all(void);

/* fuzz_policy_builtin returns the builtin policy `i` (0 <= i <
 * xs_policy_builtin_count()), parsed once. */
const xs_policy *fuzz_policy_builtin(size_t i);

/* fuzz_pick hashes the input into [0, n): a deterministic choice for the
 * options an input does not spell out. */
size_t fuzz_pick(const uint8_t *data, size_t size, size_t n);

/* The kind of report fuzz_check_report is given. */
typedef enum {
    FUZZ_REPORT_LINT,   /* one certificate, no Python prediction */
    FUZZ_REPORT_VERIFY, /* a chain of one or more, with a prediction */
    FUZZ_REPORT_ANY     /* either (an audit record's) */
} fuzz_report_kind;

/* fuzz_check_report checks what every report promises: the verdict is
 * REJECT exactly when some finding is an error; each finding names a rule
 * of the table with that rule's metadata, a severity other than off, and a
 * depth on the chain (or -1); every string is one line of clean UTF-8;
 * chain entries are numbered and fingerprinted; a lint makes no Python
 * prediction and a verification does. `der_len` (0: unknown) bounds the
 * offsets. */
void fuzz_check_report(const xs_report *r, fuzz_report_kind kind, size_t der_len);

/* fuzz_check_emitters renders `r` in every format and checks each: text
 * is newline-terminated NUL-free text; JSON parses (strictly) and holds the
 * report's verdict and findings; CBOR decodes completely (libcbor) to the
 * same verdict and findings. */
void fuzz_check_emitters(const xs_report *r);

/* fuzz_check_json asserts that p[0..len) is exactly one strict JSON value;
 * fuzz_check_cbor that it is exactly one well-formed CBOR data item (libcbor
 * decodes all of it). `what` names the output in a failure. */
void fuzz_check_json(const char *what, const uint8_t *p, size_t len);
void fuzz_check_cbor(const char *what, const uint8_t *p, size_t len);

/* fuzz_utf8_ok says whether s[0..len) is well-formed UTF-8 without C0
 * control characters or DEL (what xs_utf8_sanitize promises). */
bool fuzz_utf8_ok(const char *s, size_t len);

/* fuzz_is_one_line says whether `s` is non-empty and holds no line break. */
bool fuzz_is_one_line(const char *s);

#endif /* XS_FUZZ_UTIL_H */
