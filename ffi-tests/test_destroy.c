/* http_destroy: inside each callback type (headersReceive, dataReceive, dataEnd,
 * dataReceiveProgress, dataSendProgress, completion) nothing of that request follows and the
 * call returns at once; from another thread during an endless transfer it returns promptly and
 * nothing follows it; it waits for a callback of the request running on the worker; from a
 * callback of another request; a request still waiting for a slot; a destroy/complete race. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000
#define EV_COMPLETE 5

typedef struct dctx {
  const char *name;
  struct http_handle *h;
  int destroy_on;
  atomic_int destroyed;
  atomic_int after;
  atomic_int calls[6];
  uint64_t destroy_ms;
  waiter fired;
} dctx_t;

static void dctx_init(dctx_t *c, const char *name, int destroy_on) {
  memset(c, 0, sizeof *c);
  c->name = name;
  c->destroy_on = destroy_on;
  waiter_init(&c->fired);
}

static void destroy_here(dctx_t *c, struct http_handle *h) {
  uint64_t t0 = now_ms();
  http_destroy(h);
  c->destroy_ms = now_ms() - t0;
  atomic_store(&c->destroyed, 1);
  waiter_signal(&c->fired);
}

static void ev_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  dctx_t *c = userdata;
  if (atomic_load(&c->destroyed)) {
    atomic_fetch_add(&c->after, 1);
    return;
  }
  atomic_fetch_add(&c->calls[ev->type], 1);
  if ((int)ev->type == c->destroy_on) destroy_here(c, h);
}

static void done_cb(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)code;
  (void)msg;
  dctx_t *c = userdata;
  http_response_free(resp);
  if (atomic_load(&c->destroyed)) {
    atomic_fetch_add(&c->after, 1);
    return;
  }
  atomic_fetch_add(&c->calls[EV_COMPLETE], 1);
  if (c->destroy_on == EV_COMPLETE) destroy_here(c, h);
}

static void listen_all(struct http_handle *h, dctx_t *c) {
  for (int t = HTTP_EVENT_HEADERS_RECEIVE; t <= HTTP_EVENT_DATA_SEND_PROGRESS; t++)
    CHECK(http_on(h, t, ev_cb, c) == 0, "http_on %d", t);
}

/* Starts the request, waits for the destroy inside the callback, then checks that nothing of
 * the request followed it. */
static void destroy_inside(const char *name, int destroy_on, const char *url, bool stream,
                           const struct http_options *o) {
  dctx_t *c = malloc(sizeof *c); /* leaked on purpose if a late callback could still touch it */
  dctx_init(c, name, destroy_on);
  c->h = http_create();
  listen_all(c->h, c);
  int32_t rc = stream ? http_request_in_stream(c->h, url, o, done_cb, c)
                      : http_request(c->h, url, o, done_cb, c);
  CHECK(rc == 0, "%s: start %d", name, (int)rc);
  if (CHECK(waiter_wait(&c->fired, WAIT_MS), "%s: the callback that destroys never came", name)) {
    sleep_ms(400); /* the rest of the transfer would have produced events by now */
    CHECK(atomic_load(&c->after) == 0, "%s: %d callbacks after http_destroy", name, atomic_load(&c->after));
    if (destroy_on != EV_COMPLETE)
      CHECK(atomic_load(&c->calls[EV_COMPLETE]) == 0, "%s: completion after destroy", name);
    CHECK(c->destroy_ms < 1000, "%s: http_destroy inside the callback took %llu ms", name,
          (unsigned long long)c->destroy_ms);
    waiter_destroy(&c->fired);
    free(c);
  }
}

/* ---- destroy from another thread during /infinite ---- */
typedef struct infinite {
  struct http_handle *h;
  atomic_int data_events;
  atomic_int returned; /* http_destroy has returned */
  atomic_int after;
  atomic_int completions;
  waiter first_data;
  uint64_t destroy_ms;
} infinite_t;

static void inf_data(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  infinite_t *s = userdata;
  if (atomic_load(&s->returned)) atomic_fetch_add(&s->after, 1);
  if (atomic_fetch_add(&s->data_events, 1) == 0) waiter_signal(&s->first_data);
}

static void inf_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                     struct http_response *resp) {
  (void)h;
  (void)code;
  (void)msg;
  infinite_t *s = userdata;
  http_response_free(resp);
  if (atomic_load(&s->returned)) atomic_fetch_add(&s->after, 1);
  atomic_fetch_add(&s->completions, 1);
}

static void *destroyer(void *arg) {
  infinite_t *s = arg;
  uint64_t t0 = now_ms();
  http_destroy(s->h);
  atomic_store(&s->returned, 1);
  s->destroy_ms = now_ms() - t0;
  return NULL;
}

