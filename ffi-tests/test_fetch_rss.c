/* nethttp_fetch --stream -o through the 100 MiB file: the file arrives intact and the tool's
 * peak RSS stays under 32 MiB (the body is streamed, never held). The peak comes from
 * wait4()'s rusage of the child, which is what /usr/bin/time -f %M reports too.
 * nethttp-test-timeout: 120 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define SIZE_100M (100L * 1024 * 1024)
#define RSS_LIMIT_KIB (32L * 1024)

/* Runs fetch with args, stdout/stderr to files; returns the exit status (-1 if not normal) and
 * the child's peak RSS in KiB. */
static int run_measured(const char *fetch, char *const argv[], const char *out, const char *err,
                        long *maxrss_kib) {
  pid_t pid = fork();
  if (pid == 0) {
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fo < 0 || fe < 0) _exit(126);
    dup2(fo, 1);
    dup2(fe, 2);
    execv(fetch, argv);
    _exit(127);
  }
  if (pid < 0) return -1;
  int status = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  if (wait4(pid, &status, 0, &ru) != pid) return -1;
  *maxrss_kib = ru.ru_maxrss;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void) {
  const char *fetch = env_or_die("NETHTTP_FETCH");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  char *url = url_join(http, "/100m.bin");
  char *src = url_join(www, "100m.bin");
  char *dst = url_join(tmp, "100m.out");
  char *out = url_join(tmp, "rss.stdout");
  char *err = url_join(tmp, "rss.stderr");

  struct stat st;
  if (!CHECK(stat(src, &st) == 0 && st.st_size == SIZE_100M, "%s missing or not 100 MiB", src)) return test_finish();

  char *argv[] = {(char *)fetch, "--stream", "-o", dst, url, NULL};
  long maxrss = -1;
  uint64_t t0 = now_ms();
  int code = run_measured(fetch, argv, out, err, &maxrss);
  fprintf(stderr, "nethttp_fetch --stream -o 100m.bin: exit %d, peak RSS %ld KiB, %llu ms\n", code,
          maxrss, (unsigned long long)(now_ms() - t0));
  CHECK_INT_EQ(code, 0);
  CHECK(maxrss > 0 && maxrss < RSS_LIMIT_KIB, "peak RSS %ld KiB (limit %ld KiB)", maxrss, RSS_LIMIT_KIB);
  CHECK(stat(dst, &st) == 0 && st.st_size == SIZE_100M, "output is %lld bytes", (long long)st.st_size);
  CHECK(files_equal(src, dst), "output differs from 100m.bin");
  char *o = read_file(out, NULL);
  CHECK(o != NULL && strstr(o, "\"resultLength\":104857600") != NULL && strstr(o, "\"responseCode\":200"),
        "stdout: %.300s", o ? o : "");
  if (code != 0) {
    char *e = read_file(err, NULL);
    fprintf(stderr, "stderr: %.2000s\n", e ? e : "");
    free(e);
  }
  free(o);
  unlink(dst);

  free(url);
  free(src);
  free(dst);
  free(out);
  free(err);
  return test_finish();
}
