/* nethttp through include/nethttp.h only, in the four ways an application drives it.
 *
 * usage: nethttp_client MODE WORKLOAD URL N INFLIGHT WARMUP_N WARMUP_URL [CAFILE]
 *   MODE cb      callbacks on nethttp's worker; the next request is started from inside the
 *                completion callback (the natural asynchronous pattern)
 *        thread  the main thread keeps INFLIGHT requests going: completions (on the worker)
 *                count, and wake it when 8 slots are free (NETHTTP_BENCH_BATCH), and it
 *                starts the next ones
 *        sync    the main thread calls the blocking http_request_sync, one after another
 *        queue   every request is attached to one http_queue; the main thread polls its fd,
 *                dispatches, and starts the next request from the completion callback
 *   W4 uses http_request_in_stream (DATA_RECEIVE counts the bytes); the rest http_request.
 *   One options object (with caPath for https) is made once and passed to every request.
 *   Runs WARMUP_N requests of WARMUP_URL first, then measures N requests of URL and prints one
 *   RESULT line (bench_common.h). Exit status 0 only when every request succeeded with 200. */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>

#include "bench_common.h"
#include "nethttp.h"

enum mode { MODE_CB, MODE_THREAD, MODE_SYNC, MODE_QUEUE };

typedef struct ctx {
  enum mode mode;
  int stream;
  const char *url;
  long n, k;
  http_options *opts;
  http_queue *queue;
  atomic_long claimed; /* requests started or being started (may pass n) */
  atomic_long done, ok, errors;
  atomic_ullong bytes;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  long done_locked; /* MODE_THREAD: completions counted under mu */
  long started;     /* MODE_THREAD: requests started, under mu */
  long batch;       /* MODE_THREAD: refill when this many slots are free */
  int waiting;      /* MODE_THREAD: the main thread waits on cv */
  int finished;
} ctx;

static void on_data(void *ud, http_handle *req, const http_event *ev) {
  (void)req;
  ctx *c = ud;
  atomic_fetch_add_explicit(&c->bytes, ev->data_len, memory_order_relaxed);
}

static void on_done(void *ud, http_handle *req, int32_t code, const char *msg,
                    http_response *resp);

/* Starts one request; false when it could not be started (counted as done and failed). */
static int start_one(ctx *c) {
  http_handle *h = http_create();
  int32_t rc = h ? 0 : -1;
  if (h && c->queue) rc = http_set_queue(h, c->queue);
  if (rc == 0 && c->stream) rc = http_on(h, HTTP_EVENT_DATA_RECEIVE, on_data, c);
  if (rc == 0) {
    rc = c->stream ? http_request_in_stream(h, c->url, c->opts, on_done, c)
                   : http_request(h, c->url, c->opts, on_done, c);
  }
  if (rc != 0) {
    fprintf(stderr, "nethttp_client: cannot start %s: %d %s\n", c->url, (int)rc,
            http_last_error_detail());
    http_destroy(h);
    return 0;
  }
  return 1;
}

/* cb and queue modes: claim one of the n requests and start it. */
static void claim_and_start(ctx *c) {
  if (atomic_fetch_add(&c->claimed, 1) >= c->n) return;
  if (!start_one(c)) {
    atomic_fetch_add(&c->errors, 1);
    atomic_fetch_add(&c->done, 1);
  }
}

static void on_done(void *ud, http_handle *req, int32_t code, const char *msg,
                    http_response *resp) {
  ctx *c = ud;
  if (code == 0 && http_response_code(resp) == 200) {
    atomic_fetch_add_explicit(&c->ok, 1, memory_order_relaxed);
    if (!c->stream) {
      size_t len = 0;
      http_response_result(resp, &len);
      atomic_fetch_add_explicit(&c->bytes, len, memory_order_relaxed);
    }
  } else if (atomic_fetch_add(&c->errors, 1) < 5) {
    fprintf(stderr, "nethttp_client: %s: %d %s (%s), HTTP %u\n", c->url, (int)code,
            http_error_message(code), msg, resp ? http_response_code(resp) : 0);
  }
  http_response_free(resp);
  http_destroy(req);
  if (c->mode == MODE_THREAD) {
    pthread_mutex_lock(&c->mu);
    c->done_locked++;
    /* Wake the main thread when it waits and a batch of slots is free (or all are done). */
    int wake = c->waiting &&
               (c->started - c->done_locked <= c->k - c->batch || c->done_locked == c->n);
    pthread_mutex_unlock(&c->mu);
    /* Signalled after the unlock: woken while this thread still held the mutex, the main
     * thread (same CPU) would run at once, find the mutex taken, and block again. */
    if (wake) pthread_cond_signal(&c->cv);
    return;
  }
  if (c->mode == MODE_CB || c->mode == MODE_QUEUE) claim_and_start(c);
  if (atomic_fetch_add(&c->done, 1) + 1 == c->n && c->mode == MODE_CB) {
    pthread_mutex_lock(&c->mu);
    c->finished = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
  }
}

