/* Events: on / once / off with several listeners per type (each with its own userdata), off
 * matching cb + userdata, off with NULL cb removing every listener of a type, changes from
 * inside a callback; the order headersReceive -> dataReceive* -> dataEnd -> completion in
 * stream mode; dataReceive bytes equal to the file; dataReceiveProgress reaching
 * receiveSize == totalSize; dataSendProgress on a 1 MiB POST reaching sendSize == totalSize;
 * nothing after the completion callback. */
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
#define ONE_MIB 1048576u
#define EV_COMPLETE 100
#define MAX_ORDER 8192

typedef struct ctx {
  struct http_handle *h;
  pthread_mutex_t mu;
  int order[MAX_ORDER];
  int norder;
  const uint8_t *file;
  size_t file_len;
  size_t received;
  int data_events;
  bool data_mismatch;
  uint64_t last_current, last_total;
  int progress_events;
  bool progress_regressed;
  uint64_t send_current, send_total;
  int send_events;
  bool send_regressed;
  int headers_events;
  bool headers_json_ok;
  atomic_int completed;
  atomic_int after_completion;
  atomic_int wrong_handle;
  waiter done;
  int32_t code;
  struct http_response *resp;
} ctx_t;

typedef struct listener {
  ctx_t *ctx;
  int type;
  atomic_int count;
} listener_t;

static void ctx_init(ctx_t *c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  waiter_init(&c->done);
}

static void ctx_fini(ctx_t *c) {
  http_response_free(c->resp);
  waiter_destroy(&c->done);
  pthread_mutex_destroy(&c->mu);
}

static void listener_init(listener_t *l, ctx_t *c, int type) {
  l->ctx = c;
  l->type = type;
  atomic_init(&l->count, 0);
}

static void note(ctx_t *c, struct http_handle *h) {
  if (atomic_load(&c->completed)) atomic_fetch_add(&c->after_completion, 1);
  if (h != c->h) atomic_fetch_add(&c->wrong_handle, 1);
}

static void push_order(ctx_t *c, int what) {
  if (c->norder < MAX_ORDER) c->order[c->norder++] = what;
}

/* Records headersReceive / dataEnd in the order log. */
static void order_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  ctx_t *c = userdata;
  note(c, h);
  pthread_mutex_lock(&c->mu);
  push_order(c, (int)ev->type);
  if (ev->type == HTTP_EVENT_HEADERS_RECEIVE) {
    c->headers_events++;
    c->headers_json_ok = ev->headers_json != NULL && strlen(ev->headers_json) == ev->headers_json_len &&
                         ev->headers_json[0] == '{' && strstr(ev->headers_json, "\"content-type\"") != NULL &&
                         strstr(ev->headers_json, "Content-Type") == NULL && ev->data == NULL;
  }
  pthread_mutex_unlock(&c->mu);
}

/* dataReceive: order, byte count, content against the file. */
static void data_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  ctx_t *c = userdata;
  note(c, h);
  pthread_mutex_lock(&c->mu);
  push_order(c, (int)ev->type);
  c->data_events++;
  if (ev->type != HTTP_EVENT_DATA_RECEIVE || (ev->data == NULL && ev->data_len > 0)) {
    c->data_mismatch = true;
  } else if (c->file != NULL) {
    if (c->received + ev->data_len > c->file_len ||
        memcmp(c->file + c->received, ev->data, ev->data_len) != 0)
      c->data_mismatch = true;
  }
  c->received += ev->data_len;
  pthread_mutex_unlock(&c->mu);
}

static void progress_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  ctx_t *c = userdata;
  note(c, h);
  pthread_mutex_lock(&c->mu);
  if (ev->type != HTTP_EVENT_DATA_RECEIVE_PROGRESS || ev->current < c->last_current)
    c->progress_regressed = true;
  c->last_current = ev->current;
  c->last_total = ev->total;
  c->progress_events++;
  pthread_mutex_unlock(&c->mu);
}

static void send_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  ctx_t *c = userdata;
  note(c, h);
  pthread_mutex_lock(&c->mu);
  if (ev->type != HTTP_EVENT_DATA_SEND_PROGRESS || ev->current < c->send_current ||
      (ev->total != 0 && ev->current > ev->total))
    c->send_regressed = true;
  c->send_current = ev->current;
  c->send_total = ev->total;
  c->send_events++;
  pthread_mutex_unlock(&c->mu);
}

