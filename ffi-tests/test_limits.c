/* Limits, timeouts and transfer errors: maxLimit (explicit, at the boundary, the 5 MiB default,
 * an endless body), readTimeout (whole transfer, 0 = none), connectTimeout, refused connection,
 * unresolvable host, truncated body, and resumeFrom / resumeTo ranges. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

static int32_t run(const char *url, const struct http_options *o, struct http_response **out,
                   uint64_t *elapsed_ms) {
  struct http_handle *h = http_create();
  uint64_t t0 = now_ms();
  int32_t rc = http_request_sync(h, url, o, out);
  if (elapsed_ms) *elapsed_ms = now_ms() - t0;
  http_destroy(h);
  return rc;
}

/* Expects the request to fail with `code`, within max_ms when max_ms > 0. */
static void expect_error(const char *base, const char *path, const struct http_options *o,
                         int32_t code, uint64_t max_ms) {
  char *url = url_join(base, path);
  struct http_response *r = NULL;
  uint64_t ms = 0;
  int32_t rc = run(url, o, &r, &ms);
  CHECK(rc == code, "%s: %d (%s), expected %d", url, (int)rc, http_last_error_detail(), (int)code);
  CHECK(r == NULL, "%s: *out written on failure", url);
  if (rc != 0) {
    const char *d = http_last_error_detail();
    CHECK(d != NULL && d[0] != '\0', "%s: empty detail", url);
  }
  if (max_ms > 0) CHECK(ms < max_ms, "%s: took %llu ms (limit %llu)", url, (unsigned long long)ms,
                        (unsigned long long)max_ms);
  if (r) http_response_free(r);
  free(url);
}

static struct http_options *opts_limit(uint64_t n) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_max_limit(o, n), 0);
  return o;
}

static struct http_options *opts_read_timeout(uint32_t ms) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_read_timeout(o, ms), 0);
  return o;
}

static struct http_options *opts_range(int64_t from, int64_t to) {
  struct http_options *o = http_options_new();
  if (from >= 0) CHECK_INT_EQ(http_options_set_resume_from(o, (uint64_t)from), 0);
  if (to >= 0) CHECK_INT_EQ(http_options_set_resume_to(o, (uint64_t)to), 0);
  return o;
}

