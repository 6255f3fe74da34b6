/* nethttp's WebSocket client through include/nethttp.h only.
 *
 * usage: ws_nethttp_client WORKLOAD N WARMUP URL     (workloads: ws_common.h)
 *        ws_nethttp_client idle C URL                (C connections held open: RSS per connection)
 *
 * Options: permessage-deflate off (libcurl has none: like for like), pings off (interval 0);
 * the rest nethttp's defaults. Events are delivered on nethttp's worker thread (no queue);
 * the OPEN listener sends the first messages and the MESSAGE listener counts each echo and
 * sends the next message from inside the callback (the natural asynchronous pattern). The
 * main thread only waits on a condition variable for the end. WARMUP messages first, then N
 * measured (the marks are taken on the worker, at the echo that ends the warm-up and at the
 * last echo); one RESULT line (bench_common.h). Exit status 0 only when every echo came back
 * whole.
 *
 * idle: one connection first (the library, its worker and the allocator warm), then the
 * resident set; then C more connections (at most 64 upgrades under way at a time, so that the
 * server's accept backlog is not overrun), each held open; the resident set again once all are
 * OPEN: (after - before) / C is the memory of one idle connection. Then all are destroyed.
 * NETHTTP_WS_DEFLATE=1 offers permessage-deflate (nethttp's default) for idle. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>

#include "bench_common.h"
#include "nethttp.h"
#include "ws_common.h"

typedef struct ctx {
  ws_workload w;
  const unsigned char *payload;
  long warm, n;
  /* worker thread only */
  int measuring;
  long target, sent, recv, ok;
  unsigned long long bytes;
  bench_mark a, b;
  /* under mu */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int finished, failed, closed;
} ctx;