/* Counts its calls in its own userdata. */
static void count_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  listener_t *l = userdata;
  note(l->ctx, h);
  CHECK(ev != NULL && (int)ev->type == l->type, "listener for type %d got type %d", l->type,
        ev ? (int)ev->type : -1);
  atomic_fetch_add(&l->count, 1);
}

/* A second function, so that off(cb, userdata) is tested with a distinct cb too. */
static void other_cb(void *userdata, struct http_handle *h, const http_event *ev) {
  count_cb(userdata, h, ev);
}

static void on_complete(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                        struct http_response *resp) {
  ctx_t *c = userdata;
  note(c, h);
  pthread_mutex_lock(&c->mu);
  push_order(c, EV_COMPLETE);
  pthread_mutex_unlock(&c->mu);
  if (code != 0) fprintf(stderr, "completion error %d: %s\n", (int)code, msg);
  c->code = code;
  c->resp = resp;
  atomic_fetch_add(&c->completed, 1);
  waiter_signal(&c->done);
}

/* ---- stream mode: every listener rule plus the event order and content ---- */
static void test_stream_listeners(const char *http, const uint8_t *file, size_t file_len) {
  ctx_t c;
  ctx_init(&c);
  c.file = file;
  c.file_len = file_len;
  listener_t l1, l2, l3, l4, l5, l6, l6b, l6c, l9, l10, l11;
  listener_init(&l1, &c, HTTP_EVENT_HEADERS_RECEIVE);
  listener_init(&l2, &c, HTTP_EVENT_HEADERS_RECEIVE);
  listener_init(&l3, &c, HTTP_EVENT_HEADERS_RECEIVE);
  listener_init(&l4, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&l5, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&l6, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&l6b, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&l6c, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&l9, &c, HTTP_EVENT_DATA_END);
  listener_init(&l10, &c, HTTP_EVENT_DATA_END);
  listener_init(&l11, &c, HTTP_EVENT_DATA_END);

  struct http_handle *h = http_create();
  c.h = h;
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, order_cb, &c), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, count_cb, &l1), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, count_cb, &l2), 0);
  CHECK_INT_EQ(http_once(h, HTTP_EVENT_HEADERS_RECEIVE, count_cb, &l3), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, data_cb, &c), 0);
  CHECK_INT_EQ(http_once(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &l4), 0); /* once among many chunks */
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &l5), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, other_cb, &l6), 0);
  CHECK_INT_EQ(http_off(h, HTTP_EVENT_DATA_RECEIVE, other_cb, &l6), 0);
  /* same cb, two userdatas: off removes only the one given */
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &l6b), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &l6c), 0);
  CHECK_INT_EQ(http_off(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &l6b), 0);
  /* off with NULL: every listener of the type goes; later registrations work */
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_END, count_cb, &l9), 0);
  CHECK_INT_EQ(http_once(h, HTTP_EVENT_DATA_END, other_cb, &l10), 0);
  CHECK_INT_EQ(http_off(h, HTTP_EVENT_DATA_END, NULL, NULL), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_END, order_cb, &c), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_END, count_cb, &l11), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, progress_cb, &c), 0);

  char *url = url_join(http, "/1m.bin");
  CHECK_INT_EQ(http_request_in_stream(h, url, NULL, on_complete, &c), 0);
  if (CHECK(waiter_wait(&c.done, WAIT_MS), "no completion for %s", url)) {
    CHECK_INT_EQ(c.code, 0);
    if (c.resp) {
      size_t len = 99;
      CHECK_INT_EQ(http_response_code(c.resp), 200);
      http_response_result(c.resp, &len);
      CHECK_INT_EQ(len, 0);
    }
    sleep_ms(300); /* anything late would show now */
    pthread_mutex_lock(&c.mu);
    CHECK_INT_EQ(c.received, ONE_MIB);
    CHECK(!c.data_mismatch, "dataReceive bytes differ from 1m.bin");
    CHECK(c.data_events > 1, "only %d dataReceive events for 1 MiB", c.data_events);
    CHECK(c.headers_json_ok, "headers_json of headersReceive malformed");
    CHECK_INT_EQ(c.headers_events, 1);
    /* order: headers, data+, dataEnd, completion */
    CHECK(c.norder >= 4, "only %d ordered events", c.norder);
    if (c.norder >= 4) {
      CHECK_INT_EQ(c.order[0], HTTP_EVENT_HEADERS_RECEIVE);
      CHECK_INT_EQ(c.order[c.norder - 1], EV_COMPLETE);
      CHECK_INT_EQ(c.order[c.norder - 2], HTTP_EVENT_DATA_END);
      int bad = 0;
      for (int i = 1; i < c.norder - 2; i++)
        if (c.order[i] != HTTP_EVENT_DATA_RECEIVE) bad++;
      CHECK(bad == 0, "%d events out of order between headersReceive and dataEnd", bad);
    }
    CHECK(c.progress_events > 0, "no dataReceiveProgress");
    CHECK(!c.progress_regressed, "receiveSize went backwards");
    CHECK(c.last_current == ONE_MIB && c.last_total == ONE_MIB,
          "last progress %llu/%llu, expected %u/%u", (unsigned long long)c.last_current,
          (unsigned long long)c.last_total, ONE_MIB, ONE_MIB);
    int data_events = c.data_events;
    pthread_mutex_unlock(&c.mu);

    CHECK_INT_EQ(atomic_load(&l1.count), 1);
    CHECK_INT_EQ(atomic_load(&l2.count), 1);
    CHECK_INT_EQ(atomic_load(&l3.count), 1);
    CHECK_INT_EQ(atomic_load(&l4.count), 1);
    CHECK_INT_EQ(atomic_load(&l5.count), data_events);
    CHECK_INT_EQ(atomic_load(&l6.count), 0);
    CHECK_INT_EQ(atomic_load(&l6b.count), 0);
    CHECK_INT_EQ(atomic_load(&l6c.count), data_events);
    CHECK_INT_EQ(atomic_load(&l9.count), 0);
    CHECK_INT_EQ(atomic_load(&l10.count), 0);
    CHECK_INT_EQ(atomic_load(&l11.count), 1);
    CHECK_INT_EQ(atomic_load(&c.completed), 1);
    CHECK_INT_EQ(atomic_load(&c.after_completion), 0);
    CHECK_INT_EQ(atomic_load(&c.wrong_handle), 0);
  }
  http_destroy(h);
  free(url);
  ctx_fini(&c);
}

