/* Delivery modes. Default: every callback on nethttp's one worker thread (not main). Queued:
 * http_queue_new / http_set_queue / poll on http_queue_fd / http_queue_dispatch runs the
 * callbacks on the calling (main) thread, nothing runs before dispatch, all events and the
 * completion arrive in order, the fd is quiet when nothing is pending; destroy with callbacks
 * pending and inside a dispatched callback; worker and queued requests side by side; the 4 MiB
 * backpressure bound; http_queue_free. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000
#define ONE_MIB 1048576u
#define EV_COMPLETE 100
#define MAX_ORDER 4096

static pthread_t main_thread;

static bool fd_readable(int fd, int timeout_ms) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

typedef struct rec {
  struct http_handle *h;
  int order[MAX_ORDER];
  int norder;
  size_t received;
  const uint8_t *file;
  bool mismatch;
  int callbacks;     /* every callback, events and completion */
  int off_thread;    /* callbacks not on the expected thread */
  bool expect_main;  /* queued: main thread; default: not main */
  pthread_t seen_thread;
  bool seen_set, thread_changed;
  bool completed;
  int after_completion;
  int32_t code;
  struct http_response *resp;
  bool destroy_in_headers;
  bool destroyed;
  int after_destroy;
  pthread_mutex_t mu;
  waiter done;
} rec_t;

static void rec_init(rec_t *r, bool expect_main) {
  memset(r, 0, sizeof *r);
  r->expect_main = expect_main;
  pthread_mutex_init(&r->mu, NULL);
  waiter_init(&r->done);
}

static void rec_fini(rec_t *r) {
  http_response_free(r->resp);
  waiter_destroy(&r->done);
  pthread_mutex_destroy(&r->mu);
}

static void seen(rec_t *r) {
  pthread_t self = pthread_self();
  bool on_main = pthread_equal(self, main_thread);
  if (on_main != r->expect_main) r->off_thread++;
  if (r->seen_set && !pthread_equal(self, r->seen_thread)) r->thread_changed = true;
  r->seen_thread = self;
  r->seen_set = true;
  r->callbacks++;
  if (r->completed) r->after_completion++;
  if (r->destroyed) r->after_destroy++;
}

static void ev_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  rec_t *r = userdata;
  pthread_mutex_lock(&r->mu);
  seen(r);
  if (ev->type != HTTP_EVENT_DATA_RECEIVE_PROGRESS && r->norder < MAX_ORDER) r->order[r->norder++] = (int)ev->type;
  if (ev->type == HTTP_EVENT_DATA_RECEIVE) {
    if (r->file != NULL && memcmp(r->file + r->received, ev->data, ev->data_len) != 0) r->mismatch = true;
    r->received += ev->data_len;
  }
  bool destroy = ev->type == HTTP_EVENT_HEADERS_RECEIVE && r->destroy_in_headers;
  pthread_mutex_unlock(&r->mu);
  if (destroy) {
    http_destroy(h);
    pthread_mutex_lock(&r->mu);
    r->destroyed = true;
    pthread_mutex_unlock(&r->mu);
    waiter_signal(&r->done);
  }
}

static void done_cb(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)h;
  rec_t *r = userdata;
  if (code != 0) fprintf(stderr, "completion %d: %s\n", (int)code, msg);
  pthread_mutex_lock(&r->mu);
  seen(r);
  if (r->norder < MAX_ORDER) r->order[r->norder++] = EV_COMPLETE;
  r->completed = true;
  r->code = code;
  r->resp = resp;
  pthread_mutex_unlock(&r->mu);
  waiter_signal(&r->done);
}

static void listen_all(struct http_handle *h, rec_t *r) {
  for (int t = HTTP_EVENT_HEADERS_RECEIVE; t <= HTTP_EVENT_DATA_SEND_PROGRESS; t++)
    CHECK(http_on(h, t, ev_cb, r) == 0, "http_on %d", t);
}

/* Polls and dispatches until r completed (or was destroyed); returns the sum of dispatch()
 * results. */
static size_t pump(struct http_queue *q, rec_t *r, bool until_destroyed) {
  size_t total = 0;
  uint64_t deadline = now_ms() + WAIT_MS;
  while (now_ms() < deadline) {
    pthread_mutex_lock(&r->mu);
    bool finished = until_destroyed ? r->destroyed : r->completed;
    pthread_mutex_unlock(&r->mu);
    if (finished) break;
    if (fd_readable(http_queue_fd(q), 1000)) total += http_queue_dispatch(q);
  }
  return total;
}

static void check_order(const rec_t *r, const char *what) {
  CHECK(r->norder >= 3, "%s: %d events", what, r->norder);
  if (r->norder < 3) return;
  CHECK(r->order[0] == HTTP_EVENT_HEADERS_RECEIVE, "%s: first event %d", what, r->order[0]);
  CHECK(r->order[r->norder - 1] == EV_COMPLETE, "%s: last %d", what, r->order[r->norder - 1]);
  CHECK(r->order[r->norder - 2] == HTTP_EVENT_DATA_END, "%s: before completion %d", what,
        r->order[r->norder - 2]);
  int bad = 0;
  for (int i = 1; i < r->norder - 2; i++)
    if (r->order[i] != HTTP_EVENT_DATA_RECEIVE) bad++;
  CHECK(bad == 0, "%s: %d events out of order", what, bad);
}