static void run(ctx *c, const char *url, long n, long k) {
  c->url = url;
  c->n = n;
  c->k = k < 1 ? 1 : k;
  atomic_store(&c->claimed, 0);
  atomic_store(&c->done, 0);
  atomic_store(&c->ok, 0);
  atomic_store(&c->errors, 0);
  atomic_store(&c->bytes, 0);
  c->done_locked = 0;
  c->finished = 0;
  switch (c->mode) {
    case MODE_CB:
      for (long i = 0; i < c->k && i < n; i++) claim_and_start(c);
      pthread_mutex_lock(&c->mu);
      while (!c->finished && atomic_load(&c->done) < n) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&c->cv, &c->mu, &ts);
      }
      pthread_mutex_unlock(&c->mu);
      break;
    case MODE_THREAD: {
      /* Refill when `batch` slots are free: one wake-up of this thread per batch. */
      const char *b = getenv("NETHTTP_BENCH_BATCH");
      c->batch = b ? atol(b) : 8;
      if (c->batch < 1) c->batch = 1;
      if (c->batch > c->k) c->batch = c->k;
      pthread_mutex_lock(&c->mu);
      c->started = 0;
      while (c->started < n) {
        while (c->started - c->done_locked > c->k - c->batch) {
          c->waiting = 1;
          pthread_cond_wait(&c->cv, &c->mu);
          c->waiting = 0;
        }
        long room = c->k - (c->started - c->done_locked);
        if (room > n - c->started) room = n - c->started;
        c->started += room;
        pthread_mutex_unlock(&c->mu);
        for (; room > 0; room--) {
          if (!start_one(c)) {
            atomic_fetch_add(&c->errors, 1);
            pthread_mutex_lock(&c->mu);
            c->done_locked++;
            pthread_mutex_unlock(&c->mu);
          }
        }
        pthread_mutex_lock(&c->mu);
      }
      while (c->done_locked < n) {
        c->waiting = 1;
        pthread_cond_wait(&c->cv, &c->mu);
        c->waiting = 0;
      }
      pthread_mutex_unlock(&c->mu);
      break;
    }
    case MODE_SYNC:
      for (long i = 0; i < n; i++) {
        http_handle *h = http_create();
        http_response *resp = NULL;
        int32_t rc = http_request_sync(h, url, c->opts, &resp);
        if (rc == 0 && http_response_code(resp) == 200) {
          size_t len = 0;
          http_response_result(resp, &len);
          atomic_fetch_add(&c->ok, 1);
          atomic_fetch_add(&c->bytes, len);
        } else if (atomic_fetch_add(&c->errors, 1) < 5) {
          fprintf(stderr, "nethttp_client: %s: %d %s\n", url, (int)rc, http_last_error_detail());
        }
        http_response_free(resp);
        http_destroy(h);
      }
      break;
    case MODE_QUEUE: {
      for (long i = 0; i < c->k && i < n; i++) claim_and_start(c);
      struct pollfd p = {.fd = http_queue_fd(c->queue), .events = POLLIN};
      while (atomic_load(&c->done) < n) {
        if (poll(&p, 1, 1000) > 0) http_queue_dispatch(c->queue);
      }
      break;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 8 || argc > 9) {
    fprintf(stderr,
            "usage: nethttp_client cb|thread|sync|queue WORKLOAD URL N INFLIGHT WARMUP_N "
            "WARMUP_URL [CAFILE]\n");
    return 2;
  }
  static ctx c;
  const char *m = argv[1];
  if (!strcmp(m, "cb")) c.mode = MODE_CB;
  else if (!strcmp(m, "thread")) c.mode = MODE_THREAD;
  else if (!strcmp(m, "sync")) c.mode = MODE_SYNC;
  else if (!strcmp(m, "queue")) c.mode = MODE_QUEUE;
  else {
    fprintf(stderr, "unknown mode %s\n", m);
    return 2;
  }
  const char *workload = argv[2], *url = argv[3], *warm_url = argv[7];
  long n = bench_atol(argv[4], "N"), k = bench_atol(argv[5], "INFLIGHT");
  long warm = bench_atol(argv[6], "WARMUP_N");
  bench_raise_nofile();
  pthread_mutex_init(&c.mu, NULL);
  pthread_cond_init(&c.cv, NULL);
  c.opts = http_options_new();
  if (argc == 9 && http_options_set_ca_path(c.opts, argv[8]) != 0) {
    fprintf(stderr, "caPath: %s\n", http_last_error_detail());
    return 1;
  }
  /* Extra request options as JSON (bench/profile.sh PROFILE_OPTIONS), e.g. the option paths
   * a real application sets: {"remoteValidation":"skip"}. */
  const char *extra = getenv("NETHTTP_BENCH_OPTIONS");
  if (extra && *extra && http_options_apply_json(c.opts, extra) != 0) {
    fprintf(stderr, "NETHTTP_BENCH_OPTIONS: %s\n", http_last_error_detail());
    return 1;
  }
  if (c.mode == MODE_QUEUE && !(c.queue = http_queue_new())) return 1;

  run(&c, warm_url, warm, k < warm ? k : warm);
  if (atomic_load(&c.ok) != warm) {
    fprintf(stderr, "nethttp_client: warm-up: %ld of %ld succeeded\n", atomic_load(&c.ok), warm);
    return 1;
  }

  c.stream = strcmp(workload, "W4") == 0;
  bench_mark a, b;
  bench_mark_now(&a);
  run(&c, url, n, k);
  bench_mark_now(&b);
  char client[32];
  snprintf(client, sizeof client, "nethttp-%s", m);
  long ok = atomic_load(&c.ok);
  bench_report(workload, client, n, ok, atomic_load(&c.bytes), &a, &b);

  http_options_free(c.opts);
  http_queue_free(c.queue);
  return ok == n ? 0 : 1;
}
