/*
 * context.c: the certificates that intermediates and leaves are chained
 * against (not with --lint-only): --trust, --untrusted, and the CAs of the
 * stores given as files and directories, which are read twice: first for
 * their CAs, then to judge them all. A stream on standard input cannot be
 * read twice: its certificates are chained against --trust (default: the
 * system store) and --untrusted.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"

static int load_context_paths(run *R, const char *const *paths, size_t n, bool trusted)
{
    for (size_t i = 0; i < n; i++) {
        xs_certs *certs = NULL;
        if (xs_certs_new(&certs) != XS_OK) {
            return cli_fail("out of memory");
        }
        int status = cli_load_certs(certs, paths[i]) == 0 ? -1 : EXIT_INPUT;
        xs_status st = XS_OK;
        if (status < 0) {
            st = trusted ? xs_auditor_add_trust(R->auditor, certs)
                         : xs_auditor_add_untrusted(R->auditor, certs);
        }
        xs_certs_free(certs);
        if (st != XS_OK) {
            return cli_fail("audit: %s: %s", paths[i], xs_status_string(st));
        }
        if (status >= 0) {
            return status;
        }
    }
    return -1;
}

/* add_store_member offers one member of a store to the auditor, which
 * keeps the CAs. */
static int add_store_member(run *R, const reader *rd, const member *m)
{
    xs_status st = xs_auditor_add_store_member(
        R->auditor, m->data, m->len, m->kind == MEMBER_AUX ? XS_AUDIT_TRUSTED_AUX : 0, NULL);
    if (st == XS_ERR_LIMIT) {
        return cli_fail("audit: %s: more than %u intermediate CAs to chain against "
                        "(XS_MAX_UNTRUSTED); use --lint-only, or split the store",
                        rd->name, XS_MAX_UNTRUSTED);
    }
    if (st != XS_OK) {
        return cli_fail("audit: %s: %s", rd->name, xs_status_string(st));
    }
    return -1;
}

/* read_source_cas reads one source file for its CAs. */
static int read_source_cas(run *R, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1; /* its record will say so */
    }
    reader rd;
    reader_init(&rd, fd, path);
    int status = -1;
    while (status < 0) {
        member m;
        int got = reader_next(&rd, &m);
        if (got == RD_END) {
            break;
        }
        if (got == RD_NEED_MORE) {
            if (reader_fill(&rd, true) == -2) {
                status = cli_fail("%s: %s", rd.name, strerror(errno));
            }
        } else if (member_der(&rd, &m)) {
            status = add_store_member(R, &rd, &m);
        }
    }
    close(fd);
    reader_cleanup(&rd);
    return status;
}

/* read_context reads the stores given as files and directories once for
 * their CAs: the context their intermediates and leaves are chained to. A
 * stream on standard input cannot be read twice. */
static int read_context(run *R)
{
    int status = -1;
    for (size_t i = 0; status < 0 && i < R->nsources; i++) {
        if (strcmp(R->sources[i].path, "-") != 0) {
            status = read_source_cas(R, R->sources[i].path);
        }
    }
    return status;
}

int load_context(run *R)
{
    int status = load_context_paths(R, R->trust, R->ntrust, true);
    if (status < 0) {
        status = load_context_paths(R, R->untrusted, R->nuntrusted, false);
    }
    if (status < 0 && R->any_stdin && R->ntrust == 0 &&
        xs_auditor_use_default_trust(R->auditor) != XS_OK) {
        status = cli_fail("audit: cannot use the system trust store");
    }
    return status < 0 ? read_context(R) : status;
}
