/* usingProxy against real forward proxies, proven by their logs: an HttpProxy object
 * (tinyproxy and squid; http:// through the proxy, https:// tunnelled with CONNECT), the
 * exclusionList (exact names, *.suffix, IPs), proxy credentials (tinyproxy with Basic auth),
 * `true` = the system proxy from the environment, and `false` = no proxy even when the
 * environment names one. Servers: NETHTTP_TEST_TINYPROXY, NETHTTP_TEST_TINYPROXY_AUTH,
 * NETHTTP_TEST_SQUID (each "127.0.0.1:PORT") and their *_LOG files. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *ca, *nginx_log;
static int seq;

/* A fresh tag for a URL's query, so log lines can be told apart. */
static void new_tag(char *tag, size_t n) { snprintf(tag, n, "px%d-%d", (int)getpid(), ++seq); }

static struct http_options *proxy_opts(const char *hostport, const char *const *excl, size_t n,
                                       const char *user, const char *pass) {
  char host[64];
  snprintf(host, sizeof host, "%s", hostport);
  char *colon = strrchr(host, ':');
  *colon = '\0';
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(http_options_set_proxy(o, host, (uint32_t)atoi(colon + 1), excl, n, user, pass), 0);
  return o;
}

/* Through `proxy` (log `plog`): plain http and https tunnelled. `connect_word` is how the
 * proxy logs a tunnel. */
static void through(const char *name, const char *proxy, const char *plog, const char *http,
                    const char *https) {
  char tag[64], url[512];
  struct http_options *o = proxy_opts(proxy, NULL, 0, NULL, NULL);
  new_tag(tag, sizeof tag);
  snprintf(url, sizeof url, "%s/json?%s", http, tag);
  uint32_t st = 0;
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  CHECK(wait_lines_matching(plog, tag, 1, 2000) == 1, "%s: no log line for %s", name, url);
  CHECK(wait_lines_matching(nginx_log, tag, 1, 2000) == 1, "nginx did not get %s", url);

  /* https: CONNECT to the server's host:port; the request itself is inside the tunnel */
  const char *hostport = strstr(https, "://") + 3;
  char connect_line[128];
  snprintf(connect_line, sizeof connect_line, "CONNECT %s", hostport);
  long before = count_lines_matching(plog, connect_line);
  new_tag(tag, sizeof tag);
  /* /close over HTTP/1.1: nginx closes the connection, so the tunnel ends too (squid logs a
   * tunnel when it ends) */
  CHECK_INT_EQ(http_options_set_using_protocol(o, HTTP_PROTOCOL_HTTP1_1), 0);
  snprintf(url, sizeof url, "%s/close?%s", https, tag);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  CHECK(wait_lines_matching(plog, connect_line, before + 1, 3000) == before + 1,
        "%s: no CONNECT %s logged", name, hostport);
  CHECK(count_lines_matching(plog, tag) == 0, "%s saw inside the TLS tunnel", name);
  CHECK(wait_lines_matching(nginx_log, tag, 1, 2000) == 1, "nginx did not get %s", url);
  http_options_free(o);
}

static void exclusions(const char *proxy, const char *plog, const char *http) {
  const char *port = strrchr(http, ':');
  char tag[64], url[512];
  uint32_t st;
  struct {
    const char *excl;
    const char *host;
    bool direct;
  } cases[] = {
      {"127.0.0.1", "127.0.0.1", true},        /* an IP */
      {"localhost", "localhost", true},        /* an exact name */
      {"*.localhost", "api.localhost", true},  /* a wildcard (curl maps *.localhost to loopback) */
      {"*.example.com", "127.0.0.1", false},   /* not matching: through the proxy */
      {"127.0.0.2", "127.0.0.1", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const char *list[] = {"other.test", cases[i].excl};
    struct http_options *o = proxy_opts(proxy, list, 2, NULL, NULL);
    new_tag(tag, sizeof tag);
    snprintf(url, sizeof url, "http://%s%s/json?%s", cases[i].host, port, tag);
    st = 0;
    CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
    CHECK_INT_EQ(st, 200);
    CHECK(wait_lines_matching(nginx_log, tag, 1, 2000) == 1, "nginx did not get %s", url);
    long proxied = cases[i].direct ? count_lines_matching(plog, tag)
                                   : wait_lines_matching(plog, tag, 1, 2000);
    CHECK(proxied == (cases[i].direct ? 0 : 1), "exclusion %s, %s: proxied %ld time(s)",
          cases[i].excl, url, proxied);
    http_options_free(o);
  }
  /* JSON form */
  char json[1024];
  char host[64];
  snprintf(host, sizeof host, "%s", proxy);
  *strrchr(host, ':') = '\0';
  snprintf(json, sizeof json,
           "{\"usingProxy\":{\"host\":\"%s\",\"port\":%s,\"exclusionList\":[\"*.localhost\"]}}", host,
           strrchr(proxy, ':') + 1);
  struct http_options *j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s: %s", json, http_last_error_detail())) {
    new_tag(tag, sizeof tag);
    snprintf(url, sizeof url, "%s/json?%s", http, tag);
    CHECK_INT_EQ(fetch_sync(url, j, &st, NULL, NULL), 0);
    CHECK(wait_lines_matching(plog, tag, 1, 2000) == 1, "JSON proxy not used for %s", url);
    new_tag(tag, sizeof tag);
    snprintf(url, sizeof url, "http://x.localhost%s/json?%s", port, tag);
    CHECK_INT_EQ(fetch_sync(url, j, &st, NULL, NULL), 0);
    CHECK(count_lines_matching(plog, tag) == 0, "JSON exclusion ignored for %s", url);
    http_options_free(j);
  }
}

