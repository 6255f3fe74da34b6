/* LocalSocket / LocalSocketServer (kinds 5 and 6, Unix-domain streams) over paths in
 * $NETHTTP_TEST_TMP.
 *
 * Covers: listen (the socket file, LISTENING and getLocalAddress with family 3 and the path);
 * connect with bytes sent while connecting; CONNECT on the server with a connection of kind 8
 * whose listeners, added inside the callback, miss nothing; clientId; getState of server,
 * client and connection; addresses (the client's remote is the server's path, the connection's
 * local the path and its remote unnamed: family 3, ""); a client bound to a path of its own is
 * the connection's remote; echo; 4 MiB each way; three clients at once; options (reuseAddress,
 * TCPNoDelay, keepAlive, broadcast -> 401, all or nothing; sendBufferSize works and the server's
 * applies to its connections); the server's close (CLOSE, the result, the socket file gone, its
 * connection still open, listen again -> 2301009); half-close and the peer's close; errors:
 * listen on a path in use or on an existing file -> 2303198 (the file left alone), connect to a
 * missing path -> ERROR then the result with 2301002 (no CLOSE) and a later connect works, to a
 * file that is not a socket -> 2301111, a 200-byte or empty path -> 401, send before connect ->
 * 2301107; socat as the server (UNIX-LISTEN ... EXEC:cat) and as the client (- UNIX-CONNECT). */
#include "sock_proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

static const char *tmp;

static void path_of(char *out, size_t cap, const char *name) {
  snprintf(out, cap, "%s/%s", tmp, name);
}

static int is_socket_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

static struct nethttp_sock *local_server(srec *sr, const char *path) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  CHECK(srv != NULL, "create server");
  sr->keep_conns = 1;
  sr->echo = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), 0);
  CHECK(SREC_WAIT(sr, sr->listening == 1, 5000), "LISTENING: %s", sr->log);
  return srv;
}

