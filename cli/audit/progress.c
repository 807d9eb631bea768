/*
 * progress.c: the progress line on standard error, and --stats.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "audit.h"

double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress(run *R, bool final)
{
    if (R->progress == 0) {
        return;
    }
    double now = seconds_now();
    if (!final && now - R->last_progress < 0.25) {
        return;
    }
    R->last_progress = now;
    if (final) {
        if (R->progress_shown) {
            fputs("\r\x1b[K", stderr);
        }
        return;
    }
    double elapsed = now - R->started;
    double rate = elapsed > 0 ? (double)R->emitted / elapsed : 0;
    uint64_t done = R->bytes_done + (R->rd_open ? R->rd.bytes_read : 0);
    char eta[48] = "";
    if (!R->any_stdin && R->bytes_total > 0 && done > 0 && elapsed > 0.5) {
        double left = elapsed * (double)(R->bytes_total - (done < R->bytes_total ? done : R->bytes_total)) / (double)done;
        snprintf(eta, sizeof(eta), ", ETA %d:%02d", (int)(left / 60), (int)left % 60);
    }
    fprintf(stderr, "\r\x1b[Kx509strict audit: %llu certificates, %.0f/s%s",
            (unsigned long long)R->emitted, rate, eta);
    fflush(stderr);
    R->progress_shown = true;
}

/* peak_rss_kib is this process's peak resident set: VmHWM where Linux
 * gives it (ru_maxrss survives exec, so it would count what ran before). */
static long peak_rss_kib(long fallback)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = fallback;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return kib;
}

void print_stats(const run *R)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    double elapsed = seconds_now() - R->started;
    double cpu_self = (double)self.ru_utime.tv_sec + (double)self.ru_utime.tv_usec / 1e6 +
                      (double)self.ru_stime.tv_sec + (double)self.ru_stime.tv_usec / 1e6;
    double cpu_children = (double)children.ru_utime.tv_sec +
                          (double)children.ru_utime.tv_usec / 1e6 +
                          (double)children.ru_stime.tv_sec + (double)children.ru_stime.tv_usec / 1e6;
    fprintf(stderr,
            "x509strict audit: %llu records in %.3f s (%.0f/s) with %zu worker%s; CPU %.3f s "
            "(parent), %.3f s (workers); peak RSS %ld KiB (parent), %ld KiB (largest worker)\n",
            (unsigned long long)R->emitted, elapsed,
            elapsed > 0 ? (double)R->emitted / elapsed : 0.0, R->nworkers ? R->nworkers : 1,
            R->nworkers > 1 ? "s" : "", cpu_self, cpu_children, peak_rss_kib(self.ru_maxrss),
            children.ru_maxrss);
}
