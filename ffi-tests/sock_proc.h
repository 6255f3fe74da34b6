/* Child processes and network namespaces for the socket tests (test_sock_udp.c,
 * test_sock_multicast.c, test_sock_local.c). Header-only.
 *
 * Namespaces: nschild_fork() forks a child that moves into a network namespace of its own
 * (unshare(CLONE_NEWNET)), says "u" on its pipe and runs a body that talks to the test over two
 * pipes (one line per message). The namespace has no name: the kernel deletes it when its last
 * process exits, so it cannot outlive the test on any exit path (a failed check, a crash, the
 * harness's SIGKILL at a timeout: the child dies with its parent, PR_SET_PDEATHSIG). Commands
 * run inside it with `nsenter --net=/proc/PID/ns/net` (ns_sh), so nothing is ever created in the
 * host's namespace. Fork such children only before the first nethttp call of the process (no
 * threads yet); a child may then use nethttp itself: its worker starts in its namespace.
 *
 * Processes: proc_spawn (posix_spawnp, safe after nethttp started its threads), proc_wait (bounded),
 * proc_stop (SIGTERM, SIGKILL after a bound; always reaped). */
#ifndef NETHTTP_SOCK_PROC_H
#define NETHTTP_SOCK_PROC_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

extern char **environ;

/* 1 when fd is readable (or at its end) within timeout_ms, else 0. */
static inline int fd_readable(int fd, int timeout_ms) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  uint64_t end = now_ms() + (uint64_t)(timeout_ms < 0 ? 0 : timeout_ms);
  for (;;) {
    uint64_t now = now_ms();
    int left = now >= end ? 0 : (int)(end - now);
    int r = poll(&p, 1, left);
    if (r > 0) return 1;
    if (r == 0 || errno != EINTR) return 0;
  }
}

/* Reads one line (without its '\n') within timeout_ms: its length, or -1 (timeout, end). */
static inline int fd_read_line(int fd, char *buf, size_t cap, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  size_t n = 0;
  while (n + 1 < cap) {
    uint64_t now = now_ms();
    if (now >= end || !fd_readable(fd, (int)(end - now))) break;
    char c;
    ssize_t r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r != 1) break;
    if (c == '\n') {
      buf[n] = 0;
      return (int)n;
    }
    buf[n++] = c;
  }
  buf[n] = 0;
  return -1;
}

/* Writes a formatted line (the '\n' added); 0 or -1. */
static inline int fd_printf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int fd_printf(int fd, const char *fmt, ...) {
  char b[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b, sizeof b - 1, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof b - 1) return -1;
  b[n++] = '\n';
  return write(fd, b, (size_t)n) == n ? 0 : -1;
}

/* ---- processes ---- */

/* 1 when pid exited within timeout_ms (*status set, reaped), else 0. */
static inline int proc_wait(pid_t pid, int timeout_ms, int *status) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    int st = 0;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) {
      if (status) *status = st;
      return 1;
    }
    if (r < 0 && errno != EINTR) {
      if (status) *status = -1;
      return 1; /* not our child (any more) */
    }
    if (now_ms() >= end) return 0;
    sleep_ms(10);
  }
}

/* Ends pid if it still runs (SIGTERM, then SIGKILL after 3 s) and reaps it; its wait status. */
static inline int proc_stop(pid_t pid) {
  int st = -1;
  if (pid <= 0) return -1;
  if (proc_wait(pid, 0, &st)) return st;
  kill(pid, SIGTERM);
  if (proc_wait(pid, 3000, &st)) return st;
  kill(pid, SIGKILL);
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return st;
}

/* Starts argv[0] (searched in PATH) with stdin from in_path and stdout to out_path (NULL:
 * /dev/null for both); stderr stays the test's. The pid, or -1. */
static inline pid_t proc_spawn(char *const argv[], const char *in_path, const char *out_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    fprintf(stderr, "posix_spawnp %s: %s\n", argv[0], strerror(rc));
    return -1;
  }
  return pid;
}

