/* The response: responseCode (404/500 are responses, not errors), result bytes (exact length,
 * binary-safe, NUL-terminated), resultType by Content-Type and by expectDataType, the header
 * object (lowercased keys, every Set-Cookie kept), case-insensitive header lookup, cookies,
 * performanceTiming, the HTTP version used (checked against nginx's access log too), the
 * effective URL, gzip decoding, and http_response_json in the spec's shape. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

/* GET base+path with o; the response or NULL (failure recorded). */
static struct http_response *get(const char *base, const char *path, const struct http_options *o) {
  char *url = url_join(base, path);
  struct http_response *r = NULL;
  int32_t rc = request_sync(url, o, &r);
  if (!CHECK(rc == 0 && r != NULL, "GET %s: %d (%s)", url, (int)rc, http_last_error_detail())) r = NULL;
  free(url);
  return r;
}

static struct http_options *expect_type(int t) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_expect_data_type(o, t), 0);
  return o;
}

static void check_result_type(const char *base, const char *path, const struct http_options *o,
                              int expected) {
  struct http_response *r = get(base, path, o);
  if (r) {
    CHECK(http_response_result_type(r) == expected, "%s: resultType %d, expected %d", path,
          (int)http_response_result_type(r), expected);
    http_response_free(r);
  }
}

/* The access-log line containing tag, copied into buf. nginx writes it just after the response
 * goes out, so it is waited for (up to 2 s). */
