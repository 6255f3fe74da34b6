/* TLS sockets: nethttp's TLS server and client (echo, 1 MiB, ALPN, protocol, cipher,
 * signature algorithms, certificates in DER), mutual authentication, the testbed's bad
 * certificates (self-signed, wrong host, expired) and pinning, skipRemoteValidation,
 * `openssl s_server` as an independent server, a STARTTLS upgrade of a connected TCP socket
 * (tests/servers/starttls_echo.py), and option errors.
 * nethttp-test-timeout: 120 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

static const char *certs;
static const char *tmp;

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

/* A nethttp TLS server with `json` options on 127.0.0.1:0; returns its port. */
static struct nethttp_sock *tls_server(srec *sr, const char *json, uint16_t *port) {
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TLS_SERVER);
  sr->keep_conns = 1;
  srec_attach(sr, srv);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(srv, json), 0);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  *port = a.port;
  return srv;
}

static const char *server_json(const char *leaf, const char *extra) {
  return fmt("{\"secureOptions\":{\"certPath\":\"%s/%s.pem\",\"keyPath\":\"%s/%s.key\"%s},"
             "\"ALPNProtocols\":[\"h2\",\"http/1.1\"]}",
             certs, leaf, certs, leaf, extra ? extra : "");
}

/* Connects a TLS client with `json` to host:port; returns it after the result arrived,
 * *code the connect result. */
static struct nethttp_sock *tls_client(srec *cr, const char *json, const char *host,
                                       uint16_t port, int32_t *code) {
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TLS);
  srec_attach(cr, c);
  if (json) CHECK_INT_EQ(nethttp_sock_set_tls_options(c, json), 0);
  int32_t rc = nethttp_sock_connect(c, host, port, 0, 10000, srec_result, cr);
  CHECK_INT_EQ(rc, 0);
  CHECK(SREC_WAIT(cr, cr->results_ok + cr->results_err >= 1, 15000), "connect result: %s",
        cr->log);
  *code = cr->last_result;
  return c;
}

static void echo_and_info(void) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  sr.echo = 1;
  uint16_t port;
  struct nethttp_sock *srv = tls_server(&sr, server_json("leaf", NULL), &port);
  int32_t code;
  struct nethttp_sock *c = tls_client(
      &cr,
      fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\",\"protocols\":[\"TLSv1.3\"]},"
          "\"ALPNProtocols\":[\"h2\"]}",
          certs),
      "localhost", port, &code);
  CHECK_INT_EQ(code, 0);
  CHECK_INT_EQ(cr.connects, 1);
  CHECK(strstr(cr.log, "connect;result:0") != NULL, "%s", cr.log);
  char *s = NULL;
  CHECK_INT_EQ(nethttp_sock_tls_get_protocol(c, &s), 0);
  CHECK_STR_EQ(s, "TLSv1.3");
  http_string_free(s);
  CHECK_INT_EQ(nethttp_sock_tls_get_alpn(c, &s), 0);
  CHECK_STR_EQ(s, "h2");
  http_string_free(s);
  CHECK_INT_EQ(nethttp_sock_tls_get_cipher_suite(c, &s), 0);
  CHECK(strncmp(s, "TLS_", 4) == 0, "cipher %s", s);
  http_string_free(s);
  CHECK_INT_EQ(nethttp_sock_tls_get_signature_algorithms(c, &s), 0);
  CHECK(s && strlen(s) > 0, "sigalgs %s", s ? s : "(null)");
  http_string_free(s);
  size_t len = 0;
  CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(c, NULL, 0, &len), 0);
  CHECK(len > 100, "remote DER %zu", len);
  uint8_t *der = malloc(len);
  uint8_t small[4];
  CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(c, small, sizeof small, &len),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(c, der, len, &len), 0);
  CHECK(der[0] == 0x30, "DER starts with a SEQUENCE");
  free(der);
  /* The client has no certificate of its own. */
  CHECK_INT_EQ(nethttp_sock_tls_get_certificate(c, NULL, 0, &len), 2303501);

  /* Echo, then 1 MiB. */
  CHECK_INT_EQ(nethttp_sock_send_text(c, "hello tls", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len == 9, 5000), "echo: %s", cr.log);
  CHECK(cr.len == 9 && memcmp(cr.data, "hello tls", 9) == 0, "echo bytes");
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "server connection");
  CHECK_INT_EQ(nethttp_sock_get_kind(sr.conns[0]), NETHTTP_SOCK_TLS_CONNECTION);
  CHECK_INT_EQ(nethttp_sock_tls_get_certificate(sr.conns[0], NULL, 0, &len), 0);
  CHECK(len > 100, "server's own DER %zu", len);
  CHECK_INT_EQ(nethttp_sock_tls_get_alpn(sr.conns[0], &s), 0);
  CHECK_STR_EQ(s, "h2");
  http_string_free(s);
  size_t big = 1u << 20;
  uint8_t *buf = malloc(big);
  for (size_t i = 0; i < big; i++) buf[i] = (uint8_t)(i * 31);
  pthread_mutex_lock(&cr.mu);
  cr.len = 0;
  pthread_mutex_unlock(&cr.mu);
  CHECK_INT_EQ(nethttp_sock_send(c, buf, big, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.len >= big, 20000), "1 MiB back: %zu", cr.len);
  CHECK(cr.len == big && memcmp(cr.data, buf, big) == 0, "1 MiB intact");
  free(buf);
  /* Half-close: close_notify + FIN; the server connection closes, then the client. */
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "client closed: %s", cr.log);
  CHECK_INT_EQ(cr.errors, 0);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

