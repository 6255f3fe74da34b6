/* http_client requests: every method (http_method GET=0 … PATCH=8) as the fault server's
 * /echo-request sees it, the body ignored for GET, request vs request_raw (binary-safe),
 * headers sent as given (no Content-Type or Expect added, an empty value kept, a default
 * User-Agent that the application can replace), `*` for OPTIONS, host:port for CONNECT,
 * absolute URLs on the connected host, a 1 MiB upload through nginx's /echo with upload
 * progress, and 401 for every bad argument (the client staying usable). */
#define _POSIX_C_SOURCE 200809L
#include "client_helpers.h"

static const char *const METHODS[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                                      "OPTIONS", "TRACE", "CONNECT", "PATCH"};

static char *echo(http_client *c, int method, const char *url, const char **headers, size_t n,
                  const char *body) {
  int s = request_wait(c, method, url, headers, n, body);
  if (!CHECK(s == HTTP_CLIENT_STATUS_BODY || s == HTTP_CLIENT_STATUS_CONNECTED, "%s %s: %s",
             METHODS[method], url, status_name(s)))
    return NULL;
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  char *b = read_body(c, NULL);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  return b;
}

static void has(const char *json, const char *needle) {
  CHECK(json != NULL && strstr(json, needle) != NULL, "%s not in %s", needle,
        json ? json : "(null)");
}

