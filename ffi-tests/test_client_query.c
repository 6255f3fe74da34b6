/* http_query_string_from_dict (Godot's HTTPClient.query_string_from_dict) for JSON objects:
 * Godot's two examples, URL encoding (RFC 3986 unreserved characters kept, space as %20),
 * null values as bare keys, arrays repeating the key, numbers and booleans as text, {} as "",
 * 401 for anything that is not a JSON object, and the result used as a real query string. */
#define _POSIX_C_SOURCE 200809L
#include "client_helpers.h"

static void q(const char *json, const char *want) {
  char *out = NULL;
  int rc = http_query_string_from_dict(json, &out);
  CHECK(rc == 0, "%s: rc %d (%s)", json, rc, http_last_error_detail());
  CHECK(out != NULL && strcmp(out, want) == 0, "%s -> %s, expected %s", json, out ? out : "NULL",
        want);
  http_string_free(out);
}

int main(void) {
  q("{\"username\":\"user\",\"password\":\"pass\"}", "username=user&password=pass");
  q("{\"single\":123,\"not_valued\":null,\"multiple\":[22,33,44]}",
    "single=123&not_valued&multiple=22&multiple=33&multiple=44");
  q("{\"a b\":\"c&d=e/f?g#h~i-j_k.l\"}", "a%20b=c%26d%3De%2Ff%3Fg%23h~i-j_k.l");
  q("{\"utf8\":\"\xc3\xa9\xe2\x82\xac\"}", "utf8=%C3%A9%E2%82%AC");
  q("{\"t\":true,\"f\":false,\"x\":1.5,\"neg\":-2}", "t=true&f=false&x=1.5&neg=-2");
  q("{\"empty\":\"\",\"list\":[],\"mixed\":[null,\"a\"]}", "empty=&mixed&mixed=a");
  q("{}", "");

  char *out = (char *)0x1;
  CHECK_INT_EQ(http_query_string_from_dict("[1,2]", &out), 401);
  CHECK_INT_EQ(http_query_string_from_dict("\"text\"", &out), 401);
  CHECK_INT_EQ(http_query_string_from_dict("{", &out), 401);
  CHECK_INT_EQ(http_query_string_from_dict(NULL, &out), 401);
  CHECK_INT_EQ(http_query_string_from_dict("{\"a\":\"\xff\"}", &out), 401);
  CHECK(out == (char *)0x1, "out written on failure");
  CHECK_INT_EQ(http_query_string_from_dict("{}", NULL), 401);
  http_string_free(NULL);

  /* as a request's query string, seen by nginx's /args */
  char host[256];
  int port;
  split_url(env_or_die("NETHTTP_TEST_HTTP"), host, sizeof host, &port);
  CHECK_INT_EQ(http_query_string_from_dict("{\"q\":\"a b\",\"n\":[1,2],\"flag\":null}", &out), 0);
  char url[512];
  snprintf(url, sizeof url, "/args?%s", out);
  http_string_free(out);
  http_client *c = http_client_new();
  CHECK_INT_EQ(connect_wait(c, host, port, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, url, NULL, 0, NULL), HTTP_CLIENT_STATUS_BODY);
  char *b = read_body(c, NULL);
  CHECK_STR_EQ(b, "q=a%20b&n=1&n=2&flag\n");
  free(b);
  http_client_free(c);
  return test_finish();
}