/* A client against a server with `leaf`'s certificate: the connect result. */
static int32_t against(const char *leaf, const char *client_json, const char *host) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  uint16_t port;
  struct nethttp_sock *srv = tls_server(&sr, server_json(leaf, NULL), &port);
  int32_t code;
  struct nethttp_sock *c = tls_client(&cr, client_json, host, port, &code);
  if (code != 0) {
    CHECK_INT_EQ(cr.errors, 1);
    CHECK_INT_EQ(cr.error_code, code);
    CHECK_INT_EQ(cr.connects, 0);
    CHECK_INT_EQ(cr.closes, 0);
    fprintf(stderr, "  %s via %s: %d %s\n", leaf, host, code, cr.error_message);
  }
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
  return code;
}

static void verification(void) {
  const char *ca = fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"}}", certs);
  CHECK_INT_EQ(against("leaf", ca, "localhost"), 0);
  CHECK_INT_EQ(against("leaf", ca, "127.0.0.1"), 0);          /* IP SAN */
  CHECK_INT_EQ(against("selfsigned", ca, "localhost"), 2303504);
  CHECK_INT_EQ(against("wronghost", ca, "localhost"), 2303504);
  CHECK_INT_EQ(against("expired", ca, "localhost"), 2303504);
  CHECK_INT_EQ(against("selfsigned", NULL, "localhost"), 2303504); /* system CAs */
  CHECK_INT_EQ(against("selfsigned", "{\"skipRemoteValidation\":true}", "localhost"), 0);
  /* serverName: verify a name other than the address. */
  CHECK_INT_EQ(against("wronghost",
                       fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"},"
                           "\"serverName\":\"wrong.host.example\"}",
                           certs),
                       "127.0.0.1"),
               0);
  /* ca as PEM text. */
  char *pem = read_file(fmt("%s/ca.pem", certs), NULL);
  char *esc = malloc(strlen(pem) * 2 + 1), *o = esc;
  for (const char *p = pem; *p; p++) {
    if (*p == '\n') { *o++ = '\\'; *o++ = 'n'; } else *o++ = *p;
  }
  *o = 0;
  CHECK_INT_EQ(against("leaf", fmt("{\"secureOptions\":{\"ca\":[\"%s\"]}}", esc), "localhost"), 0);
  free(esc);
  free(pem);
  /* Pinning: the leaf's key passes, the CA's key (never a server's) fails. */
  char *leafpin = read_file(fmt("%s/leaf.pin", certs), NULL);
  char *capin = read_file(fmt("%s/ca.pin", certs), NULL);
  if (CHECK(leafpin && capin, "pins")) {
    leafpin[strcspn(leafpin, "\r\n")] = 0;
    capin[strcspn(capin, "\r\n")] = 0;
    CHECK_INT_EQ(against("leaf",
                         fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"},"
                             "\"certificatePinning\":{\"publicKeyHash\":\"%s\"}}",
                             certs, leafpin),
                         "localhost"),
                 0);
    CHECK_INT_EQ(against("leaf",
                         fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"},"
                             "\"certificatePinning\":[{\"publicKeyHash\":\"%s\"}]}",
                             certs, capin),
                         "localhost"),
                 2303504);
  }
  free(leafpin);
  free(capin);
}

