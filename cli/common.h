/*
 * common.h: small writers the subcommands share for the documents they put
 * together themselves (the library renders reports and records; the
 * commands only frame them). The command uses only the library's public
 * header, which offers no JSON string or CBOR head writer of its own.
 */
#ifndef XS_CLI_COMMON_H
#define XS_CLI_COMMON_H

#include <stdint.h>
#include <stdio.h>

/* cli_json_string writes `s` as a JSON string: quoted, with '"' and '\'
 * escaped and control characters as \u00XX. */
void cli_json_string(FILE *out, const char *s);

/* cli_cbor_head writes a CBOR head (RFC 8949 3.1): major type `major`
 * with argument `n`, in the shortest form. */
void cli_cbor_head(FILE *out, uint8_t major, uint64_t n);

/* cli_cbor_text writes `s` as a CBOR text string. */
void cli_cbor_text(FILE *out, const char *s);

#endif /* XS_CLI_COMMON_H */
