/* nethttp sockets against independent peers, socat and nc (netcat-openbsd), on loopback:
 * a socat TCP echo server (fork, PIPE) for nethttp clients over IPv4 and IPv6 (1 MiB echoed
 * intact, then a half-close that socat answers with its close); a nethttp TCP server echoing
 * to nc and to socat as clients that send a file and half-close (the server sees the bytes
 * then CLOSE, its echo reaches the client's stdout whole); UDP with socat as the echo peer
 * over IPv4 and IPv6 (datagrams back one by one, remoteInfo with the peer's address, family
 * and port). Every process started is stopped and reaped. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

extern char **environ;

static const char *tmp;

/* ---- processes ---- */

/* Starts argv (PATH searched) with stdin from in_path, stdout to out_path (NULL: /dev/null);
 * stderr stays ours. The pid, or -1. posix_spawn: safe with nethttp's threads running. */
static pid_t spawn(char *const argv[], const char *in_path, const char *out_path) {
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

/* 1 when pid exited within ms (reaped, *st its status), else 0. */
static int wait_exit(pid_t pid, int ms, int *st) {
  uint64_t end = now_ms() + (uint64_t)ms;
  for (;;) {
    int s = 0;
    pid_t r = waitpid(pid, &s, WNOHANG);
    if (r == pid) {
      if (st) *st = s;
      return 1;
    }
    if (r < 0 && errno != EINTR) return 1;
    if (now_ms() >= end) return 0;
    sleep_ms(10);
  }
}

/* Stops pid (SIGTERM, SIGKILL after 3 s) and reaps it. */
static void stop(pid_t pid) {
  if (pid <= 0) return;
  if (wait_exit(pid, 0, NULL)) return;
  kill(pid, SIGTERM);
  if (wait_exit(pid, 3000, NULL)) return;
  kill(pid, SIGKILL);
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
}

/* ---- ports ---- */

/* A port below the ephemeral range (so no connection's local port takes it meanwhile) that
 * is free for `type` on both 127.0.0.1 and ::1 right now. */
static uint16_t free_port(int type) {
  for (int tries = 0; tries < 200; tries++) {
    uint16_t p = (uint16_t)(20000 + (unsigned)(rand() % 12000));
    int ok = 1;
    int s4 = socket(AF_INET, type, 0);
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(p),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (s4 < 0 || bind(s4, (struct sockaddr *)&a4, sizeof a4) != 0) ok = 0;
    int s6 = socket(AF_INET6, type, 0);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(p),
                              .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int one = 1;
    setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (s6 < 0 || bind(s6, (struct sockaddr *)&a6, sizeof a6) != 0) ok = 0;
    if (s4 >= 0) close(s4);
    if (s6 >= 0) close(s6);
    if (ok) return p;
  }
  fprintf(stderr, "no free port\n");
  exit(1);
}

/* Whether /proc/net/<file> has a socket on local port `port` in state `state` (TCP 0A
 * listening, UDP 07). */
static int proc_net_has(const char *file, uint16_t port, unsigned state) {
  char path[64];
  snprintf(path, sizeof path, "/proc/net/%s", file);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[512];
  int found = 0;
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return 0;
  }
  while (!found && fgets(line, sizeof line, f)) {
    char laddr[64], raddr[64];
    unsigned lport, rport, st;
    if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%x %63[0-9A-Fa-f]:%x %x", laddr, &lport, raddr,
               &rport, &st) == 5 &&
        lport == port && st == state)
      found = 1;
  }
  fclose(f);
  return found;
}

static int wait_bound(const char *file, uint16_t port, unsigned state, int ms) {
  uint64_t end = now_ms() + (uint64_t)ms;
  while (now_ms() < end) {
    if (proc_net_has(file, port, state)) return 1;
    sleep_ms(20);
  }
  return 0;
}

/* ---- data ---- */

static uint8_t *pattern(size_t n, unsigned seed) {
  uint8_t *b = malloc(n);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    b[i] = (uint8_t)(x >> 16);
  }
  return b;
}

static int write_file(const char *path, const uint8_t *d, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(d, 1, n, f);
  fclose(f);
  return w == n ? 0 : -1;
}

/* ---- socat as a TCP echo server, nethttp as its client ---- */

