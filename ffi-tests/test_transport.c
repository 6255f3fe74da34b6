/* usingProtocol (HTTP/1.1 forced, h2 over TLS multiplexing many requests on one connection,
 * counted in nginx's access log; h2c prior knowledge; HTTP3 falling back to the best
 * available), serverAuthentication (basic against nginx), addressFamily, and cookies. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define N_PARALLEL 8
#define WAIT_MS 20000

typedef struct {
  waiter *w;
  int32_t code;
  char version[8];
} result_t;

static void on_done(void *userdata, struct http_handle *req, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)req;
  (void)msg;
  result_t *r = userdata;
  r->code = code;
  if (resp) {
    snprintf(r->version, sizeof r->version, "%s", http_response_http_version(resp));
    http_response_free(resp);
  }
  waiter_signal(r->w);
}

/* Runs N requests to url at once; returns how many distinct nginx connections served them
 * (conn= of the access-log lines carrying `tag`), or -1. */
static int parallel_connections(const char *url, const struct http_options *o, const char *tag,
                                const char *log, const char *want_version) {
  waiter w;
  waiter_init(&w);
  result_t res[N_PARALLEL];
  struct http_handle *h[N_PARALLEL];
  for (int i = 0; i < N_PARALLEL; i++) {
    res[i].w = &w;
    res[i].code = -1;
    res[i].version[0] = '\0';
    h[i] = http_create();
    CHECK_INT_EQ(http_request(h[i], url, o, on_done, &res[i]), 0);
  }
  for (int i = 0; i < N_PARALLEL; i++) CHECK(waiter_wait(&w, WAIT_MS), "completion %d", i);
  for (int i = 0; i < N_PARALLEL; i++) {
    CHECK(res[i].code == 0, "request %d: %d", i, (int)res[i].code);
    CHECK_STR_EQ(res[i].version, want_version);
    http_destroy(h[i]);
  }
  waiter_destroy(&w);
  CHECK_INT_EQ(wait_lines_matching(log, tag, N_PARALLEL, 2000), N_PARALLEL);
  /* distinct conn= values among the tagged lines */
  char *text = read_file(log, NULL);
  if (!CHECK(text != NULL, "cannot read %s", log)) return -1;
  long conns[N_PARALLEL * 2];
  int nconn = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (!strstr(line, tag)) continue;
    char *c = strstr(line, " conn=");
    if (!c) continue;
    long id = strtol(c + 6, NULL, 10);
    bool seen = false;
    for (int k = 0; k < nconn; k++) seen = seen || conns[k] == id;
    if (!seen && nconn < N_PARALLEL * 2) conns[nconn++] = id;
  }
  free(text);
  return nconn;
}

static void test_protocol(const char *https, const char *h2c, const char *http, const char *ca,
                          const char *log) {
  char tag[64], path[128];
  /* HTTP2 over TLS: every request multiplexed over one connection */
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(http_options_set_using_protocol(o, HTTP_PROTOCOL_HTTP2), 0);
  snprintf(tag, sizeof tag, "mux-h2-%d", (int)getpid());
  snprintf(path, sizeof path, "/100.bin?%s", tag);
  char *url = url_join(https, path);
  int n = parallel_connections(url, o, tag, log, "2");
  CHECK(n == 1, "%d parallel h2 requests used %d connections, expected 1", N_PARALLEL, n);
  free(url);
  /* HTTP1_1 forced: no multiplexing, so several connections, and version 1.1 */
  CHECK_INT_EQ(http_options_set_using_protocol(o, HTTP_PROTOCOL_HTTP1_1), 0);
  snprintf(tag, sizeof tag, "mux-h1-%d", (int)getpid());
  snprintf(path, sizeof path, "/100.bin?%s", tag);
  url = url_join(https, path);
  n = parallel_connections(url, o, tag, log, "1.1");
  CHECK(n > 1, "%d parallel HTTP/1.1 requests used %d connection(s)", N_PARALLEL, n);
  free(url);
  /* default over TLS: h2 via ALPN */
  http_options_free(o);
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  snprintf(tag, sizeof tag, "mux-default-%d", (int)getpid());
  snprintf(path, sizeof path, "/100.bin?%s", tag);
  url = url_join(https, path);
  n = parallel_connections(url, o, tag, log, "2");
  CHECK(n == 1, "default over TLS: %d connections", n);
  free(url);
  /* HTTP3: the linked libcurl has no HTTP/3 here, so the best available (h2) is used */
  const char *info = http_version_info();
  bool h3 = strstr(info, "\"http3\":true") != NULL;
  CHECK_INT_EQ(http_options_set_using_protocol(o, HTTP_PROTOCOL_HTTP3), 0);
  url = url_join(https, "/json");
  {
    struct http_response *r = NULL;
    int32_t rc = request_sync(url, o, &r);
    if (CHECK(rc == 0, "HTTP3 request: %d (%s)", (int)rc, http_last_error_detail())) {
      CHECK_STR_EQ(http_response_http_version(r), h3 ? "3" : "2");
      http_response_free(r);
    }
  }
  free(url);
  /* HTTP3 on http:// fails (the spec) */
  url = url_join(http, "/json");
  {
    struct http_response *r = NULL;
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_UNSUPPORTED_PROTOCOL);
  }
  free(url);
  http_options_free(o);
  /* h2c: prior knowledge, multiplexed as well */
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_using_protocol(o, HTTP_PROTOCOL_HTTP2), 0);
  snprintf(tag, sizeof tag, "mux-h2c-%d", (int)getpid());
  snprintf(path, sizeof path, "/100.bin?%s", tag);
  url = url_join(h2c, path);
  n = parallel_connections(url, o, tag, log, "2");
  CHECK(n == 1, "h2c: %d connections", n);
  free(url);
  http_options_free(o);
}