/* The exit code of a wait status, or -1 (killed, unknown). */
static inline int exit_code(int st) {
  return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- children in namespaces of their own ---- */

typedef struct nschild {
  pid_t pid;
  int to;   /* the test writes lines to the child */
  int from; /* and reads the child's lines */
} nschild;

/* Parent-side pipe ends of earlier children: closed in every later child. */
static int nschild_fds[16];
static int nschild_nfds;

/* The body runs in the child (in its own namespace): it reads the test's lines from `in`,
 * writes its own to `out`, and returns the child's exit status. */
typedef int (*nschild_body)(int in, int out);

/* Forks a child into a network namespace of its own and waits for it to get there: 0, or -1
 * (no namespace: not root?; the child is then reaped). Before any nethttp call only. */
static inline int nschild_fork(nschild *c, nschild_body body) {
  int down[2], up[2];
  c->pid = -1;
  c->to = c->from = -1;
  if (pipe(down) != 0) return -1;
  if (pipe(up) != 0) {
    close(down[0]);
    close(down[1]);
    return -1;
  }
  fflush(NULL);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(9);
    for (int i = 0; i < nschild_nfds; i++) close(nschild_fds[i]);
    close(down[1]);
    close(up[0]);
    signal(SIGPIPE, SIG_IGN);
    if (unshare(CLONE_NEWNET) != 0) {
      fd_printf(up[1], "x unshare: %s", strerror(errno));
      _exit(2);
    }
    fd_printf(up[1], "u");
    int rc = body(down[0], up[1]);
    fflush(NULL);
    _exit(rc);
  }
  close(down[0]);
  close(up[1]);
  c->pid = pid;
  c->to = down[1];
  c->from = up[0];
  if (nschild_nfds + 2 <= (int)(sizeof nschild_fds / sizeof nschild_fds[0])) {
    nschild_fds[nschild_nfds++] = c->to;
    nschild_fds[nschild_nfds++] = c->from;
  }
  char line[256];
  if (fd_read_line(c->from, line, sizeof line, 20000) < 0 || strcmp(line, "u") != 0) {
    fprintf(stderr, "namespace child: %s\n", line[0] ? line : "(no answer)");
    close(c->to);
    close(c->from);
    proc_stop(c->pid);
    c->pid = -1;
    c->to = c->from = -1;
    return -1;
  }
  return 0;
}

/* Tells the child to quit ("q"), closes the pipes and reaps it (SIGKILL after timeout_ms);
 * its exit code (-1 when it had to be killed or was never started). */
static inline int nschild_finish(nschild *c, int timeout_ms) {
  if (c->pid <= 0) return -1;
  if (c->to >= 0) {
    fd_printf(c->to, "q");
    close(c->to);
  }
  int st = -1;
  int code = -1;
  if (proc_wait(c->pid, timeout_ms, &st)) {
    code = exit_code(st);
  } else {
    fprintf(stderr, "namespace child %d did not finish: killed\n", (int)c->pid);
    proc_stop(c->pid);
  }
  if (c->from >= 0) close(c->from);
  c->pid = -1;
  c->to = c->from = -1;
  return code;
}

/* Runs a shell command inside pid's network namespace (at most 20 s): its exit code. */
static inline int ns_sh(pid_t pid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int ns_sh(pid_t pid, const char *fmt, ...) {
  char inner[2048], cmd[2300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(inner, sizeof inner, fmt, ap);
  va_end(ap);
  snprintf(cmd, sizeof cmd, "timeout 20 nsenter --net=/proc/%d/ns/net sh -c '%s'", (int)pid,
           inner);
  int st = system(cmd);
  int code = exit_code(st);
  if (code != 0) fprintf(stderr, "namespace command failed (%d): %s\n", code, inner);
  return code;
}

#endif
