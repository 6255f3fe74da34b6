/* A panic inside the library fails only that request with 2300999 (HTTP_ERR_UNKNOWN);
 * the process and the engine live on. Uses the debug-build hook NETHTTP_TEST_PANIC_IN,
 * which makes the body or header handler panic. */
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

  const char *places[] = {"write", "header"};
  for (size_t i = 0; i < 2; i++) {
    setenv("NETHTTP_TEST_PANIC_IN", places[i], 1);
    int32_t rc = fetch_sync(url, NULL, &status, NULL, NULL);
    unsetenv("NETHTTP_TEST_PANIC_IN");
    CHECK_INT_EQ(rc, HTTP_ERR_UNKNOWN);
    CHECK(strstr(http_last_error_detail(), "panic") != NULL, "detail mentions the panic: %s",
          http_last_error_detail());
    /* The engine survived: the next request works. */
    status = 0;
    CHECK_INT_EQ(fetch_sync(url, NULL, &status, NULL, NULL), 0);
    CHECK_INT_EQ(status, 200);
  }
  free(url);
  return test_finish();
}
