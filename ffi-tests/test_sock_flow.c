/* TCP sockets when things go wrong and under pressure, against raw C peers on loopback:
 * refused, a connect that really times out (a listener whose backlog is full drops the SYN),
 * reset by the peer, the peer closing while a large send is queued, address in use; the
 * send queue limit (2301105), DRAIN, pause/resume, socketTimeout (2301110), readSize,
 * options read back with getsockopt, queued delivery for a server and its connections, and
 * bad arguments. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

/* A raw listener on 127.0.0.1 with `backlog`; returns its fd, *port its port. */
static int raw_listener(int backlog, uint16_t *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "bind");
  CHECK(listen(fd, backlog) == 0, "listen");
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

static struct nethttp_sock *client(srec *r, uint16_t port, int32_t timeout_ms) {
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(r, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, (uint32_t)timeout_ms, srec_result, r), 0);
  return c;
}

static void refused_and_timeout(void) {
  srec r;
  srec_init(&r);
  struct nethttp_sock *c = client(&r, (uint16_t)unused_port(), 5000);
  CHECK(SREC_WAIT(&r, r.results_err == 1, 5000), "refused: %s", r.log);
  CHECK_INT_EQ(r.last_result, NETHTTP_ERR_SOCK_REFUSED);
  CHECK_STR_EQ(r.log, "error:2301111;result:2301111");
  struct nethttp_sock_state st;
  nethttp_sock_get_state(c, &st);
  CHECK(!st.is_connected && !st.is_close && !st.is_bound, "after a failed connect");
  nethttp_sock_destroy(c);
  srec_fini(&r);

  /* backlog 0, its queue filled by connections nobody accepts: the next SYN is dropped. */
  uint16_t port;
  int lfd = raw_listener(0, &port);
  int fill[4];
  for (int i = 0; i < 4; i++) {
    fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    connect(fill[i], (struct sockaddr *)&a, sizeof a);
  }
  sleep_ms(100);
  srec_init(&r);
  uint64_t t0 = now_ms();
  c = client(&r, port, 400);
  CHECK(SREC_WAIT(&r, r.results_err == 1, 10000), "timeout: %s", r.log);
  CHECK_INT_EQ(r.last_result, NETHTTP_ERR_SOCK_TIMEOUT);
  CHECK(now_ms() - t0 >= 300, "not before its time: %llu ms", (unsigned long long)(now_ms() - t0));
  nethttp_sock_destroy(c);
  srec_fini(&r);
  for (int i = 0; i < 4; i++) close(fill[i]);
  close(lfd);
}

static void reset_and_dying_peer(void) {
  /* Reset: the peer closes with SO_LINGER 0. */
  uint16_t port;
  int lfd = raw_listener(8, &port);
  srec r;
  srec_init(&r);
  struct nethttp_sock *c = client(&r, port, 5000);
  int s = accept_within(lfd, 5000);
  CHECK(SREC_WAIT(&r, r.connects == 1, 5000), "connected");
  struct linger lg = {1, 0};
  setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close(s);
  CHECK(SREC_WAIT(&r, r.closes == 1, 5000), "reset: %s", r.log);
  CHECK_INT_EQ(r.error_code, NETHTTP_ERR_SOCK_RESET);
  CHECK(strstr(r.log, "error:2301104;close") != NULL, "%s", r.log);
  CHECK_INT_EQ(r.after_close, 0);
  nethttp_sock_destroy(c);
  srec_fini(&r);

  /* The peer reads a little and closes while 64 MiB wait in our queue. */
  srec_init(&r);
  c = client(&r, port, 5000);
  s = accept_within(lfd, 5000);
  CHECK(SREC_WAIT(&r, r.connects == 1, 5000), "connected");
  nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT, 128 << 20);
  size_t big = 64u << 20;
  uint8_t *buf = calloc(1, big);
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, srec_result, &r), 0);
  CHECK(nethttp_sock_send_queue_size(c) > 0, "queued");
  char tmp[1024];
  CHECK(read(s, tmp, sizeof tmp) > 0, "the peer read something");
  close(s); /* unread data: RST */
  CHECK(SREC_WAIT(&r, r.closes == 1 && r.results_err == 1, 10000), "peer gone: %s", r.log);
  CHECK(r.error_code == NETHTTP_ERR_SOCK_RESET || r.error_code == 2301032, "error %d",
        r.error_code);
  CHECK(r.last_result == r.error_code || r.last_result == NETHTTP_ERR_SOCK_CANCELED,
        "send result %d", r.last_result);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);
  free(buf);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  close(lfd);
}

