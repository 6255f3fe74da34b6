/* examples-c/http_client_download (the poll-loop download example) run against nginx: a 1 MiB
 * file twice over one connection, byte-identical, with every status transition printed; https
 * with --ca (RESOLVING shown for a name); a self-signed certificate (TLS_HANDSHAKE_ERROR,
 * exit 1); an unresolvable name (CANT_RESOLVE, exit 1); a usage error (exit 2). */
#define _POSIX_C_SOURCE 200809L
#include <sys/wait.h>

#include "client_helpers.h"

/* Runs the command; returns its exit status and its stdout (malloc'd) in *out. */
static int run(const char *cmd, char **out) {
  FILE *p = popen(cmd, "r");
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (p == NULL || buf == NULL) {
    perror("popen");
    exit(1);
  }
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      cap *= 2;
      buf = realloc(buf, cap);
      if (buf == NULL) exit(1);
    }
  }
  buf[n] = '\0';
  int st = pclose(p);
  *out = buf;
  fprintf(stderr, "$ %s\n%s(exit %d)\n", cmd, buf, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void has(const char *text, const char *needle) {
  CHECK(strstr(text, needle) != NULL, "missing: %s", needle);
}

int main(void) {
  const char *dl = env_or_die("NETHTTP_CLIENT_DOWNLOAD");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *selfsigned = env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  char cmd[2048], file[1024], served[1024];
  char *out;

  snprintf(file, sizeof file, "%s/1m.bin", tmp);
  snprintf(served, sizeof served, "%s/1m.bin", www);
  snprintf(cmd, sizeof cmd, "'%s' --repeat 2 -o '%s' %s/1m.bin", dl, file, http);
  CHECK_INT_EQ(run(cmd, &out), 0);
  has(out, "status: DISCONNECTED -> CONNECTING\nstatus: CONNECTING -> CONNECTED\n");
  has(out, "request 1: GET /1m.bin\nstatus: CONNECTED -> REQUESTING\nstatus: REQUESTING -> BODY\n");
  has(out, "request 2: GET /1m.bin\nstatus: CONNECTED -> REQUESTING\n");
  has(out, "status: BODY -> CONNECTED\n");
  has(out, "body length: 1048576\n");
  has(out, "bytes got: 1048576 in ");
  has(out, "status: CONNECTED -> DISCONNECTED\n");
  CHECK(strstr(out, "request 2") != NULL && strstr(strstr(out, "request 2"), "CONNECTING") == NULL,
        "reconnected for the second request");
  CHECK(files_equal(file, served), "downloaded file differs");
  free(out);

  snprintf(cmd, sizeof cmd, "'%s' --ca '%s' --chunk 4096 %s/json", dl, ca, https);
  CHECK_INT_EQ(run(cmd, &out), 0);
  has(out, "status: DISCONNECTED -> RESOLVING\nstatus: RESOLVING -> CONNECTING\n");
  has(out, "response: 200 (HTTP/2)\n");
  has(out, "bytes got: 23 in 1 reads\n");
  free(out);

  snprintf(cmd, sizeof cmd, "'%s' %s/json", dl, selfsigned);
  CHECK_INT_EQ(run(cmd, &out), 1);
  has(out, "status: REQUESTING -> TLS_HANDSHAKE_ERROR\n");
  has(out, "error 2300060");
  free(out);

  snprintf(cmd, sizeof cmd, "'%s' http://nethttp-example.invalid/", dl);
  CHECK_INT_EQ(run(cmd, &out), 1);
  has(out, "status: RESOLVING -> CANT_RESOLVE\n");
  free(out);

  snprintf(cmd, sizeof cmd, "'%s' --bogus 2>&1", dl);
  CHECK_INT_EQ(run(cmd, &out), 2);
  has(out, "usage:");
  free(out);
  return test_finish();
}
