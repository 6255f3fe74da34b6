/* TCP and UDP sockets when things fail, against raw C peers and nethttp servers on loopback:
 * connect refused (ERROR then the result, no CLOSE, and the socket connects again afterwards),
 * a connect that really times out (a listener with backlog 0 whose queue other connections
 * fill drops the SYN; also through a host name), reset by the peer (SO_LINGER 0: ERROR 2301104
 * then CLOSE), the peer closing while 64 MiB are queued (ERROR, every pending send result
 * 2301125 or the error, the queue back to 0, sendQueueLimit refusing in between), bind and
 * listen on an address in use (2303198) and reuseAddress (a port with TIME_WAIT connections,
 * a UDP pair), NULL and bad arguments on every call (401, never a crash), unknown kinds,
 * calls a kind does not take, getLocalAddress before bind, every call after close (2301009),
 * double close, host names (localhost; a name that does not resolve: 2100101), and the
 * process policy (allowed domains 2300998, cleartext 2300997; restored afterwards).
 * nethttp-test-timeout: 90 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

/* ---- helpers ---- */

/* A raw listener on 127.0.0.1 with `backlog`; returns its fd, *port its port. */
static int raw_listener(int backlog, uint16_t *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "bind: %s", strerror(errno));
  CHECK(listen(fd, backlog) == 0, "listen: %s", strerror(errno));
  socklen_t l = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &l);
  *port = ntohs(a.sin_port);
  return fd;
}

static int accept_within(int lfd, int ms) {
  struct pollfd p = {.fd = lfd, .events = POLLIN};
  if (poll(&p, 1, ms) != 1) return -1;
  return accept(lfd, NULL, NULL);
}

/* A non-blocking connect to 127.0.0.1:port; the fd. */
static int raw_connect_nb(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int r = connect(fd, (struct sockaddr *)&a, sizeof a);
  (void)r;
  return fd;
}

/* A nethttp TCP server on 127.0.0.1 recording into sr (connections kept, echoing). */
static struct nethttp_sock *echo_server(srec *sr, uint16_t *port) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  sr->keep_conns = 1;
  sr->echo = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  *port = a.port;
  return srv;
}

static struct nethttp_sock *tcp_client(srec *r) {
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK(c != NULL, "create");
  srec_attach(r, c);
  return c;
}

/* The log under the lock (a copy). */
static void log_of(srec *r, char *out, size_t cap) {
  pthread_mutex_lock(&r->mu);
  snprintf(out, cap, "%s", r->log);
  pthread_mutex_unlock(&r->mu);
}

/* ---- connect refused ---- */

static void refused(void) {
  fprintf(stderr, "-- refused\n");
  srec r;
  srec_init(&r);
  struct nethttp_sock *c = tcp_client(&r);
  uint16_t dead = (uint16_t)unused_port();
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", dead, 1, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 10000), "a result: %s", r.log);
  sleep_ms(150); /* anything that would follow */
  char log[256];
  log_of(&r, log, sizeof log);
  CHECK_STR_EQ(log, "error:2301111;result:2301111");
  CHECK_INT_EQ(r.error_code, NETHTTP_ERR_SOCK_REFUSED);
  CHECK(strlen(r.error_message) > 0, "ERROR has a message");
  CHECK(strlen(r.last_result_msg) > 0, "the result has a message");
  CHECK_INT_EQ(r.closes, 0); /* a failed connect has no CLOSE */
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(!st.is_connected && !st.is_close, "after a refused connect: connected %d closed %d",
        st.is_connected, st.is_close);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_SOCK_NOT_CONNECTED);

  /* After a failure the socket connects again. */
  srec sr;
  srec_init(&sr);
  uint16_t port;
  struct nethttp_sock *srv = echo_server(&sr, &port);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 0, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.connects == 1 && r.results_ok == 1, 5000), "reconnected: %s", r.log);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "again", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&r, r.len == 5, 5000), "echo after the reconnect: %s", r.log);
  CHECK(r.len == 5 && memcmp(r.data, "again", 5) == 0, "echoed bytes");
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_connected && st.is_bound && !st.is_close, "connected now");
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&r);
  srec_fini(&sr);
}

/* ---- connect timeout ---- */

