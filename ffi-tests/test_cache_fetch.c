/* Response cache across processes, through examples-c/nethttp_fetch --cache DIR: a second
 * process serves what the first flushed, without a request (counted in nginx's access log); a
 * process that crashes in the middle of a flush (debug-build hook NETHTTP_TEST_ABORT_IN)
 * leaves the previous file whole; --cache-size bounds what is stored; usage errors. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

extern char **environ;

static const char *fetch_bin;
static const char *tmp;

/* Runs nethttp_fetch with args (NULL-terminated), stdout to tmp/out.txt; extra_env (may be
 * NULL) is added to the environment. Returns the wait status. */
static int run_fetch(const char *extra_env, const char *const *args) {
  const char *argv[16];
  size_t n = 0;
  argv[n++] = fetch_bin;
  for (; *args && n < 15; args++) argv[n++] = *args;
  argv[n] = NULL;

  size_t envc = 0;
  while (environ[envc]) envc++;
  char **envp = calloc(envc + 2, sizeof *envp);
  for (size_t i = 0; i < envc; i++) envp[i] = environ[i];
  if (extra_env) envp[envc++] = (char *)extra_env;

  char *out = url_join(tmp, "out.txt");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, fetch_bin, &fa, NULL, (char *const *)argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  free(envp);
  free(out);
  if (!CHECK(rc == 0, "posix_spawn %s: %s", fetch_bin, strerror(rc))) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

static char *output(void) {
  char *out = url_join(tmp, "out.txt");
  char *text = read_file(out, NULL);
  free(out);
  return text ? text : calloc(1, 1);
}

static bool exited_ok(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

int main(void) {
  fetch_bin = env_or_die("NETHTTP_FETCH");
  tmp = env_or_die("NETHTTP_TEST_TMP");
  const char *base = env_or_die("NETHTTP_TEST_HTTP");
  char *dir = url_join(tmp, "fetch-cache");
  char *file = url_join(dir, "nethttp-cache.bin");
  char *url1 = url_join(base, "/cache/data.json?proc=1");
  char *url2 = url_join(base, "/cache/data.json?proc=2");
  const char *path1 = "/cache/data.json?proc=1";
  const char *path2 = "/cache/data.json?proc=2";

  /* 1st process: from the server, stored, flushed. */
  const char *a1[] = {"--cache", dir, url1, NULL};
  int st = run_fetch(NULL, a1);
  char *out = output();
  CHECK(exited_ok(st), "first run: status %#x, output %s", st, out);
  CHECK(strstr(out, "\"responseCode\":200") && strstr(out, "nethttp"), "first run output: %s", out);
  free(out);
  CHECK_INT_EQ(served_wait("GET", path1, 200, 1), 1);
  struct stat sb;
  CHECK(stat(file, &sb) == 0 && sb.st_size > 100, "no cache file %s after the first run", file);

  /* 2nd process: the same response, without a request. */
  st = run_fetch(NULL, a1);
  out = output();
  CHECK(exited_ok(st), "second run: status %#x", st);
  CHECK(strstr(out, "\"responseCode\":200") && strstr(out, "\\\"nethttp\\\"") && strstr(out, "\"age\":"),
        "second run output (want the stored JSON body and an age header): %s", out);
  free(out);
  log_settle();
  CHECK_INT_EQ(requests_for(path1), 1);

  /* A process that crashes half-way through its flush: the previous file stays whole. */
  size_t before_len = 0;
  char *before = read_file(file, &before_len);
  const char *a2[] = {"--cache", dir, url2, NULL};
  st = run_fetch("NETHTTP_TEST_ABORT_IN=cache-flush", a2);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
        "the flush did not abort (status %#x): this test needs a debug build of libnethttp", st);
  size_t after_len = 0;
  char *after = read_file(file, &after_len);
  CHECK(before && after && before_len == after_len && memcmp(before, after, before_len) == 0,
        "the cache file changed in a crashed flush");
  free(before);
  free(after);
  CHECK_INT_EQ(served_wait("GET", path2, 200, 1), 1);
  /* Both still work: url1 from the old file, url2 (never persisted) from the server. */
  st = run_fetch(NULL, a1);
  CHECK(exited_ok(st), "run after the crash: status %#x", st);
  st = run_fetch(NULL, a2);
  CHECK(exited_ok(st), "run after the crash: status %#x", st);
  st = run_fetch(NULL, a2); /* now stored by the previous run */
  CHECK(exited_ok(st), "run after the crash: status %#x", st);
  log_settle();
  CHECK_INT_EQ(requests_for(path1), 1);
  CHECK_INT_EQ(requests_for(path2), 2);

  /* --cache-size: a response larger than the cache is not stored, by any process. */
  char *dir2 = url_join(tmp, "fetch-cache-small");
  char *big = url_join(base, "/cache/text.txt?proc=small");
  const char *a3[] = {"--cache", dir2, "--cache-size", "4096", big, NULL};
  for (int i = 0; i < 2; i++) {
    st = run_fetch(NULL, a3);
    CHECK(exited_ok(st), "--cache-size run: status %#x", st);
  }
  CHECK_INT_EQ(served_wait("GET", "/cache/text.txt?proc=small", 200, 2), 2);
  /* A size above 10 MiB is allowed explicitly by the tool. */
  const char *a4[] = {"--cache", dir2, "--cache-size", "20000000", big, NULL};
  st = run_fetch(NULL, a4);
  CHECK(exited_ok(st), "--cache-size 20000000: status %#x", st);
  st = run_fetch(NULL, a4);
  CHECK(exited_ok(st), "--cache-size 20000000: status %#x", st);
  log_settle();
  CHECK_INT_EQ(requests_for("/cache/text.txt?proc=small"), 3);

  /* Usage errors: exit status 2. */
  const char *u1[] = {"--cache-size", "100", url1, NULL};
  st = run_fetch(NULL, u1);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--cache-size without --cache: %#x", st);
  const char *u2[] = {"--cache", dir, "--cache-size", "lots", url1, NULL};
  st = run_fetch(NULL, u2);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--cache-size lots: %#x", st);
  char *blocked = url_join(file, "sub"); /* under a regular file: cannot be created */
  const char *u3[] = {"--cache", blocked, url1, NULL};
  st = run_fetch(NULL, u3);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--cache under a file: %#x", st);
  free(blocked);

  free(big);
  free(dir2);
  free(url1);
  free(url2);
  free(file);
  free(dir);
  return test_finish();
}