static void address_in_use(void) {
  struct nethttp_sock *a = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(a, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address la;
  nethttp_sock_get_local_address(a, &la);
  struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(b, "127.0.0.1", la.port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  CHECK(strstr(http_last_error_detail(), "Address already in use") != NULL, "%s",
        http_last_error_detail());
  CHECK_INT_EQ(nethttp_sock_listen(b, "10.255.255.1", 0, 1), NETHTTP_ERR_SOCK_ADDRESS_NOT_AVAILABLE);
  /* A TCP client bound to the port of a listener: in use too. */
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", la.port, 0), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", 0, 0), 0);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", 0, 0), 2303122); /* bound already */
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(b);
  nethttp_sock_destroy(a);
}

/* A nethttp server whose connections are kept (and paused at once when `pause`). */
static struct nethttp_sock *server(srec *sr, uint16_t *port) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  sr->keep_conns = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  nethttp_sock_get_local_address(srv, &a);
  *port = a.port;
  return srv;
}

static void backpressure(void) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  uint16_t port;
  struct nethttp_sock *srv = server(&sr, &port);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"receiveBufferSize\":4096}"), 0);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"sendQueueLimit\":1048576,\"sendBufferSize\":4096}"), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected");
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted");
  struct nethttp_sock *conn = sr.conns[0];
  srec *connr = sr.conn_recs[0];
  CHECK_INT_EQ(nethttp_sock_pause(conn), 0);
  /* Send until the limit refuses: the first sends may go straight to the kernel. */
  size_t chunk = 256 * 1024, sent = 0;
  uint8_t *buf = malloc(chunk);
  int32_t rc = 0;
  for (int i = 0; i < 400 && rc == 0; i++) {
    for (size_t k = 0; k < chunk; k++) buf[k] = (uint8_t)(sent + k);
    rc = nethttp_sock_send(c, buf, chunk, NULL, NULL);
    if (rc == 0) sent += chunk;
  }
  CHECK_INT_EQ(rc, NETHTTP_ERR_SOCK_QUEUE_FULL);
  uint64_t q = nethttp_sock_send_queue_size(c);
  CHECK(q > 0 && q <= (1u << 20) + chunk, "queue %llu", (unsigned long long)q);
  sleep_ms(100);
  CHECK_INT_EQ(connr->messages, 0); /* paused: nothing delivered */
  CHECK_INT_EQ(nethttp_sock_resume(conn), 0);
  CHECK(SREC_WAIT(&cr, cr.drains >= 1, 10000), "DRAIN: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);
  CHECK(SREC_WAIT(connr, connr->len >= sent, 10000), "all arrived: %zu of %zu", connr->len, sent);
  int in_order = connr->len == sent;
  for (size_t k = 0; in_order && k < sent; k++) in_order = connr->data[k] == (uint8_t)k;
  CHECK(in_order, "bytes in order");
  free(buf);

  /* socketTimeout: the peer stops reading; queued bytes that cannot move fail the socket. */
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_SOCKET_TIMEOUT, 300), 0);
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT, 64 << 20), 0);
  CHECK_INT_EQ(nethttp_sock_pause(conn), 0);
  size_t big = 16u << 20;
  uint8_t *b2 = calloc(1, big);
  CHECK_INT_EQ(nethttp_sock_send(c, b2, big, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 10000), "timed out: %s", cr.log);
  CHECK_INT_EQ(cr.error_code, NETHTTP_ERR_SOCK_TIMEOUT);
  CHECK(strstr(cr.log, "error:2301110;close") != NULL, "%s", cr.log);
  free(b2);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

