/* Server-sent events ("nethttp": {"sse"}, http_options_set_sse) against a small server of the
 * test's own: a thread on 127.0.0.1 that answers each connection from a script, writing the
 * bytes in chosen pieces (TCP_NODELAY and a pause between them, so that the client gets them
 * split there: CR | LF, inside a BOM, inside a field name, a UTF-8 sequence), then closing or
 * holding the connection; it counts connections and records each one's Last-Event-ID, Accept
 * and Cache-Control.
 *
 * Cases: fields, defaults, BOM, CR/LF/CRLF across splits, comments, lines without colon, an id
 * with NUL ignored, invalid retry values ignored, empty data not dispatched; a stream cut in
 * the middle of an event (the partial event discarded); reconnection after the server's retry
 * with Last-Event-ID (the cut event's id not sent), SSE_RECONNECT events, maxReconnects; a
 * non-200 or a non-event-stream response fails with 2300995 and never reconnects; a huge line
 * and an event with too much data fail with 2300994; a refused connection reconnected then
 * failed; http_destroy during a reconnection's wait and during an open stream (no callback
 * after it); queued delivery; http_request_sync; JSON and setter 401s. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

/* ---- the server ---- */

typedef struct {
  const char *bytes;
  size_t len;
} piece;
#define P(lit) {lit, sizeof(lit) - 1}
#define MAX_PIECES 24
#define MAX_CONNS 8

typedef struct {
  piece pieces[MAX_PIECES];
  int n;
  bool hold; /* keep the connection open (until the client closes it or the server stops) */
} conn_script;

#define OK_HEAD "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"

static int listen_fd;
static struct sockaddr_in listen_addr;
static atomic_int stop_server;
static atomic_int conns;
static atomic_int client_closed; /* held connections the client closed */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static conn_script scripts[MAX_CONNS]; /* the last one repeats */
static int nscripts;
static char seen_last_id[MAX_CONNS][64]; /* "-" when the request had none */
static char seen_accept[128], seen_cache_control[128];
static char *big; /* a long line for the limit cases */

static void set_scripts(int n, const conn_script *s) {
  pthread_mutex_lock(&mu);
  for (int i = 0; i < n && i < MAX_CONNS; i++) scripts[i] = s[i];
  nscripts = n;
  for (int i = 0; i < MAX_CONNS; i++) snprintf(seen_last_id[i], sizeof seen_last_id[i], "?");
  seen_accept[0] = seen_cache_control[0] = 0;
  atomic_store(&conns, 0);
  atomic_store(&client_closed, 0);
  pthread_mutex_unlock(&mu);
}

/* The value of header `name` (case-insensitive) in a request head, copied into out. */
static bool header_value(const char *head, const char *name, char *out, size_t cap) {
  size_t nl = strlen(name);
  for (const char *p = strstr(head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
    const char *line = p + 2;
    if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
      const char *v = line + nl + 1;
      while (*v == ' ') v++;
      const char *e = strstr(v, "\r\n");
      size_t n = e ? (size_t)(e - v) : strlen(v);
      if (n >= cap) n = cap - 1;
      memcpy(out, v, n);
      out[n] = 0;
      return true;
    }
  }
  return false;
}