static void timeout(void) {
  fprintf(stderr, "-- timeout\n");
  /* backlog 0: one connection fills the accept queue (nobody accepts); every later SYN is
   * dropped, so connects to it stay in SYN_SENT until they give up. */
  uint16_t port;
  int lfd = raw_listener(0, &port);
  int fill[4];
  for (int i = 0; i < 4; i++) fill[i] = raw_connect_nb(port);
  sleep_ms(200);
  /* The trick holds: a probe does not complete. */
  int probe = raw_connect_nb(port);
  struct pollfd p = {.fd = probe, .events = POLLOUT};
  int pr = poll(&p, 1, 300);
  CHECK(pr == 0, "the probe connect did not complete (poll %d, revents %x): the SYN is dropped",
        pr, p.revents);
  close(probe);

  srec r;
  srec_init(&r);
  struct nethttp_sock *c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 600, srec_result, &r), 0);
  /* Connecting: a second connect is refused at once. */
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 600, NULL, NULL),
               NETHTTP_ERR_SOCK_CONNECTING);
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 10000), "timed out: %s", r.log);
  sleep_ms(100);
  char log[256];
  log_of(&r, log, sizeof log);
  CHECK_STR_EQ(log, "error:2301110;result:2301110");
  CHECK_INT_EQ(r.last_result, NETHTTP_ERR_SOCK_TIMEOUT);
  CHECK_INT_EQ(r.closes, 0);
  CHECK_INT_EQ(nethttp_sock_get_fd(c), -1);
  nethttp_sock_destroy(c);
  srec_fini(&r);

  /* A host name: the timeout bounds the whole connect. */
  srec_init(&r);
  c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "localhost", port, 0, 600, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 10000), "name timed out: %s", r.log);
  sleep_ms(100);
  log_of(&r, log, sizeof log);
  CHECK_STR_EQ(log, "error:2301110;result:2301110");
  nethttp_sock_destroy(c);
  srec_fini(&r);

  /* Closed while connecting: the connect's result is 2301125, the close's 0. */
  srec_init(&r);
  c = tcp_client(&r);
  srec cl;
  srec_init(&cl);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r), 0);
  sleep_ms(100);
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cl), 0);
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 5000), "connect ended: %s", r.log);
  CHECK(SREC_WAIT(&cl, cl.results_ok == 1, 5000), "close result: %s", cl.log);
  sleep_ms(100);
  CHECK_INT_EQ(r.last_result, NETHTTP_ERR_SOCK_CANCELED);
  CHECK_INT_EQ(r.results_ok + r.results_err, 1);
  CHECK_INT_EQ(r.connects, 0);
  CHECK(r.closes <= 1, "at most one CLOSE: %s", r.log);
  CHECK_INT_EQ(r.after_close, 0);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  srec_fini(&cl);

  for (int i = 0; i < 4; i++) close(fill[i]);
  close(lfd);
}

/* ---- reset by the peer ---- */

static void reset(void) {
  fprintf(stderr, "-- reset\n");
  uint16_t port;
  int lfd = raw_listener(8, &port);
  srec r;
  srec_init(&r);
  struct nethttp_sock *c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r), 0);
  int s = accept_within(lfd, 5000);
  CHECK(s >= 0, "accepted");
  CHECK(SREC_WAIT(&r, r.connects == 1 && r.results_ok == 1, 5000), "connected: %s", r.log);
  /* Some bytes first: they arrive before the reset. */
  CHECK(write(s, "before", 6) == 6, "write");
  CHECK(SREC_WAIT(&r, r.len == 6, 5000), "bytes before the reset: %s", r.log);
  struct linger lg = {1, 0};
  CHECK(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0, "SO_LINGER");
  close(s);
  CHECK(SREC_WAIT(&r, r.closes == 1, 5000), "reset: %s", r.log);
  sleep_ms(100);
  char log[256];
  log_of(&r, log, sizeof log);
  CHECK_STR_EQ(log, "connect;result:0;msg:6;error:2301104;close");
  CHECK_INT_EQ(r.error_code, NETHTTP_ERR_SOCK_RESET);
  CHECK_INT_EQ(r.after_close, 0);
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_close && !st.is_connected, "closed by the reset");
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_get_fd(c), -1);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  close(lfd);
}

/* ---- the peer closes while a large send is queued ---- */

