/* The lookup benchmark's client: COUNT name lookups (address family unspecified, as
 * getAddressesByName does), at most WINDOW in flight, through one of
 *
 *   nethttp  nethttp_net_lookup_start (nethttp's lookup threads, getaddrinfo)
 *   tpool    getaddrinfo in a thread pool of THREADS threads: a work queue (mutex and
 *            condition variable) the main thread submits to, as an application writes it
 *   pool     getaddrinfo on THREADS threads that take the next index themselves (no
 *            submission at all: the ideal bound of the thread design)
 *   cares    c-ares' ares_getaddrinfo (Debian's libc-ares-dev: the asynchronous anchor)
 *
 * usage: net_lookup_bench MODE cached|distinct COUNT [THREADS]
 * "cached" asks for one name COUNT times; "distinct" for COUNT different names
 * (nNNNN.bench.test; the resolver's dnsmasq answers every name under bench.test).
 * Prints one line: RESULT mode=M case=C n=N secs=S per_s=R cpu_us=U failed=F, where cpu_us is
 * this process's CPU time (user + system, every thread) per lookup. */
#define _GNU_SOURCE
#include <ares.h>
#include <netdb.h>
#include <nethttp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define WINDOW 64

static int count;
static int distinct;
static atomic_int next_index;
static atomic_int done;
static atomic_int failed;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void name_of(int i, char *out, size_t cap) {
  if (distinct)
    snprintf(out, cap, "n%d.bench.test", i);
  else
    snprintf(out, cap, "cached.bench.test");
}

/* ---- getaddrinfo on our own threads ---- */

static void *pool_thread(void *arg) {
  (void)arg;
  char name[64];
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  for (;;) {
    int i = atomic_fetch_add(&next_index, 1);
    if (i >= count) return NULL;
    name_of(i, name, sizeof name);
    struct addrinfo *res = NULL;
    if (getaddrinfo(name, NULL, &hints, &res) != 0) atomic_fetch_add(&failed, 1);
    else freeaddrinfo(res);
    atomic_fetch_add(&done, 1);
  }
}

/* ---- a classic thread pool: a work queue fed by the main thread ---- */

static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcv = PTHREAD_COND_INITIALIZER;  /* work queued */
static pthread_cond_t qfree = PTHREAD_COND_INITIALIZER; /* room in the window / finished */
static int queue_items[WINDOW];
static int qhead, qlen, qinflight, qstop;

static void *tpool_thread(void *arg) {
  (void)arg;
  char name[64];
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  for (;;) {
    pthread_mutex_lock(&qmu);
    while (qlen == 0 && !qstop) pthread_cond_wait(&qcv, &qmu);
    if (qlen == 0) {
      pthread_mutex_unlock(&qmu);
      return NULL;
    }
    int i = queue_items[qhead];
    qhead = (qhead + 1) % WINDOW;
    qlen--;
    pthread_mutex_unlock(&qmu);
    name_of(i, name, sizeof name);
    struct addrinfo *res = NULL;
    if (getaddrinfo(name, NULL, &hints, &res) != 0) atomic_fetch_add(&failed, 1);
    else freeaddrinfo(res);
    int d = atomic_fetch_add(&done, 1) + 1;
    pthread_mutex_lock(&qmu);
    qinflight--;
    if (qinflight == WINDOW / 2 || d == count) pthread_cond_signal(&qfree);
    pthread_mutex_unlock(&qmu);
  }
}

static void run_tpool(int threads) {
  pthread_t th[64];
  for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, tpool_thread, NULL);
  for (int i = 0; i < count; i++) {
    pthread_mutex_lock(&qmu);
    while (qinflight >= WINDOW) pthread_cond_wait(&qfree, &qmu);
    queue_items[(qhead + qlen) % WINDOW] = i;
    qlen++;
    qinflight++;
    pthread_cond_signal(&qcv);
    pthread_mutex_unlock(&qmu);
  }
  pthread_mutex_lock(&qmu);
  while (atomic_load(&done) < count) pthread_cond_wait(&qfree, &qmu);
  qstop = 1;
  pthread_cond_broadcast(&qcv);
  pthread_mutex_unlock(&qmu);
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
}