static void *server(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_server)) {
    int c = accept(listen_fd, NULL, NULL);
    if (c < 0) continue;
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buf[8192];
    size_t got = 0;
    while (got < sizeof buf - 1) {
      ssize_t n = recv(c, buf + got, sizeof buf - 1 - got, 0);
      if (n <= 0) break;
      got += (size_t)n;
      buf[got] = 0;
      if (strstr(buf, "\r\n\r\n")) break;
    }
    if (got == 0 || atomic_load(&stop_server)) {
      close(c);
      continue;
    }
    int i = atomic_fetch_add(&conns, 1);
    pthread_mutex_lock(&mu);
    conn_script s = scripts[i < nscripts ? i : nscripts - 1];
    if (i < MAX_CONNS && !header_value(buf, "Last-Event-ID", seen_last_id[i], 64))
      snprintf(seen_last_id[i], 64, "-");
    if (i == 0) {
      header_value(buf, "Accept", seen_accept, sizeof seen_accept);
      header_value(buf, "Cache-Control", seen_cache_control, sizeof seen_cache_control);
    }
    pthread_mutex_unlock(&mu);
    for (int k = 0; k < s.n; k++) {
      if (send(c, s.pieces[k].bytes, s.pieces[k].len, MSG_NOSIGNAL) < 0) break;
      sleep_ms(15); /* the next piece arrives in another read */
    }
    if (s.hold) {
      /* Until the client closes (recv 0) or the server stops; at most 10 s. */
      for (int t = 0; t < 200 && !atomic_load(&stop_server); t++) {
        struct pollfd pfd = {.fd = c, .events = POLLIN};
        if (poll(&pfd, 1, 50) > 0) {
          if (recv(c, buf, sizeof buf, 0) <= 0) {
            atomic_fetch_add(&client_closed, 1);
            break;
          }
        }
      }
    }
    close(c);
  }
  return NULL;
}

/* ---- the client's record of events ---- */

#define MAX_EVENTS 32
typedef struct {
  char type[32];
  char data[64];
  size_t data_len;
  char id[32];
} rec_event;

static pthread_mutex_t ev_mu = PTHREAD_MUTEX_INITIALIZER;
static rec_event events[MAX_EVENTS];
static int nevents;
static int nreconnects;
static uint64_t last_reconnect_wait;
static atomic_int events_after_destroy;
static atomic_int destroyed;

static void reset_events(void) {
  pthread_mutex_lock(&ev_mu);
  nevents = 0;
  nreconnects = 0;
  last_reconnect_wait = 0;
  pthread_mutex_unlock(&ev_mu);
}

static void on_sse(void *ud, http_handle *h, const http_event *ev) {
  (void)ud;
  (void)h;
  if (atomic_load(&destroyed)) atomic_fetch_add(&events_after_destroy, 1);
  CHECK_INT_EQ(ev->type, HTTP_EVENT_SSE_MESSAGE);
  CHECK(ev->sse_type && ev->sse_type[ev->sse_type_len] == 0, "type NUL-terminated");
  CHECK(ev->sse_last_event_id && ev->sse_last_event_id[ev->sse_last_event_id_len] == 0,
        "id NUL-terminated");
  CHECK(ev->data && ev->data[ev->data_len] == 0, "data NUL-terminated");
  pthread_mutex_lock(&ev_mu);
  if (nevents < MAX_EVENTS) {
    rec_event *r = &events[nevents++];
    snprintf(r->type, sizeof r->type, "%.*s", (int)ev->sse_type_len, ev->sse_type);
    r->data_len = ev->data_len;
    memcpy(r->data, ev->data, ev->data_len < sizeof r->data - 1 ? ev->data_len : sizeof r->data - 1);
    r->data[ev->data_len < sizeof r->data - 1 ? ev->data_len : sizeof r->data - 1] = 0;
    snprintf(r->id, sizeof r->id, "%.*s", (int)ev->sse_last_event_id_len, ev->sse_last_event_id);
  }
  pthread_mutex_unlock(&ev_mu);
}

static void on_reconnect(void *ud, http_handle *h, const http_event *ev) {
  (void)ud;
  (void)h;
  if (atomic_load(&destroyed)) atomic_fetch_add(&events_after_destroy, 1);
  CHECK_INT_EQ(ev->type, HTTP_EVENT_SSE_RECONNECT);
  pthread_mutex_lock(&ev_mu);
  nreconnects++;
  CHECK_INT_EQ(ev->current, (uint64_t)nreconnects);
  last_reconnect_wait = ev->total;
  pthread_mutex_unlock(&ev_mu);
}

