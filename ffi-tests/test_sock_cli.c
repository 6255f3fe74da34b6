/* examples-c/nethttp_sock, the netcat-like CLI, as a user runs it: a TCP echo listener and a
 * client (stdin out, echo back, half-close at stdin's end, both exit 0), UDP datagrams per
 * line with --count, a local socket, socat as the independent peer in both directions,
 * --events JSON lines, --options (applied: readSize splits a message), --timeout (exit 1),
 * a refused connect (exit 1) and usage errors (exit 2). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static const char *cli;
static const char *tmp;

/* Runs a shell command; returns its exit status (-1 if it did not exit). */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...) {
  char cmd[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  int st = system(cmd);
  if (st == -1 || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

/* Starts `cmd` in the background with its pid written to tmp/name.pid. */
static void bg(const char *name, const char *cmd) {
  CHECK_INT_EQ(sh("%s & echo $! > %s/%s.pid", cmd, tmp, name), 0);
}

static void stop(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.pid", tmp, name);
  char *pid = read_file(path, NULL);
  if (pid) {
    sh("kill %ld 2>/dev/null; true", strtol(pid, NULL, 10));
    free(pid);
  }
}

/* Waits (bounded) until tmp/name.events has a listening line; returns its port. */
static int listening_port(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.events", tmp, name);
  for (int i = 0; i < 200; i++) {
    char *ev = read_file(path, NULL);
    const char *p = ev ? strstr(ev, "\"listening\",\"port\":") : NULL;
    if (p) {
      int port = atoi(p + strlen("\"listening\",\"port\":"));
      free(ev);
      return port;
    }
    free(ev);
    sleep_ms(25);
  }
  CHECK(0, "%s did not listen", name);
  return 0;
}

/* Waits (bounded) for the background process `name` to exit; its status from tmp/name.rc. */
static int wait_rc(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.rc", tmp, name);
  for (int i = 0; i < 400; i++) {
    char *rc = read_file(path, NULL);
    if (rc && *rc) {
      int v = atoi(rc);
      free(rc);
      return v;
    }
    free(rc);
    sleep_ms(25);
  }
  stop(name);
  return -1;
}

static char *slurp(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmp, name);
  char *s = read_file(path, NULL);
  return s ? s : strdup("");
}

int main(void) {
  cli = env_or_die("NETHTTP_SOCK");
  tmp = env_or_die("NETHTTP_TEST_TMP");
  char cmd[2048];

  /* TCP: echo listener, client sends two lines, half-closes, both exit 0. */
  snprintf(cmd, sizeof cmd,
           "(%s --events --echo --bind 127.0.0.1 listen tcp 0 > %s/l1.out 2> %s/l1.events; "
           "echo $? > %s/l1.rc)",
           cli, tmp, tmp, tmp);
  bg("l1", cmd);
  int port = listening_port("l1");
  CHECK_INT_EQ(sh("printf 'hello\\nworld\\n' | %s --events --options '{\"TCPNoDelay\":true}' "
                  "tcp 127.0.0.1 %d > %s/c1.out 2> %s/c1.events",
                  cli, port, tmp, tmp),
               0);
  CHECK_INT_EQ(wait_rc("l1"), 0);
  char *out = slurp("c1.out");
  CHECK_STR_EQ(out, "hello\nworld\n");
  free(out);
  out = slurp("l1.out");
  CHECK_STR_EQ(out, "hello\nworld\n");
  free(out);
  char *ev = slurp("c1.events");
  CHECK(strstr(ev, "{\"event\":\"connect\"}") != NULL, "%s", ev);
  CHECK(strstr(ev, "\"remoteInfo\":{\"address\":\"127.0.0.1\",\"family\":\"IPv4\"") != NULL, "%s",
        ev);
  CHECK(strstr(ev, "{\"event\":\"close\"}") != NULL, "%s", ev);
  free(ev);

  /* readSize from --options: 1000 bytes arrive as messages of at most 100. */
  snprintf(cmd, sizeof cmd,
           "(%s --events --options '{\"readSize\":100}' --count 10 --bind 127.0.0.1 "
           "listen tcp 0 > %s/l2.out 2> %s/l2.events; echo $? > %s/l2.rc)",
           cli, tmp, tmp, tmp);
  bg("l2", cmd);
  port = listening_port("l2");
  CHECK_INT_EQ(sh("head -c 1000 /dev/zero | %s tcp 127.0.0.1 %d > /dev/null", cli, port), 0);
  CHECK_INT_EQ(wait_rc("l2"), 0);
  ev = slurp("l2.events");
  CHECK(strstr(ev, "\"size\":100") != NULL && strstr(ev, "\"size\":1000") == NULL, "%s", ev);
  free(ev);

  /* UDP: one datagram per line, echoed to the sender. */
  snprintf(cmd, sizeof cmd,
           "(%s --events --echo --count 3 --bind 127.0.0.1 listen udp 0 > %s/l3.out "
           "2> %s/l3.events; echo $? > %s/l3.rc)",
           cli, tmp, tmp, tmp);
  bg("l3", cmd);
  port = listening_port("l3");
  CHECK_INT_EQ(sh("printf 'a\\nbb\\nccc\\n' | %s --count 3 --timeout 5000 udp 127.0.0.1 %d "
                  "> %s/c3.out",
                  cli, port, tmp),
               0);
  CHECK_INT_EQ(wait_rc("l3"), 0);
  out = slurp("c3.out");
  CHECK_STR_EQ(out, "a\nbb\nccc\n");
  free(out);
  ev = slurp("l3.events");
  CHECK(strstr(ev, "\"size\":3,") != NULL, "%s", ev);
  free(ev);

  /* socat as the peer: a socat echo server for our client, socat as the client of our
   * listener. */
  /* socat cannot report a port 0 choice: a port that was free a moment ago. */
  int free_port = unused_port();
  snprintf(cmd, sizeof cmd,
           "(timeout 20 socat TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr PIPE; echo $? > %s/s1.rc)",
           free_port, tmp);
  bg("s1", cmd);
  int ok = 0;
  for (int i = 0; i < 200 && !ok; i++) {
    ok = sh("printf 'via socat\\n' | %s tcp 127.0.0.1 %d > %s/c4.out 2>/dev/null", cli,
            free_port, tmp) == 0;
    if (!ok) sleep_ms(25);
  }
  CHECK(ok, "client against socat");
  out = slurp("c4.out");
  CHECK_STR_EQ(out, "via socat\n");
  free(out);
  stop("s1");

  snprintf(cmd, sizeof cmd,
           "(%s --events --echo --bind 127.0.0.1 listen tcp 0 > %s/l5.out 2> %s/l5.events; "
           "echo $? > %s/l5.rc)",
           cli, tmp, tmp, tmp);
  bg("l5", cmd);
  port = listening_port("l5");
  CHECK_INT_EQ(sh("printf 'from socat' | timeout 10 socat -t 5 - TCP:127.0.0.1:%d > %s/c5.out",
                  port, tmp),
               0);
  CHECK_INT_EQ(wait_rc("l5"), 0);
  out = slurp("c5.out");
  CHECK_STR_EQ(out, "from socat");
  free(out);

  /* A local socket. */
  snprintf(cmd, sizeof cmd,
           "(%s --events --echo listen local %s/s.sock > %s/l6.out 2> %s/l6.events; "
           "echo $? > %s/l6.rc)",
           cli, tmp, tmp, tmp, tmp);
  bg("l6", cmd);
  listening_port("l6");
  CHECK_INT_EQ(sh("printf 'local bytes' | %s local %s/s.sock > %s/c6.out", cli, tmp, tmp), 0);
  CHECK_INT_EQ(wait_rc("l6"), 0);
  out = slurp("c6.out");
  CHECK_STR_EQ(out, "local bytes");
  free(out);
  snprintf(cmd, sizeof cmd, "%s/s.sock", tmp);
  CHECK(access(cmd, F_OK) != 0, "the socket file is removed");

  /* TLS: our TLS listener with the test CA's leaf, a client verifying it; a client that
   * does not trust the CA fails (1); -k skips the check. */
  const char *certs = env_or_die("NETHTTP_TEST_CERTS");
  snprintf(cmd, sizeof cmd,
           "(%s --events --echo --count 2 --cert %s/leaf.pem --key %s/leaf.key --bind 127.0.0.1 "
           "listen tls 0 > %s/l8.out 2> %s/l8.events; echo $? > %s/l8.rc)",
           cli, certs, certs, tmp, tmp, tmp);
  bg("l8", cmd);
  port = listening_port("l8");
  CHECK_INT_EQ(sh("printf 'tls line' | %s --cacert %s/ca.pem tls localhost %d > %s/c8.out", cli,
                  certs, port, tmp),
               0);
  out = slurp("c8.out");
  CHECK_STR_EQ(out, "tls line");
  free(out);
  CHECK_INT_EQ(sh("%s --events tls localhost %d < /dev/null 2> %s/c9.events", cli, port, tmp), 1);
  ev = slurp("c9.events");
  CHECK(strstr(ev, "\"code\":2303504") != NULL, "%s", ev);
  free(ev);
  CHECK_INT_EQ(sh("printf 'k' | %s -k tls localhost %d > %s/c10.out", cli, port, tmp), 0);
  CHECK_INT_EQ(wait_rc("l8"), 0);
  CHECK_INT_EQ(sh("%s listen tls 0 2>/dev/null", cli), 2);           /* no --cert */
  CHECK_INT_EQ(sh("%s --cacert x tcp 127.0.0.1 1 2>/dev/null", cli), 2); /* TLS flag on tcp */

  /* Failures: refused (1), idle timeout (1), usage (2), bad options (2). */
  CHECK_INT_EQ(sh("%s --events tcp 127.0.0.1 %d < /dev/null 2> %s/c7.events", cli,
                  unused_port(), tmp),
               1);
  ev = slurp("c7.events");
  CHECK(strstr(ev, "{\"event\":\"error\",\"code\":2301111,") != NULL, "%s", ev);
  free(ev);
  CHECK_INT_EQ(sh("%s --timeout 200 --bind 127.0.0.1 listen udp 0 2>/dev/null", cli), 1);
  CHECK_INT_EQ(sh("%s tcp 127.0.0.1 2>/dev/null", cli), 2);
  CHECK_INT_EQ(sh("%s --echo tcp 127.0.0.1 1 2>/dev/null", cli), 2);
  CHECK_INT_EQ(sh("%s frob 2>/dev/null", cli), 2);
  CHECK_INT_EQ(sh("%s --options '{\"broadcast\":true}' tcp 127.0.0.1 1 2>/dev/null", cli), 2);
  CHECK_INT_EQ(sh("%s --options 'not json' listen udp 0 2>/dev/null", cli), 2);
  return test_finish();
}