static void mutual(void) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  uint16_t port;
  const char *sj = server_json(
      "leaf", fmt(",\"isBidirectionalAuthentication\":true,\"caPath\":\"%s/ca.pem\"", certs));
  struct nethttp_sock *srv = tls_server(&sr, sj, &port);
  /* Without a client certificate: refused (the client sees the server's alert, the server
   * reports the failed handshake). */
  int32_t code;
  struct nethttp_sock *c = tls_client(
      &cr, fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\",\"protocols\":\"TLSv1.2\"}}", certs),
      "localhost", port, &code);
  CHECK(code == 2303502 || code == 2303505, "no client cert: %d %s", code, cr.error_message);
  CHECK(SREC_WAIT(&sr, sr.errors >= 1, 5000), "server error: %s", sr.log);
  CHECK_INT_EQ(sr.nconns, 0);
  nethttp_sock_destroy(c);
  srec_fini(&cr);
  /* With one (an encrypted key and its password). */
  srec_init(&cr);
  c = tls_client(&cr,
                 fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\",\"certPath\":\"%s/client.pem\","
                     "\"keyPath\":\"%s/client-enc.key\",\"password\":\"secret\"}}",
                     certs, certs, certs),
                 "localhost", port, &code);
  CHECK_INT_EQ(code, 0);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted: %s", sr.log);
  size_t len = 0;
  if (sr.nconns == 1)
    CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(sr.conns[0], NULL, 0, &len), 0);
  CHECK(len > 100, "client's DER on the server %zu", len);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
}

static void s_server_peer(void) {
  int port = unused_port();
  char pidfile[512];
  snprintf(pidfile, sizeof pidfile, "%s/s_server.pid", tmp);
  char cmd[2048];
  snprintf(cmd, sizeof cmd,
           "timeout 20 openssl s_server -accept 127.0.0.1:%d -cert %s/leaf.pem -key %s/leaf.key "
           "-naccept 1 -rev -quiet > /dev/null 2>&1 & echo $! > %s",
           port, certs, certs, pidfile);
  CHECK_INT_EQ(system(cmd), 0);
  srec cr;
  int32_t code = -1;
  for (int i = 0; i < 100; i++) {
    srec_init(&cr);
    struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TLS);
    srec_attach(&cr, c);
    nethttp_sock_set_tls_options(c, fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"}}", certs));
    nethttp_sock_connect(c, "localhost", (uint16_t)port, 0, 5000, srec_result, &cr);
    SREC_WAIT(&cr, cr.results_ok + cr.results_err >= 1, 6000);
    code = cr.last_result;
    if (code == 0) {
      /* -rev: s_server sends each line back reversed. */
      CHECK_INT_EQ(nethttp_sock_send_text(c, "abcdef\n", NULL, NULL, NULL), 0);
      CHECK(SREC_WAIT(&cr, cr.len >= 7, 5000), "s_server reply: %s", cr.log);
      CHECK(cr.len >= 6 && memcmp(cr.data, "fedcba", 6) == 0, "reversed line");
      nethttp_sock_destroy(c);
      srec_fini(&cr);
      break;
    }
    nethttp_sock_destroy(c);
    srec_fini(&cr);
    sleep_ms(50);
  }
  CHECK_INT_EQ(code, 0);
  char *pid = read_file(pidfile, NULL);
  if (pid) {
    snprintf(cmd, sizeof cmd, "kill %ld 2>/dev/null; true", strtol(pid, NULL, 10));
    if (system(cmd)) {}
    free(pid);
  }
}