typedef struct results {
  pthread_mutex_t mu;
  int n;
  int32_t codes[8];
} results;

static void result_cb(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
  (void)s;
  results *rs = ud;
  CHECK(msg != NULL, "message");
  pthread_mutex_lock(&rs->mu);
  if (rs->n < 8) rs->codes[rs->n] = code;
  rs->n++;
  pthread_mutex_unlock(&rs->mu);
}

static void dying_peer(void) {
  fprintf(stderr, "-- dying peer\n");
  uint16_t port;
  int lfd = raw_listener(8, &port);
  srec r;
  srec_init(&r);
  struct nethttp_sock *c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  int s = accept_within(lfd, 5000);
  CHECK(s >= 0, "accepted");
  CHECK(SREC_WAIT(&r, r.connects == 1, 5000), "connected");
  results rs;
  memset(&rs, 0, sizeof rs);
  pthread_mutex_init(&rs.mu, NULL);
  size_t big = 64u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i += 4096) memset(buf + i, (int)(i >> 12), 4096);
  /* A send into an empty queue is always taken, even past the default 8 MiB limit. */
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, result_cb, &rs), 0);
  uint64_t q = nethttp_sock_send_queue_size(c);
  CHECK(q > 0 && q <= big, "queued %llu", (unsigned long long)q);
  /* The next would pass the default limit: refused, nothing queued. */
  CHECK_INT_EQ(nethttp_sock_send(c, buf, 1u << 20, result_cb, &rs), NETHTTP_ERR_SOCK_QUEUE_FULL);
  CHECK(nethttp_sock_send_queue_size(c) <= q, "nothing added by the refused send");
  /* With a larger limit three more wait behind it. */
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT, 256 << 20), 0);
  for (int i = 0; i < 3; i++)
    CHECK_INT_EQ(nethttp_sock_send(c, buf, 1u << 20, result_cb, &rs), 0);
  CHECK(nethttp_sock_send_queue_size(c) >= 3u << 20, "queue %llu",
        (unsigned long long)nethttp_sock_send_queue_size(c));
  /* The peer reads a little, then closes with unread data: a reset. */
  char tmp[65536];
  size_t got = 0;
  uint64_t end = now_ms() + 5000;
  while (got < sizeof tmp && now_ms() < end) {
    ssize_t n = read(s, tmp, sizeof tmp - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  CHECK(got > 0, "the peer read %zu bytes", got);
  close(s);
  CHECK(SREC_WAIT(&r, r.closes == 1, 15000), "peer gone: %s", r.log);
  end = now_ms() + 5000;
  int n = 0;
  while (now_ms() < end) {
    pthread_mutex_lock(&rs.mu);
    n = rs.n;
    pthread_mutex_unlock(&rs.mu);
    if (n >= 4) break;
    sleep_ms(10);
  }
  sleep_ms(100);
  CHECK_INT_EQ(rs.n, 4); /* each pending send's result, once */
  CHECK(r.error_code == NETHTTP_ERR_SOCK_RESET || r.error_code == 2301032,
        "ERROR %d (ECONNRESET or EPIPE): %s", r.error_code, r.error_message);
  CHECK_INT_EQ(r.errors, 1);
  CHECK(strstr(r.log, "error:") != NULL && strstr(r.log, ";close") != NULL, "%s", r.log);
  for (int i = 0; i < rs.n && i < 8; i++)
    CHECK(rs.codes[i] == NETHTTP_ERR_SOCK_CANCELED || rs.codes[i] == r.error_code,
          "send result %d: %d", i, rs.codes[i]);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);
  CHECK_INT_EQ(r.after_close, 0);
  CHECK_INT_EQ(nethttp_sock_send(c, buf, 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  free(buf);
  nethttp_sock_destroy(c);
  pthread_mutex_destroy(&rs.mu);
  srec_fini(&r);
  close(lfd);
}

/* ---- address in use, reuseAddress ---- */

static void address_in_use(void) {
  fprintf(stderr, "-- address in use\n");
  srec sr;
  srec_init(&sr);
  uint16_t port;
  struct nethttp_sock *a = echo_server(&sr, &port);
  struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(b, "127.0.0.1", port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  CHECK(strlen(http_last_error_detail()) > 0, "detail");
  /* The failed listen left nothing behind: the same handle listens elsewhere. */
  CHECK_INT_EQ(nethttp_sock_get_fd(b), -1);
  CHECK_INT_EQ(nethttp_sock_listen(b, "127.0.0.1", 0, 1), 0);
  nethttp_sock_destroy(b);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", port, 0), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(a);
  srec_fini(&sr);

  /* UDP: in use without reuseAddress; a pair with it shares the port. */
  struct nethttp_sock *u1 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u1, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(u1, &la), 0);
  struct nethttp_sock *u2 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u2, "127.0.0.1", la.port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(u2);
  nethttp_sock_destroy(u1);
  srec r1, r2;
  srec_init(&r1);
  srec_init(&r2);
  u1 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  u2 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&r1, u1);
  srec_attach(&r2, u2);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(u1, "{\"reuseAddress\":true}"), 0);
  CHECK_INT_EQ(nethttp_sock_set_option(u2, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1), 0);
  CHECK_INT_EQ(nethttp_sock_bind(u1, "127.0.0.1", 0, 1), 0);
  CHECK_INT_EQ(nethttp_sock_get_local_address(u1, &la), 0);
  CHECK_INT_EQ(nethttp_sock_bind(u2, "127.0.0.1", la.port, 1), 0);
  CHECK(SREC_WAIT(&r1, r1.listening == 1, 5000) && SREC_WAIT(&r2, r2.listening == 1, 5000),
        "both LISTENING");
  CHECK_INT_EQ(r2.local.port, la.port);
  nethttp_sock_destroy(u2);
  nethttp_sock_destroy(u1);
  srec_fini(&r1);
  srec_fini(&r2);

  /* TCP: a port whose connections are in TIME_WAIT (the server's side closed first). */
  srec_init(&sr);
  a = echo_server(&sr, &port);
  srec cr;
  srec_init(&cr);
  c = tcp_client(&cr);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000) && SREC_WAIT(&sr, sr.nconns == 1, 5000), "up");
  CHECK_INT_EQ(nethttp_sock_close(sr.conns[0], NULL, NULL), 0); /* active close: TIME_WAIT */
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "client saw the close: %s", cr.log);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(a);
  srec_fini(&cr);
  srec_fini(&sr);
  sleep_ms(50);
  struct nethttp_sock *noreuse = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(noreuse, "{\"reuseAddress\":false}"), 0);
  CHECK_INT_EQ(nethttp_sock_listen(noreuse, "127.0.0.1", port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(noreuse);
  c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(c);
  c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1), 0);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", port, 1), 0);
  nethttp_sock_destroy(c);
  /* A server reuses addresses by default. */
  srec_init(&sr);
  struct nethttp_sock *again = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  srec_attach(&sr, again);
  CHECK_INT_EQ(nethttp_sock_listen(again, "127.0.0.1", port, 1), 0);
  CHECK(SREC_WAIT(&sr, sr.listening == 1, 5000), "listening again on %u", port);
  nethttp_sock_destroy(again);
  srec_fini(&sr);
}

