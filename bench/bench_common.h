/* Shared by the benchmark clients (raw_client.c, nethttp_client.c): measurement and the
 * one-line result format bench/report.py reads.
 *
 * Every client measures only its workload phase: wall time (CLOCK_MONOTONIC), CPU time of the
 * whole process (getrusage RUSAGE_SELF: every thread, user + system), context switches, the
 * resident set before the phase (the idle baseline) and the process's peak resident set. */
#ifndef NETHTTP_BENCH_COMMON_H
#define NETHTTP_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

typedef struct bench_mark {
  struct timespec t;
  struct rusage ru;
  long rss_kib; /* current resident set */
} bench_mark;

static inline long bench_rss_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static inline void bench_mark_now(bench_mark *m) {
  m->rss_kib = bench_rss_kib();
  getrusage(RUSAGE_SELF, &m->ru);
  clock_gettime(CLOCK_MONOTONIC, &m->t);
}

static inline double bench_tv(struct timeval tv) { return (double)tv.tv_sec + tv.tv_usec / 1e6; }

/* Prints the result line:
 * RESULT workload=W1 client=raw n=5000 ok=5000 bytes=500000 wall_s=… cpu_s=… user_s=… sys_s=…
 *        base_rss_kib=… peak_rss_kib=… vcsw=… ivcsw=… */
static inline void bench_report(const char *workload, const char *client, long n, long ok,
                                unsigned long long bytes, const bench_mark *a,
                                const bench_mark *b) {
  double wall = (double)(b->t.tv_sec - a->t.tv_sec) + (b->t.tv_nsec - a->t.tv_nsec) / 1e9;
  double user = bench_tv(b->ru.ru_utime) - bench_tv(a->ru.ru_utime);
  double sys = bench_tv(b->ru.ru_stime) - bench_tv(a->ru.ru_stime);
  printf("RESULT workload=%s client=%s n=%ld ok=%ld bytes=%llu wall_s=%.6f cpu_s=%.6f user_s=%.6f "
         "sys_s=%.6f base_rss_kib=%ld peak_rss_kib=%ld vcsw=%ld ivcsw=%ld\n",
         workload, client, n, ok, bytes, wall, user + sys, user, sys, a->rss_kib,
         b->ru.ru_maxrss, b->ru.ru_nvcsw - a->ru.ru_nvcsw, b->ru.ru_nivcsw - a->ru.ru_nivcsw);
  fflush(stdout);
}

/* Raises the open-file limit to what 10,000 connections need (as far as the hard limit allows). */
static inline void bench_raise_nofile(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

static inline long bench_atol(const char *s, const char *what) {
  char *end = NULL;
  long v = strtol(s, &end, 10);
  if (!s[0] || *end || v < 0) {
    fprintf(stderr, "bad %s: %s\n", what, s);
    exit(2);
  }
  return v;
}

#endif
