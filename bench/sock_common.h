/* Shared by the socket benchmark's clients (sock_raw_client.c, sock_uv_client.c,
 * sock_nethttp_client.c) and its server (sock_server.c): the workloads, the clock, CPU time,
 * resident memory and the RESULT line bench/sock_report.py reads.
 *
 *   pp64     one TCP connection, 64-byte ping-pong: send, wait for all 64 bytes back, repeat
 *   stream   one TCP connection, BYTES one way in 64 KiB writes to the discard port, then a
 *            half-close; done when the server closes (every byte was read by it)
 *   udp64    64-byte datagrams to the UDP echo port, 16 in flight (each echo sends the next;
 *   udp1200  a window that makes no progress for 100 ms is refilled and its datagrams
 *            counted lost)
 *   idle     N TCP connections to the echo port, all connected, held: resident memory per
 *            connection
 * Ports: P echo (TCP), P+1 discard (TCP), P+2 echo (UDP). */
#ifndef NETHTTP_SOCK_BENCH_COMMON_H
#define NETHTTP_SOCK_BENCH_COMMON_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define SB_CHUNK 65536
#define SB_WINDOW 16

static inline double sb_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* User + system CPU seconds of the whole process (every thread). */
static inline double sb_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

static inline long sb_rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, rss = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &size, &rss) != 2) rss = 0;
    fclose(f);
  }
  return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static inline void sb_raise_nofile(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
}

/* One result: N operations (round trips, bytes, datagrams or connections) in `secs` of wall
 * clock and `cpu` seconds of CPU; `extra` for anything else (loss, KiB). */
static inline void sb_result(const char *client, const char *workload, long n, double secs,
                             double cpu, const char *extra) {
  printf("RESULT client=%s workload=%s n=%ld secs=%.6f cpu=%.6f %s\n", client, workload, n, secs,
         cpu, extra ? extra : "");
  fflush(stdout);
}

static inline void sb_usage(const char *prog) {
  fprintf(stderr, "usage: %s PORT pp64 N | stream BYTES | udp64 N | udp1200 N | idle N\n", prog);
  exit(2);
}

#endif