static int n_events(void) {
  pthread_mutex_lock(&ev_mu);
  int n = nevents;
  pthread_mutex_unlock(&ev_mu);
  return n;
}

static void check_event(int i, const char *type, const char *data, const char *id) {
  pthread_mutex_lock(&ev_mu);
  bool have = i < nevents;
  rec_event r = have ? events[i] : (rec_event){{0}, {0}, 0, {0}};
  pthread_mutex_unlock(&ev_mu);
  if (!CHECK(have, "event %d missing (%d events)", i, nevents)) return;
  CHECK_STR_EQ(r.type, type);
  CHECK_STR_EQ(r.data, data);
  CHECK_INT_EQ(r.data_len, strlen(data));
  CHECK_STR_EQ(r.id, id);
}

static char url[64];

typedef struct {
  int32_t rc;
  uint32_t code;
  size_t body_len;
  char msg[512];
} result;

/* One SSE request to url with `o`, events on the worker, waiting for its completion. */
static result run(http_options *o) {
  result r;
  memset(&r, 0, sizeof r);
  reset_events();
  http_handle *h = http_create();
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_SSE_MESSAGE, on_sse, NULL), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_SSE_RECONNECT, on_reconnect, NULL), 0);
  completion c;
  completion_init(&c);
  CHECK_INT_EQ(http_request(h, url, o, completion_cb, &c), 0);
  CHECK(completion_wait(&c, 20000), "completion");
  r.rc = c.code;
  snprintf(r.msg, sizeof r.msg, "%s", c.msg);
  if (c.resp) {
    r.code = http_response_code(c.resp);
    http_response_result(c.resp, &r.body_len);
  }
  http_destroy(h);
  completion_fini(&c);
  return r;
}

static http_options *sse_opts(uint32_t reconnects, uint32_t retry_ms, uint32_t max_size) {
  http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_sse(o, true, reconnects, retry_ms, max_size), 0);
  return o;
}

static atomic_int done_calls;
static void on_done(void *ud, http_handle *h, int32_t code, const char *msg, http_response *resp) {
  (void)ud;
  (void)h;
  (void)code;
  (void)msg;
  http_response_free(resp);
  atomic_fetch_add(&done_calls, 1);
}