static void socat_echo_server(int v6) {
  fprintf(stderr, "-- socat TCP echo server, %s\n", v6 ? "IPv6" : "IPv4");
  uint16_t port = free_port(SOCK_STREAM);
  char listen_arg[128];
  snprintf(listen_arg, sizeof listen_arg, v6 ? "TCP6-LISTEN:%u,bind=[::1],reuseaddr,fork"
                                             : "TCP4-LISTEN:%u,bind=127.0.0.1,reuseaddr,fork",
           port);
  char *argv[] = {"socat", listen_arg, "PIPE", NULL};
  pid_t pid = spawn(argv, NULL, NULL);
  CHECK(pid > 0, "socat started");
  CHECK(wait_bound(v6 ? "tcp6" : "tcp", port, 0x0A, 10000), "socat listens on %u", port);

  srec r;
  srec_init(&r);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&r, c);
  const char *addr = v6 ? "::1" : "127.0.0.1";
  CHECK_INT_EQ(nethttp_sock_connect(c, addr, port, v6 ? 2 : 1, 5000, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.connects == 1 && r.results_ok == 1, 5000), "connected: %s", r.log);
  CHECK_STR_EQ(r.last_remote.address, addr);
  CHECK_INT_EQ(r.last_remote.family, v6 ? 2 : 1);
  CHECK_INT_EQ(r.last_remote.port, port);
  size_t total = 1u << 20, chunk = 64u << 10;
  uint8_t *data = pattern(total, 7u + (unsigned)v6);
  for (size_t off = 0; off < total; off += chunk)
    CHECK_INT_EQ(nethttp_sock_send(c, data + off, chunk, srec_result, &r), 0);
  CHECK(SREC_WAIT(&r, r.len >= total, 20000), "1 MiB back: %zu", r.len);
  CHECK(r.len == total && memcmp(r.data, data, total) == 0, "1 MiB intact (%zu bytes)", r.len);
  CHECK(SREC_WAIT(&r, r.results_ok == 1 + 16, 5000), "every send's result: %d", r.results_ok);
  CHECK_INT_EQ(r.results_err, 0);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(c), 0);
  /* Half-close: socat ends its side too, we see CLOSE. */
  CHECK_INT_EQ(nethttp_sock_shutdown(c), 0);
  CHECK(SREC_WAIT(&r, r.closes == 1, 10000), "socat closed: %s", r.log);
  CHECK_INT_EQ(r.errors, 0);
  CHECK_INT_EQ(r.after_close, 0);
  nethttp_sock_destroy(c);
  srec_fini(&r);
  free(data);
  stop(pid);
}

/* ---- nethttp as the server, nc / socat as clients ---- */

static void client_of_server(const char *tool, int v6) {
  fprintf(stderr, "-- %s as the client of a nethttp server, %s\n", tool, v6 ? "IPv6" : "IPv4");
  srec sr;
  srec_init(&sr);
  sr.keep_conns = 1;
  sr.echo = 1;
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  srec_attach(&sr, srv);
  const char *addr = v6 ? "::1" : "127.0.0.1";
  CHECK_INT_EQ(nethttp_sock_listen(srv, addr, 0, 0), 0);
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &la), 0);
  size_t n = 300000 + (size_t)v6 * 1000;
  uint8_t *data = pattern(n, 11u + (unsigned)v6);
  char in[512], out[512], port[16], target[128];
  snprintf(in, sizeof in, "%s/%s%d.in", tmp, tool, v6);
  snprintf(out, sizeof out, "%s/%s%d.out", tmp, tool, v6);
  snprintf(port, sizeof port, "%u", la.port);
  CHECK_INT_EQ(write_file(in, data, n), 0);
  pid_t pid;
  if (strcmp(tool, "nc") == 0) {
    /* -N: shut the socket's sending side down at stdin's end; nc exits at the peer's end. */
    char *argv[] = {"nc", "-N", v6 ? "-6" : "-4", (char *)addr, port, NULL};
    pid = spawn(argv, in, out);
  } else {
    snprintf(target, sizeof target, v6 ? "TCP6:[::1]:%u" : "TCP4:127.0.0.1:%u", la.port);
    char *argv[] = {"socat", "-t", "10", "-", target, NULL};
    pid = spawn(argv, in, out);
  }
  CHECK(pid > 0, "%s started", tool);
  int st = -1;
  int exited = wait_exit(pid, 20000, &st);
  CHECK(exited, "%s finished", tool);
  if (!exited) stop(pid);
  CHECK(exited && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s exit status %d", tool, st);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted: %s", sr.log);
  if (sr.nconns == 1) {
    srec *cr = sr.conn_recs[0];
    CHECK(SREC_WAIT(cr, cr->closes == 1, 10000), "the connection closed: %s", cr->log);
    CHECK(cr->len == n && memcmp(cr->data, data, n) == 0, "the server got the file (%zu of %zu)",
          cr->len, n);
    CHECK_INT_EQ(cr->errors, 0);
    CHECK_INT_EQ(cr->after_close, 0);
    CHECK(strncmp(cr->log, "msg:", 4) == 0, "MESSAGE first: %s", cr->log);
    CHECK(strcmp(cr->log + strlen(cr->log) - 5, "close") == 0, "CLOSE last: %s", cr->log);
    CHECK_STR_EQ(sr.last_remote.address, addr);
    CHECK_INT_EQ(sr.last_remote.family, v6 ? 2 : 1);
  }
  CHECK(file_equals_bytes(out, data, n), "the echo reached %s's stdout whole", tool);
  nethttp_sock_destroy(srv);
  srec_fini(&sr);
  free(data);
}