/* ---- NULL and bad arguments ---- */

static void dummy_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  (void)e;
}

static void null_and_bad_arguments(void) {
  fprintf(stderr, "-- NULL and bad arguments\n");
  const uint8_t x = 'x';
  struct nethttp_net_address a;
  struct nethttp_sock_state st;
  int64_t v;
  int32_t i32;
  size_t len;
  char *str = NULL;
  uint8_t buf[16];
  /* Unknown kinds: NULL with a detail. */
  int kinds[] = {0, -1, 7, 8, 11, 12, 1000, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    CHECK(nethttp_sock_create(kinds[i]) == NULL, "kind %d", kinds[i]);
    CHECK(strstr(http_last_error_detail(), "kind") != NULL, "%s", http_last_error_detail());
  }
  /* NULL handle: 401 everywhere (or the documented value). */
  nethttp_sock_destroy(NULL);
  CHECK_INT_EQ(nethttp_sock_get_kind(NULL), 401);
  CHECK_INT_EQ(nethttp_sock_client_id(NULL), 0);
  CHECK_INT_EQ(nethttp_sock_on(NULL, 0, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_once(NULL, 0, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_off(NULL, 0, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_set_queue(NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_bind(NULL, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(NULL, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_connect(NULL, "127.0.0.1", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send(NULL, &x, 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(NULL, "x", NULL, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(NULL, &x, 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_shutdown(NULL), 401);
  CHECK_INT_EQ(nethttp_sock_close(NULL, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_pause(NULL), 401);
  CHECK_INT_EQ(nethttp_sock_resume(NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_state(NULL, &st), 401);
  CHECK_INT_EQ(nethttp_sock_get_local_address(NULL, &a), 401);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(NULL, &a), 401);
  CHECK_INT_EQ(nethttp_sock_get_fd(NULL), -1);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(NULL), 0);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(NULL, "{}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(NULL, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1), 401);
  CHECK_INT_EQ(nethttp_sock_get_option(NULL, NETHTTP_SOCK_OPT_TCP_NO_DELAY, &v), 401);
  CHECK_INT_EQ(nethttp_sock_add_membership(NULL, "239.1.2.3", 1, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_drop_membership(NULL, "239.1.2.3", NULL), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(NULL, 1), 401);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(NULL, &i32), 401);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(NULL, 1), 401);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(NULL, &i32), 401);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(NULL, "{}"), 401);
  CHECK(nethttp_sock_tls_upgrade(NULL) == NULL, "upgrade NULL");
  CHECK_INT_EQ(nethttp_sock_tls_get_certificate(NULL, buf, sizeof buf, &len), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(NULL, buf, sizeof buf, &len), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_protocol(NULL, &str), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_cipher_suite(NULL, &str), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_signature_algorithms(NULL, &str), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_alpn(NULL, &str), 401);
  CHECK_INT_EQ(nethttp_sock_set_proxy(NULL, "{\"type\":0}"), 401);
  CHECK(str == NULL, "no string written");

  /* Bad arguments on live handles of each kind. */
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_TCP);
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  struct nethttp_sock *m = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  struct nethttp_sock *loc = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  CHECK(t && u && m && srv && loc, "created");
  CHECK_INT_EQ(nethttp_sock_get_kind(t), NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_get_kind(srv), NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_client_id(t), 0);
  CHECK_INT_EQ(nethttp_sock_client_id(srv), 0);
  CHECK_INT_EQ(nethttp_sock_on(t, -1, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_on(t, 6, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_on(t, NETHTTP_SOCK_EVENT_MESSAGE, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_once(t, 99, dummy_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_once(t, NETHTTP_SOCK_EVENT_CLOSE, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_off(t, 6, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_off(t, NETHTTP_SOCK_EVENT_MESSAGE, dummy_event, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_off(t, NETHTTP_SOCK_EVENT_MESSAGE, NULL, NULL), 0);
  /* Addresses. */
  const char *bad_addrs[] = {"", "abc", "300.1.1.1", "127.0.0.1:80", "[::1]x", "1.2.3", "::g",
                             "\xff\xfe"};
  for (size_t i = 0; i < sizeof bad_addrs / sizeof bad_addrs[0]; i++) {
    CHECK_INT_EQ(nethttp_sock_bind(u, bad_addrs[i], 0, 0), 401);
    CHECK_INT_EQ(nethttp_sock_listen(srv, bad_addrs[i], 0, 0), 401);
    CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, bad_addrs[i], 1, 0, NULL, NULL), 401);
  }
  CHECK_INT_EQ(nethttp_sock_bind(u, NULL, 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(srv, NULL, 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, NULL, 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, "", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, "\xff\xfe", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, "127.0.0.1", 1, 2, 0, NULL, NULL), 401); /* family */
  CHECK_INT_EQ(nethttp_sock_connect(t, "::1", 1, 1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, "127.0.0.1", 1, 3, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(t, "127.0.0.1", 1, -1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 2), 401);
  CHECK_INT_EQ(nethttp_sock_bind(u, "::1", 0, 1), 401);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 9), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, "127.0.0.1", 1, 2, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, NULL, 1, 0, NULL, NULL), 401);
  /* Data. */
  CHECK_INT_EQ(nethttp_sock_send(t, NULL, 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(t, NULL, NULL, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(t, "\xff", NULL, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(t, "x", "\xff", NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(u, NULL, 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  /* Out-params. */
  CHECK_INT_EQ(nethttp_sock_get_state(t, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_local_address(t, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(t, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_option(t, NETHTTP_SOCK_OPT_TCP_NO_DELAY, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(m, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(m, NULL), 401);
  /* Options. */
  CHECK_INT_EQ(nethttp_sock_set_extra_options(t, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(t, "not json"), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(t, 0, 1), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(t, 13, 1), 401);
  CHECK_INT_EQ(nethttp_sock_get_option(t, 0, &v), 401);
  CHECK_INT_EQ(nethttp_sock_get_option(t, 13, &v), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(t, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 2), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(t, NETHTTP_SOCK_OPT_BROADCAST, 1), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(u, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(loc, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1), 401);
  /* Multicast settings. */
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, -1), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, 256), 401);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(m, 2), 401);
  CHECK_INT_EQ(nethttp_sock_add_membership(m, NULL, 1, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_add_membership(m, "10.0.0.1", 1, NULL), 401); /* not multicast */
  CHECK_INT_EQ(nethttp_sock_add_membership(m, "239.1.2.3", 1, "no-such-if0"), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(u, 1), 401);
  CHECK_INT_EQ(nethttp_sock_add_membership(u, "239.1.2.3", 1, NULL), 401);
  /* TLS calls on a kind without TLS. */
  CHECK_INT_EQ(nethttp_sock_set_tls_options(t, "{}"), 401);
  CHECK_INT_EQ(nethttp_sock_tls_get_protocol(t, &str), 401);
  CHECK(nethttp_sock_tls_upgrade(t) == NULL, "upgrade of an unconnected TCP socket");
  CHECK(nethttp_sock_tls_upgrade(u) == NULL, "upgrade of UDP");
  CHECK(str == NULL, "no string written");
  /* Calls the kind does not take. */
  CHECK_INT_EQ(nethttp_sock_send(srv, &x, 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(srv, "x", NULL, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send(u, &x, 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(t, &x, 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(srv, &x, 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_listen(t, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(u, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_bind(srv, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_connect(srv, "127.0.0.1", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(u, "127.0.0.1", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_shutdown(u), 401);
  CHECK_INT_EQ(nethttp_sock_shutdown(srv), 401);
  /* State errors. */
  CHECK_INT_EQ(nethttp_sock_get_local_address(t, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_get_local_address(u, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(t, &a), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_send(t, &x, 1, NULL, NULL), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_shutdown(t), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  /* Never joined: not a member (as the header says), whether bound or not. */
  CHECK_INT_EQ(nethttp_sock_drop_membership(m, "239.1.2.3", NULL), 2301099);
  CHECK_INT_EQ(nethttp_sock_get_fd(t), -1);
  CHECK_INT_EQ(nethttp_sock_get_state(t, &st), 0);
  CHECK(!st.is_bound && !st.is_close && !st.is_connected, "a new socket");
  nethttp_sock_destroy(loc);
  nethttp_sock_destroy(srv);
  nethttp_sock_destroy(m);
  nethttp_sock_destroy(u);
  nethttp_sock_destroy(t);
}

/* ---- after close ---- */

static void after_close(void) {
  fprintf(stderr, "-- after close\n");
  const uint8_t x = 'x';
  struct nethttp_net_address a;
  struct nethttp_sock_state st;
  /* A connected TCP client, closed: CLOSE, then every call says closed. */
  srec sr, cr, cl;
  srec_init(&sr);
  srec_init(&cr);
  srec_init(&cl);
  uint16_t port;
  struct nethttp_sock *srv = echo_server(&sr, &port);
  struct nethttp_sock *c = tcp_client(&cr);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected");
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cl), 0);
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cl), 0); /* twice: 0, a result too */
  CHECK(SREC_WAIT(&cl, cl.results_ok == 2, 5000), "two close results: %s", cl.log);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "CLOSE: %s", cr.log);
  CHECK_INT_EQ(cl.results_err, 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", 0, 0), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_send(c, &x, 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "x", NULL, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_shutdown(c), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_get_fd(c), -1);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_close && !st.is_connected, "closed state");
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  sleep_ms(100);
  CHECK_INT_EQ(cr.closes, 1); /* one CLOSE however often closed */
  CHECK_INT_EQ(cr.after_close, 0);
  nethttp_sock_destroy(c);
  srec_fini(&cr);
  srec_fini(&cl);

  /* A TCP client never connected: close is 0, then closed too. */
  srec_init(&cl);
  c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cl), 0);
  CHECK(SREC_WAIT(&cl, cl.results_ok == 1, 5000), "close result: %s", cl.log);
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", 0, 0), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_send(c, &x, 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_shutdown(c), NETHTTP_ERR_SOCK_CLOSED);
  nethttp_sock_destroy(c);
  srec_fini(&cl);

  /* UDP, bound then closed. */
  srec ur;
  srec_init(&ur);
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&ur, u);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 1), 0);
  CHECK(SREC_WAIT(&ur, ur.listening == 1, 5000), "LISTENING");
  CHECK_INT_EQ(nethttp_sock_close(u, NULL, NULL), 0);
  CHECK(SREC_WAIT(&ur, ur.closes == 1, 5000), "UDP CLOSE: %s", ur.log);
  CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, "127.0.0.1", port, 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 1), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_get_local_address(u, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_close(u, NULL, NULL), 0);
  nethttp_sock_destroy(u);
  srec_fini(&ur);

  /* Multicast, closed before anything. */
  struct nethttp_sock *m = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  CHECK_INT_EQ(nethttp_sock_close(m, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(m, "239.1.2.3", 0, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_send_to(m, &x, 1, "127.0.0.1", port, 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  nethttp_sock_destroy(m);

  /* A server, closed: listen again is closed; its connections stay open. */
  srec cr2;
  srec_init(&cr2);
  c = tcp_client(&cr2);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr2, cr2.connects == 1, 5000), "connected");
  CHECK(SREC_WAIT(&sr, sr.nconns == 2, 5000), "accepted: %d", sr.nconns);
  CHECK_INT_EQ(nethttp_sock_close(srv, NULL, NULL), 0);
  CHECK(SREC_WAIT(&sr, sr.closes == 1, 5000), "server CLOSE: %s", sr.log);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "still", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr2, cr2.len == 5, 5000), "the connection outlives its server: %s", cr2.log);
  CHECK_INT_EQ(nethttp_sock_close(srv, NULL, NULL), 0);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr2);
  srec_fini(&sr);
}

/* ---- host names ---- */

static void host_names(void) {
  fprintf(stderr, "-- host names\n");
  srec sr, r;
  srec_init(&sr);
  srec_init(&r);
  uint16_t port;
  struct nethttp_sock *srv = echo_server(&sr, &port);
  struct nethttp_sock *c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "localhost", port, 0, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 10000), "localhost: %s", r.log);
  CHECK_STR_EQ(r.log, "connect;result:0");
  CHECK_STR_EQ(r.last_remote.address, "127.0.0.1");
  CHECK_INT_EQ(r.last_remote.family, 1);
  CHECK_INT_EQ(r.last_remote.port, port);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "by name", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&r, r.len == 7, 5000), "echo: %s", r.log);
  nethttp_sock_destroy(c);
  srec_fini(&r);

  const char *names[] = {"nonexistent.invalid", "no-such-host.invalid"};
  for (int i = 0; i < 2; i++) {
    srec_init(&r);
    c = tcp_client(&r);
    CHECK_INT_EQ(nethttp_sock_connect(c, names[i], port, i, 5000, srec_result, &r), 0);
    CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 15000), "%s: %s", names[i], r.log);
    sleep_ms(100);
    char log[256];
    log_of(&r, log, sizeof log);
    CHECK_STR_EQ(log, "error:2100101;result:2100101");
    CHECK_INT_EQ(r.closes, 0);
    struct nethttp_sock_state st;
    nethttp_sock_get_state(c, &st);
    CHECK(!st.is_connected && !st.is_close, "after a failed lookup");
    /* Not stuck connecting: the same socket connects by address now. */
    CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 0, 5000, srec_result, &r), 0);
    CHECK(SREC_WAIT(&r, r.connects == 1, 5000), "connected after the failed name: %s", r.log);
    nethttp_sock_destroy(c);
    srec_fini(&r);
  }
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

/* ---- policy ---- */

static void policy(void) {
  fprintf(stderr, "-- policy\n");
  srec sr, r;
  srec_init(&sr);
  uint16_t port;
  struct nethttp_sock *srv = echo_server(&sr, &port);
  const uint8_t x = 'x';

  /* A UDP socket remembers its last destination parsed and checked: a policy set later still
   * applies to it (typed or as text), and lifting the policy lets it send again. */
  struct nethttp_sock *pu = nethttp_sock_create(NETHTTP_SOCK_UDP);
  struct nethttp_net_address pto;
  memset(&pto, 0, sizeof pto);
  strcpy(pto.address, "127.0.0.1");
  pto.family = 1;
  pto.port = port;
  CHECK_INT_EQ(nethttp_sock_send_to_address(pu, &pto, &x, 1, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(pu, &x, 1, "127.0.0.1", port, 1, NULL, NULL), 0);

  const char *other[] = {"example.com", "*.example.org"};
  CHECK_INT_EQ(http_policy_set_allowed_domains(other, 2), 0);
  CHECK_INT_EQ(nethttp_sock_send_to_address(pu, &pto, &x, 1, NULL, NULL),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  CHECK_INT_EQ(nethttp_sock_send_to(pu, &x, 1, "127.0.0.1", port, 1, NULL, NULL),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  srec_init(&r);
  struct nethttp_sock *c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  CHECK_INT_EQ(nethttp_sock_connect(c, "localhost", port, 0, 5000, srec_result, &r),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  CHECK_INT_EQ(nethttp_sock_connect(c, "a.example.org", port, 0, 5000, srec_result, &r),
               0); /* on the list (it does not resolve): the connect starts */
  CHECK(SREC_WAIT(&r, r.results_ok + r.results_err >= 1, 15000), "a.example.org ends: %s", r.log);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, "127.0.0.1", port, 1, NULL, NULL),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  nethttp_sock_destroy(u);

  /* On the list: allowed. */
  const char *mine[] = {"127.0.0.1"};
  CHECK_INT_EQ(http_policy_set_allowed_domains(mine, 1), 0);
  srec_init(&r);
  c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.connects == 1 && r.results_ok == 1, 5000), "allowed: %s", r.log);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 0), 0);

  /* Cleartext forbidden: TCP and UDP are cleartext. */
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(false), 0);
  srec_init(&r);
  c = tcp_client(&r);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r),
               NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  sleep_ms(100);
  CHECK_STR_EQ(r.log, ""); /* refused at once: no event, no result */
  u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_send_to(u, &x, 1, "127.0.0.1", port, 1, NULL, NULL),
               NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  nethttp_sock_destroy(u);
  CHECK_INT_EQ(nethttp_sock_send_to_address(pu, &pto, &x, 1, NULL, NULL),
               NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  /* A TLS socket is not cleartext: the policy does not refuse its connect (an unused port:
   * the system refuses it later). */
  struct nethttp_sock *tls = nethttp_sock_create(NETHTTP_SOCK_TLS);
  srec tr;
  srec_init(&tr);
  srec_attach(&tr, tls);
  int32_t trc = nethttp_sock_connect(tls, "127.0.0.1", (uint16_t)unused_port(), 1, 5000,
                                     srec_result, &tr);
  CHECK(trc != NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED,
        "a TLS socket's connect refused as cleartext (rc %d: %s)", trc, http_last_error_detail());
  if (trc == 0) CHECK(SREC_WAIT(&tr, tr.results_ok + tr.results_err >= 1, 10000), "TLS ends");
  nethttp_sock_destroy(tls);
  srec_fini(&tr);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(true), 0);

  /* Restored: the same socket connects. */
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.connects == 1 && r.results_ok == 1, 5000), "after the policy: %s", r.log);
  CHECK_INT_EQ(nethttp_sock_send_to_address(pu, &pto, &x, 1, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(pu, &x, 1, "127.0.0.1", port, 1, NULL, NULL), 0);
  nethttp_sock_destroy(pu);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

int main(void) {
  null_and_bad_arguments();
  refused();
  timeout();
  reset();
  dying_peer();
  address_in_use();
  after_close();
  host_names();
  policy();
  /* Never leave the policy on, whatever failed above. */
  http_policy_set_allowed_domains(NULL, 0);
  http_policy_set_cleartext_permitted(true);
  return test_finish();
}
