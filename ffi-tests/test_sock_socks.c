/* SOCKS5 proxies for sockets, through real SOCKS servers: microsocks (CONNECT, with and
 * without username/password) and dante (UDP ASSOCIATE). TCP echo through the proxy to an IP
 * and to a name the proxy resolves, TLS through it with name verification, every SOCKS5
 * error the spec lists that a real proxy produces (2301206 unreachable proxy, 2301207 bad
 * credentials, 2301208 target refused, 2301209 no common method), UDP datagrams both ways
 * through dante's relay with the real sender in remoteInfo, and option errors.
 * nethttp-test-timeout: 90 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

static const char *tmp;
static const char *certs;

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
  static char bufs[8][4096];
  static int i;
  char *b = bufs[i++ % 8];
  va_list ap;
  va_start(ap, f);
  vsnprintf(b, 4096, f, ap);
  va_end(ap);
  return b;
}

static int run(const char *cmd) {
  int st = system(cmd);
  return st;
}

/* Starts `cmd` in the background, its pid into tmp/name.pid. */
static void start(const char *name, const char *cmd) {
  CHECK_INT_EQ(run(fmt("%s > %s/%s.log 2>&1 & echo $! > %s/%s.pid", cmd, tmp, name, tmp, name)), 0);
}

static void stop(const char *name) {
  char *pid = read_file(fmt("%s/%s.pid", tmp, name), NULL);
  if (pid) {
    if (run(fmt("kill %ld 2>/dev/null; true", strtol(pid, NULL, 10)))) {}
    free(pid);
  }
}

/* Waits (bounded) until something accepts TCP connections on 127.0.0.1:port. */
static int wait_tcp(int port) {
  for (int i = 0; i < 200; i++) {
    if (run(fmt("bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d' 2>/dev/null", port)) == 0) return 1;
    sleep_ms(25);
  }
  return 0;
}

static struct nethttp_sock *echo_server(srec *sr, uint16_t *port) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  sr->echo = 1;
  sr->keep_conns = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  nethttp_sock_get_local_address(srv, &a);
  *port = a.port;
  return srv;
}

static const char *proxy_json(int port, const char *user, const char *pass) {
  if (user)
    return fmt("{\"type\":1,\"address\":{\"address\":\"127.0.0.1\",\"port\":%d,\"family\":1},"
               "\"username\":\"%s\",\"password\":\"%s\"}",
               port, user, pass);
  return fmt("{\"type\":1,\"address\":{\"address\":\"127.0.0.1\",\"port\":%d,\"family\":1}}", port);
}

/* A TCP (or TLS) connect through the proxy; returns the result code; with 0, echoes. */
static int32_t via(int kind, const char *proxy, const char *host, uint16_t port, const char *tls) {
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(kind);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_set_proxy(c, proxy), 0);
  if (tls) CHECK_INT_EQ(nethttp_sock_set_tls_options(c, tls), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, host, port, 0, 10000, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.results_ok + cr.results_err >= 1, 12000), "result: %s", cr.log);
  int32_t code = cr.last_result;
  if (code == 0) {
    CHECK_INT_EQ(cr.connects, 1);
    struct nethttp_net_address ra;
    CHECK_INT_EQ(nethttp_sock_get_remote_address(c, &ra), 0);
    if (strcmp(host, "localhost") != 0) {
      CHECK_STR_EQ(ra.address, host);
      CHECK_INT_EQ(ra.port, port);
    }
    CHECK_INT_EQ(nethttp_sock_send_text(c, "through the proxy", NULL, NULL, NULL), 0);
    CHECK(SREC_WAIT(&cr, cr.len >= 17, 5000), "echo: %s", cr.log);
    CHECK(cr.len == 17 && memcmp(cr.data, "through the proxy", 17) == 0, "echo bytes");
  } else {
    CHECK_INT_EQ(cr.errors, 1);
    CHECK_INT_EQ(cr.error_code, code);
    fprintf(stderr, "  via proxy to %s:%u: %d %s\n", host, port, code, cr.error_message);
  }
  nethttp_sock_destroy(c);
  srec_fini(&cr);
  return code;
}

