/*
 * workers.c: judging every member, in this process or, with --jobs N, in N
 * worker processes, with the results written in input order.
 *
 * Why processes and not threads: threads were measured and do not scale.
 * OpenSSL 3.0 decodes every public key (in d2i_X509) through its provider
 * decoders, taking shared read-write locks hundreds of times per
 * certificate, and two threads gained little or nothing over one, where two
 * processes share nothing (tests/bench/bench_audit measures both).
 *
 * The parent reads and splits the input, numbers the members, hands batches
 * to the workers through socket pairs (a worker that dies cannot kill the
 * parent with SIGPIPE), and writes the results back in input order, each
 * batch in one write. A worker decodes the PEM, judges, renders its records
 * itself and keeps its own summary, which it sends as counters when its
 * input ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"

#define BATCHES_PER_WORKER 3

/* ------------------------------------------------------------------------ */
/* In one process                                                            */

static void wait_readable(int fd)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
    }
}

static int run_inline(run *R)
{
    bytes batch = {0}, out = {0}, der = {0};
    int status = -1;
    bool color = R->format == FMT_TEXT && cli_use_color();
    while (status < 0) {
        uint32_t count = 0;
        int got = fill_batch(R, &batch, &count, false);
        if (got == -2) {
            status = EXIT_INPUT;
            break;
        }
        if (count > 0) {
            out.len = 0;
            if (!process_batch(R, batch.p + FRAME_HEADER, batch.len - FRAME_HEADER, color, &der, &out) ||
                !handle_results(R, out.p + FRAME_HEADER, out.len - FRAME_HEADER)) {
                status = EXIT_INPUT;
            }
            R->next_seq++;
        }
        progress(R, false);
        if (got == -1) {
            break;
        }
        if (got == 0 && count == 0) {
            wait_readable(R->rd.fd);
        }
    }
    bytes_free(&batch);
    bytes_free(&out);
    bytes_free(&der);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Worker processes                                                          */

static void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

/* worker_main judges the batches that come on `in` and sends the results
 * on `out`, then its summary's counters. It never returns. A worker reads
 * nothing else and writes nothing else. */
static _Noreturn void worker_main(run *R, int in, int out, bool color)
{
    bytes frame = {0}, results = {0}, der = {0};
    int code = 0;
    for (;;) {
        uint32_t len = 0;
        if (!read_all(in, &len, sizeof(len)) || len == 0) {
            code = 3;
            break;
        }
        frame.len = 0;
        bytes_reserve(&frame, len);
        if (!read_all(in, frame.p, len)) {
            code = 3;
            break;
        }
        if (frame.p[0] == FRAME_END) {
            break;
        }
        results.len = 0;
        if (!process_batch(R, frame.p + 1, len - 1, color, &der, &results) ||
            !write_all(out, results.p, results.len)) {
            code = 3;
            break;
        }
    }
    if (code == 0) {
        size_t n = 0;
        const uint64_t *counters = xs_audit_summary_counters(R->summary, &n);
        results.len = 0;
        size_t at = frame_begin(&results, FRAME_SUMMARY);
        bytes_u32(&results, (uint32_t)n);
        bytes_put(&results, counters, n * sizeof(*counters));
        frame_end(&results, at);
        code = write_all(out, results.p, results.len) ? 0 : 3;
    }
    bytes_free(&frame);
    bytes_free(&results);
    bytes_free(&der);
    /* exit, not _exit: a worker's standard output holds nothing (the parent
     * flushed before forking), and leak checkers run at exit */
    exit(code);
}

static int start_workers(run *R, long jobs)
{
    bool color = R->format == FMT_TEXT && cli_use_color();
    R->workers = calloc((size_t)jobs, sizeof(*R->workers));
    if (R->workers == NULL) {
        return cli_fail("out of memory");
    }
    fflush(stdout);
    fflush(stderr);
    for (long i = 0; i < jobs; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
            return cli_fail("audit: cannot start workers: %s", strerror(errno));
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(sv[0]);
            close(sv[1]);
            return cli_fail("audit: cannot start workers: %s", strerror(errno));
        }
        if (pid == 0) {
            for (size_t k = 0; k < R->nworkers; k++) {
                close(R->workers[k].sock);
            }
            close(sv[0]);
            worker_main(R, sv[1], sv[1], color);
        }
        close(sv[1]);
        set_nonblocking(sv[0]);
        R->workers[R->nworkers++] = (worker){.pid = pid, .sock = sv[0]};
    }
    return -1;
}

