/* Options: every typed setter (valid and invalid values), http_options_from_json with every
 * camelCase key of HttpRequestOptions (unknown keys, wrong types and out-of-range values give
 * 401 with a detail naming the field), http_options_apply_json, and the fields' effect on real
 * requests (options copied at request time, reusable, freeable after the call). */
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
#define MIB (1024u * 1024u)

/* ---- requests ---- */

/* GETs /echo-request on the fault server with o; returns the response body (malloc'd) or NULL. */
static char *echo_request(const char *fault, const char *path, const struct http_options *o) {
  char *url = url_join(fault, path);
  struct http_response *resp = NULL;
  char *copy = NULL;
  int32_t rc = request_sync(url, o, &resp);
  if (CHECK(rc == 0, "%s: %d (%s)", url, (int)rc, http_last_error_detail())) {
    CHECK_INT_EQ(http_response_code(resp), 200);
    const uint8_t *b = http_response_result(resp, NULL);
    copy = strdup(b ? (const char *)b : "");
    http_response_free(resp);
  }
  free(url);
  return copy;
}

static void expect_json_error(const char *json, const char *field) {
  struct http_options *o = (struct http_options *)&o; /* sentinel */
  struct http_options *const sentinel = o;
  int32_t rc = http_options_from_json(json, &o);
  CHECK(rc == NETHTTP_ERR_PARAMETER, "from_json(%s) = %d, expected 401", json, (int)rc);
  CHECK(o == sentinel, "from_json(%s): *out written on failure", json);
  if (rc == 0 && o != sentinel) http_options_free(o);
  if (field != NULL) {
    const char *d = http_last_error_detail();
    CHECK(d != NULL && strstr(d, field) != NULL, "from_json(%s): detail \"%s\" does not name %s",
          json, d ? d : "(null)", field);
  }
}

static struct http_options *parse_ok(const char *json) {
  struct http_options *o = NULL;
  int32_t rc = http_options_from_json(json, &o);
  CHECK(rc == 0 && o != NULL, "from_json(%s) = %d (%s)", json, (int)rc, http_last_error_detail());
  return rc == 0 ? o : NULL;
}

/* JSON string escaping for a path (quotes and backslashes only; paths have no controls). */
static char *json_quote(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(2 * n + 3), *p = out;
  *p++ = '"';
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') *p++ = '\\';
    *p++ = *s;
  }
  *p++ = '"';
  *p = '\0';
  return out;
}

