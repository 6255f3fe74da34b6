/* Methods and request bodies: all nine methods, extraData as string / bytes / JSON object for
 * GET-like (appended to the URL) and POST-like (sent as the body) methods, binary-safe bodies,
 * the spec's default Content-Type and a user header overriding it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

/* base + path through fetch_sync: rc, *body (malloc'd copy, may hold NULs), its length and
 * the response code. */
static int32_t run(const char *base, const char *path, const struct http_options *o, char **body,
                   size_t *len, uint32_t *code) {
  char *url = url_join(base, path);
  int32_t rc = fetch_sync(url, o, code, body, len);
  free(url);
  return rc;
}

static struct http_options *opts_method(int m) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_method(o, m), 0);
  return o;
}

static const char *const METHOD_NAMES[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                                           "OPTIONS", "TRACE", "CONNECT", "PATCH"};

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  char *body;
  size_t len;
  uint32_t code;

  /* ---- every method reaches the server as itself ---- */
  for (int m = HTTP_METHOD_GET; m <= HTTP_METHOD_PATCH; m++) {
    struct http_options *o = opts_method(m);
    int32_t rc = run(fault, "/echo-request", o, &body, &len, &code);
    if (CHECK(rc == 0, "%s /echo-request: %d", METHOD_NAMES[m], (int)rc)) {
      CHECK_INT_EQ(code, 200);
      if (m == HTTP_METHOD_HEAD) {
        CHECK(len == 0, "HEAD returned a %zu-byte body", len);
      } else {
        CHECK(json_has_str(body, "method", METHOD_NAMES[m]), "%s: server saw %s", METHOD_NAMES[m],
              body);
        CHECK(json_has_str(body, "path", "/echo-request"), "%s: path in %s", METHOD_NAMES[m], body);
      }
    }
    free(body);
    http_options_free(o);
  }
  /* and against nginx (which refuses TRACE and CONNECT itself) */
  {
    static const int ms[] = {HTTP_METHOD_GET, HTTP_METHOD_POST, HTTP_METHOD_PUT,
                             HTTP_METHOD_DELETE, HTTP_METHOD_OPTIONS, HTTP_METHOD_PATCH};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
      struct http_options *o = opts_method(ms[i]);
      char expect[32];
      snprintf(expect, sizeof expect, "%s\n", METHOD_NAMES[ms[i]]);
      if (CHECK(run(http, "/method", o, &body, &len, &code) == 0, "%s /method", METHOD_NAMES[ms[i]])) {
        CHECK_INT_EQ(code, 200);
        CHECK_STR_EQ(body, expect);
      }
      free(body);
      http_options_free(o);
    }
    /* HEAD: the status, no body */
    struct http_options *o = opts_method(HTTP_METHOD_HEAD);
    if (CHECK(run(http, "/100.bin", o, &body, &len, &code) == 0, "HEAD /100.bin")) {
      CHECK_INT_EQ(code, 200);
      CHECK_INT_EQ(len, 0);
    }
    free(body);
    http_options_free(o);
  }

  /* ---- GET + string extraData: appended verbatim ---- */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_extra_data_string(o, "a=1&b=%20x"), 0);
    if (CHECK(run(http, "/args", o, &body, &len, NULL) == 0, "GET /args + string")) {
      CHECK_STR_EQ(body, "a=1&b=%20x\n");
    }
    free(body);
    /* a URL that already has a query: joined with '&' */
    if (CHECK(run(http, "/args?x=0", o, &body, &len, NULL) == 0, "GET /args?x=0 + string")) {
      CHECK_STR_EQ(body, "x=0&a=1&b=%20x\n");
    }
    free(body);
    http_options_free(o);
  }
  /* ---- GET + object extraData: URL-encoded pairs ---- */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_extra_data_json(o, "{\"k\":\"a b&c=d\",\"n\":1}"), 0);
    if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "GET + object")) {
      bool ok = json_has_str(body, "query", "k=a+b%26c%3Dd&n=1") ||
                json_has_str(body, "query", "k=a%20b%26c%3Dd&n=1");
      CHECK(ok, "object extraData as query: %s", body);
      CHECK(json_has_num(body, "body_len", 0), "GET sent a body: %s", body);
    }
    free(body);
    http_options_free(o);
  }
  /* ---- DELETE is GET-like for extraData ---- */
  {
    struct http_options *o = opts_method(HTTP_METHOD_DELETE);
    CHECK_INT_EQ(http_options_set_extra_data_string(o, "id=7"), 0);
    if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "DELETE + string")) {
      CHECK(json_has_str(body, "method", "DELETE"), "%s", body);
      CHECK(json_has_str(body, "query", "id=7"), "DELETE extraData not in the URL: %s", body);
    }
    free(body);
    http_options_free(o);
  }
  /* ---- GET + bytes: bytes cannot go into a URL -> 401 (at the call or through completion) ---- */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_extra_data_bytes(o, (const uint8_t *)"ab", 2), 0);
    char *url = url_join(fault, "/echo-request");
    struct http_handle *h = http_create();
    completion d;
    completion_init(&d);
    int32_t rc = http_request(h, url, o, completion_cb, &d);
    if (rc == 0) {
      if (CHECK(completion_wait(&d, WAIT_MS), "no completion")) rc = d.code;
    }
    CHECK_INT_EQ(rc, NETHTTP_ERR_PARAMETER);
    http_destroy(h);
    completion_fini(&d);
    free(url);
    http_options_free(o);
  }

  /* ---- POST + string: the body ---- */
  {
    struct http_options *o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_set_extra_data_string(o, "hello body \xc3\xa9"), 0);
    if (CHECK(run(http, "/echo", o, &body, &len, &code) == 0, "POST /echo string")) {
      CHECK_INT_EQ(code, 200);
      CHECK_STR_EQ(body, "hello body \xc3\xa9");
    }
    free(body);
    http_options_free(o);
  }
  /* ---- POST + bytes with NULs: binary-safe both ways ---- */
  {
    uint8_t bin[512];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (uint8_t)(i * 7); /* 0x00 at 0, 256 */
    struct http_options *o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_set_extra_data_bytes(o, bin, sizeof bin), 0);
    if (CHECK(run(http, "/echo", o, &body, &len, NULL) == 0, "POST /echo bytes")) {
      CHECK(len == sizeof bin && memcmp(body, bin, sizeof bin) == 0,
            "echoed %zu bytes, sent %zu (or content differs)", len, sizeof bin);
    }
    free(body);
    if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "POST /echo-request bytes")) {
      char *b64 = base64_encode(bin, sizeof bin);
      CHECK(json_has_num(body, "body_len", (long long)sizeof bin), "%s", body);
      CHECK(json_has_str(body, "body_b64", b64), "body bytes differ: %s", body);
      CHECK(json_has_str(body, "query", ""), "POST bytes leaked into the URL: %s", body);
      free(b64);
    }
    free(body);
    http_options_free(o);
  }
  /* ---- POST + object: a JSON body ---- */
  {
    struct http_options *o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_set_extra_data_json(o, "{ \"a\" : 1, \"s\" : \"x y\", \"o\": {\"z\": [1, 2]} }"), 0);
    if (CHECK(run(http, "/echo", o, &body, &len, NULL) == 0, "POST /echo object")) {
      /* compare without insignificant whitespace */
      char *compact = malloc(len + 1), *q = compact;
      bool in_str = false;
      for (size_t i = 0; i < len; i++) {
        char c = body[i];
        if (c == '"' && (i == 0 || body[i - 1] != '\\')) in_str = !in_str;
        if (!in_str && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) continue;
        *q++ = c;
      }
      *q = '\0';
      CHECK_STR_EQ(compact, "{\"a\":1,\"s\":\"x y\",\"o\":{\"z\":[1,2]}}");
      free(compact);
    }
    free(body);
    http_options_free(o);
  }
  /* ---- PUT and PATCH send extraData as the body too ---- */
  {
    int ms[] = {HTTP_METHOD_PUT, HTTP_METHOD_PATCH};
    for (int i = 0; i < 2; i++) {
      struct http_options *o = opts_method(ms[i]);
      CHECK_INT_EQ(http_options_set_extra_data_string(o, "abc"), 0);
      if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "%s body", METHOD_NAMES[ms[i]])) {
        CHECK(json_has_str(body, "method", METHOD_NAMES[ms[i]]), "%s", body);
        CHECK(json_has_str(body, "body_b64", "YWJj"), "%s body: %s", METHOD_NAMES[ms[i]], body);
        CHECK(json_has_str(body, "query", ""), "%s extraData in the URL: %s", METHOD_NAMES[ms[i]], body);
      }
      free(body);
      http_options_free(o);
    }
  }

  /* ---- default Content-Type ---- */
  {
    struct http_options *o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_set_extra_data_string(o, "{}"), 0);
    if (CHECK(run(http, "/headers", o, &body, &len, NULL) == 0, "POST /headers")) {
      CHECK_STR_EQ(body, "content-type=application/json x-test=\n");
    }
    free(body);
    http_options_free(o);

    if (CHECK(run(http, "/headers", NULL, &body, &len, NULL) == 0, "GET /headers")) {
      CHECK_STR_EQ(body, "content-type=application/x-www-form-urlencoded x-test=\n");
    }
    free(body);

    int json_methods[] = {HTTP_METHOD_PUT, HTTP_METHOD_PATCH, HTTP_METHOD_DELETE};
    for (int i = 0; i < 3; i++) {
      o = opts_method(json_methods[i]);
      if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "%s", METHOD_NAMES[json_methods[i]])) {
        CHECK(json_has_str(body, "content-type", "application/json"), "%s default content-type: %s",
              METHOD_NAMES[json_methods[i]], body);
      }
      free(body);
      http_options_free(o);
    }
    o = opts_method(HTTP_METHOD_OPTIONS);
    if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "OPTIONS")) {
      CHECK(json_has_str(body, "content-type", "application/x-www-form-urlencoded"),
            "OPTIONS default content-type: %s", body);
    }
    free(body);
    http_options_free(o);
  }
  /* ---- a user header overrides the default (whatever the case of its name) ---- */
  {
    struct http_options *o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_set_extra_data_string(o, "plain"), 0);
    CHECK_INT_EQ(http_options_add_header(o, "Content-Type", "text/plain"), 0);
    CHECK_INT_EQ(http_options_add_header(o, "X-Test", "hi there"), 0);
    if (CHECK(run(http, "/headers", o, &body, &len, NULL) == 0, "POST /headers with headers")) {
      CHECK_STR_EQ(body, "content-type=text/plain x-test=hi there\n");
    }
    free(body);
    http_options_free(o);

    o = opts_method(HTTP_METHOD_POST);
    CHECK_INT_EQ(http_options_add_header(o, "content-type", "text/xml"), 0);
    if (CHECK(run(fault, "/echo-request", o, &body, &len, NULL) == 0, "POST lower-case content-type")) {
      /* exactly one Content-Type (repeats would be joined with ", ") */
      CHECK(json_has_str(body, "content-type", "text/xml"), "content-type: %s", body);
    }
    free(body);
    http_options_free(o);

    o = http_options_new();
    CHECK_INT_EQ(http_options_add_header(o, "CONTENT-TYPE", "application/x-custom"), 0);
    if (CHECK(run(http, "/headers", o, &body, &len, NULL) == 0, "GET /headers with Content-Type")) {
      CHECK_STR_EQ(body, "content-type=application/x-custom x-test=\n");
    }
    free(body);
    http_options_free(o);
  }

  return test_finish();
}
