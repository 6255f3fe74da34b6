/* Response header limits (documented at http_request): a header line over 64 KiB, more than
 * 1000 lines in one block, or over 256 KiB in one block fail the request with 2300100
 * (NETHTTP_ERR_HEADERS_TOO_LARGE), each with a detail naming the limit; exactly at each limit
 * the response is fine. libcurl's own limits behind them (a line over its 100 KiB buffer,
 * 300 KiB over the 1xx and final blocks of one request) give the same code. A
 * Content-Length that does not fit in 64 bits fails at once: 2300063 (over any maxLimit),
 * 2300008 for a stream. Served by the fault server's /headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

static const char *fault;

/* One request to /headers?<query>; returns the code, *status the response code. */
static int32_t get(const char *query, bool stream, uint32_t *status, char *detail, size_t n) {
  char url[512];
  snprintf(url, sizeof url, "%s/headers?%s", fault, query);
  completion c;
  completion_init(&c);
  struct http_handle *h = http_create();
  struct http_options *o = http_options_new();
  http_options_set_read_timeout(o, 20000);
  int32_t rc = stream ? http_request_in_stream(h, url, o, completion_cb, &c)
                      : http_request(h, url, o, completion_cb, &c);
  *status = 0;
  if (CHECK(rc == 0, "%s: start %d", query, rc) && CHECK(completion_wait(&c, 30000), "%s", query)) {
    rc = c.code;
    snprintf(detail, n, "%s", c.msg);
    if (c.resp != NULL) *status = http_response_code(c.resp);
  }
  http_destroy(h);
  http_options_free(o);
  completion_fini(&c);
  return rc;
}

static void ok(const char *query) {
  uint32_t st;
  char d[512];
  int32_t rc = get(query, false, &st, d, sizeof d);
  CHECK(rc == 0 && st == 200, "%s: %d %u (%s)", query, rc, st, d);
}

static void too_large(const char *query, const char *word) {
  uint32_t st;
  char d[512];
  int32_t rc = get(query, false, &st, d, sizeof d);
  CHECK(rc == NETHTTP_ERR_HEADERS_TOO_LARGE, "%s: %d (%s)", query, rc, d);
  CHECK(strstr(d, word) != NULL, "%s: no \"%s\" in the detail: %s", query, word, d);
  fprintf(stderr, "  %s -> %d %s\n", query, rc, d);
}

int main(void) {
  fault = env_or_die("NETHTTP_TEST_FAULT");
  /* "X-H-0: " is 7 bytes: 65529 value bytes make a line of exactly 65536. */
  ok("n=1&size=65529");
  too_large("n=1&size=65530", "line of 65537 bytes");
  too_large("n=1&size=200000", "line"); /* libcurl's own buffer meets it first */
  /* Status line + Content-Type + N + Content-Length lines. */
  ok("n=997");
  too_large("n=998", "more than 1000 header lines");
  too_large("n=4000", "more than 1000 header lines");
  /* 5 x ~55 KB: over 256 KiB in one block, under libcurl's 300 KiB. */
  ok("n=4&size=60000");
  too_large("n=5&size=55000", "add up to more than");
  /* Interim blocks count on their own... */
  ok("n=4&size=10000&early=3");
  /* ...and libcurl's 300 KiB covers all blocks of the request. */
  too_large("n=5&size=20000&early=3", "too large");
  CHECK(strstr(http_error_message(NETHTTP_ERR_HEADERS_TOO_LARGE), "64 KiB") != NULL, "%s",
        http_error_message(NETHTTP_ERR_HEADERS_TOO_LARGE));

  /* Content-Length past 64 bits. */
  uint32_t st;
  char d[512];
  int32_t rc = get("cl=99999999999999999999999", false, &st, d, sizeof d);
  CHECK(rc == NETHTTP_ERR_MAX_LIMIT, "%d (%s)", rc, d);
  rc = get("cl=99999999999999999999999", true, &st, d, sizeof d);
  CHECK(rc == NETHTTP_ERR_CURL_BASE + 8, "stream: %d (%s)", rc, d);
  CHECK(strstr(d, "64 bits") != NULL, "%s", d);
  /* The largest 64-bit value is over the default maxLimit: at once as well. */
  rc = get("cl=18446744073709551615", false, &st, d, sizeof d);
  CHECK(rc == NETHTTP_ERR_MAX_LIMIT, "%d (%s)", rc, d);
  return test_finish();
}
