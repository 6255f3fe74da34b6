/* WebSocket client against a real peer: the Python `websockets` echo server
 * (tests/servers/ws_echo.py, NETHTTP_TEST_WS / NETHTTP_TEST_WSS), plus a CONNECT tunnel
 * through tinyproxy (NETHTTP_TEST_TINYPROXY) and argument errors. Every case asserts the
 * exact event sequence. */
#define _DEFAULT_SOURCE
#include <dirent.h>

#include "ws_rec.h"

/* Open descriptors of this process. */
static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1; /* the directory's own */
}

/* Waits (bounded) until the descriptor count is back at `want`; returns the last count. */
static int fds_back_to(int want) {
  int n = count_fds();
  for (int i = 0; i < 500 && n != want; i++) {
    sleep_ms(10);
    n = count_fds();
  }
  return n;
}

static const char *ws_url, *wss_url, *ca;

static char *join(const char *base, const char *path) { return url_join(base, path); }

/* Text, binary with NULs, an empty and a 1 MiB message echoed in order, permessage-deflate
 * negotiated, send results, buffered amount back to 0, close 1000. */
static void echo_basics(void) {
  rec r;
  rec_init(&r);
  CHECK_INT_EQ(nethttp_ws_ready_state(NULL), -1);
  CHECK_INT_EQ(rec_connect(&r, ws_url, NULL), 0);
  CHECK(rec_wait_open(&r, 10000), "open: %s", r.log);
  CHECK_INT_EQ(nethttp_ws_ready_state(r.ws), 2);
  CHECK(strstr(r.headers, "\"sec-websocket-extensions\":\"permessage-deflate") != NULL,
        "deflate negotiated: %s", r.headers);
  const uint8_t bin[] = {0, 1, 2, 0, 255};
  size_t big_len = 1 << 20;
  uint8_t *big = malloc(big_len);
  for (size_t i = 0; i < big_len; i++) big[i] = (uint8_t)(i * 7 + i / 1000);
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"héllo", 6, rec_result, &r), 0);
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_BINARY, bin, sizeof bin, rec_result, &r), 0);
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, NULL, 0, rec_result, &r), 0);
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_BINARY, big, big_len, rec_result, &r), 0);
  CHECK(rec_wait_messages(&r, 4, 20000), "4 echoes: %s", r.log);
  CHECK(r.last_type == NETHTTP_WS_BINARY && r.last_len == big_len &&
            memcmp(r.last_data, big, big_len) == 0,
        "the 1 MiB echo is byte for byte");
  CHECK_INT_EQ(nethttp_ws_buffered_amount(r.ws), 0);
  CHECK_INT_EQ(nethttp_ws_close(r.ws, 1000, "done", rec_result, &r), 0);
  CHECK_INT_EQ(nethttp_ws_ready_state(r.ws), 3);
  CHECK(rec_wait_done(&r, 10000), "close: %s", r.log);
  CHECK_INT_EQ(nethttp_ws_ready_state(r.ws), 4);
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:héllo;msg:b:5;msg:t:;msg:b:1048576;"
                "close:1000:done");
  CHECK_INT_EQ(r.results_ok, 5);
  CHECK_INT_EQ(r.results_err, 0);
  /* After the close: sends and closes are refused. */
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_WS_NOT_OPEN);
  CHECK_INT_EQ(nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL), NETHTTP_ERR_WS_NOT_OPEN);
  rec_destroy(&r);
  CHECK_INT_EQ(r.after_close, 0);
  free(big);
  rec_fini(&r);
}

/* once: called for the first message only; off: removed listeners are not called (by cb
 * and userdata, or every listener of a type with cb NULL). */
static int once_calls, off_calls, kept_calls;
static void count_cb(void *ud, struct nethttp_ws *ws, const struct nethttp_ws_event *e) {
  (void)ws;
  (void)e;
  __atomic_add_fetch((int *)ud, 1, __ATOMIC_SEQ_CST);
}