static worker *least_loaded(run *R)
{
    worker *best = &R->workers[0];
    for (size_t i = 1; i < R->nworkers; i++) {
        if (R->workers[i].inflight < best->inflight) {
            best = &R->workers[i];
        }
    }
    return best;
}

/* flush_worker writes what it can of the worker's queue. */
static bool flush_worker(worker *w)
{
    while (w->outq_off < w->outq.len) {
        /* a worker that died must not kill the parent with SIGPIPE */
        ssize_t n = send(w->sock, w->outq.p + w->outq_off, w->outq.len - w->outq_off,
                         MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
        w->outq_off += (size_t)n;
    }
    w->outq.len = w->outq_off = 0;
    return true;
}

typedef struct {
    bytes *slots;  /* results waiting for their turn, by batch number */
    bool *ready;
    size_t window;
    uint64_t next_emit;
} reorder;

/* read_worker takes in what the worker sent: results wait in `ro` for
 * their turn; a summary is merged. Returns false when it failed. */
static bool read_worker(run *R, worker *w, reorder *ro)
{
    bytes_reserve(&w->inbuf, 256 * 1024);
    ssize_t n = read(w->sock, w->inbuf.p + w->inbuf.len, w->inbuf.cap - w->inbuf.len);
    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
    if (n == 0) {
        w->closed = true;
        return w->ended;
    }
    w->inbuf.len += (size_t)n;
    size_t off = 0;
    while (w->inbuf.len - off >= sizeof(uint32_t)) {
        uint32_t len;
        memcpy(&len, w->inbuf.p + off, sizeof(len));
        if (w->inbuf.len - off - sizeof(len) < len) {
            break;
        }
        const uint8_t *frame = w->inbuf.p + off + sizeof(len);
        if (len >= 1 + 8 && frame[0] == FRAME_RESULTS) {
            uint64_t seq;
            memcpy(&seq, frame + 1, sizeof(seq));
            size_t slot = (size_t)(seq % ro->window);
            ro->slots[slot].len = 0;
            bytes_put(&ro->slots[slot], frame + 1, len - 1);
            ro->ready[slot] = true;
            w->inflight--;
        } else if (len >= 1 + 4 && frame[0] == FRAME_SUMMARY) {
            cursor c = {frame + 1, len - 1, false};
            uint32_t count = take_u32(&c);
            const uint8_t *counters = take(&c, (size_t)count * sizeof(uint64_t));
            uint64_t *copy = counters != NULL ? malloc((size_t)count * sizeof(uint64_t) + 1) : NULL;
            if (copy == NULL) {
                return false;
            }
            memcpy(copy, counters, (size_t)count * sizeof(uint64_t));
            xs_status st = xs_audit_summary_merge(R->summary, copy, count);
            free(copy);
            if (st != XS_OK) {
                return false;
            }
            w->ended = true;
        } else {
            return false;
        }
        off += sizeof(len) + len;
    }
    memmove(w->inbuf.p, w->inbuf.p + off, w->inbuf.len - off);
    w->inbuf.len -= off;
    return true;
}

static int reap_workers(run *R, int status)
{
    for (size_t i = 0; i < R->nworkers; i++) {
        worker *w = &R->workers[i];
        int ws = 0;
        close(w->sock);
        if (status >= 0) {
            kill(w->pid, SIGTERM);
        }
        while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR) {
        }
        if (status < 0 && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0)) {
            status = cli_fail("audit: worker %zu failed (%s %d)", i + 1,
                              WIFSIGNALED(ws) ? "signal" : "exit status",
                              WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
        }
        bytes_free(&w->outq);
        bytes_free(&w->inbuf);
    }
    return status;
}

static bool reorder_init(reorder *ro, size_t window)
{
    *ro = (reorder){calloc(window, sizeof(*ro->slots)), calloc(window, sizeof(*ro->ready)),
                    window, 0};
    return ro->slots != NULL && ro->ready != NULL;
}

static void reorder_free(reorder *ro)
{
    for (size_t i = 0; ro->slots != NULL && i < ro->window; i++) {
        bytes_free(&ro->slots[i]);
    }
    free(ro->slots);
    free(ro->ready);
}

/* dispatch_batches queues batches to the least loaded workers while the
 * window has room; *blocked when the input would block. */