static void tcp_cases(void) {
  srec sr;
  srec_init(&sr);
  uint16_t port;
  struct nethttp_sock *srv = echo_server(&sr, &port);
  int p1 = unused_port();
  start("ms1", fmt("timeout 60 microsocks -i 127.0.0.1 -p %d", p1));
  int p2 = unused_port();
  start("ms2", fmt("timeout 60 microsocks -i 127.0.0.1 -p %d -u alice -P s3cret", p2));
  CHECK(wait_tcp(p1) && wait_tcp(p2), "microsocks up");

  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p1, NULL, NULL), "127.0.0.1", port, NULL), 0);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p1, NULL, NULL), "localhost", port, NULL), 0);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p2, "alice", "s3cret"), "127.0.0.1", port, NULL), 0);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p2, "alice", "wrong"), "127.0.0.1", port, NULL),
               2301207);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p2, NULL, NULL), "127.0.0.1", port, NULL), 2301209);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(p1, NULL, NULL), "127.0.0.1",
                   (uint16_t)unused_port(), NULL),
               2301208);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TCP, proxy_json(unused_port(), NULL, NULL), "127.0.0.1", port, NULL),
               2301206);

  /* TLS through the proxy, the name verified end to end. */
  srec tr;
  srec_init(&tr);
  tr.echo = 1;
  tr.keep_conns = 1;
  struct nethttp_sock *ts = nethttp_sock_create(NETHTTP_SOCK_TLS_SERVER);
  srec_attach(&tr, ts);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(
                   ts, fmt("{\"secureOptions\":{\"certPath\":\"%s/leaf.pem\",\"keyPath\":\"%s/leaf.key\"}}",
                           certs, certs)),
               0);
  CHECK_INT_EQ(nethttp_sock_listen(ts, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address ta;
  nethttp_sock_get_local_address(ts, &ta);
  CHECK_INT_EQ(via(NETHTTP_SOCK_TLS, proxy_json(p2, "alice", "s3cret"), "localhost", ta.port,
                   fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"}}", certs)),
               0);
  nethttp_sock_destroy(ts);
  srec_fini(&tr);

  stop("ms1");
  stop("ms2");
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

static void udp_case(void) {
  /* dante: no authentication, CONNECT and UDP ASSOCIATE from loopback to loopback. */
  int p = unused_port();
  const char *conf = fmt("%s/danted.conf", tmp);
  FILE *f = fopen(conf, "w");
  if (!CHECK(f != NULL, "danted.conf")) return;
  fprintf(f,
          "logoutput: stderr\n"
          "internal: 127.0.0.1 port = %d\n"
          "external: 127.0.0.1\n"
          "socksmethod: none\n"
          "clientmethod: none\n"
          "user.privileged: root\n"
          "user.unprivileged: root\n"
          "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n"
          "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 command: connect udpassociate udpreply }\n",
          p);
  fclose(f);
  start("danted", fmt("timeout 60 danted -f %s -p %s/danted.pid.own -N 1", conf, tmp));
  if (!CHECK(wait_tcp(p), "danted up (see %s/danted.log)", tmp)) {
    stop("danted");
    return;
  }
  /* A UDP echo peer: a plain nethttp UDP socket that echoes to the sender. */
  srec er, ur;
  srec_init(&er);
  srec_init(&ur);
  struct nethttp_sock *peer = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&er, peer);
  CHECK_INT_EQ(nethttp_sock_bind(peer, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address pa;
  nethttp_sock_get_local_address(peer, &pa);

  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&ur, u);
  CHECK_INT_EQ(nethttp_sock_set_proxy(u, proxy_json(p, NULL, NULL)), 0);
  for (int i = 0; i < 3; i++)
    CHECK_INT_EQ(nethttp_sock_send_to(u, (const uint8_t *)"via relay", 9, "127.0.0.1", pa.port, 1,
                                      srec_result, &ur),
                 0);
  CHECK(SREC_WAIT(&er, er.messages >= 3, 10000), "peer got the datagrams: %s / %s", er.log, ur.log);
  /* The peer saw the relay as the sender (not us). */
  struct nethttp_net_address ul;
  nethttp_sock_get_local_address(u, &ul);
  CHECK(er.last_remote.port != ul.port, "the relay, not our port, sent it");
  /* Back through the relay: our MESSAGE names the real sender (the peer). */
  CHECK_INT_EQ(nethttp_sock_send_to(peer, (const uint8_t *)"reply", 5, er.last_remote.address,
                                    er.last_remote.port, 1, NULL, NULL),
               0);
  CHECK(SREC_WAIT(&ur, ur.messages >= 1, 10000), "reply via relay: %s", ur.log);
  CHECK(ur.len >= 5 && memcmp(ur.data, "reply", 5) == 0, "reply bytes");
  CHECK_STR_EQ(ur.last_remote.address, "127.0.0.1");
  CHECK_INT_EQ(ur.last_remote.port, pa.port);
  CHECK_INT_EQ(ur.results_ok, 3);
  nethttp_sock_destroy(u);
  nethttp_sock_destroy(peer);
  srec_fini(&ur);
  srec_fini(&er);

  /* A UDP association with a proxy that is not there: the sends fail with 2301206. */
  srec_init(&ur);
  u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&ur, u);
  CHECK_INT_EQ(nethttp_sock_set_proxy(u, proxy_json(unused_port(), NULL, NULL)), 0);
  /* The send is queued until the association fails (its result then says why), or, when
   * the failure came first, refused at once with the same code. */
  int32_t rc = nethttp_sock_send_to(u, (const uint8_t *)"x", 1, "127.0.0.1", 9, 1, srec_result, &ur);
  CHECK(rc == 0 || rc == 2301206, "send_to rc=%d", rc);
  CHECK(SREC_WAIT(&ur, (rc != 0 || ur.results_err >= 1) && ur.errors >= 1, 10000), "failed: %s",
        ur.log);
  if (rc == 0) CHECK_INT_EQ(ur.last_result, 2301206);
  CHECK_INT_EQ(ur.error_code, 2301206);
  /* Later sends fail at once with the association's error. */
  CHECK_INT_EQ(nethttp_sock_send_to(u, (const uint8_t *)"y", 1, "127.0.0.1", 9, 1, NULL, NULL),
               2301206);
  nethttp_sock_destroy(u);
  srec_fini(&ur);
  stop("danted");
}

static void option_errors(void) {
  struct nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_set_proxy(s, proxy_json(1080, NULL, NULL)), 401);
  nethttp_sock_destroy(s);
  s = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_set_proxy(s, "{\"type\":1,\"address\":{\"address\":\"proxy.example\",\"port\":1}}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_proxy(s, "{\"type\":1,\"address\":{\"address\":\"127.0.0.1\",\"port\":1},\"username\":\"u\"}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_proxy(s, "{\"type\":0}"), 0);
  CHECK_INT_EQ(nethttp_sock_set_proxy(s, "not json"), 401);
  nethttp_sock_destroy(s);
}

int main(void) {
  tmp = env_or_die("NETHTTP_TEST_TMP");
  certs = env_or_die("NETHTTP_TEST_CERTS");
  option_errors();
  tcp_cases();
  udp_case();
  return test_finish();
}
