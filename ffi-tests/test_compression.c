/* Compressed responses: gzip, deflate, br, zstd (and a stack "gzip, br") are decoded whatever
 * the linked libcurl was built with; Accept-Encoding advertises exactly the decodable set;
 * maxLimit counts decoded bytes, so a decompression bomb stops at the limit (also for
 * streaming, where the events carry decoded bytes). Real compressors: nginx's gzip and brotli
 * modules, and the fault server's /encoded (flate2, brotli, zstd). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

static bool is_pattern(const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (b[i] != (uint8_t)(i % 251)) return false;
  return true;
}

/* The comma-separated tokens of s, as a set, equal {gzip, deflate, br, zstd}. */
static bool advertises_exactly_all(const char *s) {
  if (!s) return false;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  int seen[4] = {0}, n = 0;
  const char *want[4] = {"gzip", "deflate", "br", "zstd"};
  for (char *t = strtok(buf, ", "); t; t = strtok(NULL, ", ")) {
    int k = -1;
    for (int i = 0; i < 4; i++)
      if (strcmp(t, want[i]) == 0) k = i;
    if (k < 0 || seen[k]) return false;
    seen[k] = 1;
    n++;
  }
  return n == 4;
}

static void test_encodings(const char *fault) {
  const char *encs[] = {"gzip", "deflate", "br", "zstd", "gzip,%20br"};
  for (size_t i = 0; i < sizeof encs / sizeof *encs; i++) {
    char path[128];
    snprintf(path, sizeof path, "/encoded?enc=%s&n=300000", encs[i]);
    char *url = url_join(fault, path);
    struct http_response *r = NULL;
    if (CHECK(request_sync(url, NULL, &r) == 0, "%s", encs[i])) {
      size_t len;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(len == 300000 && is_pattern(b, len), "%s: %zu decoded bytes", encs[i], len);
      const char *ae = http_response_header(r, "x-accept-encoding");
      CHECK(advertises_exactly_all(ae), "Accept-Encoding sent: %s", ae ? ae : "(none)");
      http_response_free(r);
    }
    free(url);
  }
  /* an encoding nobody can decode: a clear error, not garbage */
  char *url = url_join(fault, "/encoded?enc=compress&n=10");
  struct http_response *r = NULL;
  CHECK_INT_EQ(request_sync(url, NULL, &r), 2300061);
  free(url);
}

static void test_nginx(const char *http, const char *www) {
  char *path = url_join(www, "text.txt");
  size_t flen = 0;
  char *text = read_file(path, &flen);
  const char *locs[] = {"/gzip/text.txt", "/br/text.txt", "/gzip-always/text.txt"};
  for (size_t i = 0; i < 3; i++) {
    char *url = url_join(http, locs[i]);
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    if (CHECK(http_request_sync(h, url, NULL, &r) == 0, "%s", url)) {
      size_t len;
      const uint8_t *b = http_response_result(r, &len);
      CHECK(text && len == flen && memcmp(b, text, len) == 0, "%s: %zu bytes, file %zu", url, len, flen);
      const char *ce = http_response_header(r, "content-encoding");
      CHECK(ce != NULL, "%s: not compressed by nginx", url);
      http_response_free(r);
    }
    http_destroy(h);
    free(url);
  }
  free(text);
  free(path);
}

static void test_bombs(const char *fault) {
  const char *encs[] = {"gzip", "br", "zstd"};
  for (size_t i = 0; i < 3; i++) {
    char path[128];
    /* 64 MiB of zeros: a few KiB to a few tens of KiB compressed */
    snprintf(path, sizeof path, "/encoded?enc=%s&n=67108864&zeros=1", encs[i]);
    char *url = url_join(fault, path);
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_max_limit(o, 1024 * 1024), 0);
    struct http_response *r = NULL;
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_MAX_LIMIT);
    CHECK(r == NULL, "response written on failure");
    /* the limit is on decoded bytes: 2 MiB decoded from a tiny body also fails */
    snprintf(path, sizeof path, "/encoded?enc=%s&n=2097152&zeros=1", encs[i]);
    free(url);
    url = url_join(fault, path);
    CHECK_INT_EQ(request_sync(url, o, &r), NETHTTP_ERR_MAX_LIMIT);
    CHECK_INT_EQ(http_options_set_max_limit(o, 4 * 1024 * 1024), 0);
    if (CHECK(request_sync(url, o, &r) == 0, "2 MiB decoded under a 4 MiB limit")) {
      size_t len;
      http_response_result(r, &len);
      CHECK_INT_EQ(len, 2097152);
      http_response_free(r);
    }
    http_options_free(o);
    free(url);
  }
}

typedef struct {
  waiter w;
  size_t bytes;
  int32_t code;
  bool pattern_ok;
} stream_t;

static void on_data(void *ud, struct http_handle *h, const struct http_event *ev) {
  (void)h;
  stream_t *s = ud;
  if (ev->type == HTTP_EVENT_DATA_RECEIVE) {
    for (size_t i = 0; i < ev->data_len; i++)
      if (ev->data[i] != (uint8_t)((s->bytes + i) % 251)) s->pattern_ok = false;
    s->bytes += ev->data_len;
  }
}

static void on_done(void *ud, struct http_handle *h, int32_t code, const char *m,
                    struct http_response *r) {
  (void)h;
  (void)m;
  stream_t *s = ud;
  s->code = code;
  http_response_free(r);
  waiter_signal(&s->w);
}

static void test_stream(const char *fault) {
  stream_t s;
  memset(&s, 0, sizeof s);
  s.pattern_ok = true;
  waiter_init(&s.w);
  char *url = url_join(fault, "/encoded?enc=br&n=1000000");
  struct http_handle *h = http_create();
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, on_data, &s), 0);
  CHECK_INT_EQ(http_request_in_stream(h, url, NULL, on_done, &s), 0);
  if (CHECK(waiter_wait(&s.w, 20000), "stream completion")) {
    CHECK_INT_EQ(s.code, 0);
    CHECK_INT_EQ(s.bytes, 1000000);
    CHECK(s.pattern_ok, "streamed bytes are not the decoded pattern");
  }
  http_destroy(h);
  waiter_destroy(&s.w);
  free(url);
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  fprintf(stderr, "libcurl: %s\n", http_version_info());
  test_encodings(fault);
  test_nginx(env_or_die("NETHTTP_TEST_HTTP"), env_or_die("NETHTTP_TEST_WWW"));
  test_bombs(fault);
  test_stream(fault);
  return test_finish();
}
