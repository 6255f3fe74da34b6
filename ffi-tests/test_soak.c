/* Soak: rounds of requests against hostile and slow peers (the fault server's resets,
 * truncated bodies, closes without an answer, slow and endless bodies; nginx's files),
 * through every delivery mode (callbacks on the worker, streams, a queue drained by its own
 * thread, blocking calls from two threads), with destroys from another thread at random
 * moments (before, during, after the transfer) and short read timeouts so stalls end.
 * Checks: every request not destroyed ends exactly once; no callback starts after
 * http_destroy returned; every error code is a documented one; open descriptors and RSS
 * after the last round are back at what they were after the first (the first round brings
 * the connection pool and allocator to their steady state: a leak grows with the rounds).
 * Bounded: ROUNDS x PER_ROUND requests, at most 32 in flight, and a wall-clock cap.
 * nethttp-test-timeout: 300 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dirent.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

#define ROUNDS 3
#define PER_ROUND 240
#define MAX_IN_FLIGHT 32
#define WALL_CAP_MS 150000

typedef struct slot {
  struct http_handle *h;
  atomic_int completions;
  atomic_int late; /* callbacks that started after http_destroy returned */
  atomic_int destroy_returned;
  atomic_int done;
  int32_t code;
  bool will_destroy;
  bool stream;
} slot;

static slot slots[ROUNDS * PER_ROUND];
static atomic_int unexpected;
static atomic_long codes_seen[16];
static const int32_t documented[] = {
    0,       NETHTTP_ERR_PARTIAL_FILE, NETHTTP_ERR_TIMEOUT, 2300052 /* got nothing */,
    2300056 /* recv */, 2300055 /* send */, NETHTTP_ERR_COULDNT_CONNECT,
    2300008 /* weird reply */, NETHTTP_ERR_MAX_LIMIT /* /infinite without a stream */};
static struct http_queue *queue;
static atomic_int stop_dispatch;

static void note_code(int32_t code) {
  for (size_t i = 0; i < sizeof documented / sizeof *documented; i++)
    if (documented[i] == code) {
      atomic_fetch_add(&codes_seen[i], 1);
      return;
    }
  atomic_fetch_add(&unexpected, 1);
  fprintf(stderr, "undocumented code %d: %s\n", code, http_error_message(code));
}

static void on_done(void *ud, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)h;
  (void)msg;
  slot *s = ud;
  if (atomic_load(&s->destroy_returned)) atomic_fetch_add(&s->late, 1);
  s->code = code;
  note_code(code);
  if (resp) http_response_free(resp);
  atomic_fetch_add(&s->completions, 1);
  atomic_store(&s->done, 1);
}

static void on_event(void *ud, struct http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  slot *s = ud;
  if (atomic_load(&s->destroy_returned)) atomic_fetch_add(&s->late, 1);
}

static void *dispatcher(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_dispatch)) {
    struct pollfd p = {http_queue_fd(queue), POLLIN, 0};
    poll(&p, 1, 20);
    http_queue_dispatch(queue);
  }
  http_queue_dispatch(queue);
  return NULL;
}

static unsigned rng = 12345;
static unsigned next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static const char *paths[] = {
    "/reset", "/close", "/drop-mid-body", "/slow?chunks=5&delay_ms=20&size=2000",
    "/chunked?chunks=4&delay_ms=5&size=300", "/hold?ms=3000", "/infinite", "/bytes?n=50000",
    "/status?code=503", "/headers?n=20",
};

static void url_for(char *out, size_t n, const char *fault, const char *http, unsigned r) {
  if (r % 4 == 0)
    snprintf(out, n, "%s/%s", http, (r / 4) % 2 ? "1m.bin" : "text.txt");
  else
    snprintf(out, n, "%s%s", fault, paths[r % (sizeof paths / sizeof *paths)]);
}

typedef struct sync_arg {
  const char *fault, *http;
  int n;
  unsigned seed;
} sync_arg;

static void *sync_worker(void *p) {
  sync_arg *a = p;
  struct http_options *o = http_options_new();
  http_options_set_read_timeout(o, 1500);
  for (int i = 0; i < a->n; i++) {
    char url[512];
    a->seed = a->seed * 1103515245u + 12345u;
    url_for(url, sizeof url, a->fault, a->http, a->seed >> 8);
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    int32_t code = http_request_sync(h, url, o, &r);
    note_code(code);
    if (r) http_response_free(r);
    http_destroy(h);
  }
  http_options_free(o);
  return NULL;
}

static long count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  long n = 0;
  if (!d) return -1;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