static void test_destroy_other_thread(const char *fault, bool stream) {
  infinite_t *s = calloc(1, sizeof *s);
  waiter_init(&s->first_data);
  s->h = http_create();
  CHECK_INT_EQ(http_on(s->h, HTTP_EVENT_DATA_RECEIVE, inf_data, s), 0);
  CHECK_INT_EQ(http_on(s->h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, inf_data, s), 0);
  char *url = url_join(fault, "/infinite");
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_max_limit(o, 100u * 1024u * 1024u), 0);
  int32_t rc = stream ? http_request_in_stream(s->h, url, o, inf_done, s)
                      : http_request(s->h, url, o, inf_done, s);
  http_options_free(o);
  CHECK_INT_EQ(rc, 0);
  if (CHECK(waiter_wait(&s->first_data, WAIT_MS), "no data from /infinite")) {
    sleep_ms(50); /* in full flow */
    pthread_t t;
    pthread_create(&t, NULL, destroyer, s);
    pthread_join(t, NULL);
    CHECK(s->destroy_ms < 2000, "http_destroy from another thread took %llu ms (%s)",
          (unsigned long long)s->destroy_ms, stream ? "stream" : "request");
    sleep_ms(300);
    CHECK(atomic_load(&s->after) == 0, "%d callbacks after http_destroy returned (%s)",
          atomic_load(&s->after), stream ? "stream" : "request");
    CHECK(atomic_load(&s->completions) == 0, "a completion for a destroyed request");
    waiter_destroy(&s->first_data);
    free(s);
  }
  free(url);
}

/* ---- destroy waits for a running callback of the request ---- */
typedef struct slowcb {
  atomic_int entered, exited, returned, after;
  waiter inside;
} slowcb_t;

static void slow_data(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  slowcb_t *s = userdata;
  if (atomic_load(&s->returned)) atomic_fetch_add(&s->after, 1);
  if (atomic_fetch_add(&s->entered, 1) == 0) {
    waiter_signal(&s->inside);
    sleep_ms(300); /* still running when http_destroy is called */
    atomic_store(&s->exited, 1);
  }
}

static void slow_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                      struct http_response *resp) {
  (void)h;
  (void)code;
  (void)msg;
  slowcb_t *s = userdata;
  http_response_free(resp);
  if (atomic_load(&s->returned)) atomic_fetch_add(&s->after, 1);
}

static void test_destroy_waits_for_callback(const char *http) {
  slowcb_t *s = calloc(1, sizeof *s);
  waiter_init(&s->inside);
  struct http_handle *h = http_create();
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, slow_data, s), 0);
  char *url = url_join(http, "/1m.bin");
  CHECK_INT_EQ(http_request_in_stream(h, url, NULL, slow_done, s), 0);
  if (CHECK(waiter_wait(&s->inside, WAIT_MS), "no data callback")) {
    http_destroy(h);
    CHECK(atomic_load(&s->exited) == 1, "http_destroy returned while the request's callback was still running");
    atomic_store(&s->returned, 1);
    sleep_ms(200);
    CHECK_INT_EQ(atomic_load(&s->after), 0);
    waiter_destroy(&s->inside);
    free(s);
  }
  free(url);
}

/* ---- destroy from a callback of another request ---- */
typedef struct cross {
  struct http_handle *victim;
  atomic_int victim_calls;
  waiter done;
} cross_t;

static void victim_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                        struct http_response *resp) {
  (void)h;
  (void)code;
  (void)msg;
  cross_t *x = userdata;
  http_response_free(resp);
  atomic_fetch_add(&x->victim_calls, 1);
}

static void killer_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                        struct http_response *resp) {
  (void)h;
  (void)code;
  (void)msg;
  cross_t *x = userdata;
  http_response_free(resp);
  http_destroy(x->victim);
  waiter_signal(&x->done);
}

static void test_destroy_from_other_request(const char *fault) {
  cross_t *x = calloc(1, sizeof *x);
  waiter_init(&x->done);
  x->victim = http_create();
  struct http_handle *killer = http_create();
  char *slow = url_join(fault, "/hold?ms=1500");
  char *fast = url_join(fault, "/hold?ms=50");
  CHECK_INT_EQ(http_request(x->victim, slow, NULL, victim_done, x), 0);
  CHECK_INT_EQ(http_request(killer, fast, NULL, killer_done, x), 0);
  if (CHECK(waiter_wait(&x->done, WAIT_MS), "killer never completed")) {
    sleep_ms(1800); /* past the victim's natural end */
    CHECK_INT_EQ(atomic_load(&x->victim_calls), 0);
    waiter_destroy(&x->done);
    free(x);
  }
  http_destroy(killer);
  free(slow);
  free(fast);
}

/* ---- a request waiting for a slot, destroyed: never starts, never calls back ---- */
static atomic_int queued_calls;
static waiter holder_done;
static void queued_cb(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                      struct http_response *resp) {
  (void)userdata;
  (void)h;
  (void)code;
  (void)msg;
  http_response_free(resp);
  atomic_fetch_add(&queued_calls, 1);
}
static void holder_cb(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                      struct http_response *resp) {
  (void)userdata;
  (void)h;
  (void)code;
  (void)msg;
  http_response_free(resp);
  waiter_signal(&holder_done);
}

