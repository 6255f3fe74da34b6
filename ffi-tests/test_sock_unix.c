/* Local (Unix-domain) sockets: LocalSocketServer and LocalSocket over a path in the test's
 * directory (echo, 4 MiB, kind 8 connections with listeners added in CONNECT, addresses of
 * family 3, getState, the socket file removed on close), socat as the independent peer both
 * ways, and the errors: path in use, no such path, a path too long, options that do not
 * apply. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

static const char *tmp;

static void echo(void) {
  char path[512];
  snprintf(path, sizeof path, "%s/echo.sock", tmp);
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  sr.echo = 1;
  sr.keep_conns = 1;
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  srec_attach(&sr, srv);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"sendBufferSize\":65536}"), 0);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"reuseAddress\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"TCPNoDelay\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), 0);
  CHECK(access(path, F_OK) == 0, "socket file");
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  CHECK_STR_EQ(a.address, path);
  CHECK_INT_EQ(a.family, 3);
  CHECK_INT_EQ(a.port, 0);
  /* The same path again: in use. */
  struct nethttp_sock *dup = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(dup, path, 0, 0), NETHTTP_ERR_SOCK_ADDRESS_IN_USE);
  nethttp_sock_destroy(dup);
  CHECK(access(path, F_OK) == 0, "the failed listen left the file alone");

  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1 && cr.results_ok == 1, 5000), "connected: %s", cr.log);
  struct nethttp_sock_state st;
  nethttp_sock_get_state(c, &st);
  CHECK(st.is_connected && !st.is_close, "state");
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), 0);
  CHECK_STR_EQ(a.address, path);
  CHECK_INT_EQ(a.family, 3);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted");
  CHECK_INT_EQ(nethttp_sock_get_kind(sr.conns[0]), NETHTTP_SOCK_LOCAL_CONNECTION);
  size_t big = 4u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i++) buf[i] = (uint8_t)(i ^ (i >> 9));
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len >= big, 20000), "4 MiB back: %zu", cr.len);
  CHECK(cr.len == big && memcmp(cr.data, buf, big) == 0, "intact");
  free(buf);
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "closed: %s", cr.log);
  nethttp_sock_destroy(c);
  /* The server's close removes its file. */
  CHECK_INT_EQ(nethttp_sock_close(srv, NULL, NULL), 0);
  CHECK(access(path, F_OK) != 0, "socket file removed");
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

static void peers_and_errors(void) {
  char path[512], cmd[2048];
  /* socat serving: our client echoes through it. */
  snprintf(path, sizeof path, "%s/socat.sock", tmp);
  snprintf(cmd, sizeof cmd, "timeout 20 socat UNIX-LISTEN:%s PIPE >/dev/null 2>&1 &", path);
  CHECK_INT_EQ(system(cmd), 0);
  for (int i = 0; i < 200 && access(path, F_OK) != 0; i++) sleep_ms(25);
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected to socat: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "via socat", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 9, 5000), "echo: %s", cr.log);
  nethttp_sock_destroy(c);
  srec_fini(&cr);

  /* socat as the client of our server. */
  snprintf(path, sizeof path, "%s/ours.sock", tmp);
  srec sr;
  srec_init(&sr);
  sr.keep_conns = 1;
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  srec_attach(&sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), 0);
  snprintf(cmd, sizeof cmd, "printf 'from socat' | timeout 10 socat - UNIX-CONNECT:%s", path);
  CHECK_INT_EQ(system(cmd), 0);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted socat");
  srec *connr = sr.nconns ? sr.conn_recs[0] : NULL;
  if (connr) {
    CHECK(SREC_WAIT(connr, connr->closes == 1, 5000), "socat's end: %s", connr->log);
    CHECK(connr->len == 10 && memcmp(connr->data, "from socat", 10) == 0, "bytes");
    CHECK_INT_EQ(connr->last_remote.family, 3);
  }
  nethttp_sock_destroy(srv);
  srec_fini(&sr);

  /* No such path: ERROR and the result, 2301002. */
  srec_init(&cr);
  c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  snprintf(path, sizeof path, "%s/missing.sock", tmp);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.results_err == 1, 5000), "missing: %s", cr.log);
  CHECK_INT_EQ(cr.last_result, 2301002);
  CHECK_INT_EQ(cr.error_code, 2301002);
  nethttp_sock_destroy(c);
  srec_fini(&cr);
  char longpath[256];
  memset(longpath, 'p', sizeof longpath - 1);
  longpath[0] = '/';
  longpath[sizeof longpath - 1] = 0;
  c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  CHECK_INT_EQ(nethttp_sock_connect(c, longpath, 0, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(c, "", 0, 0, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"x", 1, "127.0.0.1", 1, 0, NULL, NULL), 401);
  nethttp_sock_destroy(c);
}

int main(void) {
  tmp = env_or_die("NETHTTP_TEST_TMP");
  echo();
  peers_and_errors();
  return test_finish();
}
