/* TCP sockets against nethttp's own TCP server on loopback: listen on port 0, connect, echo,
 * a 4 MiB transfer in both directions, half-close (shutdown) with the peer's close, getState,
 * addresses, clientId, send before connect and after close, text encodings, IPv6. */
#include <string.h>

#include "common.h"
#include "sock_rec.h"

static struct nethttp_sock *server(srec *sr, const char *addr, int family, uint16_t *port) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK(srv != NULL, "create server");
  sr->keep_conns = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, addr, 0, family), 0);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  CHECK_STR_EQ(a.address, addr);
  CHECK_INT_EQ(a.family, family ? family : 1);
  CHECK(a.port != 0, "port chosen");
  *port = a.port;
  CHECK(SREC_WAIT(sr, sr->listening == 1, 5000), "LISTENING");
  return srv;
}

static void echo_case(const char *addr, int family) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  sr.echo = 1;
  uint16_t port;
  struct nethttp_sock *srv = server(&sr, addr, family, &port);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, c);
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(!st.is_bound && !st.is_close && !st.is_connected, "fresh state");
  CHECK_INT_EQ(nethttp_sock_get_fd(c), -1);
  /* Sent while connecting: queued, goes once connected. */
  CHECK_INT_EQ(nethttp_sock_connect(c, addr, port, family, 5000, srec_result, &cr), 0);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"early,", 6, srec_result, &cr), 0);
  /* Connecting (or, on a fast loopback, connected) already. */
  int32_t rc = nethttp_sock_connect(c, addr, port, family, 5000, NULL, NULL);
  CHECK(rc == NETHTTP_ERR_SOCK_CONNECTING || rc == NETHTTP_ERR_SOCK_ALREADY_CONNECTED, "rc=%d", rc);
  CHECK(SREC_WAIT(&cr, cr.connects == 1 && cr.results_ok >= 1, 5000), "connected: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_connect(c, addr, port, family, 5000, NULL, NULL),
               NETHTTP_ERR_SOCK_ALREADY_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_bound && !st.is_close && st.is_connected, "connected state");
  CHECK(nethttp_sock_get_fd(c) >= 0, "fd");
  struct nethttp_net_address ra, la;
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &ra), 0);
  CHECK_STR_EQ(ra.address, addr);
  CHECK_INT_EQ(ra.port, port);
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &la), 0);
  CHECK(la.port != 0 && la.port != port, "local port %u", la.port);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "hello", NULL, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 11, 5000), "echo: %s len=%zu", cr.log, cr.len);
  CHECK(cr.len == 11 && memcmp(cr.data, "early,hello", 11) == 0, "echoed bytes");
  CHECK_STR_EQ(cr.last_remote.address, addr);
  CHECK_INT_EQ(cr.last_remote.port, port);
  /* The server saw one connection, whose peer is our local address. */
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted");
  CHECK_INT_EQ(sr.last_remote.port, la.port);
  struct nethttp_sock *conn = sr.conns[0];
  CHECK(nethttp_sock_client_id(conn) > 0, "clientId");
  CHECK_INT_EQ(nethttp_sock_client_id(c), 0);
  CHECK_INT_EQ(nethttp_sock_get_remote_address(conn, &ra), 0);
  CHECK_INT_EQ(ra.port, la.port);

  /* 4 MiB each way: the echo sends everything back. */
  size_t big = 4u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i++) buf[i] = (uint8_t)(i * 7 + (i >> 13));
  pthread_mutex_lock(&cr.mu);
  cr.len = 0;
  pthread_mutex_unlock(&cr.mu);
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.len >= big, 20000), "4 MiB back: %zu", cr.len);
  CHECK(cr.len == big && memcmp(cr.data, buf, big) == 0, "4 MiB intact");
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);

  /* Half-close: our FIN reaches the connection, which closes; we then see CLOSE. */
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL), 2301032);
  srec *conn_rec = sr.conn_recs[0];
  CHECK(SREC_WAIT(conn_rec, conn_rec->closes == 1, 5000), "connection closed: %s", conn_rec->log);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "client closed: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_close && !st.is_connected, "closed state");
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  CHECK_INT_EQ(cr.errors, 0);
  CHECK_INT_EQ(cr.after_close, 0);
  CHECK_INT_EQ(cr.results_err, 0);
  free(buf);
  nethttp_sock_destroy(c);
  CHECK_INT_EQ(nethttp_sock_close(srv, srec_result, &sr), 0);
  CHECK(SREC_WAIT(&sr, sr.closes == 1 && sr.results_ok == 1, 5000), "server closed: %s", sr.log);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

int main(void) {
  echo_case("127.0.0.1", 0);
  echo_case("::1", 2);
  return test_finish();
}
