/* A recorder for WebSocket tests: every event and result of one nethttp_ws appended to a
 * text log ("open:101;msg:t:hello;close:1000:;"), so a test asserts the exact sequence.
 * Header-only (static functions), included by the test_ws*.c programs. */
#ifndef NETHTTP_WS_REC_H
#define NETHTTP_WS_REC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct rec {
  pthread_mutex_t mu;
  waiter w;            /* signalled on CLOSE, on a failed connect, on every message */
  char log[16384];
  int done;            /* CLOSE seen, or connect failed */
  int opened;
  long messages;
  uint32_t close_code;
  char close_reason[256];
  int32_t error_code;
  char error_message[512];
  int32_t connect_code;
  int connects;
  char connect_message[512];
  char headers[8192];
  char protocol[128];
  int results_ok;
  int results_err;
  int32_t last_result;
  uint8_t *last_data;  /* the last message (malloc'd) */
  size_t last_len;
  int32_t last_type;
  int after_close;     /* events after CLOSE (must stay 0) */
  /* Optional behaviours. */
  int echo;            /* send every message back from inside the callback */
  int destroy_on_message; /* nethttp_ws_destroy from inside the first MESSAGE callback */
  struct nethttp_ws *ws;
} rec;

static void rec_init(rec *r) {
  memset(r, 0, sizeof *r);
  pthread_mutex_init(&r->mu, NULL);
  waiter_init(&r->w);
}

static void rec_fini(rec *r) {
  free(r->last_data);
  waiter_destroy(&r->w);
  pthread_mutex_destroy(&r->mu);
}

static void rec_append(rec *r, const char *s) {
  size_t n = strlen(r->log);
  snprintf(r->log + n, sizeof r->log - n, "%s%s", n ? ";" : "", s);
}

static void rec_result(void *ud, struct nethttp_ws *ws, int32_t code, const char *msg) {
  (void)ws;
  (void)msg;
  rec *r = ud;
  pthread_mutex_lock(&r->mu);
  if (code == 0) r->results_ok++;
  else r->results_err++;
  r->last_result = code;
  if (r->done) r->after_close++;
  pthread_mutex_unlock(&r->mu);
}

static void rec_connected(void *ud, struct nethttp_ws *ws, int32_t code, const char *msg) {
  (void)ws;
  rec *r = ud;
  pthread_mutex_lock(&r->mu);
  r->connects++;
  r->connect_code = code;
  snprintf(r->connect_message, sizeof r->connect_message, "%s", msg);
  char b[64];
  snprintf(b, sizeof b, "connect:%d", code);
  rec_append(r, b);
  if (code != 0) r->done = 1;
  pthread_mutex_unlock(&r->mu);
  if (code != 0) waiter_signal(&r->w);
}