static void once_and_off(void) {
  rec r;
  rec_init(&r);
  r.ws = nethttp_ws_create();
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_OPEN, rec_event, &r);
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_MESSAGE, rec_event, &r);
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_CLOSE, rec_event, &r);
  CHECK_INT_EQ(nethttp_ws_once(r.ws, NETHTTP_WS_EVENT_MESSAGE, count_cb, &once_calls), 0);
  CHECK_INT_EQ(nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_MESSAGE, count_cb, &off_calls), 0);
  CHECK_INT_EQ(nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_MESSAGE, count_cb, &kept_calls), 0);
  CHECK_INT_EQ(nethttp_ws_off(r.ws, NETHTTP_WS_EVENT_MESSAGE, count_cb, &off_calls), 0);
  CHECK_INT_EQ(nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_DATA_END, count_cb, &off_calls), 0);
  CHECK_INT_EQ(nethttp_ws_off(r.ws, NETHTTP_WS_EVENT_DATA_END, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_ws_connect(r.ws, ws_url, NULL, rec_connected, &r), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  for (int i = 0; i < 3; i++)
    nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"m", 1, NULL, NULL);
  CHECK(rec_wait_messages(&r, 3, 10000), "3 echoes");
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  CHECK_INT_EQ(__atomic_load_n(&once_calls, __ATOMIC_SEQ_CST), 1);
  CHECK_INT_EQ(__atomic_load_n(&off_calls, __ATOMIC_SEQ_CST), 0);
  CHECK_INT_EQ(__atomic_load_n(&kept_calls, __ATOMIC_SEQ_CST), 3);
  rec_destroy(&r);
  rec_fini(&r);
}

/* The server closes: its message, then its code and reason; nothing after. */
static void server_closes(void) {
  rec r;
  rec_init(&r);
  char *u = join(ws_url, "/close");
  CHECK_INT_EQ(rec_connect(&r, u, NULL), 0);
  CHECK(rec_wait_done(&r, 10000), "done: %s", r.log);
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:bye;close:4000:test close");
  sleep_ms(100);
  rec_destroy(&r);
  CHECK_INT_EQ(r.after_close, 0);
  free(u);
  rec_fini(&r);
}

/* An application close code (3000-4999) goes out as given and comes back. */
static void app_close_code(void) {
  rec r;
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, ws_url, NULL), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  CHECK_INT_EQ(nethttp_ws_close(r.ws, 4321, "app reason", rec_result, &r), 0);
  /* A second close, and sends, while closing: refused at once. */
  CHECK_INT_EQ(nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL), NETHTTP_ERR_WS_NOT_OPEN);
  CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_WS_NOT_OPEN);
  CHECK(rec_wait_done(&r, 10000), "done");
  CHECK_INT_EQ(r.close_code, 4321);
  CHECK_STR_EQ(r.close_reason, "app reason");
  CHECK_INT_EQ(r.results_ok, 1);
  rec_destroy(&r);
  rec_fini(&r);
}

/* Request headers and the subprotocol reach the server; the chosen protocol is reported;
 * HEADER_RECEIVE and DATA_END fire when listened to. */
static void headers_and_protocol(void) {
  rec r;
  rec_init(&r);
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_add_header(o, "X-Test", "yes"), 0);
  CHECK_INT_EQ(nethttp_ws_options_set_protocol(o, "chat, superchat"), 0);
  char *u = join(ws_url, "/headers");
  r.ws = nethttp_ws_create();
  for (int t = NETHTTP_WS_EVENT_OPEN; t <= NETHTTP_WS_EVENT_HEADER_RECEIVE; t++)
    CHECK_INT_EQ(nethttp_ws_on(r.ws, t, rec_event, &r), 0);
  CHECK_INT_EQ(nethttp_ws_connect(r.ws, u, o, rec_connected, &r), 0);
  CHECK(rec_wait_messages(&r, 1, 10000), "headers message: %s", r.log);
  CHECK(r.last_data && strstr((char *)r.last_data, "X-Test: yes") != NULL, "X-Test sent: %s",
        r.last_data ? (char *)r.last_data : "");
  CHECK(r.last_data && strstr((char *)r.last_data, "Sec-WebSocket-Protocol: chat, superchat"),
        "protocol offered");
  CHECK_STR_EQ(r.protocol, "chat");
  CHECK(strstr(r.headers, "\"sec-websocket-protocol\":\"chat\"") != NULL, "%s", r.headers);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  char *log = rec_log(&r);
  CHECK(strncmp(log, "headers;open:101:Switching Protocols;connect:0;msg:t:", 52) == 0 &&
            strstr(log, ";end;close:1000:") != NULL,
        "sequence: %s", log);
  free(log);
  rec_destroy(&r);
  nethttp_ws_options_free(o);
  free(u);
  rec_fini(&r);
}

