/* The TLS benchmark through nethttp's C ABI (TLS sockets, callbacks on the worker).
 *   sock_tls_nethttp_client PORT CA WORKLOAD N */
#include <pthread.h>

#include "nethttp.h"
#include "sock_tls_common.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int flag;
static long n, count, got;
static char buf[TLS_MSG];
static double t0, c0;

static void post(void) {
  pthread_mutex_lock(&mu);
  flag = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static void take(void) {
  pthread_mutex_lock(&mu);
  while (!flag) pthread_cond_wait(&cv, &mu);
  flag = 0;
  pthread_mutex_unlock(&mu);
}

static void hs_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT || e->type == NETHTTP_SOCK_EVENT_ERROR) post();
}

static void echo_event(void *ud, nethttp_sock *s, const nethttp_sock_event *e) {
  (void)ud;
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT) {
    t0 = sb_now();
    c0 = sb_cpu();
    nethttp_sock_send(s, (const uint8_t *)buf, TLS_MSG, NULL, NULL);
  } else if (e->type == NETHTTP_SOCK_EVENT_MESSAGE) {
    got += (long)e->data_len;
    if (got < TLS_MSG) return;
    got = 0;
    if (++count == n) {
      sb_result("nethttp", "echo16k", n, sb_now() - t0, sb_cpu() - c0, NULL);
      post();
      return;
    }
    nethttp_sock_send(s, (const uint8_t *)buf, TLS_MSG, NULL, NULL);
  }
}

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  int port = atoi(argv[1]);
  const char *w = argv[3];
  n = atol(argv[4]);
  char json[1024];
  snprintf(json, sizeof json,
           "{\"secureOptions\":{\"caPath\":\"%s\",\"protocols\":[\"TLSv1.3\"]},"
           "\"serverName\":\"localhost\"}",
           argv[2]);
  memset(buf, 'x', sizeof buf);
  if (!strcmp(w, "hs")) {
    t0 = sb_now();
    c0 = sb_cpu();
    for (long i = 0; i < n; i++) {
      nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TLS);
      nethttp_sock_set_tls_options(s, json);
      nethttp_sock_on(s, NETHTTP_SOCK_EVENT_CONNECT, hs_event, NULL);
      nethttp_sock_on(s, NETHTTP_SOCK_EVENT_ERROR, hs_event, NULL);
      /* The address, as the raw client connects (SNI and the name check: serverName). */
      nethttp_sock_connect(s, "127.0.0.1", (uint16_t)port, 1, 5000, NULL, NULL);
      take();
      nethttp_sock_destroy(s);
    }
    sb_result("nethttp", w, n, sb_now() - t0, sb_cpu() - c0, NULL);
  } else if (!strcmp(w, "echo16k")) {
    nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_TLS);
    nethttp_sock_set_tls_options(s, json);
    nethttp_sock_set_option(s, NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1);
    nethttp_sock_on(s, NETHTTP_SOCK_EVENT_CONNECT, echo_event, NULL);
    nethttp_sock_on(s, NETHTTP_SOCK_EVENT_MESSAGE, echo_event, NULL);
    nethttp_sock_connect(s, "127.0.0.1", (uint16_t)port, 1, 5000, NULL, NULL);
    take();
    nethttp_sock_destroy(s);
  }
  return 0;
}