static void rec_event(void *ud, struct nethttp_ws *ws, const struct nethttp_ws_event *e) {
  rec *r = ud;
  char b[512];
  int signal = 0, destroy = 0;
  pthread_mutex_lock(&r->mu);
  if (r->done) r->after_close++;
  switch (e->type) {
  case NETHTTP_WS_EVENT_OPEN:
    r->opened = 1;
    snprintf(r->headers, sizeof r->headers, "%.*s", (int)e->headers_json_len, e->headers_json);
    snprintf(r->protocol, sizeof r->protocol, "%s", e->protocol);
    snprintf(b, sizeof b, "open:%u:%s", e->status, e->status_message);
    rec_append(r, b);
    break;
  case NETHTTP_WS_EVENT_HEADER_RECEIVE:
    rec_append(r, "headers");
    break;
  case NETHTTP_WS_EVENT_MESSAGE:
    r->messages++;
    free(r->last_data);
    r->last_data = malloc(e->data_len + 1);
    memcpy(r->last_data, e->data, e->data_len + 1); /* the NUL after the data included */
    r->last_len = e->data_len;
    r->last_type = e->message_type;
    if (e->message_type == NETHTTP_WS_TEXT && e->data_len <= 64)
      snprintf(b, sizeof b, "msg:t:%.*s", (int)e->data_len, (const char *)e->data);
    else
      snprintf(b, sizeof b, "msg:%c:%zu", e->message_type == NETHTTP_WS_TEXT ? 't' : 'b',
               e->data_len);
    rec_append(r, b);
    signal = 1;
    destroy = r->destroy_on_message;
    break;
  case NETHTTP_WS_EVENT_DATA_END:
    rec_append(r, "end");
    break;
  case NETHTTP_WS_EVENT_ERROR:
    r->error_code = e->error_code;
    snprintf(r->error_message, sizeof r->error_message, "%s", e->error_message);
    snprintf(b, sizeof b, "error:%d", e->error_code);
    rec_append(r, b);
    break;
  case NETHTTP_WS_EVENT_CLOSE:
    r->close_code = e->close_code;
    snprintf(r->close_reason, sizeof r->close_reason, "%s", e->close_reason);
    snprintf(b, sizeof b, "close:%u:%.60s", e->close_code, e->close_reason);
    rec_append(r, b);
    r->done = 1;
    signal = 1;
    break;
  }
  int echo = r->echo && e->type == NETHTTP_WS_EVENT_MESSAGE;
  pthread_mutex_unlock(&r->mu);
  if (echo) nethttp_ws_send(ws, e->message_type, e->data, e->data_len, rec_result, r);
  if (destroy) {
    nethttp_ws_destroy(ws);
    pthread_mutex_lock(&r->mu);
    r->ws = NULL;
    r->done = 1;
    pthread_mutex_unlock(&r->mu);
  }
  if (signal) waiter_signal(&r->w);
}

/* Creates a WebSocket recording into r (every event type) and connects it. Returns
 * nethttp_ws_connect's code; r->ws is the handle (destroy it with rec_destroy). */
static int32_t rec_connect(rec *r, const char *url, const struct nethttp_ws_options *o) {
  r->ws = nethttp_ws_create();
  for (int t = NETHTTP_WS_EVENT_OPEN; t <= NETHTTP_WS_EVENT_HEADER_RECEIVE; t++) {
    if (t == NETHTTP_WS_EVENT_DATA_END || t == NETHTTP_WS_EVENT_HEADER_RECEIVE) continue;
    nethttp_ws_on(r->ws, t, rec_event, r);
  }
  return nethttp_ws_connect(r->ws, url, o, rec_connected, r);
}

static int rec_is_done(rec *r) {
  pthread_mutex_lock(&r->mu);
  int d = r->done;
  pthread_mutex_unlock(&r->mu);
  return d;
}

/* Waits until CLOSE (or a failed connect); false after timeout_ms. */
static bool rec_wait_done(rec *r, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  while (!rec_is_done(r)) {
    uint64_t now = now_ms();
    if (now >= end) return false;
    waiter_wait(&r->w, (int)(end - now));
  }
  return true;
}

static bool rec_wait_open(rec *r, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    pthread_mutex_lock(&r->mu);
    int o = r->opened, d = r->done;
    pthread_mutex_unlock(&r->mu);
    if (o) return true;
    if (d || now_ms() >= end) return false;
    sleep_ms(2);
  }
}

/* Waits until at least n messages arrived (or the connection ended). */
static bool rec_wait_messages(rec *r, long n, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    pthread_mutex_lock(&r->mu);
    long m = r->messages;
    int d = r->done;
    pthread_mutex_unlock(&r->mu);
    if (m >= n) return true;
    if (d || now_ms() >= end) return false;
    waiter_wait(&r->w, 50);
  }
}

static void rec_destroy(rec *r) {
  if (r->ws) nethttp_ws_destroy(r->ws);
  r->ws = NULL;
}

static char *rec_log(rec *r) {
  pthread_mutex_lock(&r->mu);
  size_t n = strlen(r->log) + 1;
  char *s = malloc(n);
  memcpy(s, r->log, n);
  pthread_mutex_unlock(&r->mu);
  return s;
}

#define CHECK_LOG(r, expected)                    \
  do {                                            \
    char *log_ = rec_log(r);                      \
    CHECK_STR_EQ(log_, expected);                 \
    free(log_);                                   \
  } while (0)

#endif
