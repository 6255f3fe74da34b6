/* http_client over TLS against nginx: trusted CA as a path and as PEM text, the system's CAs
 * (the test CA is not among them: TLS_HANDSHAKE_ERROR 2300060), unsafe mode accepting
 * self-signed and expired certificates, an expired certificate failing with the CA, the
 * common-name override (verification for another name, Host still the connected host), public
 * key pinning (match, and mismatch: 2300090), Godot 3's use_tls/verify_host convenience, the
 * https:// and http:// prefixes, HTTP/2 through ALPN, and 401 for bad TLS arguments. */
#define _POSIX_C_SOURCE 200809L
#include "client_helpers.h"

/* connect to host:port with tls, GET /json, expect the JSON body */
static void works(const char *what, const char *host, int port, const http_client_tls *tls) {
  http_client *c = http_client_new();
  int s = connect_wait(c, host, port, tls);
  CHECK(s == HTTP_CLIENT_STATUS_CONNECTED, "%s: connect %s", what, status_name(s));
  char *b = client_get(c, "/json", &s);
  CHECK(b != NULL && strcmp(b, "{\"hello\":\"world\",\"n\":1}") == 0, "%s: %s, body %s", what,
        status_name(s), b ? b : "(null)");
  CHECK(http_client_get_response_code(c) == 200, "%s: code %d", what,
        http_client_get_response_code(c));
  free(b);
  http_client_free(c);
}

/* connect, GET: TLS_HANDSHAKE_ERROR with `code` */
static void fails(const char *what, const char *host, int port, const http_client_tls *tls,
                  int code) {
  http_client *c = http_client_new();
  int s = connect_wait(c, host, port, tls);
  CHECK(s == HTTP_CLIENT_STATUS_CONNECTED, "%s: connect %s", what, status_name(s));
  char *b = client_get(c, "/json", &s);
  CHECK(s == HTTP_CLIENT_STATUS_TLS_HANDSHAKE_ERROR, "%s: %s", what, status_name(s));
  const char *detail = NULL;
  int got = http_client_get_error(c, &detail);
  CHECK(got == code, "%s: error %d, expected %d (%s)", what, got, code, detail);
  CHECK_INT_EQ(http_client_poll(c), code);
  CHECK(!http_client_has_response(c), "%s: a response", what);
  free(b);
  http_client_free(c);
}

