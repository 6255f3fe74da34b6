/* A panic inside the library fails only that call or request with 2300999 (NETHTTP_ERR_UNKNOWN);
 * the process and the engine live on, and nothing is printed: the library writes nothing to
 * the host's stderr (no "thread panicked at" from Rust's default panic hook). Uses the
 * debug-build hook NETHTTP_TEST_PANIC_IN, which makes the body or header handler (on the
 * worker) or http_options_new (at the C boundary, on this thread) panic. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

int main(void) {
  char *url = url_join(env_or_die("NETHTTP_TEST_HTTP"), "/100.bin");
  uint32_t status = 0;

  /* stderr into a file while the panics happen (the CHECK messages go there too). */
  char path[512];
  snprintf(path, sizeof path, "%s/stderr.txt", env_or_die("NETHTTP_TEST_TMP"));
  fflush(stderr);
  int saved = dup(2);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || saved < 0 || dup2(fd, 2) < 0) {
    perror("redirect stderr");
    return 1;
  }
  close(fd);

  const char *places[] = {"write", "header"};
  int32_t rcs[2];
  char details[2][256];
  for (size_t i = 0; i < 2; i++) {
    setenv("NETHTTP_TEST_PANIC_IN", places[i], 1);
    rcs[i] = fetch_sync(url, NULL, &status, NULL, NULL);
    unsetenv("NETHTTP_TEST_PANIC_IN");
    snprintf(details[i], sizeof details[i], "%s", http_last_error_detail());
  }
  setenv("NETHTTP_TEST_PANIC_IN", "ffi", 1);
  struct http_options *o = http_options_new();
  unsetenv("NETHTTP_TEST_PANIC_IN");
  char ffi_detail[256];
  snprintf(ffi_detail, sizeof ffi_detail, "%s", http_last_error_detail());

  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  size_t len = 0;
  char *printed = read_file(path, &len);
  /* fetch_sync prints a failed request's url and code itself; anything else is the library's. */
  size_t own = 0;
  for (char *p = printed; p && *p;) {
    char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p + 1) : strlen(p);
    if (strstr(p, "100.bin -> 2300999") != NULL && (e == NULL || strstr(p, "100.bin") < e)) own += n;
    p += n;
  }
  CHECK(len == own, "the library printed %zu bytes: %s", len - own, printed ? printed : "");
  CHECK(printed == NULL || strstr(printed, "panicked") == NULL, "%s", printed);
  free(printed);

  for (size_t i = 0; i < 2; i++) {
    CHECK_INT_EQ(rcs[i], NETHTTP_ERR_UNKNOWN);
    CHECK(strstr(details[i], "panic") != NULL, "detail mentions the panic: %s", details[i]);
  }
  CHECK(o == NULL, "http_options_new returned an object despite the panic");
  CHECK(strstr(ffi_detail, "panic") != NULL && strstr(ffi_detail, "test panic in ffi") != NULL,
        "the detail carries the panic's message: %s", ffi_detail);

  /* The engine survived: the next request works. */
  status = 0;
  CHECK_INT_EQ(fetch_sync(url, NULL, &status, NULL, NULL), 0);
  CHECK_INT_EQ(status, 200);
  o = http_options_new();
  CHECK(o != NULL, "http_options_new after the panic");
  http_options_free(o);
  free(url);
  return test_finish();
}
