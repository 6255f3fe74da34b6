/* A transfer that libcurl's multi handle refuses (curl_multi_add_handle fails only without
 * memory or for a handle added twice) still completes its request, with an error, for the
 * blocking call and for a completion callback: never silently, never a hang. Uses the
 * debug-build hook NETHTTP_TEST_REFUSE_ADD, which drops each started handle the way a failing
 * curl_multi_add_handle does. A request destroyed meanwhile gets nothing, as documented. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

int main(void) {
  char *url = url_join(env_or_die("NETHTTP_TEST_HTTP"), "/100.bin");
  uint32_t status = 0;

  setenv("NETHTTP_TEST_REFUSE_ADD", "1", 1);
  /* The blocking call returns the error. */
  int32_t rc = fetch_sync(url, NULL, &status, NULL, NULL);
  CHECK_INT_EQ(rc, NETHTTP_ERR_UNKNOWN);
  CHECK(strstr(http_last_error_detail(), "multi handle") != NULL, "detail: %s",
        http_last_error_detail());

  /* A completion callback runs once, with the error and no response. */
  completion c;
  completion_init(&c);
  http_handle *h = http_create();
  CHECK_INT_EQ(http_request(h, url, NULL, completion_cb, &c), 0);
  CHECK(completion_wait(&c, 5000), "completion within 5 s");
  CHECK_INT_EQ(c.code, NETHTTP_ERR_UNKNOWN);
  CHECK(c.resp == NULL, "no response with the error");
  CHECK(strstr(c.msg, "multi handle") != NULL, "message: %s", c.msg);
  sleep_ms(100);
  CHECK_INT_EQ(completion_calls(&c), 1);
  http_destroy(h);
  completion_fini(&c);
  unsetenv("NETHTTP_TEST_REFUSE_ADD");

  /* The engine is fine: the next request works. */
  status = 0;
  CHECK_INT_EQ(fetch_sync(url, NULL, &status, NULL, NULL), 0);
  CHECK_INT_EQ(status, 200);
  free(url);
  return test_finish();
}
