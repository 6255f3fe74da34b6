/* Flow control (http_pause / http_resume): a consumer on the worker slower than the server
 * pauses in its DATA_RECEIVE callback and another thread resumes it; no body data arrives
 * while paused, nothing is lost or repeated (the body equals the file), and the worker is
 * not blocked meanwhile (another request completes while one is held). Also: pausing with
 * queued delivery, a request paused before it starts (headers arrive, the body waits),
 * readTimeout ending a transfer held too long, an endless body held without a byte, and 401
 * for NULL. Servers: nginx (1m.bin) and the fault server (/infinite, /slow).
 * nethttp-test-timeout: 120 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

typedef struct consumer {
  struct http_handle *req;
  pthread_mutex_t mu;
  uint8_t *body;
  size_t len, cap;
  atomic_int paused;          /* 1 from our http_pause until just before our http_resume */
  atomic_int during_pause;    /* DATA_RECEIVE events that arrived while paused */
  atomic_int chunks, pauses;
  atomic_int headers;
  bool pause_each;            /* pause in every DATA_RECEIVE callback */
  waiter resume_wanted;       /* signalled by the callback after pausing */
  completion done;
} consumer;

static void consumer_init(consumer *c, bool pause_each) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  c->pause_each = pause_each;
  waiter_init(&c->resume_wanted);
  completion_init(&c->done);
}

static void consumer_fini(consumer *c) {
  free(c->body);
  pthread_mutex_destroy(&c->mu);
  waiter_destroy(&c->resume_wanted);
  completion_fini(&c->done);
}

static void on_headers(void *ud, struct http_handle *req, const http_event *ev) {
  (void)req;
  (void)ev;
  consumer *c = ud;
  atomic_fetch_add(&c->headers, 1);
}

static void on_data(void *ud, struct http_handle *req, const http_event *ev) {
  consumer *c = ud;
  if (atomic_load(&c->paused)) atomic_fetch_add(&c->during_pause, 1);
  pthread_mutex_lock(&c->mu);
  if (c->len + ev->data_len > c->cap) {
    c->cap = (c->len + ev->data_len) * 2;
    c->body = realloc(c->body, c->cap);
  }
  memcpy(c->body + c->len, ev->data, ev->data_len);
  c->len += ev->data_len;
  pthread_mutex_unlock(&c->mu);
  atomic_fetch_add(&c->chunks, 1);
  if (c->pause_each) {
    atomic_store(&c->paused, 1);
    CHECK_INT_EQ(http_pause(req), 0);
    atomic_fetch_add(&c->pauses, 1);
    waiter_signal(&c->resume_wanted);
  }
}

/* The slow part of the consumer: after each pause, waits `hold_ms`, then resumes. Stops when
 * the request completes. */
typedef struct resumer_arg {
  consumer *c;
  int hold_ms;
} resumer_arg;

static void *resumer(void *p) {
  resumer_arg *a = p;
  consumer *c = a->c;
  for (;;) {
    if (!waiter_wait(&c->resume_wanted, 50)) {
      if (completion_calls(&c->done) > 0) break;
      continue;
    }
    sleep_ms(a->hold_ms);
    atomic_store(&c->paused, 0);
    CHECK_INT_EQ(http_resume(c->req), 0);
  }
  return NULL;
}

static int32_t start_stream(consumer *c, const char *url, const struct http_options *o) {
  if (c->req == NULL) c->req = http_create();
  CHECK_INT_EQ(http_on(c->req, HTTP_EVENT_HEADERS_RECEIVE, on_headers, c), 0);
  CHECK_INT_EQ(http_on(c->req, HTTP_EVENT_DATA_RECEIVE, on_data, c), 0);
  return http_request_in_stream(c->req, url, o, completion_cb, &c->done);
}

/* The slow consumer on the worker, resumed by another thread. */
static void slow_consumer(const char *http) {
  size_t flen = 0;
  char *file = read_www_file("1m.bin", &flen);
  char *url = url_join(http, "/1m.bin");
  consumer c;
  consumer_init(&c, true);
  pthread_t t;
  resumer_arg a = {&c, 3};
  pthread_create(&t, NULL, resumer, &a);
  CHECK_INT_EQ(start_stream(&c, url, NULL), 0);
  CHECK(completion_wait(&c.done, 60000), "no completion");
  pthread_join(t, NULL);
  CHECK_INT_EQ(c.done.code, 0);
  CHECK_INT_EQ(atomic_load(&c.during_pause), 0);
  CHECK(atomic_load(&c.pauses) >= 2, "pauses %d", atomic_load(&c.pauses));
  CHECK_INT_EQ(c.len, flen);
  CHECK(c.len == flen && memcmp(c.body, file, flen) == 0, "the body differs from the file");
  fprintf(stderr, "  slow consumer: %d chunks, %d pauses, %zu bytes\n", atomic_load(&c.chunks),
          atomic_load(&c.pauses), c.len);
  http_destroy(c.req);
  consumer_fini(&c);
  free(url);
  free(file);
}

/* Held paused on the worker: an endless body sends nothing to the application while held,
 * the worker completes other requests meanwhile, and the body flows again on resume. */
