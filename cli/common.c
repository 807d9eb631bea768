#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("x509strict: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_INPUT;
}

int64_t cli_now(void)
{
    return (int64_t)time(NULL);
}

int cli_write_all(const uint8_t *data, size_t len)
{
    return fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
}

bool cli_use_color(void)
{
    const char *no_color = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == 0);
}

xs_policy *cli_load_policy(const char *name_or_path)
{
    char err[512] = "";
    xs_policy *policy = NULL;
    xs_status st = xs_policy_load(&policy, name_or_path, err, sizeof(err));
    if (st != XS_OK) {
        cli_fail("%s", err[0] ? err : xs_status_string(st));
        return NULL;
    }
    return policy;
}

int cli_load_certs(xs_certs *certs, const char *path)
{
    char err[512] = "";
    xs_status st = xs_certs_load_path(certs, path, err, sizeof(err));
    if (st != XS_OK) {
        cli_fail("%s", err[0] ? err : xs_status_string(st));
        return -1;
    }
    return 0;
}