static void server_and_client(void) {
  fprintf(stderr, "-- server and client\n");
  char path[512];
  path_of(path, sizeof path, "srv.sock");
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  sr.keep_conns = 1;
  sr.echo = 1;
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  srec_attach(&sr, srv);
  CHECK_INT_EQ(nethttp_sock_get_kind(srv), NETHTTP_SOCK_LOCAL_SERVER);

  /* Options: the ones that do not apply to a local socket are refused, all or nothing. */
  int64_t v = 0;
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"sendBufferSize\":65536}"), 0);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"reuseAddress\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"TCPNoDelay\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"keepAlive\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"broadcast\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(srv, "{\"sendBufferSize\":4096,\"TCPNoDelay\":true}"),
               401);
  CHECK_INT_EQ(nethttp_sock_set_option(srv, NETHTTP_SOCK_OPT_REUSE_ADDRESS, 1), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(srv, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1), 401);
  CHECK_INT_EQ(nethttp_sock_get_option(srv, NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE, &v), 0);
  CHECK_INT_EQ(v, 65536); /* kept, not 4096 */

  /* A server binds with listen; then the file, LISTENING and the address. */
  CHECK_INT_EQ(nethttp_sock_bind(srv, path, 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), 0);
  CHECK(is_socket_file(path), "the socket file");
  CHECK(SREC_WAIT(&sr, sr.listening == 1, 5000), "LISTENING: %s", sr.log);
  CHECK_STR_EQ(sr.local.address, path);
  CHECK_INT_EQ(sr.local.family, 3);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  CHECK_STR_EQ(a.address, path);
  CHECK_INT_EQ(a.family, 3);
  CHECK_INT_EQ(a.port, 0);
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(srv, &st), 0);
  CHECK(st.is_bound && !st.is_connected && !st.is_close, "server state");
  int64_t srv_sndbuf = 0;
  CHECK_INT_EQ(nethttp_sock_get_option(srv, NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE, &srv_sndbuf), 0);
  CHECK(srv_sndbuf >= 65536, "live sendBufferSize %lld", (long long)srv_sndbuf);
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), 2303122); /* listening already */

  /* The client: nothing before connect; bytes sent while connecting go once connected. */
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_get_kind(c), NETHTTP_SOCK_LOCAL);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(!st.is_bound && !st.is_connected && !st.is_close, "fresh client");
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"TCPNoDelay\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"reuseAddress\":true}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_extra_options(c, "{\"sendBufferSize\":65536}"), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, srec_result, &cr), 0);
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"early,", 6, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1 && cr.results_ok == 1, 5000), "connected: %s", cr.log);
  CHECK(strncmp(cr.log, "connect;result:0", 16) == 0, "CONNECT, then the result: %s", cr.log);
  CHECK_STR_EQ(cr.last_remote.address, path);
  CHECK_INT_EQ(cr.last_remote.family, 3);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_bound && st.is_connected && !st.is_close, "connected client");
  CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &a), 0);
  CHECK_STR_EQ(a.address, path);
  CHECK_INT_EQ(a.family, 3);
  CHECK_INT_EQ(a.port, 0);
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &a), 0);
  CHECK_INT_EQ(a.family, 3);
  CHECK(nethttp_sock_get_fd(c) >= 0, "fd");
  CHECK_INT_EQ(nethttp_sock_client_id(c), 0);

  /* The connection: kind 8, its listeners (added in CONNECT) saw the early bytes. */
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted: %s", sr.log);
  CHECK_STR_EQ(sr.local.address, path);
  CHECK_INT_EQ(sr.local.family, 3);
  CHECK_INT_EQ(sr.last_remote.family, 3);
  CHECK_STR_EQ(sr.last_remote.address, "");
  struct nethttp_sock *conn = sr.nconns ? sr.conns[0] : NULL;
  srec *connr = sr.nconns ? sr.conn_recs[0] : NULL;
  if (conn) {
    CHECK_INT_EQ(nethttp_sock_get_kind(conn), NETHTTP_SOCK_LOCAL_CONNECTION);
    CHECK(nethttp_sock_client_id(conn) > 0, "clientId");
    CHECK_INT_EQ(nethttp_sock_get_state(conn, &st), 0);
    CHECK(st.is_connected && !st.is_close, "connection state");
    CHECK_INT_EQ(nethttp_sock_get_local_address(conn, &a), 0);
    CHECK_STR_EQ(a.address, path);
    CHECK_INT_EQ(a.family, 3);
    CHECK_INT_EQ(nethttp_sock_get_remote_address(conn, &a), 0);
    CHECK_INT_EQ(a.family, 3);
    CHECK_STR_EQ(a.address, "");
    /* The server's options apply to the connections it accepts. */
    int64_t cv = 0;
    CHECK_INT_EQ(nethttp_sock_get_option(conn, NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE, &cv), 0);
    CHECK_INT_EQ(cv, srv_sndbuf);
    CHECK_INT_EQ(nethttp_sock_set_extra_options(conn, "{\"TCPNoDelay\":true}"), 401);
    CHECK_INT_EQ(nethttp_sock_bind(conn, path, 0, 0), 401);
    CHECK_INT_EQ(nethttp_sock_connect(conn, path, 0, 0, 1000, NULL, NULL), 401);
  }
  CHECK_INT_EQ(nethttp_sock_send_text(c, "hello", NULL, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 11, 5000), "echo: %s len %zu", cr.log, cr.len);
  CHECK(cr.len == 11 && memcmp(cr.data, "early,hello", 11) == 0, "echoed bytes");
  if (connr) {
    CHECK(SREC_WAIT(connr, connr->len == 11, 5000), "connection got: %s", connr->log);
    CHECK(connr->len == 11 && memcmp(connr->data, "early,hello", 11) == 0,
          "the connection's first bytes");
  }

  /* 4 MiB each way (the echo sends everything back). */
  size_t big = 4u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i++) buf[i] = (uint8_t)(i * 11 + (i >> 12));
  pthread_mutex_lock(&cr.mu);
  cr.len = 0;
  pthread_mutex_unlock(&cr.mu);
  int ok_before = cr.results_ok;
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.len >= big, 30000), "4 MiB back: %zu", cr.len);
  CHECK(cr.len == big && memcmp(cr.data, buf, big) == 0, "4 MiB intact");
  CHECK(SREC_WAIT(&cr, cr.results_ok == ok_before + 1, 5000), "the send's result");
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);
  free(buf);

  /* Three more clients at once: a connection each, distinct clientIds. */
  srec xr[3];
  struct nethttp_sock *x[3];
  for (int i = 0; i < 3; i++) {
    srec_init(&xr[i]);
    x[i] = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
    srec_attach(&xr[i], x[i]);
    CHECK_INT_EQ(nethttp_sock_connect(x[i], path, 0, 0, 5000, NULL, NULL), 0);
  }
  for (int i = 0; i < 3; i++) {
    char msg[32];
    snprintf(msg, sizeof msg, "client%d", i);
    CHECK(SREC_WAIT(&xr[i], xr[i].connects == 1, 5000), "client %d: %s", i, xr[i].log);
    CHECK_INT_EQ(nethttp_sock_send_text(x[i], msg, NULL, NULL, NULL), 0);
    CHECK(SREC_WAIT(&xr[i], xr[i].len == 7, 5000), "client %d echo", i);
    CHECK(xr[i].len == 7 && memcmp(xr[i].data, msg, 7) == 0, "client %d bytes", i);
  }
  CHECK(SREC_WAIT(&sr, sr.nconns == 4, 5000), "4 connections");
  for (int i = 0; i < sr.nconns; i++)
    for (int j = i + 1; j < sr.nconns; j++)
      CHECK(nethttp_sock_client_id(sr.conns[i]) != nethttp_sock_client_id(sr.conns[j]),
            "clientIds %d %d", i, j);
  for (int i = 0; i < 3; i++) nethttp_sock_destroy(x[i]);

  /* The server closes: CLOSE, the result, the file gone; its connection stays open. */
  CHECK_INT_EQ(nethttp_sock_close(srv, srec_result, &sr), 0);
  CHECK(SREC_WAIT(&sr, sr.closes == 1 && sr.results_ok == 1, 5000), "server closed: %s", sr.log);
  CHECK(access(path, F_OK) != 0, "the socket file removed");
  CHECK_INT_EQ(nethttp_sock_get_state(srv, &st), 0);
  CHECK(st.is_close, "server closed");
  CHECK_INT_EQ(nethttp_sock_listen(srv, path, 0, 0), NETHTTP_ERR_SOCK_CLOSED);
  pthread_mutex_lock(&cr.mu);
  cr.len = 0;
  pthread_mutex_unlock(&cr.mu);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "still", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 5, 5000), "the connection outlives its server: %s", cr.log);
  /* A new client finds no server. */
  srec nr;
  srec_init(&nr);
  struct nethttp_sock *n = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&nr, n);
  CHECK_INT_EQ(nethttp_sock_connect(n, path, 0, 0, 5000, srec_result, &nr), 0);
  CHECK(SREC_WAIT(&nr, nr.results_err == 1, 5000), "no server: %s", nr.log);
  CHECK_INT_EQ(nr.last_result, 2301002);

  /* Half-close: the connection reads the end, closes; then the client's CLOSE. */
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  if (connr) CHECK(SREC_WAIT(connr, connr->closes == 1, 5000), "connection: %s", connr->log);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "client CLOSE: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_close && !st.is_connected, "client closed");
  CHECK_INT_EQ(nethttp_sock_send(c, (const uint8_t *)"x", 1, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(cr.errors, 0);
  CHECK_INT_EQ(cr.results_err, 0);
  CHECK_INT_EQ(cr.after_close, 0);
  CHECK_INT_EQ(sr.errors, 0);
  if (connr) CHECK_INT_EQ(connr->errors, 0);

  nethttp_sock_destroy(n);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&nr);
  for (int i = 0; i < 3; i++) srec_fini(&xr[i]);
  srec_fini(&cr);
  srec_fini(&sr);
}