static void upgrade(void) {
  char portfile[512];
  snprintf(portfile, sizeof portfile, "%s/starttls.port", tmp);
  char cmd[2048];
  snprintf(cmd, sizeof cmd,
           "timeout 30 python3 tests/servers/starttls_echo.py %s/leaf.pem %s/leaf.key %s "
           "> %s/starttls.log 2>&1 &",
           certs, certs, portfile, tmp);
  CHECK_INT_EQ(system(cmd), 0);
  char *p = NULL;
  for (int i = 0; i < 200 && !p; i++) {
    p = read_file(portfile, NULL);
    if (!p) sleep_ms(25);
  }
  if (!CHECK(p != NULL, "starttls server port")) return;
  uint16_t port = (uint16_t)atoi(p);
  free(p);
  srec tr, lr;
  srec_init(&tr);
  srec_init(&lr);
  struct nethttp_sock *tcp = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&tr, tcp);
  CHECK_INT_EQ(nethttp_sock_connect(tcp, "127.0.0.1", port, 1, 5000, srec_result, &tr), 0);
  CHECK(SREC_WAIT(&tr, tr.connects == 1, 5000), "tcp connect: %s", tr.log);
  CHECK_INT_EQ(nethttp_sock_send_text(tcp, "STARTTLS\n", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&tr, tr.len >= 3, 5000), "OK line: %s", tr.log);
  CHECK(tr.len == 3 && memcmp(tr.data, "OK\n", 3) == 0, "OK");
  /* Not for a UDP socket or an unconnected one. */
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK(nethttp_sock_tls_upgrade(u) == NULL, "udp upgrade refused");
  nethttp_sock_destroy(u);
  struct nethttp_sock *tls = nethttp_sock_tls_upgrade(tcp);
  CHECK(tls != NULL, "upgrade: %s", http_last_error_detail());
  if (!tls) return;
  CHECK_INT_EQ(nethttp_sock_get_kind(tls), NETHTTP_SOCK_TLS);
  CHECK_INT_EQ(nethttp_sock_send_text(tcp, "x", NULL, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  /* Destroying the TCP handle before the handshake leaves the connection to the TLS one. */
  nethttp_sock_destroy(tcp);
  tcp = NULL;
  srec_attach(&lr, tls);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(tls, fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\"}}", certs)), 0);
  CHECK_INT_EQ(nethttp_sock_connect(tls, "localhost", 0, 0, 5000, srec_result, &lr), 0);
  CHECK(SREC_WAIT(&lr, lr.results_ok + lr.results_err >= 1, 6000), "handshake: %s", lr.log);
  CHECK_INT_EQ(lr.last_result, 0);
  CHECK_INT_EQ(nethttp_sock_send_text(tls, "secret line\n", NULL, NULL, NULL), 0);
  CHECK(SREC_WAIT(&lr, lr.len >= 12, 5000), "echo over TLS: %s", lr.log);
  CHECK(lr.len == 12 && memcmp(lr.data, "secret line\n", 12) == 0, "echo bytes");
  CHECK_INT_EQ(tr.messages, 1); /* the TCP socket saw only "OK\n" */
  CHECK_INT_EQ(tr.closes, 0);   /* and no CLOSE: it was handed over, not closed */
  CHECK_INT_EQ(nethttp_sock_close(tls, NULL, NULL), 0);
  CHECK(SREC_WAIT(&lr, lr.closes == 1, 5000), "closed");
  nethttp_sock_destroy(tls);
  nethttp_sock_destroy(tcp);
  srec_fini(&lr);
  srec_fini(&tr);
}

/* The negotiated cipher for a client offering `client_ciphers` to a server preferring
 * `server_ciphers`, with the server's useRemoteCipherPrefer. */
static char *negotiated(const char *client_ciphers, const char *server_ciphers, int remote_prefer,
                        const char *client_extra, char **sigalgs) {
  srec sr, cr;
  srec_init(&sr);
  srec_init(&cr);
  uint16_t port;
  struct nethttp_sock *srv = tls_server(
      &sr,
      server_json("leaf", fmt(",\"cipherSuite\":\"%s\",\"useRemoteCipherPrefer\":%s", server_ciphers,
                              remote_prefer ? "true" : "false")),
      &port);
  int32_t code;
  struct nethttp_sock *c = tls_client(
      &cr,
      fmt("{\"secureOptions\":{\"caPath\":\"%s/ca.pem\",\"cipherSuite\":\"%s\"%s}}", certs,
          client_ciphers, client_extra ? client_extra : ""),
      "localhost", port, &code);
  char *s = NULL;
  if (CHECK_INT_EQ(code, 0)) {
    nethttp_sock_tls_get_cipher_suite(c, &s);
    if (sigalgs) nethttp_sock_tls_get_signature_algorithms(c, sigalgs);
  }
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
  return s;
}