static void test_destroy_queued(const char *fault) {
  waiter_init(&holder_done);
  CHECK_INT_EQ(http_engine_set_max_concurrent(1), 0);
  struct http_handle *holder = http_create(), *queued = http_create();
  char *hold = url_join(fault, "/hold?ms=400");
  char *quick = url_join(fault, "/hold?ms=1");
  CHECK_INT_EQ(http_request(holder, hold, NULL, holder_cb, NULL), 0);
  sleep_ms(100);
  CHECK_INT_EQ(http_request(queued, quick, NULL, queued_cb, NULL), 0);
  uint64_t t0 = now_ms();
  http_destroy(queued);
  CHECK(now_ms() - t0 < 200, "destroying a queued request took %llu ms", (unsigned long long)(now_ms() - t0));
  CHECK(waiter_wait(&holder_done, WAIT_MS), "holder never completed");
  sleep_ms(300);
  CHECK_INT_EQ(atomic_load(&queued_calls), 0);
  CHECK_INT_EQ(http_engine_set_max_concurrent(0), 0);
  http_destroy(holder);
  waiter_destroy(&holder_done);
  free(hold);
  free(quick);
}

/* ---- destroy racing with completion: a callback either before http_destroy returned, or never ---- */
#define RACE 100
typedef struct race {
  atomic_int returned;
  atomic_int after;
} race_t;
static race_t races[RACE];

static void race_ev(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  race_t *r = userdata;
  if (atomic_load(&r->returned)) atomic_fetch_add(&r->after, 1);
}
static void race_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                      struct http_response *resp) {
  (void)h;
  (void)code;
  (void)msg;
  race_t *r = userdata;
  http_response_free(resp);
  if (atomic_load(&r->returned)) atomic_fetch_add(&r->after, 1);
}

static void test_destroy_race(const char *http) {
  char *url = url_join(http, "/100.bin");
  for (int i = 0; i < RACE; i++) {
    race_t *r = &races[i];
    struct http_handle *h = http_create();
    for (int t = HTTP_EVENT_HEADERS_RECEIVE; t <= HTTP_EVENT_DATA_RECEIVE_PROGRESS; t++)
      http_on(h, t, race_ev, r);
    int32_t rc = (i % 2) ? http_request_in_stream(h, url, NULL, race_done, r)
                         : http_request(h, url, NULL, race_done, r);
    CHECK(rc == 0, "race %d: %d", i, (int)rc);
    if (i % 3) {
      struct timespec ts = {0, (long)(i % 7) * 150000L}; /* 0 .. 0.9 ms */
      nanosleep(&ts, NULL);
    }
    http_destroy(h);
    atomic_store(&r->returned, 1);
  }
  sleep_ms(300);
  int after = 0;
  for (int i = 0; i < RACE; i++) after += atomic_load(&races[i].after);
  CHECK(after == 0, "%d callbacks after http_destroy returned in the race", after);
  free(url);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  char *slow = url_join(fault, "/slow?chunks=10&delay_ms=40&size=1000");
  char *small = url_join(http, "/100.bin");
  char *echo = url_join(http, "/echo");

  destroy_inside("headersReceive", HTTP_EVENT_HEADERS_RECEIVE, slow, true, NULL);
  destroy_inside("dataReceive", HTTP_EVENT_DATA_RECEIVE, slow, true, NULL);
  destroy_inside("dataReceiveProgress (stream)", HTTP_EVENT_DATA_RECEIVE_PROGRESS, slow, true, NULL);
  destroy_inside("dataReceiveProgress (request)", HTTP_EVENT_DATA_RECEIVE_PROGRESS, slow, false, NULL);
  destroy_inside("headersReceive (request)", HTTP_EVENT_HEADERS_RECEIVE, slow, false, NULL);
  destroy_inside("dataEnd", HTTP_EVENT_DATA_END, small, true, NULL);
  destroy_inside("completion", EV_COMPLETE, small, false, NULL);
  destroy_inside("completion (stream)", EV_COMPLETE, small, true, NULL);
  {
    size_t n = 1024 * 1024;
    uint8_t *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (uint8_t)(i * 31);
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
    CHECK_INT_EQ(http_options_set_extra_data_bytes(o, big, n), 0);
    free(big);
    destroy_inside("dataSendProgress", HTTP_EVENT_DATA_SEND_PROGRESS, echo, false, o);
    http_options_free(o);
  }

  test_destroy_other_thread(fault, true);
  test_destroy_other_thread(fault, false);
  test_destroy_waits_for_callback(http);
  test_destroy_from_other_request(fault);
  test_destroy_queued(fault);
  test_destroy_race(http);

  /* and the process is still fine: one more request */
  {
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    CHECK(http_request_sync(h, small, NULL, &r) == 0 && http_response_code(r) == 200,
          "request after the destroy tests");
    http_response_free(r);
    http_destroy(h);
  }

  free(slow);
  free(small);
  free(echo);
  return test_finish();
}