static void finish(ctx *c, int failed) {
  pthread_mutex_lock(&c->mu);
  if (!c->finished) {
    c->finished = 1;
    c->failed = failed;
  }
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static int send_one(ctx *c, nethttp_ws *ws) {
  int32_t rc = nethttp_ws_send(ws, NETHTTP_WS_BINARY, c->payload, c->w.size, NULL, NULL);
  if (rc != 0) {
    fprintf(stderr, "ws_nethttp_client: send: %d %s\n", rc, http_last_error_detail());
    finish(c, 1);
    return 0;
  }
  c->sent++;
  return 1;
}

/* Starts a phase of `target` messages: the first k go out now. */
static void start_phase(ctx *c, nethttp_ws *ws, long target) {
  c->target = target;
  c->sent = c->recv = c->ok = 0;
  c->bytes = 0;
  while (c->sent < target && c->sent < c->w.inflight)
    if (!send_one(c, ws)) return;
}

static void begin_measured(ctx *c, nethttp_ws *ws) {
  c->measuring = 1;
  bench_mark_now(&c->a);
  if (c->n == 0) {
    bench_mark_now(&c->b);
    finish(c, 0);
    return;
  }
  start_phase(c, ws, c->n);
}

static void on_event(void *ud, nethttp_ws *ws, const nethttp_ws_event *e) {
  ctx *c = ud;
  switch (e->type) {
  case NETHTTP_WS_EVENT_OPEN:
    if (c->warm > 0)
      start_phase(c, ws, c->warm);
    else
      begin_measured(c, ws);
    break;
  case NETHTTP_WS_EVENT_MESSAGE:
    c->recv++;
    c->bytes += e->data_len;
    if (e->data_len == c->w.size && memcmp(e->data, c->payload, c->w.size) == 0) c->ok++;
    if (c->recv >= c->target) {
      if (c->measuring) {
        bench_mark_now(&c->b);
        finish(c, 0);
      } else if (c->ok != c->warm) {
        fprintf(stderr, "ws_nethttp_client: warm-up: %ld of %ld echoes\n", c->ok, c->warm);
        finish(c, 1);
      } else {
        begin_measured(c, ws);
      }
    } else if (c->sent < c->target) {
      send_one(c, ws);
    }
    break;
  case NETHTTP_WS_EVENT_ERROR:
    fprintf(stderr, "ws_nethttp_client: error %d %s\n", e->error_code, e->error_message);
    finish(c, 1);
    break;
  case NETHTTP_WS_EVENT_CLOSE:
    pthread_mutex_lock(&c->mu);
    c->closed = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    finish(c, 1); /* no-op when the run had finished */
    break;
  }
}

static void on_connect(void *ud, nethttp_ws *ws, int32_t code, const char *msg) {
  (void)ws;
  if (code != 0) {
    fprintf(stderr, "ws_nethttp_client: connect: %d %s\n", code, msg);
    finish(ud, 1);
  }
}

static void deadline_in(struct timespec *ts, double s) {
  clock_gettime(CLOCK_REALTIME, ts);
  ts->tv_sec += (time_t)s;
  ts->tv_nsec += (long)((s - (double)(time_t)s) * 1e9);
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
}

static nethttp_ws_options *bench_options(int deflate) {
  nethttp_ws_options *o = nethttp_ws_options_new();
  if (!o || nethttp_ws_options_set_permessage_deflate(o, deflate) != 0 ||
      nethttp_ws_options_set_ping(o, 0, 0) != 0 ||
      nethttp_ws_options_set_system_proxy(o, false) != 0) {
    fprintf(stderr, "ws_nethttp_client: options: %s\n", http_last_error_detail());
    exit(1);
  }
  return o;
}

/* --- idle ---------------------------------------------------------------------------------- */
typedef struct idle_ctx {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  long pending, opened, failed;
} idle_ctx;

static void idle_connected(void *ud, nethttp_ws *ws, int32_t code, const char *msg) {
  (void)ws;
  idle_ctx *ic = ud;
  pthread_mutex_lock(&ic->mu);
  ic->pending--;
  if (code == 0) {
    ic->opened++;
  } else {
    if (ic->failed < 5) fprintf(stderr, "ws_nethttp_client: idle connect: %d %s\n", code, msg);
    ic->failed++;
  }
  pthread_cond_broadcast(&ic->cv);
  pthread_mutex_unlock(&ic->mu);
}

static int idle(long count, const char *url) {
  bench_raise_nofile();
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if ((rlim_t)count + 64 > rl.rlim_cur)
    fprintf(stderr, "ws_nethttp_client: open-file limit %llu is too low for %ld connections\n",
            (unsigned long long)rl.rlim_cur, count);
  const char *d = getenv("NETHTTP_WS_DEFLATE");
  int deflate = d && d[0] == '1';
  nethttp_ws_options *o = bench_options(deflate);
  idle_ctx ic = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};
  nethttp_ws **hs = calloc((size_t)count + 1, sizeof *hs);
  if (!hs) return 1;
  struct timespec dl;
  deadline_in(&dl, 600);
  bench_mark a, b;
  /* hs[0]: the first connection, before the baseline. */
  for (long i = 0; i <= count; i++) {
    hs[i] = nethttp_ws_create();
    pthread_mutex_lock(&ic.mu);
    while (ic.pending >= 64 && pthread_cond_timedwait(&ic.cv, &ic.mu, &dl) != ETIMEDOUT) {}
    int late = ic.pending >= 64;
    if (!late) ic.pending++;
    pthread_mutex_unlock(&ic.mu);
    if (late) break;
    int32_t rc = hs[i] ? nethttp_ws_connect(hs[i], url, o, idle_connected, &ic) : -1;
    if (rc != 0) idle_connected(&ic, hs[i], rc, http_last_error_detail());
    if (i == 0) { /* wait for it, then the baseline */
      pthread_mutex_lock(&ic.mu);
      while (ic.pending > 0 && pthread_cond_timedwait(&ic.cv, &ic.mu, &dl) != ETIMEDOUT) {}
      int ok = ic.opened == 1;
      ic.opened = 0;
      pthread_mutex_unlock(&ic.mu);
      if (!ok) return 1;
      bench_mark_now(&a);
    }
  }
  pthread_mutex_lock(&ic.mu);
  while (ic.pending > 0 && pthread_cond_timedwait(&ic.cv, &ic.mu, &dl) != ETIMEDOUT) {}
  long opened = ic.opened, failed = ic.failed;
  pthread_mutex_unlock(&ic.mu);
  /* Let the worker settle (buffers of the last upgrades), then measure. */
  struct timespec pause = {0, 200 * 1000 * 1000};
  nanosleep(&pause, NULL);
  bench_mark_now(&b);
  long per_conn = opened ? (long)((b.rss_kib - a.rss_kib) * 1024 / opened) : 0;
  bench_report(deflate ? "idle-deflate" : "idle", "nethttp", count, opened, 0, &a, &b);
  printf("IDLE client=nethttp deflate=%d opened=%ld failed=%ld of=%ld rss_before_kib=%ld "
         "rss_after_kib=%ld bytes_per_conn=%ld nofile=%llu\n",
         deflate, opened, failed, count, a.rss_kib, b.rss_kib, per_conn,
         (unsigned long long)rl.rlim_cur);
  fflush(stdout);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i <= count; i++) nethttp_ws_destroy(hs[i]);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "ws_nethttp_client: destroyed %ld in %.3f s\n", count + 1,
          (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  free(hs);
  nethttp_ws_options_free(o);
  return opened == count ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "idle") == 0) return idle(bench_atol(argv[2], "C"), argv[3]);
  ctx c;
  memset(&c, 0, sizeof c);
  if (argc != 5 || !ws_workload_find(argv[1], &c.w)) {
    fprintf(stderr, "usage: ws_nethttp_client rtt32|tput1k|tput64k N WARMUP URL\n"
                    "       ws_nethttp_client idle C URL\n");
    return 2;
  }
  c.n = bench_atol(argv[2], "N");
  c.warm = bench_atol(argv[3], "WARMUP");
  const char *url = argv[4];
  unsigned char *payload = malloc(c.w.size);
  if (!payload) return 1;
  ws_fill(payload, c.w.size);
  c.payload = payload;
  pthread_mutex_init(&c.mu, NULL);
  pthread_cond_init(&c.cv, NULL);

  nethttp_ws_options *o = bench_options(0);
  nethttp_ws *ws = nethttp_ws_create();
  if (!ws) return 1;
  for (int t = NETHTTP_WS_EVENT_OPEN; t <= NETHTTP_WS_EVENT_ERROR; t++) nethttp_ws_on(ws, t, on_event, &c);
  int32_t rc = nethttp_ws_connect(ws, url, o, on_connect, &c);
  if (rc != 0) {
    fprintf(stderr, "ws_nethttp_client: connect: %d %s\n", rc, http_last_error_detail());
    return 1;
  }
  struct timespec dl;
  deadline_in(&dl, 300);
  pthread_mutex_lock(&c.mu);
  while (!c.finished && pthread_cond_timedwait(&c.cv, &c.mu, &dl) != ETIMEDOUT) {}
  int finished = c.finished, failed = c.failed;
  pthread_mutex_unlock(&c.mu);
  if (!finished) fprintf(stderr, "ws_nethttp_client: timed out\n");
  int good = finished && !failed;
  if (good) bench_report(c.w.name, "nethttp", c.n, c.ok, c.bytes, &c.a, &c.b);

  /* Close cleanly (bounded), then destroy. */
  if (nethttp_ws_close(ws, 1000, NULL, NULL, NULL) == 0) {
    deadline_in(&dl, 3);
    pthread_mutex_lock(&c.mu);
    while (!c.closed && pthread_cond_timedwait(&c.cv, &c.mu, &dl) != ETIMEDOUT) {}
    pthread_mutex_unlock(&c.mu);
  }
  nethttp_ws_destroy(ws);
  nethttp_ws_options_free(o);
  free(payload);
  return good && c.ok == c.n ? 0 : 1;
}
