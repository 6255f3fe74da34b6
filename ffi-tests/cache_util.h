/* Helpers for the response-cache tests (ffi-tests/test_cache_*.c): one blocking request with
 * options given as JSON, and counting the requests nginx saw for a path. */
#ifndef NETHTTP_FFI_TESTS_CACHE_UTIL_H
#define NETHTTP_FFI_TESTS_CACHE_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

typedef struct fetched {
  int32_t rc;
  uint32_t code;
  int cache_status; /* http_cache_status, -1 without a response */
  char *body;       /* malloc'd, NUL-terminated */
  size_t len;
  char *served;     /* the X-Served header (malloc'd) or NULL */
  http_performance_timing timing;
} fetched;

/* GET (or whatever options_json says) base+path with http_request_sync; options_json may be
 * NULL. Never NULL fields but body/served on failure. */
static inline fetched fetch_json(const char *base, const char *path, const char *options_json) {
  fetched f;
  memset(&f, 0, sizeof f);
  f.cache_status = -1;
  char *url = url_join(base, path);
  http_options *o = NULL;
  if (options_json) {
    int32_t orc = http_options_from_json(options_json, &o);
    if (!CHECK(orc == 0, "options %s: %d %s", options_json, (int)orc, http_last_error_detail())) {
      f.rc = orc;
      free(url);
      return f;
    }
  }
  http_handle *h = http_create();
  http_response *resp = NULL;
  f.rc = http_request_sync(h, url, o, &resp);
  if (resp) {
    f.code = http_response_code(resp);
    f.cache_status = http_response_cache_status(resp);
    size_t len = 0;
    const uint8_t *body = http_response_result(resp, &len);
    f.body = malloc(len + 1);
    if (f.body) {
      memcpy(f.body, body, len);
      f.body[len] = '\0';
      f.len = len;
    }
    const char *served = http_response_header(resp, "x-served");
    if (served) {
      f.served = malloc(strlen(served) + 1);
      if (f.served) strcpy(f.served, served);
    }
    http_response_performance_timing(resp, &f.timing);
    http_response_free(resp);
  } else {
    fprintf(stderr, "request %s failed: %d %s (%s)\n", url, (int)f.rc, http_error_message(f.rc),
            http_last_error_detail());
  }
  http_destroy(h);
  http_options_free(o);
  free(url);
  return f;
}

static inline void fetched_free(fetched *f) {
  free(f->body);
  free(f->served);
  f->body = NULL;
  f->served = NULL;
}

/* The access-log needle for a request: "<METHOD> <path> HTTP/1.1 <status> ". */
static inline char *log_needle(const char *method, const char *path, int status) {
  size_t n = strlen(method) + strlen(path) + 32;
  char *s = malloc(n);
  if (!s) exit(1);
  snprintf(s, n, " %s %s HTTP/1.1 %d ", method, path, status);
  return s;
}

/* How many times nginx answered METHOD path with status so far. */
static inline long served_count(const char *method, const char *path, int status) {
  char *needle = log_needle(method, path, status);
  long n = count_lines_matching(env_or_die("NETHTTP_TEST_ACCESS_LOG"), needle);
  free(needle);
  return n;
}

/* Waits (up to 2 s) until nginx logged at least `at_least` such answers; returns the count. */
static inline long served_wait(const char *method, const char *path, int status, long at_least) {
  char *needle = log_needle(method, path, status);
  long n = wait_lines_matching(env_or_die("NETHTTP_TEST_ACCESS_LOG"), needle, at_least, 2000);
  free(needle);
  return n;
}

/* Every request nginx logged so far for path (any method and status). */
static inline long requests_for(const char *path) {
  size_t n = strlen(path) + 8;
  char *needle = malloc(n);
  if (!needle) exit(1);
  snprintf(needle, n, " %s HTTP/", path);
  long c = count_lines_matching(env_or_die("NETHTTP_TEST_ACCESS_LOG"), needle);
  free(needle);
  return c;
}

/* Makes sure every request sent so far is in the access log: a request to a marker path,
 * waited for. Call before asserting that something was NOT requested. */
static inline void log_settle(void) {
  static unsigned seq;
  char path[64];
  snprintf(path, sizeof path, "/status/204?settle=%u", ++seq);
  fetched f = fetch_json(env_or_die("NETHTTP_TEST_HTTP"), path, "{\"usingCache\":false}");
  fetched_free(&f);
  served_wait("GET", path, 204, 1);
}

#endif