/* ---- nethttp ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int in_flight;


static void on_lookup(void *ud, nethttp_net_lookup *l, int32_t code, const char *message,
                      nethttp_net_addresses *a) {
  (void)ud;
  (void)message;
  (void)l;
  if (code != 0) atomic_fetch_add(&failed, 1);
  nethttp_net_addresses_free(a);
  atomic_fetch_add(&done, 1);
  pthread_mutex_lock(&mu);
  in_flight--;
  /* The starter is woken when half the window is free (or at the end), not per answer. */
  if (in_flight == WINDOW / 2 || atomic_load(&done) == count) pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static void run_nethttp(void) {
  /* Handles are destroyed once all are done (destroy waits for a running callback). */
  nethttp_net_lookup **ls = calloc((size_t)count, sizeof *ls);
  char name[64];
  for (int i = 0; i < count; i++) {
    pthread_mutex_lock(&mu);
    while (in_flight >= WINDOW) pthread_cond_wait(&cv, &mu);
    in_flight++;
    pthread_mutex_unlock(&mu);
    name_of(i, name, sizeof name);
    ls[i] = nethttp_net_lookup_create();
    if (nethttp_net_lookup_start(ls[i], name, 0, on_lookup, NULL) != 0) {
      atomic_fetch_add(&failed, 1);
      atomic_fetch_add(&done, 1);
      pthread_mutex_lock(&mu);
      in_flight--;
      pthread_mutex_unlock(&mu);
    }
  }
  pthread_mutex_lock(&mu);
  while (atomic_load(&done) < count) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < count; i++) nethttp_net_lookup_destroy(ls[i]);
  free(ls);
}

/* ---- c-ares ---- */

static ares_channel channel;
static int cares_in_flight;

static void on_ares(void *arg, int status, int timeouts, struct ares_addrinfo *res) {
  (void)arg;
  (void)timeouts;
  if (status != ARES_SUCCESS) atomic_fetch_add(&failed, 1);
  if (res) ares_freeaddrinfo(res);
  atomic_fetch_add(&done, 1);
  cares_in_flight--;
}

static void run_cares(void) {
  ares_library_init(ARES_LIB_INIT_ALL);
  if (ares_init(&channel) != ARES_SUCCESS) {
    fprintf(stderr, "ares_init failed\n");
    exit(1);
  }
  struct ares_addrinfo_hints hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  char name[64];
  int started = 0;
  while (atomic_load(&done) < count) {
    while (started < count && cares_in_flight < WINDOW) {
      name_of(started++, name, sizeof name);
      cares_in_flight++;
      ares_getaddrinfo(channel, name, NULL, &hints, on_ares, NULL);
    }
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    struct pollfd p[ARES_GETSOCK_MAXNUM];
    int n = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
      short ev = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) ev |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) ev |= POLLOUT;
      if (ev) {
        p[n].fd = socks[i];
        p[n].events = ev;
        p[n].revents = 0;
        n++;
      }
    }
    struct timeval tv, *tvp = ares_timeout(channel, NULL, &tv);
    int ms = tvp ? (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000) : 100;
    poll(p, (nfds_t)n, ms);
    for (int i = 0; i < n; i++) {
      ares_socket_t r = (p[i].revents & (POLLIN | POLLERR | POLLHUP)) ? p[i].fd : ARES_SOCKET_BAD;
      ares_socket_t w = (p[i].revents & POLLOUT) ? p[i].fd : ARES_SOCKET_BAD;
      if (r != ARES_SOCKET_BAD || w != ARES_SOCKET_BAD) ares_process_fd(channel, r, w);
    }
    if (n == 0) ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  }
  ares_destroy(channel);
  ares_library_cleanup();
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: net_lookup_bench nethttp|tpool|pool|cares cached|distinct COUNT [THREADS]\n");
    return 2;
  }
  const char *mode = argv[1];
  distinct = !strcmp(argv[2], "distinct");
  count = atoi(argv[3]);
  int threads = argc > 4 ? atoi(argv[4]) : 4;
  if (count <= 0 || threads <= 0 || threads > 64) return 2;
  double t0 = now_s();
  if (!strcmp(mode, "pool")) {
    pthread_t th[64];
    for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, pool_thread, NULL);
    for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  } else if (!strcmp(mode, "tpool")) {
    run_tpool(threads);
  } else if (!strcmp(mode, "nethttp")) {
    run_nethttp();
  } else if (!strcmp(mode, "cares")) {
    run_cares();
  } else {
    return 2;
  }
  double secs = now_s() - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
               (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  printf("RESULT mode=%s case=%s n=%d secs=%.4f per_s=%.0f cpu_us=%.2f failed=%d\n", mode,
         argv[2], count, secs, count / secs, cpu / count, atomic_load(&failed));
  return atomic_load(&failed) ? 1 : 0;
}