/* ---- http_request (not stream): headers and progress, no data / dataEnd events ---- */
static void test_plain_request(const char *http, const uint8_t *file, size_t file_len) {
  ctx_t c;
  ctx_init(&c);
  listener_t data, end;
  listener_init(&data, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&end, &c, HTTP_EVENT_DATA_END);
  struct http_handle *h = http_create();
  c.h = h;
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, order_cb, &c), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, progress_cb, &c), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &data), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_END, count_cb, &end), 0);
  char *url = url_join(http, "/1m.bin");
  CHECK_INT_EQ(http_request(h, url, NULL, on_complete, &c), 0);
  if (CHECK(waiter_wait(&c.done, WAIT_MS), "no completion for %s", url)) {
    CHECK_INT_EQ(c.code, 0);
    if (c.resp) {
      size_t len = 0;
      const uint8_t *b = http_response_result(c.resp, &len);
      CHECK(len == file_len && memcmp(b, file, len) == 0, "result differs from 1m.bin (%zu bytes)", len);
    }
    sleep_ms(200);
    pthread_mutex_lock(&c.mu);
    CHECK_INT_EQ(c.headers_events, 1);
    CHECK(c.headers_json_ok, "headers_json malformed");
    CHECK(c.norder == 2 && c.order[0] == HTTP_EVENT_HEADERS_RECEIVE && c.order[1] == EV_COMPLETE,
          "headersReceive then completion expected (%d entries)", c.norder);
    CHECK(c.progress_events > 0 && !c.progress_regressed, "progress events %d", c.progress_events);
    CHECK(c.last_current == ONE_MIB && c.last_total == ONE_MIB, "last progress %llu/%llu",
          (unsigned long long)c.last_current, (unsigned long long)c.last_total);
    pthread_mutex_unlock(&c.mu);
    CHECK_INT_EQ(atomic_load(&data.count), 0);
    CHECK_INT_EQ(atomic_load(&end.count), 0);
    CHECK_INT_EQ(atomic_load(&c.after_completion), 0);
    CHECK_INT_EQ(atomic_load(&c.wrong_handle), 0);
  }
  http_destroy(h);
  free(url);
  ctx_fini(&c);
}