static int dispatch_batches(run *R, const reorder *ro, bytes *batch, bool *blocked)
{
    *blocked = false;
    while (!R->input_done && R->next_seq - ro->next_emit < ro->window) {
        uint32_t count = 0;
        int got = fill_batch(R, batch, &count, false);
        if (got == -2) {
            return EXIT_INPUT;
        }
        if (count > 0) {
            worker *w = least_loaded(R);
            bytes_put(&w->outq, batch->p, batch->len);
            w->inflight++;
            R->next_seq++;
        }
        if (got == 0) {
            *blocked = true;
            break;
        }
    }
    return -1;
}

/* end_when_done tells every worker to end, once, when all is judged. */
static void end_when_done(run *R, const reorder *ro, bool *ended_sent)
{
    static const uint8_t end_frame[] = {1, 0, 0, 0, FRAME_END};
    if (R->input_done && ro->next_emit == R->next_seq && !*ended_sent) {
        for (size_t i = 0; i < R->nworkers; i++) {
            bytes_put(&R->workers[i].outq, end_frame, sizeof(end_frame));
        }
        *ended_sent = true;
    }
}

static bool all_workers_closed(const run *R)
{
    for (size_t i = 0; i < R->nworkers; i++) {
        if (!R->workers[i].closed) {
            return false;
        }
    }
    return true;
}

/* poll_set lists what to wait for: workers to read from and write to, and
 * the input when it would block. */
static size_t poll_set(const run *R, struct pollfd *fds, bool blocked)
{
    size_t nfds = 0;
    for (size_t i = 0; i < R->nworkers; i++) {
        const worker *w = &R->workers[i];
        short events = (short)((w->closed ? 0 : POLLIN) |
                               (w->outq.len > w->outq_off ? POLLOUT : 0));
        if (events != 0) {
            fds[nfds++] = (struct pollfd){w->sock, events, 0};
        }
    }
    if (blocked) {
        fds[nfds++] = (struct pollfd){R->rd.fd, POLLIN, 0};
    }
    return nfds;
}

/* exchange writes to and reads from every worker what it can. */
static int exchange(run *R, reorder *ro)
{
    for (size_t i = 0; i < R->nworkers; i++) {
        worker *w = &R->workers[i];
        if (!flush_worker(w) || (!w->closed && !read_worker(R, w, ro))) {
            return cli_fail("audit: worker %zu stopped answering", i + 1);
        }
    }
    return -1;
}

/* emit_in_order hands on the results whose turn has come. */
static int emit_in_order(run *R, reorder *ro)
{
    int status = -1;
    while (status < 0 && ro->ready[ro->next_emit % ro->window]) {
        size_t slot = (size_t)(ro->next_emit % ro->window);
        if (!handle_results(R, ro->slots[slot].p, ro->slots[slot].len)) {
            status = cli_fail("audit: a worker sent a bad frame");
        }
        ro->ready[slot] = false;
        ro->next_emit++;
    }
    return status;
}

/* run_parallel keeps BATCHES_PER_WORKER batches per worker in flight and
 * writes their results in input order. */
static int run_parallel(run *R)
{
    reorder ro;
    bool ready = reorder_init(&ro, R->nworkers * BATCHES_PER_WORKER);
    struct pollfd *fds = calloc(2 * R->nworkers + 1, sizeof(*fds));
    bytes batch = {0};
    int status = ready && fds ? -1 : cli_fail("out of memory");
    bool ended_sent = false;
    while (status < 0) {
        bool blocked = false;
        status = dispatch_batches(R, &ro, &batch, &blocked);
        end_when_done(R, &ro, &ended_sent);
        if (status >= 0 || all_workers_closed(R)) {
            break;
        }
        size_t nfds = poll_set(R, fds, blocked);
        if (poll(fds, nfds, 250) < 0 && errno != EINTR) {
            status = cli_fail("audit: poll: %s", strerror(errno));
            break;
        }
        status = exchange(R, &ro);
        if (status < 0) {
            status = emit_in_order(R, &ro);
        }
        progress(R, false);
    }
    status = reap_workers(R, status);
    reorder_free(&ro);
    free(fds);
    bytes_free(&batch);
    return status;
}

int judge_all(run *R, long jobs)
{
    if (jobs <= 1) {
        return run_inline(R);
    }
    int status = start_workers(R, jobs);
    if (status < 0) {
        return run_parallel(R);
    }
    reap_workers(R, status);
    return status;
}