static void test_server_auth(const char *http) {
  char *url = url_join(http, "/basic-auth");
  uint32_t st = 0;
  char *body = NULL;
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 401);
  struct http_options *o = http_options_new();
  for (int t = HTTP_AUTH_AUTO; t <= HTTP_AUTH_BASIC; t++) {
    CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "passwd", t), 0);
    st = 0;
    CHECK_INT_EQ(fetch_sync(url, o, &st, &body, NULL), 0);
    CHECK(st == 200 && body && strstr(body, "authenticated as user"), "type %d: %u %s", t, st,
          body ? body : "");
    free(body);
    body = NULL;
  }
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "wrong", HTTP_AUTH_BASIC), 0);
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 401);
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "passwd", 9), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_server_authentication(o, NULL, "passwd", 1), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"serverAuthentication\":{\"credential\":{\"username\":\"user\","
                                      "\"password\":\"passwd\"},\"authenticationType\":\"basic\"}}",
                                      &j),
               0);
  CHECK_INT_EQ(fetch_sync(url, j, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  http_options_free(j);
  j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"serverAuthentication\":{\"credential\":{\"username\":\"user\","
                                      "\"password\":\"passwd\"}}}",
                                      &j),
               0);
  CHECK_INT_EQ(fetch_sync(url, j, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200); /* negotiated */
  http_options_free(j);
  free(url);
}

static void test_address_family(const char *http) {
  /* nginx listens on 127.0.0.1 only; "localhost" also names ::1 */
  const char *port = strrchr(http, ':');
  char url[256];
  snprintf(url, sizeof url, "http://localhost%s/json", port);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_address_family(o, HTTP_ADDRESS_FAMILY_ONLY_V4), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 0);
  CHECK_INT_EQ(http_options_set_address_family(o, HTTP_ADDRESS_FAMILY_ONLY_V6), 0);
  int32_t rc = fetch_sync(url, o, NULL, NULL, NULL);
  CHECK(rc == NETHTTP_ERR_COULDNT_CONNECT || rc == NETHTTP_ERR_COULDNT_RESOLVE,
        "ONLY_V6 to an IPv4-only server gave %d", (int)rc);
  CHECK_INT_EQ(http_options_set_address_family(o, 3), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"addressFamily\":\"ONLY_V6\"}", &j), 0);
  rc = fetch_sync(url, j, NULL, NULL, NULL);
  CHECK(rc == NETHTTP_ERR_COULDNT_CONNECT || rc == NETHTTP_ERR_COULDNT_RESOLVE, "JSON ONLY_V6: %d", (int)rc);
  http_options_free(j);
  j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"addressFamily\":\"CURL_IPRESOLVE_V4\"}", &j), 0);
  CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 0);
  http_options_free(j);
}

static void test_cookies(const char *http) {
  char *url = url_join(http, "/cookies/set");
  struct http_handle *h = http_create();
  struct http_response *r = NULL;
  if (CHECK(http_request_sync(h, url, NULL, &r) == 0, "cookies")) {
    const char *c = http_response_cookies(r);
    CHECK(c && strstr(c, "session=abc123; Path=/; HttpOnly") && strstr(c, "theme=dark; Path=/; Max-Age=3600"),
          "cookies: %s", c ? c : "(null)");
    size_t len;
    const char *j = http_response_json(r, &len);
    CHECK(j && strstr(j, "\"cookies\":\"session=abc123"), "json cookies: %s", j ? j : "");
    http_response_free(r);
  }
  http_destroy(h);
  free(url);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  test_protocol(https, env_or_die("NETHTTP_TEST_H2C"), http, env_or_die("NETHTTP_TEST_CA"),
                env_or_die("NETHTTP_TEST_ACCESS_LOG"));
  test_server_auth(http);
  test_address_family(http);
  test_cookies(http);
  return test_finish();
}
