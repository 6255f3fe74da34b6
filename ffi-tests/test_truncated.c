/* Two ends the soak found wrong, pinned:
 * - a connection closed inside the response head (after the status line and some headers,
 *   before the empty line) is a failed transfer, 2300018, not a 200 with an empty body
 *   (libcurl alone reports it as complete); with and without Transfer-Encoding: chunked;
 * - http_request_sync whose handle is destroyed from a callback while the response arrives
 *   returns 2300042 (aborted), as the header promises, not libcurl's write error 2300023. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

static void destroy_me(void *ud, struct http_handle *req, const http_event *ev) {
  (void)ev;
  (void)ud;
  http_destroy(req);
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  char url[512];
  const char *cases[] = {"/cut-head", "/cut-head?chunked"};
  for (size_t i = 0; i < 2; i++) {
    snprintf(url, sizeof url, "%s%s", fault, cases[i]);
    uint32_t st = 0;
    int32_t rc = fetch_sync(url, NULL, &st, NULL, NULL);
    CHECK(rc == NETHTTP_ERR_PARTIAL_FILE, "%s: %d (status %u)", cases[i], rc, st);
    CHECK(strstr(http_last_error_detail(), "inside the response headers") != NULL, "%s",
          http_last_error_detail());
    /* streams too */
    completion c;
    completion_init(&c);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request_in_stream(h, url, NULL, completion_cb, &c), 0);
    CHECK(completion_wait(&c, 20000), "no completion");
    CHECK_INT_EQ(c.code, NETHTTP_ERR_PARTIAL_FILE);
    http_destroy(h);
    completion_fini(&c);
  }
  const char *files[] = {"/100.bin", "/1m.bin"};
  for (int k = 0; k < 10; k++) {
    snprintf(url, sizeof url, "%s%s", http, files[k % 2]);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, destroy_me, NULL), 0);
    struct http_response *r = NULL;
    int32_t rc = http_request_sync(h, url, NULL, &r);
    CHECK(rc == NETHTTP_ERR_ABORTED, "%s: sync destroyed in a callback gave %d", url, rc);
    CHECK(r == NULL, "a response for a destroyed request");
  }
  /* A complete response is still fine. */
  snprintf(url, sizeof url, "%s/text.txt", http);
  uint32_t st = 0;
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  return test_finish();
}
