/* A recorder for socket tests: every event and result of one nethttp_sock appended to a
 * text log ("connect;msg:5;close"), the received bytes kept, a waiter signalled on each
 * event, so a test asserts the exact sequence. Header-only, included by test_sock*.c. */
#ifndef NETHTTP_SOCK_REC_H
#define NETHTTP_SOCK_REC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct srec {
  pthread_mutex_t mu;
  waiter w;             /* signalled on every event and result */
  char log[16384];
  int connects, closes, errors, listening, drains, messages;
  int results_ok, results_err;
  int32_t last_result;
  char last_result_msg[512];
  int32_t error_code;
  char error_message[512];
  uint8_t *data;        /* every received byte, in order (malloc'd) */
  size_t len, cap;
  struct nethttp_net_address last_remote;
  struct nethttp_net_address local;
  int after_close;      /* events after CLOSE (must stay 0) */
  /* Server side: accepted connections (each recorded by conn_rec[i]). */
  struct nethttp_sock *conns[64];
  struct srec *conn_recs[64];
  int nconns;
  int echo;             /* send every message back from inside the callback */
  int keep_conns;       /* server: keep (and record) connections, else destroy at once */
  struct nethttp_sock *sock;
} srec;

static void srec_init(srec *r) {
  memset(r, 0, sizeof *r);
  pthread_mutex_init(&r->mu, NULL);
  waiter_init(&r->w);
}

static void srec_append(srec *r, const char *s) {
  size_t n = strlen(r->log);
  snprintf(r->log + n, sizeof r->log - n, "%s%s", n ? ";" : "", s);
}

static void srec_result(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
  (void)s;
  srec *r = (srec *)ud;
  CHECK(msg != NULL, "result message NULL");
  pthread_mutex_lock(&r->mu);
  if (code == 0) r->results_ok++;
  else r->results_err++;
  r->last_result = code;
  snprintf(r->last_result_msg, sizeof r->last_result_msg, "%s", msg ? msg : "");
  char b[64];
  snprintf(b, sizeof b, "result:%d", code);
  srec_append(r, b);
  pthread_mutex_unlock(&r->mu);
  waiter_signal(&r->w);
}

static void srec_fini(srec *r);

static void srec_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  srec *r = (srec *)ud;
  pthread_mutex_lock(&r->mu);
  if (r->closes) r->after_close++;
  char b[128];
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_CONNECT:
    r->connects++;
    if (e->connection) {
      srec_append(r, "accept");
      if (r->keep_conns && r->nconns < 64) {
        srec *cr = (srec *)malloc(sizeof *cr);
        srec_init(cr);
        cr->echo = r->echo;
        cr->sock = e->connection;
        int32_t sk = nethttp_sock_get_kind(s);
        CHECK_INT_EQ(nethttp_sock_get_kind(e->connection),
                     sk == NETHTTP_SOCK_LOCAL_SERVER ? NETHTTP_SOCK_LOCAL_CONNECTION
                     : sk == NETHTTP_SOCK_TLS_SERVER ? NETHTTP_SOCK_TLS_CONNECTION
                                                     : NETHTTP_SOCK_TCP_CONNECTION);
        for (int t = 0; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
          nethttp_sock_on(e->connection, t, srec_event, cr);
        r->conns[r->nconns] = e->connection;
        r->conn_recs[r->nconns] = cr;
        r->nconns++;
      } else {
        nethttp_sock_destroy(e->connection);
      }
    } else {
      srec_append(r, "connect");
    }
    if (e->remote) r->last_remote = *e->remote;
    if (e->local) r->local = *e->local;
    break;
  case NETHTTP_SOCK_EVENT_MESSAGE:
    r->messages++;
    if (r->len + e->data_len > r->cap) {
      r->cap = (r->len + e->data_len) * 2;
      r->data = (uint8_t *)realloc(r->data, r->cap);
    }
    memcpy(r->data + r->len, e->data, e->data_len);
    r->len += e->data_len;
    if (e->remote) r->last_remote = *e->remote;
    snprintf(b, sizeof b, "msg:%zu", e->data_len);
    if (r->messages <= 20) srec_append(r, b);
    break;
  case NETHTTP_SOCK_EVENT_CLOSE:
    r->closes++;
    srec_append(r, "close");
    break;
  case NETHTTP_SOCK_EVENT_ERROR:
    r->errors++;
    r->error_code = e->error_code;
    snprintf(r->error_message, sizeof r->error_message, "%s",
             e->error_message ? e->error_message : "(null)");
    snprintf(b, sizeof b, "error:%d", e->error_code);
    srec_append(r, b);
    break;
  case NETHTTP_SOCK_EVENT_LISTENING:
    r->listening++;
    if (e->local) r->local = *e->local;
    srec_append(r, "listening");
    break;
  case NETHTTP_SOCK_EVENT_DRAIN:
    r->drains++;
    srec_append(r, "drain");
    break;
  }
  pthread_mutex_unlock(&r->mu);
  if (e->type == NETHTTP_SOCK_EVENT_MESSAGE && r->echo) {
    int32_t rc = e->data_len ? nethttp_sock_send(s, e->data, e->data_len, NULL, NULL) : 0;
    CHECK(rc == 0 || rc == NETHTTP_ERR_SOCK_CLOSED, "echo send rc=%d", rc);
  }
  waiter_signal(&r->w);
}

/* Listens for every event type of s with r. */
static void srec_attach(srec *r, struct nethttp_sock *s) {
  r->sock = s;
  for (int t = 0; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
    CHECK_INT_EQ(nethttp_sock_on(s, t, srec_event, r), 0);
}

/* Waits until cond (evaluated under r->mu) holds, or timeout_ms passes. */
#define SREC_WAIT(r, cond, timeout_ms)                                     \
  ({                                                                       \
    uint64_t _end = now_ms() + (timeout_ms);                               \
    int _ok = 0;                                                           \
    for (;;) {                                                             \
      pthread_mutex_lock(&(r)->mu);                                        \
      _ok = (cond);                                                        \
      pthread_mutex_unlock(&(r)->mu);                                      \
      if (_ok || now_ms() >= _end) break;                                  \
      waiter_wait(&(r)->w, 50);                                            \
    }                                                                      \
    _ok;                                                                   \
  })

static void srec_fini(srec *r) {
  for (int i = 0; i < r->nconns; i++) {
    nethttp_sock_destroy(r->conns[i]);
    srec_fini(r->conn_recs[i]);
    free(r->conn_recs[i]);
  }
  r->nconns = 0;
  free(r->data);
  waiter_destroy(&r->w);
  pthread_mutex_destroy(&r->mu);
}

#endif