static void read_size_and_options(void) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  uint16_t port;
  struct nethttp_sock *srv = server(&sr, &port);
  /* Options on the server apply to its connections. */
  CHECK_INT_EQ(nethttp_sock_set_extra_options(
                   srv, "{\"readSize\":100,\"TCPNoDelay\":true,\"keepAlive\":true,"
                        "\"socketLinger\":{\"on\":true,\"linger\":7}}"),
               0);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_OOB_INLINE, 1), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000) && SREC_WAIT(&sr, sr.nconns == 1, 5000), "up");
  int fd = (int)nethttp_sock_get_fd(sr.conns[0]);
  int v = 0;
  socklen_t l = sizeof v;
  getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &l);
  CHECK(v != 0, "TCP_NODELAY on the accepted connection");
  getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, &l);
  CHECK(v != 0, "SO_KEEPALIVE");
  struct linger lg;
  l = sizeof lg;
  getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &l);
  CHECK(lg.l_onoff == 1 && lg.l_linger == 7, "SO_LINGER %d %d", lg.l_onoff, lg.l_linger);
  int cfd = (int)nethttp_sock_get_fd(c);
  l = sizeof v;
  getsockopt(cfd, SOL_SOCKET, SO_OOBINLINE, &v, &l);
  CHECK(v != 0, "SO_OOBINLINE set before connect");
  /* Set on a live socket, read back. */
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"TCPNoDelay\":true,\"receiveBufferSize\":65536}"), 0);
  getsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &v, &l);
  CHECK(v != 0, "TCP_NODELAY live");
  int64_t got = 0;
  CHECK_INT_EQ(nethttp_sock_get_option(c, NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE, &got), 0);
  CHECK(got >= 65536, "SO_RCVBUF %lld", (long long)got);
  CHECK_INT_EQ(nethttp_sock_get_option(c, NETHTTP_SOCK_OPT_TCP_NO_DELAY, &got), 0);
  CHECK_INT_EQ(got, 1);
  /* readSize 100 on the connection: 1000 bytes arrive in messages of at most 100. */
  uint8_t k[1000];
  memset(k, 'k', sizeof k);
  CHECK_INT_EQ(nethttp_sock_send(c, k, sizeof k, NULL, NULL), 0);
  srec *connr = sr.conn_recs[0];
  CHECK(SREC_WAIT(connr, connr->len == 1000, 5000), "1000 bytes");
  CHECK(connr->messages >= 10, "messages %d", connr->messages);
  /* Bad options: all or nothing, with the key named. */
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"TCPNoDelay\":false,\"broadcast\":true}"), 401);
  CHECK(strstr(http_last_error_detail(), "broadcast") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(nethttp_sock_get_option(c, NETHTTP_SOCK_OPT_TCP_NO_DELAY, &got), 0);
  CHECK_INT_EQ(got, 1); /* unchanged */
  CHECK_INT_EQ(nethttp_sock_set_option(c, 999, 1), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_SOCKET_LINGER, 70000), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(c, NETHTTP_SOCK_OPT_READ_SIZE, 0), 401);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

static void queued_delivery(void) {
  struct http_queue *q = http_queue_new();
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  sr.echo = 1;
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  sr.keep_conns = 1;
  srec_attach(&sr, srv);
  CHECK_INT_EQ(nethttp_sock_set_queue(srv, q), 0);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  CHECK_INT_EQ(nethttp_sock_set_queue(srv, NULL), 401); /* after listen */
  struct nethttp_net_address a;
  nethttp_sock_get_local_address(srv, &a);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", a.port, 1, 5000, NULL, NULL), 0);
  /* Sent before the server's application saw the connection: still all delivered to the
   * listeners its CONNECT callback adds. */
  CHECK_INT_EQ(nethttp_sock_send_text(c, "early bytes", NULL, NULL, NULL), 0);
  sleep_ms(200);
  CHECK_INT_EQ(sr.listening + sr.connects, 0); /* nothing until dispatched */
  uint64_t end = now_ms() + 5000;
  while (now_ms() < end && !(cr.len == 11)) {
    http_queue_dispatch(q);
    sleep_ms(5);
  }
  CHECK_INT_EQ(sr.listening, 1);
  CHECK_INT_EQ(sr.nconns, 1);
  CHECK(cr.len == 11 && memcmp(cr.data, "early bytes", 11) == 0, "echo via the queue: %s",
        cr.log);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
  http_queue_free(q);
}

/* The options the other cases do not read back: tcpFastOpen (client and server),
 * reuseAddress, sendBufferSize; a server's state; text in every encoding on the wire. */