/* permessage-deflate off: no extension in the 101. */
static void deflate_off(void) {
  rec r;
  rec_init(&r);
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json("{\"nethttp\":{\"permessageDeflate\":false}}", &o), 0);
  CHECK_INT_EQ(rec_connect(&r, ws_url, o), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  CHECK(strstr(r.headers, "sec-websocket-extensions") == NULL, "%s", r.headers);
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"plain", 5, NULL, NULL);
  CHECK(rec_wait_messages(&r, 1, 10000), "echo");
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:plain;close:1000:");
  rec_destroy(&r);
  nethttp_ws_options_free(o);
  rec_fini(&r);
}

/* wss: with the test CA, without it (certificate error before OPEN: ERROR, then the connect
 * result, no CLOSE), and with verification skipped. */
static void tls(void) {
  rec r;
  rec_init(&r);
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(rec_connect(&r, wss_url, o), 0);
  CHECK(rec_wait_open(&r, 10000), "wss open: %s", r.log);
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"secure", 6, NULL, NULL);
  CHECK(rec_wait_messages(&r, 1, 10000), "echo");
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:secure;close:1000:");
  rec_destroy(&r);
  rec_fini(&r);

  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, wss_url, NULL), 0);
  CHECK(rec_wait_done(&r, 10000), "failed");
  CHECK_INT_EQ(r.connect_code, NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  CHECK_LOG(&r, "error:2300060;connect:2300060");
  CHECK_INT_EQ(nethttp_ws_ready_state(r.ws), 4);
  rec_destroy(&r);
  rec_fini(&r);

  rec_init(&r);
  struct nethttp_ws_options *k = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_skip_server_cert_verification(k, true), 0);
  CHECK_INT_EQ(nethttp_ws_options_set_min_tls_protocol(k, 3), 0);
  CHECK_INT_EQ(rec_connect(&r, wss_url, k), 0);
  CHECK(rec_wait_open(&r, 10000), "open with verification skipped: %s", r.log);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  rec_destroy(&r);
  rec_fini(&r);
  nethttp_ws_options_free(o);
  nethttp_ws_options_free(k);
}

/* Through an HTTP proxy: the upgrade tunnels with CONNECT (the proxy's log shows it). */
static void through_proxy(const char *proxy, const char *proxy_log) {
  rec r;
  rec_init(&r);
  char host[64];
  int port = 0;
  CHECK(sscanf(proxy, "%63[^:]:%d", host, &port) == 2, "proxy address %s", proxy);
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_proxy(o, host, (uint32_t)port, NULL, 0, NULL, NULL), 0);
  long before = count_lines_matching(proxy_log, "CONNECT");
  CHECK_INT_EQ(rec_connect(&r, ws_url, o), 0);
  CHECK(rec_wait_open(&r, 10000), "open through the proxy: %s", r.log);
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"tunnelled", 9, NULL, NULL);
  CHECK(rec_wait_messages(&r, 1, 10000), "echo");
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:tunnelled;close:1000:");
  CHECK(wait_lines_matching(proxy_log, "CONNECT", before + 1, 5000) > before,
        "the proxy saw a CONNECT");
  rec_destroy(&r);
  nethttp_ws_options_free(o);
  rec_fini(&r);
}