/* One round: slots [first, first + PER_ROUND). */
static void round_run(int first, const char *fault, const char *http, uint64_t deadline) {
  struct http_options *o = http_options_new();
  http_options_set_read_timeout(o, 1500);
  http_options_set_connect_timeout(o, 2000);
  sync_arg sa[2] = {{fault, http, PER_ROUND / 12, 7u + (unsigned)first},
                    {fault, http, PER_ROUND / 12, 99u + (unsigned)first}};
  pthread_t st[2];
  for (int i = 0; i < 2; i++) pthread_create(&st[i], NULL, sync_worker, &sa[i]);

  int started = 0, destroyed = 0;
  for (int i = first; i < first + PER_ROUND && now_ms() < deadline; i++) {
    /* at most MAX_IN_FLIGHT undone */
    for (;;) {
      int busy = 0;
      for (int j = first; j < i; j++)
        if (!atomic_load(&slots[j].done) && !slots[j].will_destroy) busy++;
      if (busy < MAX_IN_FLIGHT || now_ms() > deadline) break;
      sleep_ms(2);
    }
    slot *s = &slots[i];
    unsigned r = next_rand();
    char url[512];
    url_for(url, sizeof url, fault, http, r);
    s->h = http_create();
    s->stream = r % 3 == 1;
    s->will_destroy = r % 5 == 2;
    if (r % 7 == 3) http_set_queue(s->h, queue);
    if (s->stream) http_on(s->h, HTTP_EVENT_DATA_RECEIVE, on_event, s);
    http_on(s->h, HTTP_EVENT_HEADERS_RECEIVE, on_event, s);
    int32_t rc = s->stream ? http_request_in_stream(s->h, url, o, on_done, s)
                           : http_request(s->h, url, o, on_done, s);
    CHECK(rc == 0, "start %s: %d", url, rc);
    started++;
    /* Destroy some of the earlier ones now: before, during or after their transfer. */
    if (i > first + 3) {
      slot *v = &slots[i - 1 - (int)(r % 4)];
      if (v->will_destroy && v->h != NULL && !atomic_load(&v->destroy_returned)) {
        if (r % 2) sleep_ms((long)(r % 30));
        http_destroy(v->h);
        atomic_store(&v->destroy_returned, 1);
        destroyed++;
      }
    }
  }
  for (int i = 0; i < 2; i++) pthread_join(st[i], NULL);
  /* Destroy the rest that were to be destroyed; wait for the others. */
  for (int i = first; i < first + PER_ROUND; i++) {
    slot *s = &slots[i];
    if (s->h == NULL) continue;
    if (s->will_destroy && !atomic_load(&s->destroy_returned)) {
      http_destroy(s->h);
      atomic_store(&s->destroy_returned, 1);
      destroyed++;
    }
  }
  for (int i = first; i < first + PER_ROUND; i++) {
    slot *s = &slots[i];
    if (s->h == NULL || s->will_destroy) continue;
    uint64_t until = now_ms() + 20000;
    while (!atomic_load(&s->done) && now_ms() < until) sleep_ms(5);
    CHECK(atomic_load(&s->completions) == 1, "request %d ended %d times", i,
          atomic_load(&s->completions));
    http_destroy(s->h);
    atomic_store(&s->destroy_returned, 1);
  }
  sleep_ms(100); /* late callbacks would show now */
  for (int i = first; i < first + PER_ROUND; i++) {
    CHECK(atomic_load(&slots[i].late) == 0, "request %d: %d callbacks after destroy", i,
          atomic_load(&slots[i].late));
    CHECK(atomic_load(&slots[i].completions) <= 1, "request %d: %d completions", i,
          atomic_load(&slots[i].completions));
  }
  fprintf(stderr, "  round at %d: %d started, %d destroyed\n", first, started, destroyed);
  http_options_free(o);
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  queue = http_queue_new();
  pthread_t disp;
  pthread_create(&disp, NULL, dispatcher, NULL);
  uint64_t deadline = now_ms() + WALL_CAP_MS;

  long fds_first = 0, rss_first = 0;
  for (int r = 0; r < ROUNDS; r++) {
    round_run(r * PER_ROUND, fault, http, deadline);
    long fds = count_fds(), rss = rss_bytes();
    fprintf(stderr, "  after round %d: %ld fds, RSS %.1f MiB\n", r + 1, fds, rss / 1048576.0);
    if (r == 0) {
      fds_first = fds;
      rss_first = rss;
    }
  }
  long fds_last = count_fds(), rss_last = rss_bytes();
  /* The pool may hold a few more or fewer idle connections from round to round. */
  CHECK(fds_last <= fds_first + 8, "descriptors grew: %ld -> %ld", fds_first, fds_last);
#ifndef __SANITIZE_ADDRESS__
  CHECK(rss_last <= rss_first + 8L * 1048576, "RSS grew: %ld -> %ld", rss_first, rss_last);
#else
  /* ASan keeps freed memory in quarantine, so RSS says nothing here; LeakSanitizer checks
   * for leaks at exit instead. */
  (void)rss_first;
  (void)rss_last;
#endif
  CHECK_INT_EQ(atomic_load(&unexpected), 0);
  for (size_t i = 0; i < sizeof documented / sizeof *documented; i++)
    fprintf(stderr, "  code %d: %ld\n", documented[i], atomic_load(&codes_seen[i]));
  CHECK(now_ms() < deadline + 30000, "the soak ran past its wall-clock cap");

  atomic_store(&stop_dispatch, 1);
  pthread_join(disp, NULL);
  http_queue_free(queue);
  return test_finish();
}
