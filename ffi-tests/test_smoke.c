/* Smoke test: one blocking GET of a static file over HTTP/1.1. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "nethttp.h"

int main(void) {
  char *url = url_join(env_or_die("NETHTTP_TEST_HTTP"), "/100.bin");
  char *path = url_join(env_or_die("NETHTTP_TEST_WWW"), "100.bin");
  const char *access_log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  long logged_before = count_lines_matching(access_log, "GET /100.bin HTTP/1.1 200 100 ");

  http_handle *h = http_create();
  if (CHECK(h != NULL, "http_create returned NULL")) {
    http_response *resp = NULL;
    int32_t rc = http_request_sync(h, url, NULL, &resp);
    CHECK(rc == 0, "http_request_sync(%s) = %d (%s)", url, (int)rc, http_error_message(rc));
    if (CHECK(resp != NULL, "no response")) {
      CHECK_INT_EQ(http_response_code(resp), 200);
      size_t len = 0;
      const uint8_t *body = http_response_result(resp, &len);
      CHECK_INT_EQ(len, 100);
      CHECK(body != NULL && file_equals_bytes(path, body, len), "body differs from %s", path);
      http_response_free(resp);
    }
    http_destroy(h);
  }
  CHECK_INT_EQ(wait_lines_matching(access_log, "GET /100.bin HTTP/1.1 200 100 ", logged_before + 1, 2000),
               logged_before + 1);

  free(path);
  free(url);
  return test_finish();
}