int main(void) {
  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  listen_addr = (struct sockaddr_in){.sin_family = AF_INET,
                                     .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  CHECK(bind(listen_fd, (struct sockaddr *)&listen_addr, sizeof listen_addr) == 0 &&
            listen(listen_fd, 64) == 0,
        "listen");
  socklen_t al = sizeof listen_addr;
  getsockname(listen_fd, (struct sockaddr *)&listen_addr, &al);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/events", ntohs(listen_addr.sin_port));
  pthread_t th;
  pthread_create(&th, NULL, server, NULL);

  /* 1. The parser over awkward splits, no reconnection. */
  {
    conn_script s = {.n = 0};
    piece ps[] = {
        P(OK_HEAD),
        P("\xEF\xBB"), P("\xBF" ": a comment\r"), P("\ndata: one\r\n\r"), P("\n"),
        P("event: up"), P("date\rdata:two\r"), P("data\r"), P("\r"),    /* "two\n" */
        P("id: 7\nid: x\0y\nretry: 5x\nretry: -3\ndata: \xE2\x82"), P("\xAC\n\n"),
        P("event: empty\n\n"),                                     /* no data: not dispatched */
        P("dat"), P("a: no colon next\nfoo\n:\ndata:  sp\n\n"),
    };
    memcpy(s.pieces, ps, sizeof ps);
    s.n = (int)(sizeof ps / sizeof ps[0]);
    set_scripts(1, &s);
    http_options *o = sse_opts(0, 3000, 0);
    result r = run(o);
    CHECK(r.rc == 0 && r.code == 200 && r.body_len == 0, "parse: rc=%d code=%u body=%zu (%s)",
          (int)r.rc, r.code, r.body_len, r.msg);
    CHECK_INT_EQ(n_events(), 4);
    check_event(0, "message", "one", "");
    check_event(1, "update", "two\n", "");
    check_event(2, "message", "\xE2\x82\xAC", "7");
    check_event(3, "message", "no colon next\n sp", "7");
    CHECK_INT_EQ(atomic_load(&conns), 1);
    CHECK_STR_EQ(seen_accept, "text/event-stream");
    CHECK_STR_EQ(seen_cache_control, "no-cache");
    CHECK_STR_EQ(seen_last_id[0], "-");
    http_options_free(o);
  }

  /* 2. Cut in the middle of an event, no reconnection: the partial event is discarded. */
  {
    conn_script s = {.pieces = {P(OK_HEAD), P("data: a\n\nid: 9\ndata: part"), P("ial\n")}, .n = 3};
    set_scripts(1, &s);
    http_options *o = sse_opts(0, 3000, 0);
    result r = run(o);
    CHECK(r.rc == 0 && r.code == 200, "cut: rc=%d code=%u", (int)r.rc, r.code);
    CHECK_INT_EQ(n_events(), 1);
    check_event(0, "message", "a", "");
    http_options_free(o);
  }

  /* 3. Reconnection after the server's retry (50 ms, not the 5000 ms default), with
   *    Last-Event-ID; the cut event's id 2 never counts; maxReconnects 2 ends it. */
  {
    conn_script s[3] = {
        {.pieces = {P(OK_HEAD), P("retry: 50\nid: 1\ndata: one\n\nid: 2\ndata: cut")}, .n = 2},
        {.pieces = {P(OK_HEAD), P("id: 3\ndata: two\n\n")}, .n = 2},
        {.pieces = {P(OK_HEAD), P("data: three\n\n")}, .n = 2},
    };
    set_scripts(3, s);
    http_options *o = sse_opts(2, 5000, 0);
    uint64_t t0 = now_ms();
    result r = run(o);
    CHECK(r.rc == 0 && r.code == 200, "reconnect: rc=%d code=%u (%s)", (int)r.rc, r.code, r.msg);
    CHECK(now_ms() - t0 < 4000, "the server's retry was used: %llu ms",
          (unsigned long long)(now_ms() - t0));
    CHECK_INT_EQ(atomic_load(&conns), 3);
    CHECK_INT_EQ(n_events(), 3);
    check_event(0, "message", "one", "1");
    check_event(1, "message", "two", "3");
    check_event(2, "message", "three", "3");
    CHECK_STR_EQ(seen_last_id[0], "-");
    CHECK_STR_EQ(seen_last_id[1], "1");
    CHECK_STR_EQ(seen_last_id[2], "3");
    CHECK_INT_EQ(nreconnects, 2);
    CHECK_INT_EQ(last_reconnect_wait, 50);
    http_options_free(o);
  }

  /* 4. Not an event stream: 2300995, never reconnected. */
  {
    conn_script s = {.pieces = {P("HTTP/1.1 500 Oops\r\nContent-Type: text/event-stream\r\n"
                                  "Content-Length: 0\r\nConnection: close\r\n\r\n")},
                     .n = 1};
    set_scripts(1, &s);
    http_options *o = sse_opts(3, 10, 0);
    result r = run(o);
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_SSE_NOT_EVENT_STREAM);
    CHECK(strstr(r.msg, "500") != NULL, "message names the status: %s", r.msg);
    CHECK_INT_EQ(atomic_load(&conns), 1);
    CHECK_INT_EQ(nreconnects, 0);
    conn_script t = {.pieces = {P("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                  "Connection: close\r\n\r\ndata: x\n\n")},
                     .n = 1};
    set_scripts(1, &t);
    r = run(o);
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_SSE_NOT_EVENT_STREAM);
    CHECK(strstr(r.msg, "text/plain") != NULL, "message names the type: %s", r.msg);
    CHECK_INT_EQ(n_events(), 0);
    CHECK_INT_EQ(atomic_load(&conns), 1);
    CHECK(strstr(http_error_message(NETHTTP_ERR_SSE_NOT_EVENT_STREAM), "event stream") != NULL,
          "message");
    http_options_free(o);
  }

  /* 5. Limits: a huge line (no newline ever) and an event with too much data: 2300994,
   *    never reconnected, however much the server sends. */
  {
    size_t big_len = 256 * 1024;
    big = malloc(big_len);
    memset(big, 'x', big_len);
    memcpy(big, "data: ", 6);
    conn_script s = {.pieces = {P(OK_HEAD), {big, big_len}}, .n = 2};
    set_scripts(1, &s);
    http_options *o = sse_opts(3, 10, 1024);
    result r = run(o);
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_SSE_TOO_LARGE);
    CHECK(strstr(r.msg, "line") != NULL, "%s", r.msg);
    CHECK_INT_EQ(atomic_load(&conns), 1);
    static char many[4096];
    size_t n = 0;
    while (n + 16 < sizeof many) n += (size_t)snprintf(many + n, sizeof many - n, "data: 0123456\n");
    conn_script t = {.pieces = {P(OK_HEAD), {many, n}}, .n = 2};
    set_scripts(1, &t);
    r = run(o);
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_SSE_TOO_LARGE);
    CHECK(strstr(r.msg, "data") != NULL, "%s", r.msg);
    CHECK_INT_EQ(n_events(), 0);
    http_options_free(o);
    free(big);
  }

  /* 6. Refused: reconnected (a network error), then the error. */
  {
    char saved[64];
    snprintf(saved, sizeof saved, "%s", url);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", unused_port());
    http_options *o = sse_opts(2, 10, 0);
    result r = run(o);
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_COULDNT_CONNECT);
    CHECK_INT_EQ(nreconnects, 2);
    http_options_free(o);
    snprintf(url, sizeof url, "%s", saved);
  }

  /* 7. Destroyed while a reconnection waits: nothing after http_destroy, no connection. */
  {
    conn_script s = {.pieces = {P(OK_HEAD), P("data: x\n\n")}, .n = 2};
    set_scripts(1, &s);
    http_options *o = sse_opts(5, 800, 0);
    reset_events();
    atomic_store(&done_calls, 0);
    http_handle *h = http_create();
    http_on(h, HTTP_EVENT_SSE_MESSAGE, on_sse, NULL);
    http_on(h, HTTP_EVENT_SSE_RECONNECT, on_reconnect, NULL);
    CHECK_INT_EQ(http_request(h, url, o, on_done, NULL), 0);
    uint64_t end = now_ms() + 5000;
    for (;;) {
      pthread_mutex_lock(&ev_mu);
      int n = nreconnects;
      pthread_mutex_unlock(&ev_mu);
      if (n >= 1 || now_ms() > end) break;
      sleep_ms(5);
    }
    http_destroy(h);
    atomic_store(&destroyed, 1);
    sleep_ms(1100); /* past the reconnection time */
    CHECK_INT_EQ(atomic_load(&conns), 1);
    CHECK_INT_EQ(atomic_load(&done_calls), 0);
    CHECK_INT_EQ(atomic_load(&events_after_destroy), 0);
    atomic_store(&destroyed, 0);
    http_options_free(o);
  }

  /* 8. Destroyed while the stream is open: the connection closes at once. */
  {
    conn_script s = {.pieces = {P(OK_HEAD), P("data: first\n\n")}, .n = 2, .hold = true};
    set_scripts(1, &s);
    http_options *o = sse_opts(5, 10, 0);
    reset_events();
    atomic_store(&done_calls, 0);
    http_handle *h = http_create();
    http_on(h, HTTP_EVENT_SSE_MESSAGE, on_sse, NULL);
    CHECK_INT_EQ(http_request(h, url, o, on_done, NULL), 0);
    uint64_t end = now_ms() + 5000;
    while (n_events() < 1 && now_ms() < end) sleep_ms(5);
    CHECK_INT_EQ(n_events(), 1);
    http_destroy(h);
    atomic_store(&destroyed, 1);
    end = now_ms() + 3000;
    while (atomic_load(&client_closed) < 1 && now_ms() < end) sleep_ms(5);
    CHECK_INT_EQ(atomic_load(&client_closed), 1);
    sleep_ms(100);
    CHECK_INT_EQ(atomic_load(&conns), 1);
    CHECK_INT_EQ(atomic_load(&done_calls), 0);
    CHECK_INT_EQ(atomic_load(&events_after_destroy), 0);
    atomic_store(&destroyed, 0);
    http_options_free(o);
  }

  /* 9. Queued delivery: the events on the dispatching thread, in order; and JSON options. */
  {
    conn_script s = {.pieces = {P(OK_HEAD), P("event: a\ndata: 1\n\n"), P("id: q\ndata: 2\n\n")},
                     .n = 3};
    set_scripts(1, &s);
    http_options *o = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"sse\":{\"maxReconnects\":0,\"retry\":10,"
                                        "\"maxEventSize\":4096}}}",
                                        &o),
                 0);
    reset_events();
    http_queue *q = http_queue_new();
    http_handle *h = http_create();
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    http_on(h, HTTP_EVENT_SSE_MESSAGE, on_sse, NULL);
    completion c;
    completion_init(&c);
    CHECK_INT_EQ(http_request(h, url, o, completion_cb, &c), 0);
    uint64_t end = now_ms() + 10000;
    while (completion_calls(&c) == 0 && now_ms() < end) {
      struct pollfd pfd = {.fd = http_queue_fd(q), .events = POLLIN};
      poll(&pfd, 1, 50);
      http_queue_dispatch(q);
    }
    CHECK_INT_EQ(c.code, 0);
    CHECK_INT_EQ(n_events(), 2);
    check_event(0, "a", "1", "");
    check_event(1, "message", "2", "q");
    http_destroy(h);
    completion_fini(&c);
    http_queue_free(q);
    http_options_free(o);
  }

  /* 10. http_request_sync: events on the worker, then the 200. */
  {
    conn_script s = {.pieces = {P(OK_HEAD), P("data: s\n\n")}, .n = 2};
    set_scripts(1, &s);
    http_options *o = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"sse\":true}}", &o), 0);
    reset_events();
    http_handle *h = http_create();
    http_on(h, HTTP_EVENT_SSE_MESSAGE, on_sse, NULL);
    http_response *resp = NULL;
    CHECK_INT_EQ(http_request_sync(h, url, o, &resp), 0);
    CHECK(resp && http_response_code(resp) == 200, "sync 200");
    CHECK_INT_EQ(n_events(), 1);
    check_event(0, "message", "s", "");
    http_response_free(resp);
    http_destroy(h);
    http_options_free(o);
  }

  /* 11. Bad values. */
  {
    http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_sse(NULL, true, 0, 0, 0), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_set_sse(o, true, 1, 3600001, 0), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_set_sse(o, true, 1, 10, 63), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_set_sse(o, false, 0, 0, 0), 0);
    http_options_free(o);
    o = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"sse\":{\"maxReconnects\":1,\"x\":1}}}", &o),
                 NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"sse\":3}}", &o), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"sse\":{\"maxEventSize\":10}}}", &o),
                 NETHTTP_ERR_PARAMETER);
    CHECK(o == NULL, "no options on error");
  }

  atomic_store(&stop_server, 1);
  shutdown(listen_fd, SHUT_RDWR);
  close(listen_fd);
  int wake = socket(AF_INET, SOCK_STREAM, 0);
  (void)!connect(wake, (struct sockaddr *)&listen_addr, sizeof listen_addr);
  close(wake);
  pthread_join(th, NULL);
  return test_finish();
}