/* A range request: expects 206 and exactly file[first..first+n). */
static void expect_range(const char *http, const char *name, const char *file, size_t flen,
                         int64_t from, int64_t to, size_t first, size_t n) {
  char *url = url_join(http, name);
  struct http_options *o = opts_range(from, to);
  struct http_response *r = NULL;
  int32_t rc = run(url, o, &r, NULL);
  if (CHECK(rc == 0, "%s range %lld-%lld: %d", url, (long long)from, (long long)to, (int)rc)) {
    size_t len = 0;
    const uint8_t *b = http_response_result(r, &len);
    CHECK_INT_EQ(http_response_code(r), 206);
    CHECK(len == n && first + n <= flen && memcmp(b, file + first, n) == 0,
          "%s range %lld-%lld: got %zu bytes, expected %zu from offset %zu", name, (long long)from,
          (long long)to, len, n, first);
    http_response_free(r);
  }
  http_options_free(o);
  free(url);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *www = env_or_die("NETHTTP_TEST_WWW");

  /* ---- maxLimit ---- */
  {
    struct http_options *o = opts_limit(1000);
    expect_error(http, "/1m.bin", o, NETHTTP_ERR_MAX_LIMIT, 0);
    http_options_free(o);

    /* the boundary: a body of exactly maxLimit bytes is fine, one more is not */
    o = opts_limit(100);
    struct http_response *r = NULL;
    char *url = url_join(http, "/100.bin");
    if (CHECK(run(url, o, &r, NULL) == 0, "100.bin with maxLimit 100")) {
      size_t len = 0;
      http_response_result(r, &len);
      CHECK_INT_EQ(len, 100);
      http_response_free(r);
    }
    free(url);
    http_options_free(o);
    o = opts_limit(99);
    expect_error(http, "/100.bin", o, NETHTTP_ERR_MAX_LIMIT, 0);
    http_options_free(o);
    /* chunked (no Content-Length): counted as it arrives */
    o = opts_limit(4999);
    expect_error(fault, "/chunked?chunks=5&size=1000", o, NETHTTP_ERR_MAX_LIMIT, 0);
    http_options_free(o);

    /* the default is 5 MiB: 100 MiB fails, and at once (Content-Length says so) */
    expect_error(http, "/100m.bin", NULL, NETHTTP_ERR_MAX_LIMIT, 5000);

    /* an endless body: stopped as soon as the limit is crossed */
    o = opts_limit(100000);
    expect_error(fault, "/infinite", o, NETHTTP_ERR_MAX_LIMIT, 3000);
    http_options_free(o);

    /* through the async API: the error in the completion, no response, a message */
    o = opts_limit(1000);
    completion d;
    completion_init(&d);
    struct http_handle *h = http_create();
    url = url_join(http, "/1m.bin");
    CHECK_INT_EQ(http_request(h, url, o, completion_cb, &d), 0);
    if (CHECK(completion_wait(&d, WAIT_MS), "no completion")) {
      CHECK_INT_EQ(d.code, NETHTTP_ERR_MAX_LIMIT);
      CHECK(d.resp == NULL, "a response with an error");
      CHECK(d.msg[0] != '\0', "empty error_message");
    }
    http_destroy(h);
    CHECK_INT_EQ(completion_calls(&d), 1);
    completion_fini(&d);
    free(url);
    http_options_free(o);
  }

  /* ---- readTimeout ---- */
  {
    struct http_options *o = opts_read_timeout(300);
    expect_error(fault, "/hold?ms=3000", o, NETHTTP_ERR_TIMEOUT, 2500);
    http_options_free(o);
    /* it bounds the whole transfer, even while bytes keep arriving */
    o = opts_read_timeout(500);
    expect_error(fault, "/slow?chunks=20&delay_ms=100&size=10", o, NETHTTP_ERR_TIMEOUT, 1800);
    http_options_free(o);
    /* 0 = no limit */
    o = opts_read_timeout(0);
    char *url = url_join(fault, "/hold?ms=1200");
    struct http_response *r = NULL;
    if (CHECK(run(url, o, &r, NULL) == 0, "readTimeout 0 on /hold?ms=1200")) {
      CHECK_INT_EQ(http_response_code(r), 200);
      http_response_free(r);
    }
    free(url);
    http_options_free(o);
  }

  /* ---- connectTimeout: a listener whose accept queue is full drops our SYN ---- */
  {
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    int fillers[4] = {-1, -1, -1, -1};
    if (CHECK(bind(lfd, (struct sockaddr *)&a, sizeof a) == 0 && listen(lfd, 0) == 0 &&
                  getsockname(lfd, (struct sockaddr *)&a, &al) == 0,
              "listener setup")) {
      for (int i = 0; i < 4; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(fillers[i], F_SETFL, O_NONBLOCK);
        (void)connect(fillers[i], (struct sockaddr *)&a, sizeof a);
      }
      struct timespec ts = {0, 100 * 1000000L};
      nanosleep(&ts, NULL);
      char base[64];
      snprintf(base, sizeof base, "http://127.0.0.1:%d", ntohs(a.sin_port));
      struct http_options *o = http_options_new();
      CHECK_INT_EQ(http_options_set_connect_timeout(o, 300), 0);
      expect_error(base, "/", o, NETHTTP_ERR_TIMEOUT, 2500);
      http_options_free(o);
    }
    for (int i = 0; i < 4; i++)
      if (fillers[i] >= 0) close(fillers[i]);
    close(lfd);
  }

  /* ---- connection and name errors ---- */
  {
    int port = unused_port();
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    if (CHECK(port > 0, "no free port")) expect_error(base, "/x", NULL, NETHTTP_ERR_COULDNT_CONNECT, 5000);
    expect_error("http://nonexistent.invalid", "/", NULL, NETHTTP_ERR_COULDNT_RESOLVE, 5000);
    expect_error(fault, "/drop-mid-body", NULL, NETHTTP_ERR_PARTIAL_FILE, 5000);
    /* an unsupported scheme: refused as a parameter or by libcurl, never a success */
    {
      struct http_handle *h = http_create();
      struct http_response *r = NULL;
      int32_t rc = http_request_sync(h, "gopherx://127.0.0.1/", NULL, &r);
      CHECK(rc == NETHTTP_ERR_UNSUPPORTED_PROTOCOL || rc == NETHTTP_ERR_PARAMETER, "gopherx://: %d", (int)rc);
      CHECK(r == NULL, "*out written on failure");
      http_destroy(h);
    }
  }

  /* ---- resumeFrom / resumeTo ---- */
  {
    char *p100 = url_join(www, "100.bin");
    char *p1m = url_join(www, "1m.bin");
    size_t l100 = 0, l1m = 0;
    char *f100 = read_file(p100, &l100);
    char *f1m = read_file(p1m, &l1m);
    if (CHECK(f100 && l100 == 100 && f1m && l1m == 1048576, "cannot read the files")) {
      expect_range(http, "/100.bin", f100, l100, 10, 19, 10, 10);  /* both ends, inclusive */
      expect_range(http, "/100.bin", f100, l100, 90, -1, 90, 10);  /* resumeFrom only: the tail */
      expect_range(http, "/100.bin", f100, l100, -1, 9, 0, 10);    /* resumeTo only: 0..resumeTo */
      expect_range(http, "/100.bin", f100, l100, 42, 42, 42, 1);   /* one byte */
      expect_range(http, "/1m.bin", f1m, l1m, 1000000, -1, 1000000, 48576);
      expect_range(http, "/1m.bin", f1m, l1m, 1, 1048575, 1, 1048575);
      /* resumeTo before resumeFrom: refused */
      char *url = url_join(http, "/100.bin");
      struct http_options *o = opts_range(50, 10);
      struct http_handle *h = http_create();
      completion d;
      completion_init(&d);
      int32_t rc = http_request(h, url, o, completion_cb, &d);
      if (rc == 0 && CHECK(completion_wait(&d, WAIT_MS), "no completion")) rc = d.code;
      CHECK_INT_EQ(rc, NETHTTP_ERR_PARAMETER);
      http_destroy(h);
      completion_fini(&d);
      http_options_free(o);
      free(url);
    }
    free(f100);
    free(f1m);
    free(p100);
    free(p1m);
  }

  return test_finish();
}
