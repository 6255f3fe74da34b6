/* The socket benchmark through nethttp's C ABI: the workloads of sock_common.h with event
 * callbacks on nethttp's worker (the default delivery); the main thread waits.
 *   sock_nethttp_client PORT WORKLOAD N */
#include <pthread.h>

#include "nethttp.h"
#include "sock_common.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done, drained, connected;
static long n, count, sent, lost, got_bytes;
static size_t dsize;
static int port;
static char buf[SB_CHUNK];
static double t0, c0;
static const char *wl;

static void signal_done(int *flag) {
  pthread_mutex_lock(&mu);
  *flag = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
}

static void wait_for(int *flag) {
  pthread_mutex_lock(&mu);
  while (!*flag) pthread_cond_wait(&cv, &mu);
  *flag = 0;
  pthread_mutex_unlock(&mu);
}

static void pp_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT) {
    t0 = sb_now();
    c0 = sb_cpu();
    nethttp_sock_send(s, (const uint8_t *)buf, 64, NULL, NULL);
  } else if (e->type == NETHTTP_SOCK_EVENT_MESSAGE) {
    got_bytes += (long)e->data_len;
    while (got_bytes >= 64) {
      got_bytes -= 64;
      if (++count == n) {
        sb_result("nethttp", wl, n, sb_now() - t0, sb_cpu() - c0, NULL);
        signal_done(&done);
        return;
      }
      nethttp_sock_send(s, (const uint8_t *)buf, 64, NULL, NULL);
    }
  }
}

static void stream_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT) signal_done(&connected);
  else if (e->type == NETHTTP_SOCK_EVENT_DRAIN) signal_done(&drained);
  else if (e->type == NETHTTP_SOCK_EVENT_CLOSE) {
    sb_result("nethttp", wl, n, sb_now() - t0, sb_cpu() - c0, NULL);
    signal_done(&done);
  }
}

static nethttp_net_address udp_to; /* 127.0.0.1, port + 2 */
static void udp_send(nethttp_sock *s) {
  nethttp_sock_send_to_address(s, &udp_to, (const uint8_t *)buf, dsize, NULL, NULL);
  __atomic_add_fetch(&sent, 1, __ATOMIC_RELAXED);
}

static void udp_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  if (e->type != NETHTTP_SOCK_EVENT_MESSAGE) return;
  long c = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
  if (c == n) {
    char extra[64];
    snprintf(extra, sizeof extra, "lost=%ld", lost);
    sb_result("nethttp", wl, n, sb_now() - t0, sb_cpu() - c0, extra);
    signal_done(&done);
    return;
  }
  if (__atomic_load_n(&sent, __ATOMIC_RELAXED) < n + SB_WINDOW) udp_send(s);
}

static long idle_connected;
static void idle_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT &&
      __atomic_add_fetch(&idle_connected, 1, __ATOMIC_RELAXED) == n)
    signal_done(&done);
}