/* ---- UDP with socat as the echo peer ---- */

static void socat_udp(int v6) {
  fprintf(stderr, "-- socat UDP echo peer, %s\n", v6 ? "IPv6" : "IPv4");
  uint16_t port = free_port(SOCK_DGRAM);
  char listen_arg[128];
  snprintf(listen_arg, sizeof listen_arg,
           v6 ? "UDP6-LISTEN:%u,bind=[::1]" : "UDP4-LISTEN:%u,bind=127.0.0.1", port);
  char *argv[] = {"socat", listen_arg, "PIPE", NULL};
  pid_t pid = spawn(argv, NULL, NULL);
  CHECK(pid > 0, "socat started");
  CHECK(wait_bound(v6 ? "udp6" : "udp", port, 0x07, 10000), "socat bound UDP %u", port);

  srec r;
  srec_init(&r);
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&r, u);
  const char *addr = v6 ? "::1" : "127.0.0.1";
  if (v6) {
    CHECK_INT_EQ(nethttp_sock_bind(u, "::1", 0, 2), 0);
    CHECK(SREC_WAIT(&r, r.listening == 1, 5000), "LISTENING");
  }
  /* One datagram at a time: socat passes each through its pipe and back. */
  size_t sizes[] = {1, 5, 1000, 1400, 8000};
  size_t expect_total = 0;
  for (int i = 0; i < 5; i++) {
    uint8_t *d = pattern(sizes[i], 100u + (unsigned)i);
    CHECK_INT_EQ(nethttp_sock_send_to(u, d, sizes[i], addr, port, v6 ? 2 : 1, srec_result, &r), 0);
    expect_total += sizes[i];
    int ok = SREC_WAIT(&r, r.messages == i + 1, 5000);
    CHECK(ok, "datagram %d back: %s", i, r.log);
    if (ok) {
      pthread_mutex_lock(&r.mu);
      CHECK_INT_EQ(r.len, expect_total);
      CHECK(r.len == expect_total && memcmp(r.data + expect_total - sizes[i], d, sizes[i]) == 0,
            "datagram %d intact", i);
      CHECK_STR_EQ(r.last_remote.address, addr);
      CHECK_INT_EQ(r.last_remote.family, v6 ? 2 : 1);
      CHECK_INT_EQ(r.last_remote.port, port);
      pthread_mutex_unlock(&r.mu);
    }
    free(d);
    if (!ok) break;
  }
  /* Unbound at first over IPv4: the first send bound it (LISTENING). */
  CHECK_INT_EQ(r.listening, 1);
  CHECK_INT_EQ(r.errors, 0);
  CHECK(SREC_WAIT(&r, r.results_ok == 5, 5000), "send results: %s", r.log);
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(u, &la), 0);
  CHECK_INT_EQ(la.family, v6 ? 2 : 1);
  CHECK(la.port != 0, "bound port");
  CHECK_INT_EQ(nethttp_sock_close(u, NULL, NULL), 0);
  CHECK(SREC_WAIT(&r, r.closes == 1, 5000), "CLOSE");
  nethttp_sock_destroy(u);
  srec_fini(&r);
  stop(pid);
}

int main(void) {
  tmp = env_or_die("NETHTTP_TEST_TMP");
  srand((unsigned)getpid() ^ (unsigned)now_ms());
  signal(SIGPIPE, SIG_IGN);
  socat_echo_server(0);
  socat_echo_server(1);
  client_of_server("nc", 0);
  client_of_server("nc", 1);
  client_of_server("socat", 0);
  client_of_server("socat", 1);
  socat_udp(0);
  socat_udp(1);
  return test_finish();
}
