/* http_request_sync (the spec's promise form): returns the full response; events still fire
 * before it returns, on the calling thread (the transfer runs there); with a queue attached
 * they come through the queue on the dispatching thread; from inside a callback on the worker
 * it fails with 401 instead of deadlocking, while from inside a queue-dispatched callback on
 * the application's thread it works. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

static const char *g_url100;
static pthread_t main_thread;

/* ---- sync from inside worker callbacks ---- */
typedef struct nested {
  int32_t rc_event, rc_complete;
  bool out_untouched_event, out_untouched_complete;
  bool event_ran;
  waiter done;
} nested_t;

static int32_t nested_sync(bool *untouched) {
  struct http_handle *inner = http_create();
  struct http_response *sentinel = (struct http_response *)&inner, *out = sentinel;
  int32_t rc = http_request_sync(inner, g_url100, NULL, &out);
  *untouched = out == sentinel;
  if (rc == 0 && out != sentinel) http_response_free(out);
  http_destroy(inner);
  return rc;
}

static void nested_headers(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  nested_t *n = userdata;
  n->event_ran = true;
  n->rc_event = nested_sync(&n->out_untouched_event);
}

static void nested_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                        struct http_response *resp) {
  (void)h;
  (void)msg;
  (void)code;
  nested_t *n = userdata;
  http_response_free(resp);
  n->rc_complete = nested_sync(&n->out_untouched_complete);
  waiter_signal(&n->done);
}

/* ---- sync from inside a queue-dispatched callback (application thread) ---- */
typedef struct queued_nested {
  int32_t rc;
  uint32_t status;
  bool on_main;
  bool completed;
} queued_nested_t;

static void queued_nested_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                               struct http_response *resp) {
  (void)h;
  (void)msg;
  (void)code;
  queued_nested_t *n = userdata;
  http_response_free(resp);
  n->on_main = pthread_equal(pthread_self(), main_thread);
  struct http_handle *inner = http_create();
  struct http_response *out = NULL;
  n->rc = http_request_sync(inner, g_url100, NULL, &out);
  n->status = http_response_code(out);
  http_response_free(out);
  http_destroy(inner);
  n->completed = true;
}

/* ---- events during a sync call ---- */
typedef struct evcount {
  atomic_int headers, progress;
  atomic_int on_dispatcher;
  pthread_t dispatcher;
} evcount_t;

static void count_ev(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  evcount_t *c = userdata;
  if (ev->type == HTTP_EVENT_HEADERS_RECEIVE) atomic_fetch_add(&c->headers, 1);
  if (ev->type == HTTP_EVENT_DATA_RECEIVE_PROGRESS) atomic_fetch_add(&c->progress, 1);
  if (pthread_equal(pthread_self(), c->dispatcher)) atomic_fetch_add(&c->on_dispatcher, 1);
}

typedef struct dispatcher_arg {
  struct http_queue *q;
  atomic_int stop;
} dispatcher_arg_t;

static void *dispatcher(void *arg) {
  dispatcher_arg_t *d = arg;
  while (!atomic_load(&d->stop)) {
    struct pollfd p = {http_queue_fd(d->q), POLLIN, 0};
    if (poll(&p, 1, 20) == 1) http_queue_dispatch(d->q);
  }
  http_queue_dispatch(d->q);
  return NULL;
}

