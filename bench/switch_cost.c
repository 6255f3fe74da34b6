/* The cost of handing control between two threads that share one CPU: two threads pass a
 * token back and forth through a futex, N round trips, pinned by the caller (bench/profile.sh
 * runs it under the client's taskset). One round trip = 2 futex waits, 2 futex wakes and 2
 * context switches: what a request submitted from an application thread and completed on
 * nethttp's worker adds, at least, when both run on the same CPU.
 *
 *   switch_cost [ROUND_TRIPS]      prints: RESULT switch_round_trip_us=...
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int turn;   /* 0: main's turn, 1: the other thread's */
static long rounds = 200000;

static void wait_while(int v) {
  while (atomic_load(&turn) == v) syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}
static void hand_to(int v) {
  atomic_store(&turn, v);
  syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
static void *other(void *arg) {
  (void)arg;
  for (long i = 0; i < rounds; i++) {
    wait_while(0);
    hand_to(0);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atol(argv[1]);
  if (rounds < 1) return 2;
  pthread_t t;
  if (pthread_create(&t, NULL, other, NULL) != 0) return 1;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < rounds; i++) {
    hand_to(1);
    wait_while(1);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  pthread_join(t, NULL);
  double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / rounds;
  printf("RESULT switch_round_trip_us=%.2f round_trips=%ld\n", us, rounds);
  return 0;
}