static bool log_line(const char *log, const char *tag, char *buf, size_t cap) {
  buf[0] = '\0';
  for (uint64_t deadline = now_ms() + 2000;;) {
    size_t n;
    char *text = read_file(log, &n);
    char *p = text ? strstr(text, tag) : NULL;
    if (p != NULL) {
      char *start = p, *end = p;
      while (start > text && start[-1] != '\n') start--;
      while (*end && *end != '\n') end++;
      size_t l = (size_t)(end - start) < cap - 1 ? (size_t)(end - start) : cap - 1;
      memcpy(buf, start, l);
      buf[l] = '\0';
    }
    free(text);
    if (p != NULL) return true;
    if (now_ms() > deadline) return false;
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
}

#define EPS 0.001

static void check_timing(const char *what, const struct http_response *r, bool tls, bool fresh) {
  http_performance_timing t;
  memset(&t, 0xff, sizeof t); /* NaNs: any field left unwritten fails the >= 0 checks */
  if (!CHECK_INT_EQ(http_response_performance_timing(r, &t), 0)) return;
  double f[10] = {t.dns_timing,          t.tcp_timing,         t.tls_timing,
                  t.first_send_timing,   t.first_receive_timing, t.total_finish_timing,
                  t.redirect_timing,     t.response_header_timing, t.response_body_timing,
                  t.total_timing};
  for (int i = 0; i < 10; i++) CHECK(f[i] >= 0.0, "%s: timing field %d = %f", what, i, f[i]);
  fprintf(stderr,
          "%s timing: dns %.3f tcp %.3f tls %.3f send %.3f recv %.3f finish %.3f redirect %.3f "
          "header %.3f body %.3f total %.3f\n",
          what, t.dns_timing, t.tcp_timing, t.tls_timing, t.first_send_timing,
          t.first_receive_timing, t.total_finish_timing, t.redirect_timing,
          t.response_header_timing, t.response_body_timing, t.total_timing);
  CHECK(t.total_timing > 0.0, "%s: total_timing %f", what, t.total_timing);
  CHECK(t.total_timing < 10000.0, "%s: total_timing %f ms for a loopback request", what, t.total_timing);
  CHECK(t.first_send_timing <= t.first_receive_timing + EPS, "%s: first_send > first_receive", what);
  CHECK(t.first_receive_timing <= t.total_finish_timing + EPS, "%s: first_receive > total_finish", what);
  CHECK(t.total_finish_timing <= t.total_timing + EPS, "%s: total_finish > total", what);
  CHECK(t.response_header_timing <= t.total_timing + EPS, "%s: response_header > total", what);
  CHECK(t.response_body_timing <= t.total_timing + EPS, "%s: response_body > total", what);
  CHECK(t.response_header_timing <= t.response_body_timing + EPS, "%s: header > body", what);
  CHECK(t.first_receive_timing > 0.0, "%s: first_receive_timing 0", what);
  if (fresh) { /* a new connection: every connect phase happened, in order */
    CHECK(t.dns_timing <= t.tcp_timing + EPS, "%s: dns > tcp", what);
    CHECK(t.tcp_timing > 0.0, "%s: tcp_timing 0 on a new connection", what);
    CHECK(t.tcp_timing <= t.first_send_timing + EPS, "%s: tcp > first_send", what);
    if (tls) {
      CHECK(t.tls_timing > 0.0, "%s: tls_timing 0 on a new TLS connection", what);
      CHECK(t.tcp_timing <= t.tls_timing + EPS, "%s: tcp > tls", what);
      CHECK(t.tls_timing <= t.first_send_timing + EPS, "%s: tls > first_send", what);
    }
  }
  if (!tls) CHECK(t.tls_timing == 0.0, "%s: tls_timing %f on cleartext", what, t.tls_timing);
  CHECK(t.redirect_timing == 0.0, "%s: redirect_timing %f without redirects", what, t.redirect_timing);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *h2c = env_or_die("NETHTTP_TEST_H2C");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *access_log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  char tag[128], path[256], line[1024];
  struct http_response *r;

  struct http_options *with_ca = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(with_ca, ca), 0);

  /* ---- timing first, while every connection is new ---- */
  if ((r = get(http, "/100.bin?timing", NULL)) != NULL) {
    check_timing("http", r, false, true);
    CHECK_STR_EQ(http_response_http_version(r), "1.1");
    http_response_free(r);
  }
  if ((r = get(https, "/100.bin?timing", with_ca)) != NULL) {
    check_timing("https", r, true, true);
    CHECK_STR_EQ(http_response_http_version(r), "2");
    http_response_free(r);
  }
  /* a reused connection: the phases that did not happen are 0, never negative */
  if ((r = get(http, "/100.bin?timing2", NULL)) != NULL) {
    check_timing("http reused", r, false, false);
    http_response_free(r);
  }
  if ((r = get(http, "/redirect/3", NULL)) != NULL) {
    http_performance_timing t;
    CHECK_INT_EQ(http_response_performance_timing(r, &t), 0);
    CHECK(t.redirect_timing > 0.0, "redirect_timing %f after 3 redirects", t.redirect_timing);
    CHECK(t.redirect_timing <= t.total_timing + EPS, "redirect_timing > total_timing");
    http_response_free(r);
  }

  /* ---- codes: 404 and 500 are responses ---- */
  {
    static const struct { const char *path; uint32_t code; const char *body; } cases[] = {
        {"/status/404", 404, "status 404\n"},
        {"/status/500", 500, "status 500\n"},
        {"/status/201", 201, "status 201\n"},
        {"/json", 200, "{\"hello\":\"world\",\"n\":1}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      if ((r = get(http, cases[i].path, NULL)) != NULL) {
        CHECK_INT_EQ(http_response_code(r), cases[i].code);
        CHECK_STR_EQ((const char *)http_response_result(r, NULL), cases[i].body);
        http_response_free(r);
      }
    }
    if ((r = get(fault, "/status?code=204", NULL)) != NULL) {
      size_t len = 99;
      const uint8_t *b = http_response_result(r, &len);
      CHECK_INT_EQ(http_response_code(r), 204);
      CHECK(b != NULL && len == 0 && b[0] == '\0', "204: %zu bytes", len);
      http_response_free(r);
    }
  }

  /* ---- result bytes: exact, binary-safe, NUL-terminated ---- */
  {
    snprintf(path, sizeof path, "%s/100.bin", www);
    if ((r = get(http, "/100.bin", NULL)) != NULL) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK_INT_EQ(len, 100);
      CHECK(file_equals_bytes(path, b, len), "100.bin differs from the file");
      CHECK(b[len] == '\0', "no NUL after the result");
      http_response_free(r);
    }
    if ((r = get(http, "/0.bin", NULL)) != NULL) {
      size_t len = 99;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(b != NULL && len == 0, "0.bin: %zu bytes", len);
      http_response_free(r);
    }
    if ((r = get(fault, "/bytes?n=3000", NULL)) != NULL) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK_INT_EQ(len, 3000);
      size_t bad = 0;
      for (size_t i = 0; i < len; i++)
        if (b[i] != (uint8_t)(i % 251)) bad++;
      CHECK(bad == 0, "/bytes: %zu bytes differ (NULs at 0, 251, 502, ... must survive)", bad);
      CHECK(b[len] == '\0', "no NUL after the result");
      http_response_free(r);
    }
    /* text.txt whole, and gzip-encoded text decoded to the same bytes */
    snprintf(path, sizeof path, "%s/text.txt", www);
    if ((r = get(http, "/text.txt", NULL)) != NULL) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(file_equals_bytes(path, b, len), "text.txt differs (%zu bytes)", len);
      http_response_free(r);
    }
    if ((r = get(http, "/gzip/text.txt", NULL)) != NULL) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(file_equals_bytes(path, b, len), "/gzip/text.txt not decoded to text.txt (%zu bytes)", len);
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_STRING);
      http_response_free(r);
    }
  }

  /* ---- resultType by Content-Type ---- */
  check_result_type(http, "/json", NULL, HTTP_DATA_TYPE_STRING);           /* application/json */
  check_result_type(http, "/data.json", NULL, HTTP_DATA_TYPE_STRING);      /* application/json */
  check_result_type(http, "/100.bin", NULL, HTTP_DATA_TYPE_ARRAY_BUFFER);  /* octet-stream */
  check_result_type(http, "/image.png", NULL, HTTP_DATA_TYPE_ARRAY_BUFFER); /* image/png */
  check_result_type(http, "/text.txt", NULL, HTTP_DATA_TYPE_STRING);       /* text/plain */
  check_result_type(fault, "/bytes?n=10&type=image/jpeg", NULL, HTTP_DATA_TYPE_ARRAY_BUFFER);
  check_result_type(fault, "/bytes?n=10&type=application/json%3B%20charset%3Dutf-8", NULL,
                    HTTP_DATA_TYPE_STRING);
  check_result_type(fault, "/bytes?n=10&type=text/html", NULL, HTTP_DATA_TYPE_STRING);
  check_result_type(fault, "/no-content-type", NULL, HTTP_DATA_TYPE_STRING);

  /* ---- resultType by expectDataType ---- */
  {
    struct http_options *obj = expect_type(HTTP_DATA_TYPE_OBJECT);
    struct http_options *buf = expect_type(HTTP_DATA_TYPE_ARRAY_BUFFER);
    struct http_options *str = expect_type(HTTP_DATA_TYPE_STRING);
    snprintf(path, sizeof path, "%s/text.txt", www);
    if ((r = get(http, "/json", obj)) != NULL) {
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_OBJECT);
      CHECK_STR_EQ((const char *)http_response_result(r, NULL), "{\"hello\":\"world\",\"n\":1}");
      size_t jl = 0;
      const char *j = http_response_json(r, &jl);
      CHECK(json_has_str(j, "resultEncoding", "json"), "OBJECT resultEncoding: %s", j ? j : "");
      const char *v = json_value(j, "result");
      CHECK(v != NULL && v[0] == '{' && json_has_str(v, "hello", "world") && json_has_num(v, "n", 1),
            "OBJECT result not a JSON object in http_response_json: %s", j ? j : "");
      http_response_free(r);
    }
    check_result_type(http, "/text.txt", obj, HTTP_DATA_TYPE_STRING); /* not JSON: STRING */
    if ((r = get(http, "/text.txt", buf)) != NULL) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      CHECK_INT_EQ(http_response_result_type(r), HTTP_DATA_TYPE_ARRAY_BUFFER);
      CHECK(file_equals_bytes(path, b, len), "text.txt as ARRAY_BUFFER differs");
      http_response_free(r);
    }
    check_result_type(http, "/json", buf, HTTP_DATA_TYPE_ARRAY_BUFFER);
    check_result_type(http, "/json", str, HTTP_DATA_TYPE_STRING);
    check_result_type(http, "/data.json", obj, HTTP_DATA_TYPE_OBJECT);
    http_options_free(obj);
    http_options_free(buf);
    http_options_free(str);
  }

  /* ---- the header object ---- */
  if ((r = get(fault, "/headers-shape", NULL)) != NULL) {
    size_t len = 0;
    const char *hj = http_response_header_json(r, &len);
    if (CHECK(hj != NULL, "no header json")) {
      fprintf(stderr, "header json: %s\n", hj);
      CHECK(len == strlen(hj), "header_json len %zu, strlen %zu", len, strlen(hj));
      CHECK(hj[0] == '{', "header json is not an object");
      CHECK(json_has_str(hj, "x-mixed-case", "MixedValue"), "lowercased key / value kept");
      CHECK(strstr(hj, "X-MiXeD-CaSe") == NULL, "a key kept its case");
      CHECK(strstr(hj, "Content-Type") == NULL, "Content-Type not lowercased");
      CHECK(json_has_str(hj, "content-type", "text/plain"), "content-type");
      CHECK(json_has_str(hj, "x-multi", "one, two"), "repeated field not joined with \", \"");
      CHECK(json_has_str(hj, "x-empty", ""), "empty-valued header missing");
      CHECK(json_has_str(hj, "x-lower", "lower"), "x-lower");
      const char *sc = json_value(hj, "set-cookie");
      CHECK(sc != NULL && sc[0] == '[', "set-cookie is not an array");
      CHECK(strstr(hj, "\"a=1; Path=/\"") != NULL && strstr(hj, "\"b=2; Path=/; HttpOnly\"") != NULL,
            "a Set-Cookie value lost");
      CHECK(json_value(hj, "status-line") != NULL, "no status-line");
    }
    CHECK_STR_EQ(http_response_header(r, "X-MIXED-CASE"), "MixedValue");
    CHECK_STR_EQ(http_response_header(r, "x-mixed-case"), "MixedValue");
    CHECK_STR_EQ(http_response_header(r, "X-MiXeD-CaSe"), "MixedValue");
    CHECK_STR_EQ(http_response_header(r, "content-type"), "text/plain");
    CHECK_STR_EQ(http_response_header(r, "X-Multi"), "one, two");
    CHECK_STR_EQ(http_response_header(r, "x-empty"), "");
    CHECK_STR_EQ(http_response_header(r, "Content-Length"), "2");
    CHECK(http_response_header(r, "X-Absent") == NULL, "absent header not NULL");
    CHECK_STR_EQ(http_response_cookies(r), "a=1; Path=/\r\nb=2; Path=/; HttpOnly");
    http_response_free(r);
  }
  if ((r = get(http, "/cookies/set", NULL)) != NULL) {
    const char *c = http_response_cookies(r);
    CHECK(c != NULL && strstr(c, "session=abc123") != NULL && strstr(c, "theme=dark") != NULL,
          "cookies: %s", c ? c : "(null)");
    const char *hj = http_response_header_json(r, NULL);
    CHECK(hj != NULL && strstr(hj, "session=abc123") && strstr(hj, "theme=dark"),
          "set-cookie values in the header object: %s", hj ? hj : "(null)");
    http_response_free(r);
  }
  if ((r = get(http, "/100.bin", NULL)) != NULL) {
    CHECK_STR_EQ(http_response_cookies(r), "");
    CHECK_STR_EQ(http_response_header(r, "Content-Length"), "100");
    CHECK_STR_EQ(http_response_header(r, "content-type"), "application/octet-stream");
    http_response_free(r);
  }

  /* ---- HTTP version, checked on the server side too ---- */
  {
    struct http_options *h2 = http_options_new(), *h11 = http_options_new(), *h3 = http_options_new();
    CHECK_INT_EQ(http_options_set_using_protocol(h2, HTTP_PROTOCOL_HTTP2), 0);
    CHECK_INT_EQ(http_options_set_using_protocol(h11, HTTP_PROTOCOL_HTTP1_1), 0);
    CHECK_INT_EQ(http_options_set_using_protocol(h3, HTTP_PROTOCOL_HTTP3), 0);
    CHECK_INT_EQ(http_options_set_ca_path(h11, ca), 0);
    CHECK_INT_EQ(http_options_set_ca_path(h3, ca), 0);

    snprintf(tag, sizeof tag, "/100.bin?h2c-%d", (int)getpid());
    if ((r = get(h2c, tag, h2)) != NULL) {
      CHECK_STR_EQ(http_response_http_version(r), "2");
      CHECK(log_line(access_log, tag, line, sizeof line) && strstr(line, "proto=HTTP/2.0"),
            "access log for h2c: %s", line);
      http_response_free(r);
    }
    snprintf(tag, sizeof tag, "/100.bin?h11tls-%d", (int)getpid());
    if ((r = get(https, tag, h11)) != NULL) {
      CHECK_STR_EQ(http_response_http_version(r), "1.1");
      CHECK(log_line(access_log, tag, line, sizeof line) && strstr(line, "proto=HTTP/1.1"),
            "access log for HTTP1_1 over TLS: %s", line);
      http_response_free(r);
    }
    snprintf(tag, sizeof tag, "/100.bin?h2tls-%d", (int)getpid());
    if ((r = get(https, tag, with_ca)) != NULL) {
      CHECK_STR_EQ(http_response_http_version(r), "2");
      CHECK(log_line(access_log, tag, line, sizeof line) && strstr(line, "proto=HTTP/2.0"),
            "access log for default TLS: %s", line);
      http_response_free(r);
    }
    snprintf(tag, sizeof tag, "/100.bin?h11-%d", (int)getpid());
    if ((r = get(http, tag, NULL)) != NULL) {
      CHECK_STR_EQ(http_response_http_version(r), "1.1");
      CHECK(log_line(access_log, tag, line, sizeof line) && strstr(line, "proto=HTTP/1.1"),
            "access log for cleartext: %s", line);
      http_response_free(r);
    }
    /* HTTP3: the best available over TLS; refused for http:// */
    if ((r = get(https, "/100.bin", h3)) != NULL) {
      const char *v = http_response_http_version(r);
      CHECK(v != NULL && (strcmp(v, "2") == 0 || strcmp(v, "3") == 0), "HTTP3 fallback: %s",
            v ? v : "(null)");
      http_response_free(r);
    }
    {
      char *url = url_join(http, "/100.bin");
      struct http_handle *h = http_create();
      struct http_response *x = NULL;
      CHECK_INT_EQ(http_request_sync(h, url, h3, &x), NETHTTP_ERR_UNSUPPORTED_PROTOCOL);
      http_destroy(h);
      free(url);
    }
    http_options_free(h2);
    http_options_free(h11);
    http_options_free(h3);
  }

  /* ---- effective URL ---- */
  {
    char *url = url_join(http, "/100.bin");
    if ((r = get(http, "/100.bin", NULL)) != NULL) {
      CHECK_STR_EQ(http_response_effective_url(r), url);
      http_response_free(r);
    }
    free(url);
    url = url_join(http, "/redirect/0");
    if ((r = get(http, "/redirect/3", NULL)) != NULL) {
      CHECK_STR_EQ(http_response_effective_url(r), url);
      http_response_free(r);
    }
    free(url);
  }

  /* ---- http_response_json ---- */
  {
    snprintf(path, sizeof path, "%s/100.bin", www);
    size_t flen = 0;
    char *file = read_file(path, &flen);
    if ((r = get(http, "/100.bin", NULL)) != NULL && file != NULL) {
      size_t len = 0;
      const char *j = http_response_json(r, &len);
      if (CHECK(j != NULL, "no json")) {
        CHECK(len == strlen(j), "json len %zu != strlen %zu", len, strlen(j));
        CHECK(j[0] == '{' && j[len - 1] == '}', "not one JSON object");
        CHECK(strchr(j, '\n') == NULL, "not one line");
        CHECK(json_has_num(j, "responseCode", 200), "responseCode: %s", j);
        CHECK(json_has_num(j, "resultType", 2), "resultType: %s", j);
        CHECK(json_has_str(j, "resultEncoding", "base64"), "binary result not marked base64: %s", j);
        char *b64 = base64_encode((const uint8_t *)file, flen);
        CHECK(json_has_str(j, "result", b64), "result is not the base64 of 100.bin: %s", j);
        free(b64);
        CHECK(json_has_str(j, "cookies", ""), "cookies: %s", j);
        CHECK(json_has_str(j, "httpVersion", "1.1"), "httpVersion: %s", j);
        const char *h = json_value(j, "header");
        CHECK(h != NULL && h[0] == '{' && json_has_str(h, "content-length", "100"), "header: %s", j);
        const char *pt = json_value(j, "performanceTiming");
        CHECK(pt != NULL && pt[0] == '{', "performanceTiming: %s", j);
        static const char *const keys[] = {
            "dnsTiming",         "tcpTiming",      "tlsTiming",          "firstSendTiming",
            "firstReceiveTiming", "totalFinishTiming", "redirectTiming", "responseHeaderTiming",
            "responseBodyTiming", "totalTiming"};
        for (int i = 0; i < 10; i++)
          CHECK(pt != NULL && json_value(pt, keys[i]) != NULL, "performanceTiming.%s missing", keys[i]);
        /* the same pointer on a second call (built once) */
        CHECK(http_response_json(r, NULL) == j, "http_response_json rebuilt");
      }
    }
    http_response_free(r);
    free(file);

    if ((r = get(http, "/status/404", NULL)) != NULL) {
      const char *j = http_response_json(r, NULL);
      CHECK(json_has_num(j, "responseCode", 404), "404 json: %s", j ? j : "");
      CHECK(json_has_str(j, "result", "status 404\\n"), "404 text result: %s", j ? j : "");
      CHECK(json_has_str(j, "resultEncoding", "utf8"), "text resultEncoding: %s", j ? j : "");
      CHECK(json_has_num(j, "resultType", 0), "resultType: %s", j ? j : "");
      http_response_free(r);
    }
    /* a STRING result that is not UTF-8 is still carried exactly (as base64) */
    if ((r = get(fault, "/bytes?n=300&type=text/plain", NULL)) != NULL) {
      uint8_t expect[300];
      for (int i = 0; i < 300; i++) expect[i] = (uint8_t)(i % 251);
      const char *j = http_response_json(r, NULL);
      char *b64 = base64_encode(expect, sizeof expect);
      CHECK(json_has_str(j, "resultEncoding", "base64") && json_has_str(j, "result", b64),
            "non-UTF-8 text result: %s", j ? j : "");
      free(b64);
      http_response_free(r);
    }
    if ((r = get(fault, "/headers-shape", NULL)) != NULL) {
      const char *j = http_response_json(r, NULL);
      CHECK(json_has_str(j, "cookies", "a=1; Path=/\\r\\nb=2; Path=/; HttpOnly"), "cookies in json: %s",
            j ? j : "");
      http_response_free(r);
    }
  }

  http_options_free(with_ca);
  return test_finish();
}