int main(void) {
  main_thread = pthread_self();
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  char *url100 = url_join(http, "/100.bin");
  char *url1m = url_join(http, "/1m.bin");
  char *path100 = url_join(www, "100.bin");
  g_url100 = url100;

  /* ---- the response ---- */
  {
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    int32_t rc = http_request_sync(h, url100, NULL, &r);
    if (CHECK(rc == 0 && r != NULL, "sync: %d", (int)rc)) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK_INT_EQ(http_response_code(r), 200);
      CHECK(len == 100 && file_equals_bytes(path100, b, len), "sync body");
      CHECK_STR_EQ(http_response_header(r, "content-length"), "100");
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_ARRAY_BUFFER);
      http_response_free(r);
    }
    http_destroy(h);
  }

  /* ---- events fire before the call returns ---- */
  {
    evcount_t c;
    memset(&c, 0, sizeof c);
    c.dispatcher = main_thread; /* the transfer runs on the calling thread: so do its events */
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, count_ev, &c), 0);
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, count_ev, &c), 0);
    struct http_response *r = NULL;
    CHECK_INT_EQ(http_request_sync(h, url1m, NULL, &r), 0);
    CHECK_INT_EQ(atomic_load(&c.headers), 1);
    CHECK(atomic_load(&c.progress) > 0, "no progress events during the sync call");
    /* default delivery: on the thread running the transfer, here the caller's */
    CHECK_INT_EQ(atomic_load(&c.on_dispatcher), atomic_load(&c.headers) + atomic_load(&c.progress));
    http_response_free(r);
    http_destroy(h);
  }

  /* ---- with a queue: events through the queue, on the thread that dispatches ---- */
  {
    struct http_queue *q = http_queue_new();
    dispatcher_arg_t d;
    d.q = q;
    atomic_init(&d.stop, 0);
    evcount_t c;
    memset(&c, 0, sizeof c);
    pthread_t t;
    pthread_create(&t, NULL, dispatcher, &d);
    c.dispatcher = t;
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, count_ev, &c), 0);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    struct http_response *r = NULL;
    int32_t rc = http_request_sync(h, url100, NULL, &r);
    CHECK(rc == 0 && http_response_code(r) == 200, "sync with a queue: %d", (int)rc);
    http_response_free(r);
    uint64_t deadline = now_ms() + 2000;
    while (atomic_load(&c.headers) == 0 && now_ms() < deadline) {
      struct timespec ts = {0, 10 * 1000000L};
      nanosleep(&ts, NULL);
    }
    http_destroy(h);
    atomic_store(&d.stop, 1);
    pthread_join(t, NULL);
    CHECK_INT_EQ(atomic_load(&c.headers), 1);
    CHECK_INT_EQ(atomic_load(&c.on_dispatcher), 1);
    http_queue_free(q);
  }

  /* ---- from inside worker callbacks: 401, no deadlock ---- */
  {
    nested_t n;
    memset(&n, 0, sizeof n);
    n.rc_event = n.rc_complete = -1;
    waiter_init(&n.done);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, nested_headers, &n), 0);
    CHECK_INT_EQ(http_request(h, url100, NULL, nested_done, &n), 0);
    if (CHECK(waiter_wait(&n.done, WAIT_MS), "deadlock: the completion calling http_request_sync never returned")) {
      CHECK(n.event_ran, "headersReceive did not run");
      CHECK_INT_EQ(n.rc_event, NETHTTP_ERR_PARAMETER);
      CHECK_INT_EQ(n.rc_complete, NETHTTP_ERR_PARAMETER);
      CHECK(n.out_untouched_event && n.out_untouched_complete, "*out written on failure");
      /* the engine is still alive */
      struct http_handle *h2 = http_create();
      struct http_response *r = NULL;
      CHECK(http_request_sync(h2, url100, NULL, &r) == 0 && http_response_code(r) == 200,
            "request after the nested sync attempts");
      http_response_free(r);
      http_destroy(h2);
    }
    http_destroy(h);
    waiter_destroy(&n.done);
  }

  /* ---- from inside a queue-dispatched callback on the application thread: allowed ---- */
  {
    struct http_queue *q = http_queue_new();
    queued_nested_t n;
    memset(&n, 0, sizeof n);
    n.rc = -1;
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    CHECK_INT_EQ(http_request(h, url100, NULL, queued_nested_done, &n), 0);
    uint64_t deadline = now_ms() + WAIT_MS;
    while (!n.completed && now_ms() < deadline) {
      struct pollfd p = {http_queue_fd(q), POLLIN, 0};
      if (poll(&p, 1, 100) == 1) http_queue_dispatch(q);
    }
    if (CHECK(n.completed, "queued completion never dispatched")) {
      CHECK(n.on_main, "queued completion not on the dispatching thread");
      CHECK(n.rc == 0 && n.status == 200, "sync inside a queue-dispatched callback: %d / %u", (int)n.rc,
            n.status);
    }
    http_destroy(h);
    http_queue_free(q);
  }

  free(url100);
  free(url1m);
  free(path100);
  return test_finish();
}
