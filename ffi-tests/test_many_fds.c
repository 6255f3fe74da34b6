/* Sockets numbered 1024 and above work: libcurl must wait with poll(), not select() (whose
 * fd_set ends at FD_SETSIZE = 1024). curl-sys builds its bundled curl 8.22 without HAVE_POLL
 * unless its build defines it (vendor/curl-sys/build.rs does); without it a process that already has 1,024 files open cannot
 * make any request, and no process can have more than ~1,000 connections at once.
 * The test occupies descriptors up to 1,100, then makes two requests (HTTP/1.1 and TLS) whose
 * sockets must therefore be numbered above 1,024, plus 40 at once with the worker's callbacks. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define HIGH_FD 1100
#define PARALLEL 40

static atomic_int g_ok, g_done;
static waiter g_all;

static void on_done(void *ud, http_handle *req, int32_t code, const char *msg,
                    http_response *resp) {
  (void)ud;
  if (code == 0 && http_response_code(resp) == 200) {
    atomic_fetch_add(&g_ok, 1);
  } else {
    fprintf(stderr, "request failed: %d %s (%s)\n", (int)code, http_error_message(code), msg);
  }
  http_response_free(resp);
  http_destroy(req);
  if (atomic_fetch_add(&g_done, 1) + 1 == PARALLEL) waiter_signal(&g_all);
}

static void get_sync(const char *url, const http_options *o) {
  http_handle *h = http_create();
  http_response *resp = NULL;
  int32_t rc = http_request_sync(h, url, o, &resp);
  CHECK(rc == 0, "GET %s with descriptors up to %d taken: %d %s (%s)", url, HIGH_FD, (int)rc,
        http_error_message(rc), http_last_error_detail());
  if (resp) CHECK_INT_EQ(http_response_code(resp), 200);
  http_response_free(resp);
  http_destroy(h);
}

int main(void) {
  char *http = url_join(env_or_die("NETHTTP_TEST_HTTP"), "/100.bin");
  char *https = url_join(env_or_die("NETHTTP_TEST_HTTPS"), "/json");
  const char *ca = env_or_die("NETHTTP_TEST_CA");

  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rlim_t want = HIGH_FD + 4 * PARALLEL + 64;
  if (rl.rlim_cur < want) {
    if (rl.rlim_max < want) {
      fprintf(stderr, "the open-file hard limit %lu is below %lu: cannot run this test\n",
              (unsigned long)rl.rlim_max, (unsigned long)want);
      return 1;
    }
    rl.rlim_cur = want;
    if (!CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit(%lu)", (unsigned long)want))
      return test_finish();
  }
  /* Take every free descriptor below HIGH_FD: new sockets get numbers above it. */
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (!CHECK(null_fd >= 0, "open /dev/null")) return test_finish();
  int taken = 0;
  for (;;) {
    int fd = fcntl(null_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0 || fd >= HIGH_FD) {
      if (fd >= 0) close(fd);
      break;
    }
    taken++;
  }
  CHECK(taken > 1000, "took %d descriptors", taken);

  http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  get_sync(http, o);
  get_sync(https, o);

  waiter_init(&g_all);
  for (int i = 0; i < PARALLEL; i++) {
    http_handle *h = http_create();
    int32_t rc = http_request(h, http, o, on_done, NULL);
    if (!CHECK(rc == 0, "http_request: %d", (int)rc)) {
      http_destroy(h);
      atomic_fetch_add(&g_done, 1);
    }
  }
  CHECK(waiter_wait(&g_all, 30000), "only %d of %d requests completed", atomic_load(&g_done),
        PARALLEL);
  CHECK_INT_EQ(atomic_load(&g_ok), PARALLEL);
  waiter_destroy(&g_all);

  http_options_free(o);
  free(http);
  free(https);
  return test_finish();
}
