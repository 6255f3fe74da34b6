/* http_client through proxies, with the fault server as the forward proxy: set_http_proxy
 * sends http requests to the proxy in absolute form (the target host is never resolved
 * locally: a .invalid name works), set_https_proxy tunnels https with CONNECT (logged by the
 * fault server's /connects) and TLS is verified end to end with nginx; each proxy applies to
 * its scheme only; an empty host or port -1 unsets it; a proxy that refuses connections gives
 * CANT_CONNECT; 401 for bad arguments. */
#define _POSIX_C_SOURCE 200809L
#include "client_helpers.h"

static char *connects(int fport) {
  http_client *o = http_client_new();
  connect_wait(o, "127.0.0.1", fport, NULL);
  char *b = client_get_ok(o, "/connects");
  http_client_free(o);
  return b;
}

int main(void) {
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  char host[256], want[256];
  int fport, tport, nport;
  split_url(env_or_die("NETHTTP_TEST_FAULT"), host, sizeof host, &fport);
  split_url(env_or_die("NETHTTP_TEST_HTTPS"), host, sizeof host, &tport);
  split_url(env_or_die("NETHTTP_TEST_HTTP"), host, sizeof host, &nport);
  http_client_tls *tls = NULL;
  CHECK_INT_EQ(http_client_tls_client(ca, NULL, &tls), 0);

  http_client *c = http_client_new();

  /* HTTP proxy: the connection goes to the proxy; requests carry absolute URLs */
  CHECK_INT_EQ(http_client_set_http_proxy(c, "127.0.0.1", fport), 0);
  CHECK_INT_EQ(connect_wait(c, "nethttp-proxied.invalid", -1, NULL),
               HTTP_CLIENT_STATUS_CONNECTED);
  char *b = client_get_ok(c, "/echo-request?p=1");
  CHECK(b != NULL && strstr(b, "\"target\":\"http://nethttp-proxied.invalid/echo-request?p=1\""),
        "proxied target: %s", b ? b : "(null)");
  CHECK(b != NULL && strstr(b, "\"host\":\"nethttp-proxied.invalid\""), "Host: %s",
        b ? b : "(null)");
  free(b);
  /* an absolute URL given by the application is fine too */
  b = client_get_ok(c, "http://nethttp-proxied.invalid/echo-request?p=2");
  CHECK(b != NULL && strstr(b, "\"target\":\"http://nethttp-proxied.invalid/echo-request?p=2\""),
        "absolute: %s", b ? b : "(null)");
  free(b);
  /* the same connection to the proxy for both */
  b = client_get_ok(c, "/conn");
  CHECK(b != NULL && strstr(b, " req=3") != NULL, "proxy connection reused: %s", b ? b : "");
  free(b);

  /* the HTTP proxy is not used for https: this goes straight to nginx */
  char *before = connects(fport);
  CHECK_INT_EQ(connect_wait(c, "localhost", tport, tls), HTTP_CLIENT_STATUS_CONNECTED);
  b = client_get_ok(c, "/json");
  CHECK_STR_EQ(b, "{\"hello\":\"world\",\"n\":1}");
  free(b);
  char *after = connects(fport);
  CHECK_STR_EQ(after, before);
  free(before);
  free(after);

  /* HTTPS proxy: a CONNECT tunnel to nginx, TLS verified through it */
  CHECK_INT_EQ(http_client_set_https_proxy(c, "localhost", fport), 0);
  CHECK_INT_EQ(http_client_connect_to_host(c, "https://localhost", tport, tls), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_RESOLVING); /* the proxy's name */
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING),
               HTTP_CLIENT_STATUS_CONNECTED);
  for (int i = 0; i < 3; i++) {
    b = client_get_ok(c, "/json");
    CHECK_STR_EQ(b, "{\"hello\":\"world\",\"n\":1}");
    free(b);
  }
  b = connects(fport);
  snprintf(want, sizeof want, "localhost:%d", tport);
  CHECK(b != NULL && strstr(b, want) != NULL, "CONNECT %s not in /connects: %s", want,
        b ? b : "(null)");
  /* one tunnel for the three requests */
  int tunnels = 0;
  for (const char *p = b; p != NULL && (p = strstr(p, want)) != NULL; p += strlen(want)) tunnels++;
  CHECK_INT_EQ(tunnels, 1);
  free(b);

  /* the HTTPS proxy is not used for http: plain nginx directly */
  CHECK_INT_EQ(http_client_set_http_proxy(c, "", 8080), 0);
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", nport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  b = client_get_ok(c, "/method");
  CHECK_STR_EQ(b, "GET\n");
  free(b);

  /* unset with port -1: a .invalid name is resolved locally again, and fails */
  CHECK_INT_EQ(http_client_set_http_proxy(c, "127.0.0.1", fport), 0);
  CHECK_INT_EQ(http_client_set_http_proxy(c, "127.0.0.1", -1), 0);
  CHECK_INT_EQ(connect_wait(c, "nethttp-proxied.invalid", 80, NULL),
               HTTP_CLIENT_STATUS_CANT_RESOLVE);
  CHECK_INT_EQ(http_client_set_https_proxy(c, "", 1), 0);
  CHECK_INT_EQ(connect_wait(c, "https://nethttp-proxied.invalid", -1, tls),
               HTTP_CLIENT_STATUS_CANT_RESOLVE);

  /* a proxy that refuses connections */
  CHECK_INT_EQ(http_client_set_http_proxy(c, "127.0.0.1", 1), 0);
  CHECK_INT_EQ(connect_wait(c, "example.invalid", 80, NULL), HTTP_CLIENT_STATUS_CANT_CONNECT);
  CHECK_INT_EQ(http_client_get_error(c, NULL), NETHTTP_ERR_COULDNT_CONNECT);
  /* a proxy whose name does not resolve */
  CHECK_INT_EQ(http_client_set_http_proxy(c, "nethttp-proxy.invalid", 3128), 0);
  CHECK_INT_EQ(connect_wait(c, "example.invalid", 80, NULL), HTTP_CLIENT_STATUS_CANT_RESOLVE);

  /* bad arguments */
  CHECK_INT_EQ(http_client_set_http_proxy(c, NULL, 80), 401);
  CHECK_INT_EQ(http_client_set_http_proxy(c, "a b", 80), 401);
  CHECK_INT_EQ(http_client_set_http_proxy(c, "proxy", 0), 401);
  CHECK_INT_EQ(http_client_set_https_proxy(c, "proxy", 70000), 401);
  CHECK_INT_EQ(http_client_set_https_proxy(NULL, "proxy", 80), 401);
  CHECK_INT_EQ(http_client_set_https_proxy(c, "\xff", 80), 401);

  http_client_free(c);
  http_client_tls_free(tls);
  return test_finish();
}
