/* nethttp's extensions of the request options (the "nethttp" JSON object and their typed
 * setters): the stall timeout ends a request whose peer stops sending (a held answer, a body
 * that stops) long before readTimeout, and leaves alone a slow body that keeps moving; the
 * receive speed limit paces a download (a lower bound on its duration: a limit can only make
 * it slower; the upper bound is loose); the send speed limit paces an upload; unknown
 * extension fields and a non-object are 401; nethttp_fetch's --stall-timeout and
 * --limit-rate. Servers: the fault server (/hold, /slow, /echo-request) and nginx (1m.bin).
 * nethttp-test-timeout: 120 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common.h"
#include "nethttp.h"

static int32_t timed(const char *url, struct http_options *o, uint64_t *ms, char *detail,
                     size_t n) {
  completion c;
  completion_init(&c);
  struct http_handle *h = http_create();
  uint64_t t0 = now_ms();
  int32_t rc = http_request(h, url, o, completion_cb, &c);
  if (rc == 0 && CHECK(completion_wait(&c, 60000), "no completion for %s", url)) rc = c.code;
  *ms = now_ms() - t0;
  if (detail) snprintf(detail, n, "%s", c.msg);
  http_destroy(h);
  completion_fini(&c);
  return rc;
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  char url[512], detail[512];
  uint64_t ms = 0;

  /* A held answer: stalled after ~1 s, readTimeout (20 s) far away. */
  struct http_options *o = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"readTimeout\":20000,\"nethttp\":{\"stallTimeout\":1000}}", &o), 0);
  snprintf(url, sizeof url, "%s/hold?ms=15000", fault);
  CHECK_INT_EQ(timed(url, o, &ms, detail, sizeof detail), NETHTTP_ERR_TIMEOUT);
  CHECK(ms >= 900 && ms < 10000, "stalled after %llu ms", (unsigned long long)ms);
  CHECK(strstr(detail, "stalled") != NULL, "%s", detail);
  /* A slow body that keeps moving (a chunk every 300 ms for ~3 s) is not a stall. */
  snprintf(url, sizeof url, "%s/slow?chunks=10&delay_ms=300&size=100", fault);
  CHECK_INT_EQ(timed(url, o, &ms, detail, sizeof detail), 0);
  CHECK(ms >= 2500, "the slow body took %llu ms", (unsigned long long)ms);
  /* A body that stops half-way. */
  snprintf(url, sizeof url, "%s/slow?chunks=2&delay_ms=8000&size=100", fault);
  CHECK_INT_EQ(timed(url, o, &ms, detail, sizeof detail), NETHTTP_ERR_TIMEOUT);
  CHECK(ms < 8000, "the stalled body ended after %llu ms", (unsigned long long)ms);
  http_options_free(o);

  /* Receive at 512 KiB/s: 1 MiB takes at least ~1.6 s (a limit only slows down). */
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_max_recv_speed(o, 512 * 1024), 0);
  snprintf(url, sizeof url, "%s/1m.bin", http);
  CHECK_INT_EQ(timed(url, o, &ms, NULL, 0), 0);
  CHECK(ms >= 1600 && ms < 20000, "1 MiB at 512 KiB/s took %llu ms", (unsigned long long)ms);
  fprintf(stderr, "  1 MiB at 512 KiB/s: %llu ms\n", (unsigned long long)ms);
  http_options_free(o);

  /* Send 256 KiB at 128 KiB/s: at least ~1.6 s. */
  CHECK_INT_EQ(http_options_from_json("{\"method\":\"POST\",\"nethttp\":{\"maxSendSpeed\":131072}}", &o), 0);
  static uint8_t body[256 * 1024];
  memset(body, 'u', sizeof body);
  CHECK_INT_EQ(http_options_set_extra_data_bytes(o, body, sizeof body), 0);
  snprintf(url, sizeof url, "%s/echo-request", fault);
  CHECK_INT_EQ(timed(url, o, &ms, NULL, 0), 0);
  CHECK(ms >= 1600 && ms < 20000, "256 KiB at 128 KiB/s took %llu ms", (unsigned long long)ms);
  fprintf(stderr, "  256 KiB up at 128 KiB/s: %llu ms\n", (unsigned long long)ms);
  http_options_free(o);

  /* Bad extension fields. */
  o = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"retries\":3}}", &o), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "nethttp.retries") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":5}", &o), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"stallTimeout\":-1}}", &o), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_stall_timeout(NULL, 1), NETHTTP_ERR_PARAMETER);

  /* nethttp_fetch. */
  const char *fetch = env_or_die("NETHTTP_FETCH");
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' --stall-timeout 1000 '%s/hold?ms=15000' >/dev/null 2>&1", fetch,
           fault);
  uint64_t t0 = now_ms();
  int st = system(cmd);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "--stall-timeout: status %d", st);
  CHECK(now_ms() - t0 < 10000, "--stall-timeout took %llu ms", (unsigned long long)(now_ms() - t0));
  snprintf(cmd, sizeof cmd, "'%s' --limit-rate 1048576 -o /dev/null '%s/1m.bin' >/dev/null 2>&1",
           fetch, http);
  st = system(cmd);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "--limit-rate: status %d", st);
  snprintf(cmd, sizeof cmd, "'%s' --limit-rate 0 '%s/1m.bin' >/dev/null 2>&1", fetch, http);
  st = system(cmd);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--limit-rate 0: status %d", st);
  return test_finish();
}