int main(int argc, char **argv) {
  if (argc != 4) sb_usage(argv[0]);
  port = atoi(argv[1]);
  wl = argv[2];
  n = atol(argv[3]);
  sb_raise_nofile();
  memset(buf, 'x', sizeof buf);
  if (!strcmp(wl, "pp64")) {
    nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TCP);
    nethttp_sock_set_option(s, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1);
    nethttp_sock_on(s, NETHTTP_SOCK_EVENT_CONNECT, pp_event, NULL);
    nethttp_sock_on(s, NETHTTP_SOCK_EVENT_MESSAGE, pp_event, NULL);
    nethttp_sock_connect(s, "127.0.0.1", (uint16_t)port, 1, 5000, NULL, NULL);
    wait_for(&done);
    nethttp_sock_destroy(s);
  } else if (!strcmp(wl, "stream")) {
    nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TCP);
    nethttp_sock_set_option(s, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1);
    /* Up to 1 MiB queued, as for libuv: a send past it is refused, DRAIN says go on. */
    nethttp_sock_set_option(s, NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT, 1 << 20);
    for (int t = NETHTTP_SOCK_EVENT_CONNECT; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
      nethttp_sock_on(s, t, stream_event, NULL);
    nethttp_sock_connect(s, "127.0.0.1", (uint16_t)(port + 1), 1, 5000, NULL, NULL);
    wait_for(&connected);
    t0 = sb_now();
    c0 = sb_cpu();
    while (sent < n) {
      size_t len = (size_t)(n - sent < SB_CHUNK ? n - sent : SB_CHUNK);
      int32_t rc = nethttp_sock_send(s, (const uint8_t *)buf, len, NULL, NULL);
      if (rc == 0) sent += (long)len;
      else if (rc == NETHTTP_ERR_SOCK_QUEUE_FULL) {
        /* DRAIN may have come already: wait only while bytes are queued. */
        pthread_mutex_lock(&mu);
        while (!drained && nethttp_sock_send_queue_size(s) > 0) {
          struct timespec ts;
          clock_gettime(CLOCK_REALTIME, &ts);
          ts.tv_nsec += 1000000;
          if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
          pthread_cond_timedwait(&cv, &mu, &ts);
        }
        drained = 0;
        pthread_mutex_unlock(&mu);
      } else {
        fprintf(stderr, "send: %d\n", rc);
        return 1;
      }
    }
    nethttp_sock_shutdown(s);
    wait_for(&done);
    nethttp_sock_destroy(s);
  } else if (!strcmp(wl, "udp64") || !strcmp(wl, "udp1200")) {
    dsize = !strcmp(wl, "udp64") ? 64 : 1200;
    strcpy(udp_to.address, "127.0.0.1");
    udp_to.family = 1;
    udp_to.port = (uint16_t)(port + 2);
    nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_UDP);
    nethttp_sock_on(s, NETHTTP_SOCK_EVENT_MESSAGE, udp_event, NULL);
    /* The wildcard, as libuv binds its unbound handle (with a specific source address the
     * kernel also validates it for every datagram sent: __ip_dev_find). */
    nethttp_sock_bind(s, "0.0.0.0", 0, 1);
    t0 = sb_now();
    c0 = sb_cpu();
    for (int i = 0; i < SB_WINDOW; i++) udp_send(s);
    long last = -1;
    for (;;) {
      pthread_mutex_lock(&mu);
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 100000000;
      if (ts.tv_nsec >= 1000000000) ts.tv_sec++, ts.tv_nsec -= 1000000000;
      if (!done) pthread_cond_timedwait(&cv, &mu, &ts);
      int d = done;
      pthread_mutex_unlock(&mu);
      if (d) break;
      long c = __atomic_load_n(&count, __ATOMIC_RELAXED);
      if (c == last) { /* a stalled window: refill */
        lost += __atomic_load_n(&sent, __ATOMIC_RELAXED) - c;
        __atomic_store_n(&sent, c, __ATOMIC_RELAXED);
        for (int i = 0; i < SB_WINDOW; i++) udp_send(s);
      }
      last = c;
    }
    nethttp_sock_destroy(s);
  } else if (!strcmp(wl, "idle")) {
    /* The library's own start-up (worker, selector) is not per connection. */
    nethttp_sock *warm = nethttp_sock_create(NETHTTP_SOCK_UDP);
    nethttp_sock_bind(warm, "127.0.0.1", 0, 1);
    usleep(200000);
    long r0 = sb_rss_kib();
    nethttp_sock **ss = malloc(sizeof(*ss) * (size_t)n);
    for (long i = 0; i < n; i++) {
      ss[i] = nethttp_sock_create(NETHTTP_SOCK_TCP);
      nethttp_sock_on(ss[i], NETHTTP_SOCK_EVENT_CONNECT, idle_event, NULL);
      nethttp_sock_connect(ss[i], "127.0.0.1", (uint16_t)port, 1, 30000, NULL, NULL);
    }
    wait_for(&done);
    sleep(1);
    char extra[64];
    snprintf(extra, sizeof extra, "kib=%ld", sb_rss_kib() - r0);
    sb_result("nethttp", wl, n, 0, 0, extra);
  } else {
    sb_usage(argv[0]);
  }
  return 0;
}