int main(void) {
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *certs = env_or_die("NETHTTP_TEST_CERTS");
  char host[256], path[512];
  int tport, eport, sport, nport;
  split_url(env_or_die("NETHTTP_TEST_HTTPS"), host, sizeof host, &tport);
  split_url(env_or_die("NETHTTP_TEST_HTTPS_EXPIRED"), host, sizeof host, &eport);
  split_url(env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED"), host, sizeof host, &sport);
  split_url(env_or_die("NETHTTP_TEST_HTTP"), host, sizeof host, &nport);

  /* trusted CA as a path */
  http_client_tls *by_path = NULL;
  CHECK_INT_EQ(http_client_tls_client(ca, NULL, &by_path), 0);
  works("CA path", "localhost", tport, by_path);
  works("CA path, https:// prefix", "https://localhost", tport, by_path);
  works("CA path, IP address in the SAN", "127.0.0.1", tport, by_path);

  /* HTTP/2 through ALPN */
  {
    http_client *c = http_client_new();
    connect_wait(c, "localhost", tport, by_path);
    free(client_get(c, "/json", NULL));
    CHECK_STR_EQ(http_client_get_response_http_version(c), "2");
    http_client_free(c);
  }

  /* trusted CA as PEM text */
  char *pem = read_file(ca, NULL);
  http_client_tls *by_pem = NULL;
  CHECK_INT_EQ(http_client_tls_client(pem, "", &by_pem), 0);
  works("CA PEM", "localhost", tport, by_pem);
  http_client_tls_free(by_pem);
  free(pem);

  /* the system's CAs: the test CA is not one of them */
  http_client_tls *system = NULL;
  CHECK_INT_EQ(http_client_tls_client(NULL, NULL, &system), 0);
  fails("system CAs", "localhost", tport, system, NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  fails("https:// prefix, NULL tls", "https://localhost", tport, NULL,
        NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  http_client_tls_free(system);

  /* expired certificate: fails with the CA, works unsafe; self-signed works unsafe */
  fails("expired", "localhost", eport, by_path, NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  http_client_tls *unsafe = http_client_tls_client_unsafe();
  CHECK(unsafe != NULL, "client_unsafe");
  works("unsafe, expired", "localhost", eport, unsafe);
  works("unsafe, self-signed", "localhost", sport, unsafe);
  /* an http:// prefix turns TLS off whatever the options say */
  works("http:// prefix with TLS options", "http://127.0.0.1", nport, unsafe);

  /* common-name override: verified for that name, Host stays the connected host */
  http_client_tls *cn_ok = NULL, *cn_bad = NULL;
  CHECK_INT_EQ(http_client_tls_client(ca, "localhost", &cn_ok), 0);
  CHECK_INT_EQ(http_client_tls_client(ca, "wrong.example", &cn_bad), 0);
  works("CN override localhost", "127.0.0.1", tport, cn_ok);
  fails("CN override wrong.example", "127.0.0.1", tport, cn_bad, NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  fails("CN override wrong.example, named host", "localhost", tport, cn_bad,
        NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  {
    http_client *c = http_client_new();
    connect_wait(c, "127.0.0.1", tport, cn_ok);
    char *b = client_get(c, "/headers/all", NULL);
    char want[64];
    snprintf(want, sizeof want, "host=127.0.0.1:%d ", tport);
    CHECK(b != NULL && strstr(b, want) != NULL, "Host header: %s", b ? b : "(null)");
    free(b);
    http_client_free(c);
  }
  http_client_tls_free(cn_ok);
  http_client_tls_free(cn_bad);

  /* public-key pinning */
  snprintf(path, sizeof path, "%s/leaf.pin", certs);
  char *pin = read_file(path, NULL);
  if (CHECK(pin != NULL, "read %s", path)) {
    pin[strcspn(pin, "\r\n")] = '\0';
    http_client_tls *pinned = NULL;
    CHECK_INT_EQ(http_client_tls_client(ca, NULL, &pinned), 0);
    CHECK_INT_EQ(http_client_tls_set_pinned_public_key(pinned, pin), 0);
    works("pin matches", "localhost", tport, pinned);
    CHECK_INT_EQ(http_client_tls_set_pinned_public_key(
                     pinned, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                 0);
    fails("pin differs", "localhost", tport, pinned, 2300090);
    /* the pin applies even without verification */
    CHECK_INT_EQ(http_client_tls_set_pinned_public_key(unsafe, pin), 0);
    works("unsafe + pin matches", "localhost", tport, unsafe);
    fails("unsafe + pin, other server key", "localhost", sport, unsafe, 2300090);
    CHECK_INT_EQ(http_client_tls_set_pinned_public_key(unsafe, ""), 0);
    works("pin removed", "localhost", sport, unsafe);
    http_client_tls_free(pinned);
    free(pin);
  }
  http_client_tls_free(unsafe);

  /* Godot 3: use_tls + verify_host */
  {
    http_client *c = http_client_new();
    CHECK_INT_EQ(http_client_connect_to_host_godot3(c, "localhost", sport, true, false), 0);
    CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING),
                 HTTP_CLIENT_STATUS_CONNECTED);
    char *b = client_get(c, "/json", NULL);
    CHECK_STR_EQ(b, "{\"hello\":\"world\",\"n\":1}");
    free(b);
    CHECK_INT_EQ(http_client_connect_to_host_godot3(c, "localhost", sport, true, true), 0);
    poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING);
    int s;
    free(client_get(c, "/json", &s));
    CHECK_INT_EQ(s, HTTP_CLIENT_STATUS_TLS_HANDSHAKE_ERROR);
    CHECK_INT_EQ(http_client_connect_to_host_godot3(c, "127.0.0.1", nport, false, true), 0);
    poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING);
    b = client_get(c, "/json", NULL);
    CHECK_STR_EQ(b, "{\"hello\":\"world\",\"n\":1}");
    free(b);
    CHECK_INT_EQ(http_client_connect_to_host_godot3(NULL, "localhost", 1, false, false), 401);
    CHECK_INT_EQ(http_client_connect_to_host_godot3(c, NULL, 1, false, false), 401);
    http_client_free(c);
  }

  /* bad arguments */
  http_client_tls *t = (http_client_tls *)0x1;
  CHECK_INT_EQ(http_client_tls_client("/nonexistent/ca.pem", NULL, &t), 401);
  CHECK(t == (http_client_tls *)0x1, "out written on failure");
  CHECK_INT_EQ(http_client_tls_client(ca, "bad name", &t), 401);
  CHECK_INT_EQ(http_client_tls_client(ca, "\xff", &t), 401);
  CHECK_INT_EQ(http_client_tls_client(ca, NULL, NULL), 401);
  CHECK_INT_EQ(http_client_tls_set_pinned_public_key(NULL, "x"), 401);
  CHECK_INT_EQ(http_client_tls_set_pinned_public_key(by_path, NULL), 401);
  http_client_tls_free(NULL);
  {
    http_client *c = http_client_new();
    CHECK_INT_EQ(http_client_connect_to_host(c, NULL, 443, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "", 443, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "https://", 443, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "a/b", 443, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "localhost", 0, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "localhost", 65536, by_path), 401);
    CHECK_INT_EQ(http_client_connect_to_host(c, "localhost", -2, by_path), 401);
    CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
    http_client_free(c);
  }
  http_client_tls_free(by_path);
  return test_finish();
}