static void test_setters(const char *ca) {
  /* NULL options: 401 from every setter */
  CHECK_INT_EQ(http_options_set_method(NULL, HTTP_METHOD_GET), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_string(NULL, "x"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_bytes(NULL, (const uint8_t *)"x", 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_json(NULL, "{}"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_expect_data_type(NULL, HTTP_DATA_TYPE_STRING), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_using_cache(NULL, true), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_priority(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(NULL, "X-A", "b"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_read_timeout(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_connect_timeout(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_using_protocol(NULL, HTTP_PROTOCOL_HTTP2), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_max_limit(NULL, 1000), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_resume_from(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_resume_to(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_ca_path(NULL, ca), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_max_redirects(NULL, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_apply_json(NULL, "{}"), NETHTTP_ERR_PARAMETER);

  struct http_options *o = http_options_new();
  if (!CHECK(o != NULL, "http_options_new returned NULL")) return;

  for (int m = HTTP_METHOD_GET; m <= HTTP_METHOD_PATCH; m++)
    CHECK(http_options_set_method(o, m) == 0, "set_method(%d)", m);
  CHECK_INT_EQ(http_options_set_method(o, -1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_method(o, 9), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_extra_data_string(o, "a=1&b=2"), 0);
  CHECK_INT_EQ(http_options_set_extra_data_string(o, ""), 0);
  CHECK_INT_EQ(http_options_set_extra_data_string(o, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_string(o, "bad \xff utf8"), NETHTTP_ERR_PARAMETER);
  CHECK(http_last_error_detail()[0] != '\0', "no detail after invalid UTF-8");

  CHECK_INT_EQ(http_options_set_extra_data_bytes(o, (const uint8_t *)"a\0b", 3), 0);
  CHECK_INT_EQ(http_options_set_extra_data_bytes(o, (const uint8_t *)"\xff\xfe", 2), 0); /* bytes need not be UTF-8 */
  CHECK_INT_EQ(http_options_set_extra_data_bytes(o, NULL, 3), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_extra_data_json(o, "{\"a\":1,\"b\":\"x\"}"), 0);
  CHECK_INT_EQ(http_options_set_extra_data_json(o, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_json(o, "{"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_json(o, "not json"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_extra_data_json(o, "{\"a\":\"\xff\"}"), NETHTTP_ERR_PARAMETER);

  for (int t = HTTP_DATA_TYPE_STRING; t <= HTTP_DATA_TYPE_ARRAY_BUFFER; t++)
    CHECK(http_options_set_expect_data_type(o, t) == 0, "set_expect_data_type(%d)", t);
  CHECK_INT_EQ(http_options_set_expect_data_type(o, 3), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_expect_data_type(o, -1), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_using_cache(o, false), 0);
  CHECK_INT_EQ(http_options_set_using_cache(o, true), 0);

  CHECK_INT_EQ(http_options_set_priority(o, 1), 0);
  CHECK_INT_EQ(http_options_set_priority(o, 500), 0);
  CHECK_INT_EQ(http_options_set_priority(o, 1000), 0);
  CHECK_INT_EQ(http_options_set_priority(o, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_priority(o, 1001), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_priority(o, UINT32_MAX), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_add_header(o, "X-Test", "value"), 0);
  CHECK_INT_EQ(http_options_add_header(o, "X-Empty", ""), 0);
  CHECK_INT_EQ(http_options_add_header(o, NULL, "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A", NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "", "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X:A", "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A:", "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "Bad Name", "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A\r\nX-B", "v"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A", "v\r\nInjected: 1"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A", "v\nInjected: 1"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A", "v\rx"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_header(o, "X-A", "bad \xff utf8"), NETHTTP_ERR_PARAMETER);
  CHECK(http_last_error_detail()[0] != '\0', "no detail after a bad header");

  CHECK_INT_EQ(http_options_set_read_timeout(o, 0), 0);
  CHECK_INT_EQ(http_options_set_read_timeout(o, 300), 0);
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 0), 0);
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 300), 0);

  for (int p = HTTP_PROTOCOL_HTTP1_1; p <= HTTP_PROTOCOL_HTTP3; p++)
    CHECK(http_options_set_using_protocol(o, p) == 0, "set_using_protocol(%d)", p);
  CHECK_INT_EQ(http_options_set_using_protocol(o, 3), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_using_protocol(o, -1), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_max_limit(o, 1), 0);
  CHECK_INT_EQ(http_options_set_max_limit(o, 100u * MIB), 0);
  CHECK_INT_EQ(http_options_set_max_limit(o, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_max_limit(o, 100u * MIB + 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_max_limit(o, UINT64_MAX), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_resume_from(o, 0), 0);
  CHECK_INT_EQ(http_options_set_resume_from(o, 4294967296ull), 0);
  CHECK_INT_EQ(http_options_set_resume_from(o, 4294967297ull), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_resume_to(o, 99), 0);
  CHECK_INT_EQ(http_options_set_resume_to(o, 4294967297ull), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(http_options_set_ca_path(o, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_ca_path(o, "/tmp/\xff.pem"), NETHTTP_ERR_PARAMETER);

  CHECK_INT_EQ(http_options_set_max_redirects(o, 0), 0);
  CHECK_INT_EQ(http_options_set_max_redirects(o, 5), 0);

  http_options_free(o);
}

static void test_from_json_parsing(const char *ca) {
  char *qca = json_quote(ca);
  char full[4096];
  /* every key this version implements */
  snprintf(full, sizeof full,
           "{\"method\":\"POST\",\"extraData\":\"x=1\",\"expectDataType\":0,\"usingCache\":false,"
           "\"priority\":7,\"header\":{\"X-Test\":\"1\",\"Content-Type\":\"text/plain\"},"
           "\"readTimeout\":5000,\"connectTimeout\":5000,\"usingProtocol\":1,"
           "\"usingProxy\":false,\"caPath\":%s,\"resumeFrom\":1,\"resumeTo\":10,"
           "\"maxLimit\":1000,\"maxRedirects\":3}",
           qca);
  http_options_free(parse_ok(full));
  http_options_free(parse_ok("{}"));
  http_options_free(parse_ok(" { \"method\" : \"GET\" } "));
  http_options_free(parse_ok("{\"extraData\":{\"k\":\"v\",\"n\":1}}"));
  http_options_free(parse_ok("{\"usingProxy\":false}"));
  /* enumerations by name, method case-insensitive */
  http_options_free(parse_ok("{\"method\":\"patch\"}"));
  http_options_free(parse_ok("{\"usingProtocol\":\"HTTP1_1\",\"expectDataType\":\"ARRAY_BUFFER\"}"));
  for (int i = 0; i <= 8; i++) {
    static const char *const names[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                                        "OPTIONS", "TRACE", "CONNECT", "PATCH"};
    char j[64];
    snprintf(j, sizeof j, "{\"method\":\"%s\"}", names[i]);
    http_options_free(parse_ok(j));
  }

  /* the arguments */
  struct http_options *o = NULL;
  CHECK_INT_EQ(http_options_from_json(NULL, &o), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_from_json("{}", NULL), NETHTTP_ERR_PARAMETER);
  CHECK(o == NULL, "*out written on failure");

  /* not an object / not JSON / not UTF-8 */
  expect_json_error("", NULL);
  expect_json_error("{", NULL);
  expect_json_error("[1,2]", NULL);
  expect_json_error("\"GET\"", NULL);
  expect_json_error("{\"method\":\"GET\",}", NULL);
  expect_json_error("{\"header\":{\"X\":\"\xff\"}}", NULL);

  /* unknown key: named in the detail */
  expect_json_error("{\"bogusKey\":1}", "bogusKey");
  expect_json_error("{\"method\":\"GET\",\"readtimeout\":5}", "readtimeout"); /* keys are camelCase */

  /* wrong types: named */
  expect_json_error("{\"priority\":\"high\"}", "priority");
  expect_json_error("{\"method\":5.5}", "method");
  expect_json_error("{\"method\":\"FETCH\"}", "method");
  expect_json_error("{\"usingCache\":\"yes\"}", "usingCache");
  expect_json_error("{\"header\":\"X-Test: 1\"}", "header");
  expect_json_error("{\"header\":{\"X-Test\":{\"a\":1}}}", "header");
  expect_json_error("{\"readTimeout\":\"5s\"}", "readTimeout");
  expect_json_error("{\"readTimeout\":-1}", "readTimeout");
  expect_json_error("{\"connectTimeout\":true}", "connectTimeout");
  expect_json_error("{\"expectDataType\":\"XML\"}", "expectDataType");
  expect_json_error("{\"usingProtocol\":\"HTTP9\"}", "usingProtocol");
  expect_json_error("{\"caPath\":42}", "caPath");
  expect_json_error("{\"resumeFrom\":\"10\"}", "resumeFrom");
  expect_json_error("{\"resumeTo\":[1]}", "resumeTo");
  expect_json_error("{\"maxLimit\":\"1MB\"}", "maxLimit");
  expect_json_error("{\"usingProxy\":\"no\"}", "usingProxy");

  /* out of range: named */
  expect_json_error("{\"priority\":0}", "priority");
  expect_json_error("{\"priority\":1001}", "priority");
  expect_json_error("{\"maxLimit\":0}", "maxLimit");
  expect_json_error("{\"maxLimit\":104857601}", "maxLimit");
  expect_json_error("{\"expectDataType\":3}", "expectDataType");
  expect_json_error("{\"usingProtocol\":7}", "usingProtocol");
  /* header with CR/LF: refused */
  expect_json_error("{\"header\":{\"X-Test\":\"a\\r\\nInjected: 1\"}}", NULL);
  expect_json_error("{\"header\":{\"X:Test\":\"a\"}}", NULL);
  expect_json_error("{\"header\":{\"\":\"a\"}}", NULL);

  /* the transport, TLS and DNS fields parse (their effects: test_tls.c, test_transport.c,
   * test_proxy.c, test_dns.c, test_form.c, test_fetch_options.c) */
  http_options_free(parse_ok("{\"usingProxy\":true}"));
  http_options_free(parse_ok("{\"usingProxy\":{\"host\":\"127.0.0.1\",\"port\":3128,\"exclusionList\":[]}}"));
  http_options_free(parse_ok("{\"clientCert\":{\"certPath\":\"/nonexistent/c.pem\",\"keyPath\":\"/nonexistent/c.key\"}}"));
  http_options_free(parse_ok("{\"dnsOverHttps\":\"https://127.0.0.1:1/dns-query\"}"));
  http_options_free(parse_ok("{\"dnsServers\":[\"127.0.0.1\"]}"));
  http_options_free(parse_ok("{\"multiFormDataList\":[{\"name\":\"a\",\"contentType\":\"text/plain\",\"data\":\"x\"}]}"));
  expect_json_error("{\"certificatePinning\":{\"publicKeyHash\":\"AAAA\",\"hashAlgorithm\":\"SHA-256\"}}",
                    "certificatePinning"); /* not a SHA-256 */
  http_options_free(parse_ok("{\"certificatePinning\":[{\"publicKeyHash\":"
                             "\"0efti7NgVuxHV37BOGu6+t9wxaZNxXd9RhxJ0+ifDB0=\",\"hashAlgorithm\":\"SHA-256\"}]}"));
  http_options_free(parse_ok("{\"caData\":\"-----BEGIN CERTIFICATE-----\\nx\\n-----END CERTIFICATE-----\\n\","
                             "\"remoteValidation\":\"skip\",\"addressFamily\":\"ONLY_V4\","
                             "\"tlsOptions\":\"system\",\"serverAuthentication\":{\"credential\":"
                             "{\"username\":\"u\",\"password\":\"p\"}}}"));
  expect_json_error("{\"dnsServers\":[\"not-an-ip\"]}", "dnsServers");
  expect_json_error("{\"remoteValidation\":\"never\"}", "remoteValidation");
  free(qca);
}

static void test_effects(const char *http, const char *https, const char *fault, const char *www,
                         const char *ca) {
  /* method, extraData (string body) and header from JSON; method name case-insensitive */
  {
    struct http_options *o = parse_ok("{\"method\":\"put\",\"extraData\":\"abc\",\"header\":{\"X-Test\":\"j\"}}");
    char *body = echo_request(fault, "/echo-request", o);
    CHECK(json_has_str(body, "method", "PUT"), "method from JSON: %s", body ? body : "");
    CHECK(json_has_num(body, "body_len", 3), "extraData from JSON: %s", body ? body : "");
    CHECK(json_has_str(body, "body_b64", "YWJj"), "body bytes: %s", body ? body : "");
    CHECK(json_has_str(body, "x-test", "j"), "header from JSON: %s", body ? body : "");
    free(body);
    http_options_free(o);
  }
  /* extraData object on GET -> query string */
  {
    struct http_options *o = parse_ok("{\"extraData\":{\"k\":\"v\"}}");
    char *body = echo_request(fault, "/echo-request", o);
    CHECK(json_has_str(body, "query", "k=v"), "extraData object from JSON: %s", body ? body : "");
    CHECK(json_has_str(body, "method", "GET"), "default method: %s", body ? body : "");
    free(body);
    http_options_free(o);
  }
  /* expectDataType from JSON, numeric and by name */
  {
    char *url = url_join(http, "/json");
    struct http_options *o = parse_ok("{\"expectDataType\":\"ARRAY_BUFFER\"}");
    struct http_response *r = NULL;
    if (CHECK(request_sync(url, o, &r) == 0, "%s", url)) {
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_ARRAY_BUFFER);
      http_response_free(r);
    }
    http_options_free(o);
    o = parse_ok("{\"expectDataType\":1}");
    r = NULL;
    if (CHECK(request_sync(url, o, &r) == 0, "%s", url)) {
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_OBJECT);
      http_response_free(r);
    }
    http_options_free(o);
    free(url);
  }
  /* maxLimit from JSON */
  {
    char *url = url_join(http, "/1m.bin");
    struct http_options *o = parse_ok("{\"maxLimit\":1000}");
    struct http_response *r = NULL;
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_MAX_LIMIT);
    CHECK(r == NULL, "*out written on failure");
    http_options_free(o);
    free(url);
  }
  /* resumeFrom / resumeTo from JSON */
  {
    char *url = url_join(http, "/100.bin");
    char *path = url_join(www, "100.bin");
    size_t flen = 0;
    char *file = read_file(path, &flen);
    struct http_options *o = parse_ok("{\"resumeFrom\":10,\"resumeTo\":19}");
    struct http_response *r = NULL;
    if (CHECK(request_sync(url, o, &r) == 0, "%s", url)) {
      CHECK_INT_EQ(http_response_code(r), 206);
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(len == 10 && file != NULL && flen == 100 && memcmp(b, file + 10, 10) == 0,
            "range 10-19 from JSON: %zu bytes", len);
      http_response_free(r);
    }
    http_options_free(o);
    free(file);
    free(path);
    free(url);
  }
  /* readTimeout from JSON */
  {
    char *url = url_join(fault, "/hold?ms=3000");
    struct http_options *o = parse_ok("{\"readTimeout\":300}");
    struct http_response *r = NULL;
    uint64_t t0 = now_ms();
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_TIMEOUT);
    CHECK(now_ms() - t0 < 2500, "readTimeout 300 took %llu ms", (unsigned long long)(now_ms() - t0));
    http_options_free(o);
    free(url);
  }
  /* usingProtocol and caPath from JSON */
  {
    char *url = url_join(https, "/100.bin");
    char *qca = json_quote(ca);
    char j[4096];
    snprintf(j, sizeof j, "{\"usingProtocol\":\"HTTP1_1\",\"caPath\":%s}", qca);
    struct http_options *o = parse_ok(j);
    struct http_response *r = NULL;
    int32_t rc = request_sync(url, o, &r);
    if (CHECK(rc == 0, "%s with caPath from JSON: %d (%s)", url, (int)rc, http_last_error_detail())) {
      CHECK_STR_EQ(http_response_http_version(r), "1.1");
      http_response_free(r);
    }
    http_options_free(o);
    free(qca);
    free(url);
  }
  /* maxRedirects from JSON and the setter */
  {
    char *url = url_join(http, "/redirect/3");
    struct http_options *o = parse_ok("{\"maxRedirects\":0}");
    struct http_response *r = NULL;
    if (CHECK(request_sync(url, o, &r) == 0, "maxRedirects 0")) {
      CHECK_INT_EQ(http_response_code(r), 302);
      http_response_free(r);
    }
    http_options_free(o);
    o = http_options_new();
    CHECK_INT_EQ(http_options_set_max_redirects(o, 2), 0);
    r = NULL;
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_TOO_MANY_REDIRECTS);
    CHECK_INT_EQ(http_options_set_max_redirects(o, 3), 0);
    if (CHECK(request_sync(url, o, &r) == 0, "maxRedirects 3 on 3 redirects")) {
      CHECK_INT_EQ(http_response_code(r), 200);
      http_response_free(r);
    }
    http_options_free(o);
    free(url);
  }
  /* apply_json: fields not in the JSON keep their values; on error nothing changes */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_PUT), 0);
    CHECK_INT_EQ(http_options_apply_json(o, "{\"header\":{\"X-Test\":\"applied\"}}"), 0);
    CHECK_INT_EQ(http_options_apply_json(o, "{\"method\":\"DELETE\",\"bogusKey\":1}"), NETHTTP_ERR_PARAMETER);
    const char *d = http_last_error_detail();
    CHECK(d != NULL && strstr(d, "bogusKey") != NULL, "apply_json detail: %s", d ? d : "(null)");
    CHECK_INT_EQ(http_options_apply_json(o, "{\"priority\":\"x\"}"), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_apply_json(o, NULL), NETHTTP_ERR_PARAMETER);
    char *body = echo_request(fault, "/echo-request", o);
    CHECK(json_has_str(body, "method", "PUT"), "method after apply_json: %s", body ? body : "");
    CHECK(json_has_str(body, "x-test", "applied"), "header after apply_json: %s", body ? body : "");
    free(body);
    http_options_free(o);
  }
  /* options are copied: freed or changed after the call, the started request is unaffected */
  {
    char *url = url_join(fault, "/echo-request");
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_PUT), 0);
    CHECK_INT_EQ(http_options_add_header(o, "X-Test", "first"), 0);
    completion d1, d2;
    completion_init(&d1);
    completion_init(&d2);
    struct http_handle *h1 = http_create(), *h2 = http_create();
    CHECK_INT_EQ(http_request(h1, url, o, completion_cb, &d1), 0);
    CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_DELETE), 0); /* changed after the call */
    CHECK_INT_EQ(http_options_add_header(o, "X-Test", "second"), 0);  /* replaces X-Test */
    CHECK_INT_EQ(http_request(h2, url, o, completion_cb, &d2), 0);
    http_options_free(o); /* freed after the call */
    if (CHECK(completion_wait(&d1, WAIT_MS), "no completion 1") && CHECK_INT_EQ(d1.code, 0)) {
      const char *b = (const char *)http_response_result(d1.resp, NULL);
      CHECK(json_has_str(b, "method", "PUT") && json_has_str(b, "x-test", "first"),
            "first request saw later changes: %s", b ? b : "");
    }
    if (CHECK(completion_wait(&d2, WAIT_MS), "no completion 2") && CHECK_INT_EQ(d2.code, 0)) {
      const char *b = (const char *)http_response_result(d2.resp, NULL);
      CHECK(json_has_str(b, "method", "DELETE") && json_has_str(b, "x-test", "second"),
            "second request: %s", b ? b : "");
    }
    http_destroy(h1);
    http_destroy(h2);
    completion_fini(&d1);
    completion_fini(&d2);
    free(url);
  }
  /* one options object changed between sequential requests: each request sees the values it
   * was started with, also when it reuses the pooled handle the previous one was configured on
   * (the handle remembers the options it was configured with) */
  {
    struct http_options *o = http_options_new();
    const char *values[] = {"a", "a", "b", "b", "a"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
      CHECK_INT_EQ(http_options_add_header(o, "X-Test", values[i]), 0);
      if (i == 3) CHECK_INT_EQ(http_options_set_read_timeout(o, 30000), 0); /* not a header */
      char *body = echo_request(fault, "/echo-request", o);
      CHECK(json_has_str(body, "x-test", values[i]), "request %zu: X-Test %s expected: %s", i,
            values[i], body ? body : "");
      free(body);
    }
    http_options_free(o);
  }
  /* add_header replaces a header of the same name, case-insensitively */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_add_header(o, "X-Test", "one"), 0);
    CHECK_INT_EQ(http_options_add_header(o, "X-Test", "two"), 0);
    CHECK_INT_EQ(http_options_add_header(o, "X-Other", "a"), 0);
    CHECK_INT_EQ(http_options_add_header(o, "x-other", "b"), 0);
    char *body = echo_request(fault, "/echo-request", o);
    CHECK(json_has_str(body, "x-test", "two"), "X-Test not replaced: %s", body ? body : "");
    CHECK(json_has_str(body, "x-other", "b"), "x-other not replaced case-insensitively: %s",
          body ? body : "");
    free(body);
    http_options_free(o);
  }
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *ca = env_or_die("NETHTTP_TEST_CA");

  test_setters(ca);
  test_from_json_parsing(ca);
  test_effects(http, https, fault, www, ca);
  return test_finish();
}
