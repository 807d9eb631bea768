/*
 * cli.h: what the subcommands of the x509strict command share. The command
 * uses only the library's public header.
 */
#ifndef XS_CLI_H
#define XS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "x509strict.h"
#include "x509strict_limits.h"

/* Exit statuses: the verdict, or a usage/input error. */
enum { EXIT_ACCEPT = 0, EXIT_REJECT = 1, EXIT_INPUT = 2 };

/* cli_fail prints "x509strict: MESSAGE" on stderr and returns EXIT_INPUT. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cli_now is the current time in seconds since the epoch. */
int64_t cli_now(void);

/* cli_write_all writes data to stdout; returns 0 on success. */
int cli_write_all(const uint8_t *data, size_t len);

/* cli_use_color says whether text output should be coloured: stdout is a
 * terminal and NO_COLOR is not set. */
bool cli_use_color(void);

/* cli_load_policy loads a builtin policy or a file, printing the error. */
xs_policy *cli_load_policy(const char *name_or_path);

/* cli_load_certs appends the certificates of `path` to `certs`, printing
 * the error; returns 0 on success. */
int cli_load_certs(xs_certs *certs, const char *path);

int cmd_verify(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_policies(int argc, char **argv);

#endif /* XS_CLI_H */