/* A client bound to a path of its own: that path is the connection's remote. */
static void bound_client(void) {
  fprintf(stderr, "-- bound client\n");
  char path[512], mine[512];
  path_of(path, sizeof path, "b-srv.sock");
  path_of(mine, sizeof mine, "b-client.sock");
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  struct nethttp_sock *srv = local_server(&sr, path);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_bind(c, mine, 0, 0), 0);
  CHECK(is_socket_file(mine), "the client's file");
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &a), 0);
  CHECK_STR_EQ(a.address, mine);
  CHECK_INT_EQ(a.family, 3);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected: %s", cr.log);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted");
  CHECK_STR_EQ(sr.last_remote.address, mine);
  CHECK_INT_EQ(sr.last_remote.family, 3);
  if (sr.nconns) {
    CHECK_INT_EQ(nethttp_sock_get_remote_address(sr.conns[0], &a), 0);
    CHECK_STR_EQ(a.address, mine);
    CHECK_INT_EQ(a.family, 3);
  }
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  CHECK(access(path, F_OK) != 0, "destroy removes the server's file");
  srec_fini(&cr);
  srec_fini(&sr);
}

static void errors(void) {
  fprintf(stderr, "-- errors\n");
  char path[512], file[512];
  path_of(path, sizeof path, "busy.sock");
  srec sr;
  srec_init(&sr);
  struct nethttp_sock *srv = local_server(&sr, path);

  /* The path of a live server: in use; the file and the server stay. */
  struct nethttp_sock *dup = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(dup, path, 0, 0), 2303198);
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(dup, &st), 0);
  CHECK(!st.is_bound && !st.is_close, "the failed listen bound nothing");
  nethttp_sock_destroy(dup);
  CHECK(is_socket_file(path), "the failed listen left the file alone");
  /* A regular file at the path: in use too, and left as it was. */
  path_of(file, sizeof file, "plain.file");
  FILE *f = fopen(file, "w");
  if (CHECK(f != NULL, "create %s", file)) {
    fputs("keep me", f);
    fclose(f);
  }
  dup = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(dup, file, 0, 0), 2303198);
  nethttp_sock_destroy(dup);
  CHECK(file_equals_bytes(file, (const uint8_t *)"keep me", 7), "the file untouched");

  /* No such path: ERROR, then the result, both 2301002; no CLOSE; a later connect works. */
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  char missing[512];
  path_of(missing, sizeof missing, "missing.sock");
  CHECK_INT_EQ(nethttp_sock_connect(c, missing, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.results_err == 1, 5000), "missing: %s", cr.log);
  CHECK_STR_EQ(cr.log, "error:2301002;result:2301002");
  CHECK_INT_EQ(cr.error_code, 2301002);
  CHECK_INT_EQ(cr.last_result, 2301002);
  CHECK_INT_EQ(cr.closes, 0);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(!st.is_connected && !st.is_close, "after the failed connect");
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1 && cr.results_ok == 1, 5000), "then connected: %s",
        cr.log);
  nethttp_sock_destroy(c);
  srec_fini(&cr);

  /* A file that is not a socket: refused. */
  srec_init(&cr);
  c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, file, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.results_err == 1, 5000), "not a socket: %s", cr.log);
  CHECK_INT_EQ(cr.last_result, NETHTTP_ERR_SOCK_REFUSED);
  CHECK_INT_EQ(cr.error_code, NETHTTP_ERR_SOCK_REFUSED);
  nethttp_sock_destroy(c);
  srec_fini(&cr);

  /* Paths too long (200 bytes) or empty: 401 for listen, connect and bind. */
  char longpath[201];
  int n = snprintf(longpath, sizeof longpath, "%s/", tmp);
  memset(longpath + n, 'p', sizeof longpath - 1 - (size_t)n);
  longpath[200] = 0;
  CHECK_INT_EQ(strlen(longpath), 200);
  struct nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_LOCAL_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(s, longpath, 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(s, "", 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_listen(s, NULL, 0, 0), 401);
  nethttp_sock_destroy(s);
  c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  CHECK_INT_EQ(nethttp_sock_connect(c, longpath, 0, 0, 1000, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(c, "", 0, 0, 1000, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_bind(c, longpath, 0, 0), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"x", 1, "127.0.0.1", 1, 0, NULL, NULL),
               401);
  CHECK_INT_EQ(nethttp_sock_listen(c, path, 0, 0), 401);
  CHECK(access(longpath, F_OK) != 0, "no file for the long path");
  nethttp_sock_destroy(c);

  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

/* socat as the server, then as the client. */
static void socat_peers(void) {
  fprintf(stderr, "-- socat\n");
  char path[512], arg[600];
  path_of(path, sizeof path, "socat-srv.sock");
  snprintf(arg, sizeof arg, "UNIX-LISTEN:%s", path);
  char *srv_argv[] = {"socat", arg, "EXEC:cat", NULL};
  pid_t sp = proc_spawn(srv_argv, NULL, NULL);
  CHECK(sp > 0, "socat server");
  for (int i = 0; i < 400 && sp > 0 && !is_socket_file(path); i++) sleep_ms(25);
  CHECK(is_socket_file(path), "socat listens");
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_connect(c, path, 0, 0, 5000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected to socat: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_send_text(c, "via socat", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 9, 5000), "cat's echo: %s", cr.log);
  CHECK(cr.len == 9 && memcmp(cr.data, "via socat", 9) == 0, "echo bytes");
  size_t big = 1u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i++) buf[i] = (uint8_t)(i * 7 + 3);
  pthread_mutex_lock(&cr.mu);
  cr.len = 0;
  pthread_mutex_unlock(&cr.mu);
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len >= big, 20000), "1 MiB through cat: %zu", cr.len);
  CHECK(cr.len == big && memcmp(cr.data, buf, big) == 0, "1 MiB intact");
  free(buf);
  /* Our end of stream ends cat, then socat, which closes: CLOSE. */
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 10000), "socat closed: %s", cr.log);
  int status = -1;
  CHECK(sp > 0 && proc_wait(sp, 10000, &status), "socat server exits");
  CHECK_INT_EQ(exit_code(status), 0);
  proc_stop(sp);
  nethttp_sock_destroy(c);
  srec_fini(&cr);

  /* socat as the client of our echoing server. */
  char ours[512], in[512], out[512];
  path_of(ours, sizeof ours, "ours.sock");
  path_of(in, sizeof in, "socat-in.txt");
  path_of(out, sizeof out, "socat-out.txt");
  FILE *f = fopen(in, "w");
  if (CHECK(f != NULL, "input file")) {
    fputs("from socat", f);
    fclose(f);
  }
  srec sr;
  srec_init(&sr);
  struct nethttp_sock *srv = local_server(&sr, ours);
  snprintf(arg, sizeof arg, "UNIX-CONNECT:%s", ours);
  char *cli_argv[] = {"socat", "-t", "10", "-", arg, NULL};
  pid_t cp = proc_spawn(cli_argv, in, out);
  CHECK(cp > 0, "socat client");
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 10000), "accepted socat: %s", sr.log);
  srec *connr = sr.nconns ? sr.conn_recs[0] : NULL;
  if (connr) {
    CHECK(SREC_WAIT(connr, connr->closes == 1, 10000), "socat's end: %s", connr->log);
    CHECK(connr->len == 10 && memcmp(connr->data, "from socat", 10) == 0, "bytes from socat");
    CHECK_INT_EQ(connr->last_remote.family, 3);
    CHECK_INT_EQ(connr->errors, 0);
  }
  status = -1;
  CHECK(cp > 0 && proc_wait(cp, 15000, &status), "socat client exits");
  CHECK_INT_EQ(exit_code(status), 0);
  proc_stop(cp);
  CHECK(file_equals_bytes(out, (const uint8_t *)"from socat", 10), "socat got the echo");
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

int main(void) {
  tmp = env_or_die("NETHTTP_TEST_TMP");
  signal(SIGPIPE, SIG_IGN);
  if (!CHECK(strlen(tmp) + 20 < 108, "NETHTTP_TEST_TMP too long for socket paths: %s", tmp))
    return test_finish();
  server_and_client();
  bound_client();
  errors();
  socat_peers();
  return test_finish();
}