/* ---- dataSendProgress on a 1 MiB POST ---- */
static void test_send_progress(const char *http, const uint8_t *file, size_t file_len) {
  ctx_t c;
  ctx_init(&c);
  struct http_handle *h = http_create();
  c.h = h;
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_SEND_PROGRESS, send_cb, &c), 0);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
  CHECK_INT_EQ(http_options_set_extra_data_bytes(o, file, file_len), 0);
  CHECK_INT_EQ(http_options_add_header(o, "Content-Type", "application/octet-stream"), 0);
  char *url = url_join(http, "/echo");
  CHECK_INT_EQ(http_request(h, url, o, on_complete, &c), 0);
  http_options_free(o);
  if (CHECK(waiter_wait(&c.done, WAIT_MS), "no completion for POST %s", url)) {
    CHECK_INT_EQ(c.code, 0);
    if (c.resp) {
      size_t len = 0;
      const uint8_t *b = http_response_result(c.resp, &len);
      CHECK_INT_EQ(http_response_code(c.resp), 200);
      CHECK(len == file_len && memcmp(b, file, len) == 0, "echoed body differs (%zu bytes)", len);
    }
    sleep_ms(200);
    pthread_mutex_lock(&c.mu);
    CHECK(c.send_events > 0, "no dataSendProgress");
    CHECK(!c.send_regressed, "sendSize went backwards or past totalSize");
    CHECK(c.send_current == ONE_MIB && c.send_total == ONE_MIB, "last send progress %llu/%llu",
          (unsigned long long)c.send_current, (unsigned long long)c.send_total);
    pthread_mutex_unlock(&c.mu);
    CHECK_INT_EQ(atomic_load(&c.after_completion), 0);
  }
  http_destroy(h);
  free(url);
  ctx_fini(&c);
}

/* ---- listeners changed from inside a callback ---- */
typedef struct inner {
  ctx_t *c;
  listener_t *remove_me;
  listener_t *add_me;
  int32_t off_rc, on_rc;
} inner_t;

static void headers_changes_listeners(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)ev;
  inner_t *in = userdata;
  in->off_rc = http_off(h, HTTP_EVENT_DATA_RECEIVE, count_cb, in->remove_me);
  in->on_rc = http_on(h, HTTP_EVENT_DATA_END, count_cb, in->add_me);
}

static void test_change_inside_callback(const char *http) {
  ctx_t c;
  ctx_init(&c);
  listener_t removed, added;
  listener_init(&removed, &c, HTTP_EVENT_DATA_RECEIVE);
  listener_init(&added, &c, HTTP_EVENT_DATA_END);
  inner_t in = {&c, &removed, &added, -1, -1};
  struct http_handle *h = http_create();
  c.h = h;
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, headers_changes_listeners, &in), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, count_cb, &removed), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, data_cb, &c), 0);
  char *url = url_join(http, "/100.bin");
  CHECK_INT_EQ(http_request_in_stream(h, url, NULL, on_complete, &c), 0);
  if (CHECK(waiter_wait(&c.done, WAIT_MS), "no completion")) {
    CHECK_INT_EQ(c.code, 0);
    CHECK_INT_EQ(in.off_rc, 0);
    CHECK_INT_EQ(in.on_rc, 0);
    pthread_mutex_lock(&c.mu);
    CHECK_INT_EQ(c.received, 100);
    pthread_mutex_unlock(&c.mu);
    CHECK_INT_EQ(atomic_load(&removed.count), 0);
    CHECK_INT_EQ(atomic_load(&added.count), 1);
  }
  http_destroy(h);
  free(url);
  ctx_fini(&c);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  size_t file_len = 0;
  char *file = read_www_file("1m.bin", &file_len);
  if (!CHECK(file != NULL && file_len == ONE_MIB, "cannot read 1m.bin")) return test_finish();
  test_stream_listeners(http, (const uint8_t *)file, file_len);
  test_plain_request(http, (const uint8_t *)file, file_len);
  test_send_progress(http, (const uint8_t *)file, file_len);
  test_change_inside_callback(http);
  free(file);
  return test_finish();
}
