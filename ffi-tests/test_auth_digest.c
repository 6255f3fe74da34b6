/* serverAuthentication with Digest (and AUTO negotiating it) against httpbin's
 * /digest-auth/auth/user/passwd/MD5 (NETHTTP_TEST_HTTPBIN); Basic is in test_transport.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

static uint32_t status_of(const char *url, const struct http_options *o) {
  uint32_t st = 0;
  int32_t rc = fetch_sync(url, o, &st, NULL, NULL);
  CHECK(rc == 0, "%s: %d (%s)", url, (int)rc, http_last_error_detail());
  return st;
}

int main(void) {
  char *url = url_join(env_or_die("NETHTTP_TEST_HTTPBIN"), "/digest-auth/auth/user/passwd/MD5");
  CHECK_INT_EQ(status_of(url, NULL), 401);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "passwd", HTTP_AUTH_DIGEST), 0);
  CHECK_INT_EQ(status_of(url, o), 200);
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "passwd", HTTP_AUTH_AUTO), 0);
  CHECK_INT_EQ(status_of(url, o), 200);
  /* Basic credentials do not answer a Digest challenge */
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "passwd", HTTP_AUTH_BASIC), 0);
  CHECK_INT_EQ(status_of(url, o), 401);
  CHECK_INT_EQ(http_options_set_server_authentication(o, "user", "wrong", HTTP_AUTH_DIGEST), 0);
  CHECK_INT_EQ(status_of(url, o), 401);
  http_options_free(o);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"serverAuthentication\":{\"credential\":{\"username\":\"user\","
                                      "\"password\":\"passwd\"},\"authenticationType\":\"digest\"}}",
                                      &j),
               0);
  CHECK_INT_EQ(status_of(url, j), 200);
  http_options_free(j);
  free(url);
  return test_finish();
}