static void lacks(const char *json, const char *needle) {
  CHECK(json != NULL && strstr(json, needle) == NULL, "%s in %s", needle, json ? json : "(null)");
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  char host[256], want[256];
  int fport, nport;
  split_url(fault, host, sizeof host, &fport);
  split_url(http, host, sizeof host, &nport);

  http_client *c = http_client_new();
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);

  /* every method except CONNECT, with a header and a 3-byte body */
  const char *hdr[] = {"X-Test: methods"};
  for (int m = 0; m <= 8; m++) {
    if (m == HTTP_METHOD_CONNECT) continue;
    char *b = echo(c, m, "/echo-request?x=1", hdr, 1, "abc");
    if (m == HTTP_METHOD_HEAD) {
      /* no body, length 0, straight back to CONNECTED */
      CHECK(b != NULL && b[0] == '\0', "HEAD body %s", b ? b : "(null)");
      CHECK_INT_EQ(http_client_get_response_body_length(c), 0);
      free(b);
      continue;
    }
    snprintf(want, sizeof want, "\"method\":\"%s\"", METHODS[m]);
    has(b, want);
    has(b, "\"target\":\"/echo-request?x=1\"");
    has(b, "\"x-test\":\"methods\"");
    /* GET ignores the body (Godot); the others send it */
    has(b, m == HTTP_METHOD_GET ? "\"body_len\":0" : "\"body_len\":3");
    if (m != HTTP_METHOD_GET) has(b, "\"body_b64\":\"YWJj\"");
    lacks(b, "\"content-type\"");
    lacks(b, "\"expect\"");
    has(b, "\"user-agent\":\"nethttp/");
    free(b);
  }

  /* POST without a body: Content-Length 0 */
  char *b = echo(c, HTTP_METHOD_POST, "/echo-request", NULL, 0, NULL);
  has(b, "\"method\":\"POST\"");
  has(b, "\"content-length\":\"0\"");
  has(b, "\"body_len\":0");
  free(b);

  /* headers as given: Content-Type, an empty value, a custom User-Agent, repeated names */
  const char *hdrs[] = {"Content-Type: text/plain", "X-Empty:", "User-Agent: game/1.0",
                        "X-Rep: 1", "X-Rep: 2"};
  b = echo(c, HTTP_METHOD_PUT, "/echo-request", hdrs, 5, "text");
  has(b, "\"content-type\":\"text/plain\"");
  has(b, "\"x-empty\":\"\"");
  has(b, "\"user-agent\":\"game/1.0\"");
  lacks(b, "nethttp/");
  has(b, "\"x-rep\":\"1, 2\"");
  free(b);

  /* request_raw: binary body with NUL bytes */
  const uint8_t raw[] = {0, 1, 2, 0, 255};
  CHECK_INT_EQ(http_client_request_raw(c, HTTP_METHOD_POST, "/echo-request", NULL, 0, raw,
                                       sizeof raw),
               0);
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING),
               HTTP_CLIENT_STATUS_BODY);
  b = read_body(c, NULL);
  has(b, "\"body_len\":5");
  has(b, "\"body_b64\":\"AAECAP8=\"");
  free(b);
  /* request_raw ignores the body for GET too */
  CHECK_INT_EQ(
      http_client_request_raw(c, HTTP_METHOD_GET, "/echo-request", NULL, 0, raw, sizeof raw), 0);
  poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING);
  b = read_body(c, NULL);
  has(b, "\"method\":\"GET\"");
  has(b, "\"body_len\":0");
  free(b);

  /* OPTIONS * */
  b = echo(c, HTTP_METHOD_OPTIONS, "*", NULL, 0, NULL);
  has(b, "\"method\":\"OPTIONS\"");
  has(b, "\"target\":\"*\"");
  free(b);

  /* an absolute URL on the connected host is sent in origin form (no proxy) */
  snprintf(want, sizeof want, "http://127.0.0.1:%d/echo-request?abs=1", fport);
  b = echo(c, HTTP_METHOD_GET, want, NULL, 0, NULL);
  has(b, "\"target\":\"/echo-request?abs=1\"");
  free(b);
  /* ... on another host or port: refused */
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "http://example.com/", NULL, 0, NULL), 401);
  snprintf(want, sizeof want, "http://127.0.0.1:%d/", fport + 1);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, want, NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "https://127.0.0.1/", NULL, 0, NULL), 401);

  /* bad arguments: 401, nothing sent, still CONNECTED */
  const char *bad_hdr[] = {"No-Colon"};
  const char *crlf_hdr[] = {"X-A: b\r\nX-Injected: 1"};
  const char *bad_name[] = {"Bad Name: x"};
  const char *null_hdr[] = {NULL};
  CHECK_INT_EQ(http_client_request(c, 9, "/", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, -1, "/", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, NULL, NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "no-slash", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/a b", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/\xff", NULL, 0, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", bad_hdr, 1, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", crlf_hdr, 1, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", bad_name, 1, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", null_hdr, 1, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", NULL, 1, NULL), 401);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_POST, "/", NULL, 0, "\xff"), 401);
  CHECK_INT_EQ(http_client_request_raw(c, HTTP_METHOD_POST, "/", NULL, 0, NULL, 5), 401);
  CHECK_INT_EQ(http_client_request(NULL, HTTP_METHOD_GET, "/", NULL, 0, NULL), 401);
  CHECK(strstr(http_last_error_detail(), "client") != NULL, "detail %s",
        http_last_error_detail());
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  b = echo(c, HTTP_METHOD_GET, "/conn", NULL, 0, NULL);
  CHECK(b != NULL && strstr(b, " req=") != NULL, "after the 401s: %s", b ? b : "(null)");
  free(b);

  /* CONNECT host:port: the fault server tunnels to itself and answers 200 */
  snprintf(want, sizeof want, "127.0.0.1:%d", fport);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_CONNECT, want, NULL, 0, NULL), HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  {
    http_client *o = http_client_new();
    connect_wait(o, "127.0.0.1", fport, NULL);
    b = echo(o, HTTP_METHOD_GET, "/connects", NULL, 0, NULL);
    has(b, want);
    free(b);
    http_client_free(o);
  }
  CHECK_INT_EQ(http_client_close(c), 0);

  /* a 1 MiB upload through nginx's /echo, with upload progress */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", nport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  size_t big_len = 1 << 20;
  uint8_t *big = malloc(big_len);
  for (size_t i = 0; i < big_len; i++) big[i] = (uint8_t)(i * 7 + (i >> 11));
  const char *octet[] = {"Content-Type: application/octet-stream"};
  CHECK_INT_EQ(http_client_request_raw(c, HTTP_METHOD_POST, "/echo", octet, 1, big, big_len), 0);
  uint64_t sent = 99, total = 0;
  CHECK_INT_EQ(http_client_get_upload_progress(c, &sent, &total), 0);
  CHECK_INT_EQ(total, big_len);
  CHECK(sent <= total, "sent %llu", (unsigned long long)sent);
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  size_t n = 0;
  b = read_body(c, &n);
  CHECK_INT_EQ(n, big_len);
  CHECK(b != NULL && memcmp(b, big, big_len) == 0, "echoed body differs");
  free(b);
  CHECK_INT_EQ(http_client_get_upload_progress(c, &sent, &total), 0);
  CHECK_INT_EQ(sent, big_len);
  CHECK_INT_EQ(total, big_len);
  CHECK_INT_EQ(http_client_get_upload_progress(NULL, &sent, &total), 401);
  free(big);

  /* nginx's /method for a few methods, to see them at a second server */
  for (int m = 0; m <= 8; m++) {
    if (m == HTTP_METHOD_CONNECT || m == HTTP_METHOD_TRACE || m == HTTP_METHOD_HEAD) continue;
    b = echo(c, m, "/method", NULL, 0, NULL);
    snprintf(want, sizeof want, "%s\n", METHODS[m]);
    CHECK_STR_EQ(b, want);
    free(b);
  }

  http_client_free(c);
  return test_finish();
}