int main(void) {
  main_thread = pthread_self();
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  char *url1m = url_join(http, "/1m.bin");
  char *url100 = url_join(http, "/100.bin");
  size_t flen = 0;
  char *file = read_www_file("1m.bin", &flen);
  if (!CHECK(file != NULL && flen == ONE_MIB, "cannot read 1m.bin")) return test_finish();

  /* ---- default delivery: the worker thread, the same one for every request ---- */
  pthread_t worker_thread = main_thread; /* replaced once seen */
  bool have_worker = false;
  {
    rec_t a, b;
    rec_init(&a, false);
    rec_init(&b, false);
    a.file = (const uint8_t *)file;
    struct http_handle *ha = http_create(), *hb = http_create();
    listen_all(ha, &a);
    listen_all(hb, &b);
    CHECK_INT_EQ(http_request_in_stream(ha, url1m, NULL, done_cb, &a), 0);
    CHECK_INT_EQ(http_request(hb, url100, NULL, done_cb, &b), 0);
    if (CHECK(waiter_wait(&a.done, WAIT_MS) && waiter_wait(&b.done, WAIT_MS), "no completion")) {
      pthread_mutex_lock(&a.mu);
      pthread_mutex_lock(&b.mu);
      CHECK(a.off_thread == 0 && b.off_thread == 0, "%d + %d callbacks on the main thread",
            a.off_thread, b.off_thread);
      CHECK(!a.thread_changed && !b.thread_changed, "callbacks of one request on several threads");
      CHECK(pthread_equal(a.seen_thread, b.seen_thread), "two requests called back on different threads");
      worker_thread = a.seen_thread;
      have_worker = true;
      CHECK_INT_EQ(a.code, 0);
      CHECK_INT_EQ(a.received, ONE_MIB);
      CHECK(!a.mismatch, "data differs");
      check_order(&a, "default delivery");
      pthread_mutex_unlock(&b.mu);
      pthread_mutex_unlock(&a.mu);
    }
    http_destroy(ha);
    http_destroy(hb);
    rec_fini(&a);
    rec_fini(&b);
  }

  /* ---- queued delivery ---- */
  struct http_queue *q = http_queue_new();
  if (!CHECK(q != NULL, "http_queue_new returned NULL")) return test_finish();
  int fd = http_queue_fd(q);
  CHECK(fd >= 0, "http_queue_fd = %d", fd);
  CHECK(!fd_readable(fd, 0), "a new queue's fd is readable");
  CHECK_INT_EQ(http_queue_dispatch(q), 0);
  {
    rec_t r;
    rec_init(&r, true);
    r.file = (const uint8_t *)file;
    struct http_handle *h = http_create();
    listen_all(h, &r);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    CHECK_INT_EQ(http_request_in_stream(h, url1m, NULL, done_cb, &r), 0);
    /* nothing runs until we dispatch, however long we wait */
    sleep_ms(400);
    pthread_mutex_lock(&r.mu);
    CHECK(r.callbacks == 0, "%d callbacks ran without http_queue_dispatch", r.callbacks);
    pthread_mutex_unlock(&r.mu);
    CHECK(fd_readable(fd, 0), "fd not readable with callbacks pending");
    size_t dispatched = pump(q, &r, false);
    pthread_mutex_lock(&r.mu);
    if (CHECK(r.completed, "no completion through the queue")) {
      CHECK_INT_EQ(r.code, 0);
      CHECK_INT_EQ(http_response_code(r.resp), 200);
      CHECK_INT_EQ(r.received, ONE_MIB);
      CHECK(!r.mismatch, "queued data differs from 1m.bin");
      check_order(&r, "queued delivery");
      CHECK(r.off_thread == 0, "%d queued callbacks not on the dispatching thread", r.off_thread);
      CHECK(dispatched == (size_t)r.callbacks, "dispatch reported %zu, %d callbacks ran", dispatched,
            r.callbacks);
    }
    pthread_mutex_unlock(&r.mu);
    /* drained: nothing pending, fd quiet, nothing late */
    sleep_ms(200);
    CHECK_INT_EQ(http_queue_dispatch(q), 0);
    CHECK(!fd_readable(fd, 0), "fd readable with nothing pending");
    pthread_mutex_lock(&r.mu);
    CHECK_INT_EQ(r.after_completion, 0);
    pthread_mutex_unlock(&r.mu);
    http_destroy(h);
    rec_fini(&r);
  }

  /* ---- the blocking call with a queue: another thread must dispatch; events arrive there ---- */
  /* (covered in test_sync.c) */

  /* ---- destroy with callbacks pending: none of them runs ---- */
  {
    rec_t r;
    rec_init(&r, true);
    struct http_handle *h = http_create();
    listen_all(h, &r);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    CHECK_INT_EQ(http_request_in_stream(h, url100, NULL, done_cb, &r), 0);
    CHECK(fd_readable(fd, WAIT_MS), "fd never readable");
    sleep_ms(300); /* the transfer is over; its callbacks wait in the queue */
    http_destroy(h);
    http_queue_dispatch(q);
    sleep_ms(100);
    http_queue_dispatch(q);
    pthread_mutex_lock(&r.mu);
    CHECK(r.callbacks == 0, "%d callbacks of a destroyed request ran", r.callbacks);
    pthread_mutex_unlock(&r.mu);
    CHECK(!fd_readable(fd, 0), "fd readable after the destroyed request's callbacks were dropped");
    rec_fini(&r);
  }

  /* ---- destroy inside a dispatched callback: the rest is dropped ---- */
  {
    rec_t r;
    rec_init(&r, true);
    r.destroy_in_headers = true;
    struct http_handle *h = http_create();
    listen_all(h, &r);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    CHECK_INT_EQ(http_request_in_stream(h, url1m, NULL, done_cb, &r), 0);
    pump(q, &r, true);
    sleep_ms(300);
    while (fd_readable(fd, 0)) http_queue_dispatch(q);
    pthread_mutex_lock(&r.mu);
    CHECK(r.destroyed, "headersReceive never dispatched");
    CHECK_INT_EQ(r.after_destroy, 0);
    CHECK(!r.completed, "completion after destroy");
    pthread_mutex_unlock(&r.mu);
    rec_fini(&r);
  }

  /* ---- a queued and a worker-delivered request side by side ---- */
  {
    rec_t qr, wr;
    rec_init(&qr, true);
    rec_init(&wr, false);
    struct http_handle *hq = http_create(), *hw = http_create();
    listen_all(hq, &qr);
    listen_all(hw, &wr);
    CHECK_INT_EQ(http_set_queue(hq, q), 0);
    CHECK_INT_EQ(http_request_in_stream(hq, url100, NULL, done_cb, &qr), 0);
    CHECK_INT_EQ(http_request_in_stream(hw, url100, NULL, done_cb, &wr), 0);
    /* the worker one completes without any dispatch */
    CHECK(waiter_wait(&wr.done, WAIT_MS), "worker-delivered request waited for the queue");
    pump(q, &qr, false);
    pthread_mutex_lock(&qr.mu);
    pthread_mutex_lock(&wr.mu);
    CHECK(qr.completed && qr.code == 0 && qr.received == 100, "queued request");
    CHECK(wr.completed && wr.code == 0 && wr.received == 100, "worker request");
    CHECK(qr.off_thread == 0 && wr.off_thread == 0, "thread mix-up: %d queued off main, %d worker on main",
          qr.off_thread, wr.off_thread);
    if (have_worker) CHECK(pthread_equal(wr.seen_thread, worker_thread), "a second worker thread");
    pthread_mutex_unlock(&wr.mu);
    pthread_mutex_unlock(&qr.mu);
    http_destroy(hq);
    http_destroy(hw);
    rec_fini(&qr);
    rec_fini(&wr);
  }

  /* ---- backpressure: undelivered data stays bounded while nobody dispatches ---- */
  {
    rec_t r;
    rec_init(&r, true);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, ev_cb, &r), 0);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    char *url = url_join(http, "/100m.bin");
    long before = rss_bytes();
    CHECK_INT_EQ(http_request_in_stream(h, url, NULL, done_cb, &r), 0);
    sleep_ms(1000); /* loopback could deliver all 100 MiB in this time */
    long during = rss_bytes();
    CHECK(before > 0 && during > 0 && during - before < 24L * 1024 * 1024,
          "RSS grew by %ld bytes while 100m.bin waited in the queue (bound: 4 MiB of data)",
          during - before);
    /* draining resumes the transfer to the end */
    pump(q, &r, false);
    pthread_mutex_lock(&r.mu);
    CHECK(r.completed && r.code == 0, "100m.bin through the queue did not complete");
    CHECK(r.received == 100u * ONE_MIB, "received %zu bytes of 100 MiB", r.received);
    pthread_mutex_unlock(&r.mu);
    http_destroy(h);
    free(url);
    rec_fini(&r);
  }

  http_queue_free(q);

  /* ---- freeing a queue with callbacks pending (their request destroyed first) ---- */
  {
    struct http_queue *q2 = http_queue_new();
    rec_t r;
    rec_init(&r, true);
    struct http_handle *h = http_create();
    listen_all(h, &r);
    CHECK_INT_EQ(http_set_queue(h, q2), 0);
    CHECK_INT_EQ(http_request(h, url100, NULL, done_cb, &r), 0);
    CHECK(fd_readable(http_queue_fd(q2), WAIT_MS), "fd never readable");
    sleep_ms(200);
    http_destroy(h);
    http_queue_free(q2);
    CHECK_INT_EQ(r.callbacks, 0);
    rec_fini(&r);
  }

  free(file);
  free(url1m);
  free(url100);
  return test_finish();
}
