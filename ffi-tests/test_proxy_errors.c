/* A proxy that refuses or botches a CONNECT tunnel is reported as a proxy failure: 2300097
 * with a detail naming the proxy's address and its answer (the status it sent, or that it
 * sent no HTTP at all / nothing), never as "couldn't connect" or "Nul byte in header".
 * Proxies: tinyproxy requiring credentials (407), squid (503 for a port nothing listens on),
 * and the fault server as a hostile proxy (407, 403, bytes that are not HTTP, a close).
 * A plain http:// request through a proxy that answers 407 gets that 407 as its response
 * (no tunnel: it is the proxy's answer to the request itself). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

static struct http_options *via(const char *hostport) {
  char host[64];
  snprintf(host, sizeof host, "%s", hostport);
  char *colon = strrchr(host, ':');
  *colon = '\0';
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_proxy(o, host, (uint32_t)atoi(colon + 1), NULL, 0, NULL, NULL), 0);
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 5000), 0);
  CHECK_INT_EQ(http_options_set_read_timeout(o, 10000), 0);
  return o;
}

/* One request through the proxy at hostport; checks the code and that the detail names the
 * proxy and contains `word` (NULL: no word). */
static void expect_proxy_error(const char *what, const char *hostport, const char *url,
                               const char *word) {
  struct http_options *o = via(hostport);
  completion c;
  completion_init(&c);
  struct http_handle *h = http_create();
  CHECK_INT_EQ(http_request(h, url, o, completion_cb, &c), 0);
  if (CHECK(completion_wait(&c, 30000), "%s: no completion", what)) {
    CHECK(c.code == 2300097, "%s: code %d (%s)", what, c.code, c.msg);
    CHECK(strstr(c.msg, hostport) != NULL, "%s: the detail does not name the proxy %s: %s", what,
          hostport, c.msg);
    CHECK(strstr(c.msg, "proxy") != NULL, "%s: %s", what, c.msg);
    if (word != NULL) CHECK(strstr(c.msg, word) != NULL, "%s: no \"%s\" in: %s", what, word, c.msg);
    fprintf(stderr, "  %s -> %d %s\n", what, c.code, c.msg);
  }
  http_destroy(h);
  completion_fini(&c);
  http_options_free(o);
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *fault_hp = fault + strlen("http://");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *tiny_auth = env_or_die("NETHTTP_TEST_TINYPROXY_AUTH");
  const char *squid = env_or_die("NETHTTP_TEST_SQUID");
  char url[512];

  /* The hostile proxy. */
  expect_proxy_error("fault 407", fault_hp, "https://proxy-407.invalid:443/", "407");
  expect_proxy_error("fault 403", fault_hp, "https://elsewhere.invalid:443/", "403");
  expect_proxy_error("fault garbage", fault_hp, "https://proxy-garbage.invalid:443/", NULL);
  expect_proxy_error("fault close", fault_hp, "https://proxy-close.invalid:443/", NULL);

  /* tinyproxy wants credentials for the CONNECT. */
  snprintf(url, sizeof url, "%s/json", https);
  expect_proxy_error("tinyproxy 407", tiny_auth, url, "407");

  /* squid cannot reach the target: its answer is a proxy failure too. */
  snprintf(url, sizeof url, "https://127.0.0.1:%d/", unused_port());
  expect_proxy_error("squid unreachable", squid, url, NULL);

  /* http:// through a proxy: the proxy's 407 is the response. */
  struct http_options *o = via(tiny_auth);
  snprintf(url, sizeof url, "%s/json", env_or_die("NETHTTP_TEST_HTTP"));
  uint32_t st = 0;
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 407);
  http_options_free(o);

  /* The message for the code. */
  CHECK(strstr(http_error_message(2300097), "proxy") != NULL, "%s", http_error_message(2300097));
  return test_finish();
}