/* Delivery on this thread through a queue; an echo chain sent from inside callbacks; a
 * destroy from inside a MESSAGE callback ends everything. */
static void queue_and_destroy_inside(void) {
  struct http_queue *q = http_queue_new();
  rec r;
  rec_init(&r);
  r.ws = nethttp_ws_create();
  CHECK_INT_EQ(nethttp_ws_set_queue(r.ws, q), 0);
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_OPEN, rec_event, &r);
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_MESSAGE, rec_event, &r);
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_CLOSE, rec_event, &r);
  r.destroy_on_message = 1;
  CHECK_INT_EQ(nethttp_ws_connect(r.ws, ws_url, NULL, rec_connected, &r), 0);
  CHECK_INT_EQ(nethttp_ws_set_queue(r.ws, q), NETHTTP_ERR_PARAMETER);
  uint64_t end = now_ms() + 10000;
  int sent = 0;
  while (!rec_is_done(&r) && now_ms() < end) {
    http_queue_dispatch(q);
    if (r.opened && !sent) {
      sent = 1;
      nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"one", 3, NULL, NULL);
    }
    sleep_ms(1);
  }
  for (int i = 0; i < 20; i++) {
    http_queue_dispatch(q);
    sleep_ms(5);
  }
  CHECK_LOG(&r, "open:101:Switching Protocols;connect:0;msg:t:one");
  http_queue_free(q);
  rec_fini(&r);
}

/* Many connections at once, each echoing from its callbacks, destroyed from this thread
 * while busy: no crash, no late callback. */
static void many_and_destroy(void) {
  enum { N = 50 };
  int fds0 = count_fds();
  rec *rs = calloc(N, sizeof *rs);
  for (int i = 0; i < N; i++) {
    rec_init(&rs[i]);
    rs[i].echo = 1;
    CHECK_INT_EQ(rec_connect(&rs[i], ws_url, NULL), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK(rec_wait_open(&rs[i], 10000), "open %d", i);
    nethttp_ws_send(rs[i].ws, NETHTTP_WS_TEXT, (const uint8_t *)"ping-pong", 9, NULL, NULL);
  }
  sleep_ms(200);
  for (int i = 0; i < N; i++) {
    CHECK(rs[i].messages > 1, "conn %d echoed back and forth (%ld)", i, rs[i].messages);
    rec_destroy(&rs[i]);
    long m = rs[i].messages;
    sleep_ms(1);
    CHECK_INT_EQ(rs[i].messages, m);
    rec_fini(&rs[i]);
  }
  free(rs);
  /* Every connection's socket is closed: the count returns to where it was. */
  CHECK_INT_EQ(fds_back_to(fds0), fds0);
}

/* Sends from several threads at once: every message echoed, each thread's in its order, a
 * result for every send, the buffered amount back to 0. */
enum { SENDERS = 4, PER_SENDER = 500 };
struct sender {
  struct nethttp_ws *ws;
  int id;
  int refused;
};

static void *send_many(void *arg) {
  struct sender *s = arg;
  for (int i = 0; i < PER_SENDER; i++) {
    char m[32];
    int n = snprintf(m, sizeof m, "%d:%d", s->id, i);
    if (nethttp_ws_send(s->ws, NETHTTP_WS_TEXT, (const uint8_t *)m, (size_t)n, NULL, NULL) != 0)
      s->refused++;
  }
  return NULL;
}

static int next_seq[SENDERS];
static int out_of_order;
static long thread_msgs;
static pthread_mutex_t seq_mu = PTHREAD_MUTEX_INITIALIZER;

static void on_seq(void *ud, struct nethttp_ws *ws, const struct nethttp_ws_event *e) {
  (void)ud;
  (void)ws;
  int t = -1, i = -1;
  if (sscanf((const char *)e->data, "%d:%d", &t, &i) != 2 || t < 0 || t >= SENDERS) return;
  pthread_mutex_lock(&seq_mu);
  if (next_seq[t] != i) out_of_order++;
  next_seq[t] = i + 1;
  thread_msgs++;
  pthread_mutex_unlock(&seq_mu);
}

static void sends_from_threads(void) {
  rec r;
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, ws_url, NULL), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  nethttp_ws_on(r.ws, NETHTTP_WS_EVENT_MESSAGE, on_seq, NULL);
  pthread_t th[SENDERS];
  struct sender ss[SENDERS];
  for (int i = 0; i < SENDERS; i++) {
    ss[i] = (struct sender){r.ws, i, 0};
    pthread_create(&th[i], NULL, send_many, &ss[i]);
  }
  for (int i = 0; i < SENDERS; i++) {
    pthread_join(th[i], NULL);
    CHECK_INT_EQ(ss[i].refused, 0);
  }
  CHECK(rec_wait_messages(&r, SENDERS * PER_SENDER, 30000), "all echoed: %ld", r.messages);
  /* on_seq runs after the recorder's listener for the same message. */
  for (int i = 0; i < 2000; i++) {
    pthread_mutex_lock(&seq_mu);
    long n = thread_msgs;
    pthread_mutex_unlock(&seq_mu);
    if (n >= SENDERS * PER_SENDER) break;
    sleep_ms(1);
  }
  pthread_mutex_lock(&seq_mu);
  CHECK_INT_EQ(thread_msgs, SENDERS * PER_SENDER);
  CHECK_INT_EQ(out_of_order, 0);
  pthread_mutex_unlock(&seq_mu);
  CHECK_INT_EQ(nethttp_ws_buffered_amount(r.ws), 0);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  rec_destroy(&r);
  rec_fini(&r);
}