static void credentials(const char *proxy, const char *plog, const char *http, const char *https) {
  char tag[64], url[512];
  uint32_t st = 0;
  struct http_options *o = proxy_opts(proxy, NULL, 0, NULL, NULL);
  new_tag(tag, sizeof tag);
  snprintf(url, sizeof url, "%s/json?%s", http, tag);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 407);
  http_options_free(o);
  o = proxy_opts(proxy, NULL, 0, "puser", "ppass");
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  snprintf(url, sizeof url, "%s/json", https);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  http_options_free(o);
  o = proxy_opts(proxy, NULL, 0, "puser", "wrong");
  int32_t rc = fetch_sync(url, o, &st, NULL, NULL); /* the CONNECT is refused: no tunnel */
  CHECK(rc == NETHTTP_ERR_PROXY, "CONNECT with a wrong password gave %d", (int)rc);
  /* tinyproxy answers 401 to wrong credentials, 407 to none */
  CHECK(strstr(http_last_error_detail(), "answered 401") != NULL, "%s", http_last_error_detail());
  http_options_free(o);
  (void)plog;
}

static void system_proxy(const char *proxy, const char *plog, const char *http) {
  char env[128], tag[64], url[512];
  snprintf(env, sizeof env, "http://%s", proxy);
  setenv("http_proxy", env, 1);
  uint32_t st = 0;
  /* true: the environment's proxy */
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_using_proxy(o, true), 0);
  new_tag(tag, sizeof tag);
  snprintf(url, sizeof url, "%s/json?%s", http, tag);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK(wait_lines_matching(plog, tag, 1, 2000) == 1, "usingProxy true ignored http_proxy");
  /* no_proxy applies to the system proxy */
  setenv("no_proxy", "127.0.0.1", 1);
  new_tag(tag, sizeof tag);
  snprintf(url, sizeof url, "%s/json?%s", http, tag);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK(wait_lines_matching(nginx_log, tag, 1, 2000) == 1, "direct request missing");
  CHECK(count_lines_matching(plog, tag) == 0, "no_proxy ignored");
  unsetenv("no_proxy");
  /* false (and the default): no proxy whatever the environment says */
  CHECK_INT_EQ(http_options_set_using_proxy(o, false), 0);
  struct http_options *dflt = http_options_new();
  const struct http_options *both[] = {o, dflt, NULL};
  for (int i = 0; i < 3; i++) {
    new_tag(tag, sizeof tag);
    snprintf(url, sizeof url, "%s/json?%s", http, tag);
    CHECK_INT_EQ(fetch_sync(url, both[i], &st, NULL, NULL), 0);
    CHECK(wait_lines_matching(nginx_log, tag, 1, 2000) == 1, "direct request missing");
    CHECK(count_lines_matching(plog, tag) == 0, "case %d went through the environment's proxy", i);
  }
  http_options_free(dflt);
  http_options_free(o);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"usingProxy\":true}", &j), 0);
  new_tag(tag, sizeof tag);
  snprintf(url, sizeof url, "%s/json?%s", http, tag);
  CHECK_INT_EQ(fetch_sync(url, j, &st, NULL, NULL), 0);
  CHECK(wait_lines_matching(plog, tag, 1, 2000) == 1, "JSON usingProxy true");
  http_options_free(j);
  unsetenv("http_proxy");
}

static void arg_errors(void) {
  struct http_options *o = http_options_new();
  const char *bad[] = {"a,b"};
  CHECK_INT_EQ(http_options_set_proxy(o, "127.0.0.1", 0, NULL, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_proxy(o, "127.0.0.1", 70000, NULL, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_proxy(o, "", 3128, NULL, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_proxy(o, NULL, 3128, NULL, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_proxy(o, "h", 3128, NULL, 1, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_proxy(o, "h", 3128, bad, 1, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_using_proxy(NULL, true), NETHTTP_ERR_PARAMETER);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"usingProxy\":{\"host\":\"h\"}}", &j), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "usingProxy") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(http_options_from_json("{\"usingProxy\":{\"host\":\"h\",\"port\":1,\"typo\":1}}", &j),
               NETHTTP_ERR_PARAMETER);
  /* an unreachable proxy: the request fails instead of going direct */
  CHECK_INT_EQ(http_options_set_proxy(o, "127.0.0.1", 1, NULL, 0, NULL, NULL), 0);
  CHECK_INT_EQ(fetch_sync("http://127.0.0.1:1/", o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_CONNECT);
  http_options_free(o);
}

int main(void) {
  ca = env_or_die("NETHTTP_TEST_CA");
  nginx_log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *tiny = env_or_die("NETHTTP_TEST_TINYPROXY");
  const char *tiny_log = env_or_die("NETHTTP_TEST_TINYPROXY_LOG");
  const char *squid = env_or_die("NETHTTP_TEST_SQUID");
  const char *squid_log = env_or_die("NETHTTP_TEST_SQUID_LOG");
  const char *auth = env_or_die("NETHTTP_TEST_TINYPROXY_AUTH");
  const char *auth_log = env_or_die("NETHTTP_TEST_TINYPROXY_AUTH_LOG");

  through("tinyproxy", tiny, tiny_log, http, https);
  through("squid", squid, squid_log, http, https);
  exclusions(tiny, tiny_log, http);
  credentials(auth, auth_log, http, https);
  system_proxy(squid, squid_log, http);
  arg_errors();
  return test_finish();
}