static void hold_endless(const char *http, const char *fault) {
  char *url = url_join(fault, "/infinite");
  char *other = url_join(http, "/text.txt");
  consumer c;
  consumer_init(&c, false);
  CHECK_INT_EQ(start_stream(&c, url, NULL), 0);
  for (int i = 0; i < 500 && atomic_load(&c.chunks) < 3; i++) sleep_ms(10);
  CHECK(atomic_load(&c.chunks) >= 3, "no data from /infinite");
  CHECK_INT_EQ(http_pause(c.req), 0);
  sleep_ms(100); /* a chunk being delivered when pausing is delivered whole */
  int before = atomic_load(&c.chunks);
  size_t bytes_before = c.len;
  for (int i = 0; i < 5; i++) {
    uint32_t st = 0;
    uint64_t t0 = now_ms();
    CHECK_INT_EQ(fetch_sync(other, NULL, &st, NULL, NULL), 0);
    CHECK_INT_EQ(st, 200);
    (void)t0;
    sleep_ms(100);
  }
  CHECK(atomic_load(&c.chunks) == before, "data arrived while paused: %d -> %d chunks", before,
        atomic_load(&c.chunks));
  CHECK_INT_EQ(c.len, bytes_before);
  CHECK_INT_EQ(completion_calls(&c.done), 0);
  CHECK_INT_EQ(http_pause(c.req), 0); /* twice: nothing changes */
  CHECK_INT_EQ(http_resume(c.req), 0);
  for (int i = 0; i < 500 && atomic_load(&c.chunks) < before + 3; i++) sleep_ms(10);
  CHECK(atomic_load(&c.chunks) >= before + 3, "no data after resume: %d", atomic_load(&c.chunks));
  CHECK_INT_EQ(http_resume(c.req), 0); /* not paused: nothing changes */
  http_destroy(c.req);
  CHECK_INT_EQ(completion_calls(&c.done), 0);
  consumer_fini(&c);
  free(url);
  free(other);
}

/* Queued delivery: the callbacks run here, pausing; this thread resumes after each. */
static void queued(const char *http) {
  size_t flen = 0;
  char *file = read_www_file("1m.bin", &flen);
  char *url = url_join(http, "/1m.bin");
  struct http_queue *q = http_queue_new();
  consumer c;
  consumer_init(&c, true);
  c.req = http_create();
  CHECK_INT_EQ(http_set_queue(c.req, q), 0);
  CHECK_INT_EQ(http_on(c.req, HTTP_EVENT_DATA_RECEIVE, on_data, &c), 0);
  CHECK_INT_EQ(http_request_in_stream(c.req, url, NULL, completion_cb, &c.done), 0);
  uint64_t end = now_ms() + 60000;
  while (completion_calls(&c.done) == 0 && now_ms() < end) {
    struct pollfd p = {http_queue_fd(q), POLLIN, 0};
    poll(&p, 1, 100);
    http_queue_dispatch(q);
    if (waiter_wait(&c.resume_wanted, 0)) {
      sleep_ms(1);
      atomic_store(&c.paused, 0);
      CHECK_INT_EQ(http_resume(c.req), 0);
    }
  }
  CHECK_INT_EQ(completion_calls(&c.done), 1);
  CHECK_INT_EQ(c.done.code, 0);
  CHECK_INT_EQ(atomic_load(&c.during_pause), 0);
  CHECK(c.len == flen && memcmp(c.body, file, flen) == 0, "queued: %zu of %zu bytes", c.len, flen);
  http_destroy(c.req);
  http_queue_free(q);
  consumer_fini(&c);
  free(url);
  free(file);
}

/* Paused before it starts: the headers come, the body waits; readTimeout ends one held too
 * long. */
static void paused_before_start(const char *http) {
  char *url = url_join(http, "/1m.bin");
  consumer c;
  consumer_init(&c, false);
  c.req = http_create();
  CHECK_INT_EQ(http_pause(c.req), 0);
  CHECK_INT_EQ(start_stream(&c, url, NULL) == 0 ? 0 : -1, 0);
  for (int i = 0; i < 300 && atomic_load(&c.headers) == 0; i++) sleep_ms(10);
  CHECK_INT_EQ(atomic_load(&c.headers), 1);
  sleep_ms(200);
  CHECK_INT_EQ(atomic_load(&c.chunks), 0);
  CHECK_INT_EQ(http_resume(c.req), 0);
  CHECK(completion_wait(&c.done, 30000), "no completion after resume");
  CHECK_INT_EQ(c.done.code, 0);
  CHECK_INT_EQ(c.len, 1048576);
  http_destroy(c.req);
  consumer_fini(&c);

  consumer d;
  consumer_init(&d, false);
  d.req = http_create();
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_read_timeout(o, 600), 0);
  CHECK_INT_EQ(http_pause(d.req), 0);
  CHECK_INT_EQ(start_stream(&d, url, o) == 0 ? 0 : -1, 0);
  CHECK(completion_wait(&d.done, 30000), "no completion for the held request");
  CHECK_INT_EQ(d.done.code, NETHTTP_ERR_TIMEOUT);
  CHECK_INT_EQ(atomic_load(&d.chunks), 0);
  http_destroy(d.req);
  http_options_free(o);
  consumer_fini(&d);
  free(url);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  CHECK_INT_EQ(http_pause(NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_resume(NULL), NETHTTP_ERR_PARAMETER);
  slow_consumer(http);
  hold_endless(http, fault);
  queued(http);
  paused_before_start(http);
  return test_finish();
}