static void arg_errors(void) {
  struct nethttp_ws *ws = nethttp_ws_create();
  CHECK_INT_EQ(nethttp_ws_connect(NULL, ws_url, NULL, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_connect(ws, NULL, NULL, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_connect(ws, "http://127.0.0.1/", NULL, NULL, NULL), NETHTTP_ERR_WS_URL);
  CHECK_INT_EQ(nethttp_ws_connect(ws, "file:///etc/passwd", NULL, NULL, NULL), NETHTTP_ERR_WS_URL);
  CHECK_INT_EQ(nethttp_ws_connect(ws, "ws://", NULL, NULL, NULL), NETHTTP_ERR_WS_URL);
  CHECK_INT_EQ(nethttp_ws_connect(ws, "ws://a b/", NULL, NULL, NULL), NETHTTP_ERR_WS_URL);
  CHECK_INT_EQ(nethttp_ws_on(ws, 99, rec_event, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_on(ws, NETHTTP_WS_EVENT_OPEN, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_send(ws, NETHTTP_WS_TEXT, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_WS_NOT_OPEN);
  CHECK_INT_EQ(nethttp_ws_send(ws, 3, (const uint8_t *)"x", 1, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_send(ws, NETHTTP_WS_TEXT, (const uint8_t *)"\xff", 1, NULL, NULL),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_send(ws, NETHTTP_WS_BINARY, NULL, 5, NULL, NULL), NETHTTP_ERR_PARAMETER);
  for (uint32_t c = 0; c < 6000; c += 1) {
    int ok = c == 1000 || (c >= 3000 && c <= 4999);
    int32_t rc = nethttp_ws_close(ws, c, NULL, NULL, NULL);
    if (ok) CHECK_INT_EQ(rc, NETHTTP_ERR_WS_NOT_OPEN);
    else if (rc != NETHTTP_ERR_PARAMETER) CHECK_INT_EQ(rc, NETHTTP_ERR_PARAMETER);
  }
  char reason[200];
  memset(reason, 'r', sizeof reason);
  reason[124] = 0;
  CHECK_INT_EQ(nethttp_ws_close(ws, 1000, reason, NULL, NULL), NETHTTP_ERR_PARAMETER);

  /* Options. */
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json("{\"bogus\":1}", &o), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "bogus") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(nethttp_ws_options_from_json("{\"pingInterval\":5,\"pongTimeout\":6}", &o),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_from_json("{\"supportOriginPort\":true}", &o),
               NETHTTP_ERR_PARAMETER);
  o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_add_header(o, "Sec-WebSocket-Key", "x"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_add_header(o, "X", "a\r\nb"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_ping(o, 10, 11), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_ping(o, 30001, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_ping(o, 0, 0), 0);
  CHECK_INT_EQ(nethttp_ws_options_set_min_tls_protocol(o, 4), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_max_message_size(o, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_protocol(o, "a b"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_proxy(o, "", 8080, NULL, 0, NULL, NULL),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_ws_options_set_ca_path(o, "/nonexistent/ca.pem"), 0);
  /* A missing certificate file: the spec's 2302002, at once. */
  CHECK_INT_EQ(nethttp_ws_connect(ws, ws_url, o, NULL, NULL), NETHTTP_ERR_WS_CERT_FILE);
  nethttp_ws_options_free(o);
  nethttp_ws_options_free(NULL);
  /* One connection per handle. */
  rec r;
  rec_init(&r);
  CHECK_INT_EQ(nethttp_ws_connect(ws, ws_url, NULL, rec_connected, &r), 0);
  CHECK_INT_EQ(nethttp_ws_connect(ws, ws_url, NULL, NULL, NULL), NETHTTP_ERR_WS_ALREADY_CONNECTED);
  /* The connect result (success signals no waiter): poll for it, bounded. */
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&r.mu);
    int c = r.connects;
    pthread_mutex_unlock(&r.mu);
    if (c) break;
    sleep_ms(10);
  }
  pthread_mutex_lock(&r.mu);
  CHECK_INT_EQ(r.connects, 1);
  CHECK_INT_EQ(r.connect_code, 0);
  pthread_mutex_unlock(&r.mu);
  nethttp_ws_destroy(ws);
  nethttp_ws_destroy(NULL);
  rec_fini(&r);
  CHECK(strlen(http_error_message(NETHTTP_ERR_WS_PONG_TIMEOUT)) > 10, "message");
}

/* Nothing listens: 2300007 before OPEN; policy refusals at connect. */
static void refused_and_policy(void) {
  rec r;
  rec_init(&r);
  char url[64];
  snprintf(url, sizeof url, "ws://127.0.0.1:%d/", unused_port());
  CHECK_INT_EQ(rec_connect(&r, url, NULL), 0);
  CHECK(rec_wait_done(&r, 10000), "failed");
  CHECK_LOG(&r, "error:2300007;connect:2300007");
  rec_destroy(&r);
  rec_fini(&r);

  const char *allowed[] = {"example.test"};
  CHECK_INT_EQ(http_policy_set_allowed_domains(allowed, 1), 0);
  struct nethttp_ws *ws = nethttp_ws_create();
  CHECK_INT_EQ(nethttp_ws_connect(ws, ws_url, NULL, NULL, NULL), NETHTTP_ERR_WS_DOMAIN_NOT_ALLOWED);
  nethttp_ws_destroy(ws);
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 0), 0);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(false), 0);
  ws = nethttp_ws_create();
  CHECK_INT_EQ(nethttp_ws_connect(ws, ws_url, NULL, NULL, NULL),
               NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  nethttp_ws_destroy(ws);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(true), 0);
}

int main(void) {
  ws_url = env_or_die("NETHTTP_TEST_WS");
  wss_url = env_or_die("NETHTTP_TEST_WSS");
  ca = env_or_die("NETHTTP_TEST_CA");
  const char *tiny = env_or_die("NETHTTP_TEST_TINYPROXY");
  const char *tiny_log = env_or_die("NETHTTP_TEST_TINYPROXY_LOG");
  echo_basics();
  once_and_off();
  server_closes();
  app_close_code();
  headers_and_protocol();
  deflate_off();
  tls();
  through_proxy(tiny, tiny_log);
  queue_and_destroy_inside();
  many_and_destroy();
  sends_from_threads();
  arg_errors();
  refused_and_policy();
  return test_finish();
}