static void ciphers_and_timeouts(void) {
  const char *both = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384";
  const char *rev = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256";
  /* The server's order by default; the client's with useRemoteCipherPrefer. */
  char *s = negotiated(both, rev, 0, NULL, NULL);
  CHECK_STR_EQ(s, "TLS_AES_256_GCM_SHA384");
  http_string_free(s);
  s = negotiated(both, rev, 1, NULL, NULL);
  CHECK_STR_EQ(s, "TLS_AES_128_GCM_SHA256");
  http_string_free(s);
  /* TLS 1.2 with an OpenSSL-named suite (the test certificates are P-256 keys); the answer
   * in its standard name. */
  s = negotiated("ECDHE-ECDSA-AES128-GCM-SHA256",
                 "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256", 0,
                 ",\"protocols\":\"TLSv1.2\"", NULL);
  CHECK_STR_EQ(s, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  http_string_free(s);
  /* signatureAlgorithms: the server signs with what the client allows (TLS 1.2, where an
   * ECDSA key may sign with any hash). */
  char *sig = NULL;
  s = negotiated("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", 0,
                 ",\"protocols\":\"TLSv1.2\",\"signatureAlgorithms\":\"ECDSA+SHA384\"", &sig);
  CHECK(sig && strstr(sig, "SHA384") != NULL, "signed with %s", sig ? sig : "(null)");
  http_string_free(sig);
  http_string_free(s);
  sig = NULL;
  s = negotiated("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", 0,
                 ",\"protocols\":\"TLSv1.2\",\"signatureAlgorithms\":\"ECDSA+SHA512\"", &sig);
  CHECK(sig && strstr(sig, "SHA512") != NULL, "signed with %s", sig ? sig : "(null)");
  http_string_free(sig);
  http_string_free(s);

  /* A client whose server never answers the handshake: 2303210 at the connect timeout. */
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(lfd, (struct sockaddr *)&a, sizeof a);
  listen(lfd, 8);
  socklen_t l = sizeof a;
  getsockname(lfd, (struct sockaddr *)&a, &l);
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TLS);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(c, "{\"skipRemoteValidation\":true}"), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", ntohs(a.sin_port), 1, 300, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.results_err == 1, 5000), "handshake timeout: %s", cr.log);
  CHECK_INT_EQ(cr.last_result, NETHTTP_ERR_TLS_HANDSHAKE_TIMEOUT);
  nethttp_sock_destroy(c);
  srec_fini(&cr);
  close(lfd);
  /* A server whose client says nothing: the server reports 2303210 after handshakeTimeout. */
  srec sr;
  srec_init(&sr);
  uint16_t port;
  struct nethttp_sock *srv = tls_server(
      &sr,
      fmt("{\"secureOptions\":{\"certPath\":\"%s/leaf.pem\",\"keyPath\":\"%s/leaf.key\"},"
          "\"handshakeTimeout\":200}",
          certs, certs),
      &port);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  a.sin_port = htons(port);
  CHECK(connect(fd, (struct sockaddr *)&a, sizeof a) == 0, "raw connect");
  CHECK(SREC_WAIT(&sr, sr.errors == 1, 5000), "server handshake timeout: %s", sr.log);
  CHECK_INT_EQ(sr.error_code, NETHTTP_ERR_TLS_HANDSHAKE_TIMEOUT);
  CHECK_INT_EQ(sr.nconns, 0);
  char b;
  CHECK(read(fd, &b, 1) == 0, "the server closed the silent connection");
  close(fd);
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
}

static void option_errors(void) {
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TLS);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(c, "{\"secureOptions\":{\"nope\":1}}"), 401);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(c, "{\"secureOptions\":{\"ca\":\"garbage\"}}"), 0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", 1, 0, 1000, NULL, NULL), 401);
  CHECK(strstr(http_last_error_detail(), "secureOptions.ca") != NULL, "%s",
        http_last_error_detail());
  CHECK_INT_EQ(nethttp_sock_set_tls_options(
                   c, fmt("{\"secureOptions\":{\"certPath\":\"%s/client.pem\"}}", certs)),
               0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", 1, 0, 1000, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(
                   c, fmt("{\"secureOptions\":{\"certPath\":\"%s/client.pem\",\"keyPath\":"
                          "\"%s/client-enc.key\",\"password\":\"wrong\"}}",
                          certs, certs)),
               0);
  CHECK_INT_EQ(nethttp_sock_connect(c, "127.0.0.1", 1, 0, 1000, NULL, NULL), 401);
  nethttp_sock_destroy(c);
  struct nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TLS_SERVER);
  CHECK_INT_EQ(nethttp_sock_listen(s, "127.0.0.1", 0, 1), 401); /* no certificate */
  nethttp_sock_destroy(s);
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_set_tls_options(t, "{}"), 401);
  size_t len;
  CHECK_INT_EQ(nethttp_sock_tls_get_remote_certificate(t, NULL, 0, &len), 401);
  nethttp_sock_destroy(t);
  /* Refused TCP under TLS: the TCP error. */
  srec cr;
  srec_init(&cr);
  int32_t code;
  struct nethttp_sock *r = tls_client(&cr, NULL, "127.0.0.1", (uint16_t)unused_port(), &code);
  CHECK_INT_EQ(code, 2301111);
  nethttp_sock_destroy(r);
  srec_fini(&cr);
}

int main(void) {
  certs = env_or_die("NETHTTP_TEST_CERTS");
  tmp = env_or_die("NETHTTP_TEST_TMP");
  echo_and_info();
  verification();
  mutual();
  s_server_peer();
  upgrade();
  ciphers_and_timeouts();
  option_errors();
  return test_finish();
}