static void more_options(void) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  sr.keep_conns = 1;
  srec_attach(&sr, srv);
  struct nethttp_sock_state st;
  nethttp_sock_get_state(srv, &st);
  CHECK(!st.is_bound && !st.is_close && !st.is_connected, "new server");
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"tcpFastOpen\":true,\"reuseAddress\":false}"), 0);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  nethttp_sock_get_state(srv, &st);
  CHECK(st.is_bound && !st.is_close && !st.is_connected, "listening server");
  int sfd = (int)nethttp_sock_get_fd(srv), v = 0;
  socklen_t l = sizeof v;
  CHECK(getsockopt(sfd, IPPROTO_TCP, TCP_FASTOPEN, &v, &l) == 0 && v > 0, "TCP_FASTOPEN %d", v);
  l = sizeof v;
  getsockopt(sfd, SOL_SOCKET, SO_REUSEADDR, &v, &l);
  CHECK_INT_EQ(v, 0); /* reuseAddress false overrides the server default */
  struct nethttp_net_address a;
  nethttp_sock_get_local_address(srv, &a);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(
                   c, "{\"tcpFastOpen\":true,\"reuseAddress\":true,\"sendBufferSize\":32768}"),
               0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", a.port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000) && SREC_WAIT(&sr, sr.nconns == 1, 5000), "up");
  int cfd = (int)nethttp_sock_get_fd(c);
  l = sizeof v;
  CHECK(getsockopt(cfd, IPPROTO_TCP, 30 /* TCP_FASTOPEN_CONNECT */, &v, &l) == 0 && v == 1,
        "TCP_FASTOPEN_CONNECT %d", v);
  l = sizeof v;
  getsockopt(cfd, SOL_SOCKET, SO_REUSEADDR, &v, &l);
  CHECK(v != 0, "SO_REUSEADDR");
  l = sizeof v;
  getsockopt(cfd, SOL_SOCKET, SO_SNDBUF, &v, &l);
  CHECK(v >= 32768, "SO_SNDBUF %d", v);
  int64_t got = 0;
  CHECK_INT_EQ(nethttp_sock_get_option(c, NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE, &got), 0);
  CHECK_INT_EQ(got, v);
  /* Text in each encoding arrives as exactly those bytes. */
  static const struct {
    const char *enc;
    const char *bytes;
    size_t len;
  } cases[] = {
      {NULL, "h\xc3\xa9", 3},           {"utf-8", "h\xc3\xa9", 3},
      {"UTF-16BE", "\0h\0\xe9", 4},     {"utf-16le", "h\0\xe9\0", 4},
      {"UTF-16", "\xfe\xff\0h\0\xe9", 6}, {"ISO-8859-1", "h\xe9", 2},
  };
  srec *connr = sr.conn_recs[0];
  size_t expect = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    CHECK_INT_EQ(nethttp_sock_send_text(c, "h\xc3\xa9", cases[i].enc, NULL, NULL), 0);
    expect += cases[i].len;
  }
  CHECK(SREC_WAIT(connr, connr->len == expect, 5000), "text bytes: %zu of %zu", connr->len, expect);
  size_t off = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0] && connr->len == expect; i++) {
    CHECK(memcmp(connr->data + off, cases[i].bytes, cases[i].len) == 0, "encoding %s",
          cases[i].enc ? cases[i].enc : "(default)");
    off += cases[i].len;
  }
  CHECK_INT_EQ(nethttp_sock_send_text(c, "h\xc3\xa9", "US-ASCII", NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "\xe2\x82\xac", "ISO-8859-1", NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "x", "EBCDIC", NULL, NULL), 401);
  /* A UDP pair sharing a port with reuseAddress. */
  struct nethttp_sock *u1 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  struct nethttp_sock *u2 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  nethttp_sock_set_option(u1, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1);
  nethttp_sock_set_option(u2, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1);
  CHECK_INT_EQ(nethttp_sock_bind(u1, "127.0.0.1", 0, 1), 0);
  nethttp_sock_get_local_address(u1, &a);
  CHECK_INT_EQ(nethttp_sock_bind(u2, "127.0.0.1", a.port, 1), 0);
  struct nethttp_sock *u3 = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u3, "127.0.0.1", a.port, 1), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(u3);
  nethttp_sock_destroy(u2);
  nethttp_sock_destroy(u1);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

static void bad_arguments(void) {
  CHECK(nethttp_sock_create(0) == NULL, "kind 0");
  CHECK(nethttp_sock_create(NETHTTP_SOCK_TCP_CONNECTION) == NULL, "a connection kind");
  CHECK(strstr(http_last_error_detail(), "kind") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(nethttp_sock_connect(NULL, "127.0.0.1", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send(NULL, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_on(NULL, 0, srec_event, NULL), 401);
  nethttp_sock_destroy(NULL);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_on(c, 99, srec_event, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_on(c, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(c, NULL, 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(c, "", 1, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(c, "::1", 1, 1, 0, NULL, NULL), 401); /* family mismatch */
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", 1, 7, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_send(c, NULL, 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"x", 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_listen(c, "127.0.0.1", 0, 0), 401);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &a), NETHTTP_ERR_SOCK_NOT_BOUND);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_shutdown(c), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_add_membership(c, "239.1.1.1", 1, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", 1, 0, 0, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_bind(c, "127.0.0.1", 0, 0), NETHTTP_ERR_SOCK_CLOSED);
  nethttp_sock_destroy(c);
  struct nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_send(s, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_bind(s, "127.0.0.1", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_connect(s, "127.0.0.1", 1, 0, 0, NULL, NULL), 401);
  nethttp_sock_destroy(s);
  /* Every code has a message. */
  CHECK(strcmp(http_error_message(2301111), "Connection refused.") == 0, "%s",
        http_error_message(2301111));
  CHECK(strstr(http_error_message(2301042), "2301000 + errno") != NULL, "%s",
        http_error_message(2301042));
}

int main(void) {
  bad_arguments();
  refused_and_timeout();
  reset_and_dying_peer();
  address_in_use();
  backpressure();
  read_size_and_options();
  queued_delivery();
  more_options();
  return test_finish();
}
