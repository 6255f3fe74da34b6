/* nethttp_sock_destroy racing events, from other threads and from inside callbacks. A nethttp
 * server streams 4 KiB chunks to every connection it accepts (more on each DRAIN) and destroys
 * a quarter of its connections (at random) inside its CONNECT callback (after adding listeners to it);
 * its other connections are destroyed inside their CLOSE callback. Rounds of clients connect
 * to it and are destroyed: from another thread at a random moment (often before the connect's
 * result, or while messages arrive), inside their first MESSAGE, inside CONNECT, inside the
 * connect's result, inside CLOSE (after closing themselves in a MESSAGE), and clients with
 * queued delivery (a dispatcher thread runs the queue) destroyed from another thread or inside
 * MESSAGE on the dispatcher. Every socket has two listeners per event type and a flag set once
 * destroy returned: no listener or result may start after it (the second listener of an event
 * inside which the first destroyed included). Then queued delivery with items pending: a
 * client destroyed with MESSAGE events waiting in an undispatched queue (dispatch runs none of
 * them), a server destroyed with accepted connections waiting in its queue (they are closed,
 * their clients see the end), and a queue freed with items pending while its socket still
 * streams. No crash, descriptors back to the baseline.
 * nethttp-test-timeout: 120 */
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1;
}

static int fds_settle(int target, int ms) {
  uint64_t end = now_ms() + (uint64_t)ms;
  int n = count_fds();
  while (n > target && now_ms() < end) {
    sleep_ms(20);
    n = count_fds();
  }
  return n;
}

/* ---- one tracked socket ---- */

typedef struct tracked {
  struct nethttp_sock *s;
  atomic_int claimed;   /* exactly one party destroys it */
  atomic_int destroyed; /* set once nethttp_sock_destroy returned */
  atomic_int late;      /* listener or result calls that began after that */
  atomic_int events, messages, connects, closes;
  int mode;
  pthread_t cb_thread_expect; /* queued delivery: the dispatcher */
  int queued;
  atomic_int wrong_thread;
} tracked;

/* Destroys t once (whoever comes first); 1 when this call did it. */
static int destroy_once(tracked *t) {
  if (atomic_exchange(&t->claimed, 1)) return 0;
  nethttp_sock_destroy(t->s);
  atomic_store(&t->destroyed, 1);
  return 1;
}

static void enter(tracked *t) {
  if (atomic_load(&t->destroyed)) atomic_fetch_add(&t->late, 1);
  if (t->queued && !pthread_equal(pthread_self(), t->cb_thread_expect))
    atomic_fetch_add(&t->wrong_thread, 1);
  atomic_fetch_add(&t->events, 1);
}

/* ---- the streaming server ---- */

#define MAXCONN 4096
static tracked sconns[MAXCONN];
static atomic_int n_sconns, stream_stop;
static uint8_t chunk[4096];

static void sconn_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  tracked *t = ud;
  enter(t);
  if (atomic_load(&t->destroyed) || atomic_load(&t->claimed)) return;
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_DRAIN:
    if (!atomic_load(&stream_stop))
      for (int i = 0; i < 16; i++) nethttp_sock_send(s, chunk, sizeof chunk, NULL, NULL);
    break;
  case NETHTTP_SOCK_EVENT_CLOSE:
    atomic_fetch_add(&t->closes, 1);
    destroy_once(t); /* inside its CLOSE */
    break;
  default:
    break;
  }
}

/* The second listener of each event: it must not run after the first destroyed. */
static void second_listener(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)s;
  (void)e;
  tracked *t = ud;
  if (atomic_load(&t->destroyed)) atomic_fetch_add(&t->late, 1);
}

static void listen_all(struct nethttp_sock *s, nethttp_sock_event_cb cb, tracked *t) {
  for (int ty = NETHTTP_SOCK_EVENT_CONNECT; ty <= NETHTTP_SOCK_EVENT_DRAIN; ty++) {
    CHECK_INT_EQ(nethttp_sock_on(s, ty, cb, t), 0);
    CHECK_INT_EQ(nethttp_sock_on(s, ty, second_listener, t), 0);
  }
}

static void server_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  if (e->type != NETHTTP_SOCK_EVENT_CONNECT || !e->connection) return;
  int i = atomic_fetch_add(&n_sconns, 1);
  if (i >= MAXCONN) {
    nethttp_sock_destroy(e->connection);
    return;
  }
  tracked *t = &sconns[i];
  t->s = e->connection;
  listen_all(t->s, sconn_event, t);
  /* A quarter of them, at random (not in step with the clients' modes). */
  static uint32_t x = 2463534242u; /* the server's callbacks run on the worker only */
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  if (x % 4 == 0) {
    destroy_once(t); /* inside the server's CONNECT: it never reads, nothing of it follows */
    return;
  }
  for (int k = 0; k < 16; k++) nethttp_sock_send(t->s, chunk, sizeof chunk, NULL, NULL);
}

/* ---- clients ---- */

enum {
  KILL_EARLY,    /* another thread, 0..2 ms after connect */
  KILL_LATER,    /* another thread, 2..40 ms after connect: mid-stream */
  IN_MESSAGE,    /* inside its first MESSAGE */
  IN_CONNECT,    /* inside CONNECT */
  IN_RESULT,     /* inside the connect's result */
  IN_CLOSE,      /* closes itself in its second MESSAGE, destroyed inside CLOSE */
  QUEUED_KILL,   /* queued delivery; another thread at random */
  QUEUED_IN_MSG, /* queued delivery; inside MESSAGE on the dispatcher */
  MODES
};

#define ROUNDS 480
#define BATCH 48
static tracked clients[ROUNDS];
static atomic_int close_rc_bad;

static void client_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  tracked *t = ud;
  enter(t);
  if (atomic_load(&t->claimed)) return;
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_CONNECT:
    atomic_fetch_add(&t->connects, 1);
    if (t->mode == IN_CONNECT) destroy_once(t);
    break;
  case NETHTTP_SOCK_EVENT_MESSAGE: {
    int m = atomic_fetch_add(&t->messages, 1) + 1;
    if ((t->mode == IN_MESSAGE || t->mode == QUEUED_IN_MSG) && m == 1) destroy_once(t);
    if (t->mode == IN_CLOSE && m == 2) {
      int32_t rc = nethttp_sock_close(s, NULL, NULL);
      if (rc != 0) atomic_fetch_add(&close_rc_bad, 1);
    }
    break;
  }
  case NETHTTP_SOCK_EVENT_CLOSE:
    atomic_fetch_add(&t->closes, 1);
    if (t->mode == IN_CLOSE) destroy_once(t);
    break;
  default:
    break;
  }
}

static void client_result(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
  (void)s;
  (void)code;
  (void)msg;
  tracked *t = ud;
  enter(t);
  if (t->mode == IN_RESULT) destroy_once(t);
}

typedef struct killer {
  tracked *t;
  int delay_us;
} killer;

static void *killer_main(void *p) {
  killer *k = p;
  usleep((useconds_t)k->delay_us);
  destroy_once(k->t);
  return NULL;
}

/* The dispatcher of the clients' queue. */
static struct http_queue *cq;
static atomic_int dispatch_stop;
static pthread_t dispatcher;

static void *dispatch_main(void *p) {
  (void)p;
  int fd = http_queue_fd(cq);
  while (!atomic_load(&dispatch_stop)) {
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    poll(&pf, 1, 20);
    http_queue_dispatch(cq);
  }
  http_queue_dispatch(cq);
  return NULL;
}

static void rounds(uint16_t port) {
  fprintf(stderr, "-- %d rounds of destroy racing events\n", ROUNDS);
  static killer ks[ROUNDS];
  unsigned seed = 12345;
  for (int b = 0; b < ROUNDS; b += BATCH) {
    pthread_t th[BATCH];
    int nth = 0;
    for (int i = b; i < b + BATCH && i < ROUNDS; i++) {
      tracked *t = &clients[i];
      t->mode = i % MODES;
      t->s = nethttp_sock_create(NETHTTP_SOCK_TCP);
      if (t->mode == QUEUED_KILL || t->mode == QUEUED_IN_MSG) {
        t->queued = 1;
        t->cb_thread_expect = dispatcher;
        CHECK_INT_EQ(nethttp_sock_set_queue(t->s, cq), 0);
      }
      listen_all(t->s, client_event, t);
      CHECK_INT_EQ(nethttp_sock_connect(t->s, "127.0.0.1", port, 1, 5000, client_result, t), 0);
      if (t->mode == KILL_EARLY || t->mode == KILL_LATER || t->mode == QUEUED_KILL) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = (seed >> 8) % 1000;
        ks[i].t = t;
        ks[i].delay_us = t->mode == KILL_EARLY ? (int)(r * 2) : 2000 + (int)(r * 38);
        pthread_create(&th[nth++], NULL, killer_main, &ks[i]);
      }
    }
    for (int k = 0; k < nth; k++) pthread_join(th[k], NULL);
    /* Callback destroys: wait for them (bounded), then destroy what is left. A client whose
     * server connection was destroyed inside CONNECT gets no data, only the end (CLOSE). */
    uint64_t end = now_ms() + 3000;
    for (;;) {
      int left = 0;
      for (int i = b; i < b + BATCH && i < ROUNDS; i++)
        left += !atomic_load(&clients[i].claimed) && !atomic_load(&clients[i].closes);
      if (left == 0 || now_ms() >= end) break;
      sleep_ms(10);
    }
    for (int i = b; i < b + BATCH && i < ROUNDS; i++) destroy_once(&clients[i]);
  }
  /* Anything late would show now. */
  sleep_ms(300);
  int late = 0, with_data = 0, by_mode[MODES] = {0}, wrong = 0;
  for (int i = 0; i < ROUNDS; i++) {
    tracked *t = &clients[i];
    late += atomic_load(&t->late);
    wrong += atomic_load(&t->wrong_thread);
    if (atomic_load(&t->messages) > 0) {
      with_data++;
      by_mode[t->mode]++;
    }
    if (atomic_load(&t->late))
      fprintf(stderr, "client %d (mode %d): %d calls after destroy\n", i, t->mode,
              atomic_load(&t->late));
  }
  CHECK_INT_EQ(late, 0);
  CHECK_INT_EQ(wrong, 0);
  CHECK_INT_EQ(atomic_load(&close_rc_bad), 0);
  fprintf(stderr, "rounds with data: %d (by mode:", with_data);
  for (int m = 0; m < MODES; m++) fprintf(stderr, " %d", by_mode[m]);
  fprintf(stderr, ")\n");
  /* The modes that need data had it (most rounds reach their point). */
  CHECK(by_mode[IN_MESSAGE] > ROUNDS / MODES / 4, "IN_MESSAGE rounds with data: %d",
        by_mode[IN_MESSAGE]);
  CHECK(by_mode[IN_CLOSE] > ROUNDS / MODES / 4, "IN_CLOSE rounds with data: %d", by_mode[IN_CLOSE]);
  CHECK(by_mode[QUEUED_IN_MSG] > ROUNDS / MODES / 4, "QUEUED_IN_MSG rounds with data: %d",
        by_mode[QUEUED_IN_MSG]);
  int in_close = 0;
  for (int i = 0; i < ROUNDS; i++)
    in_close += clients[i].mode == IN_CLOSE && atomic_load(&clients[i].closes) == 1;
  CHECK(in_close > ROUNDS / MODES / 4, "rounds destroyed inside CLOSE: %d", in_close);
}

/* ---- queued delivery with items pending ---- */

static void queued_pending(uint16_t port) {
  fprintf(stderr, "-- a client destroyed with events pending in its queue\n");
  struct http_queue *q = http_queue_new();
  tracked t;
  memset(&t, 0, sizeof t);
  t.queued = 1;
  t.cb_thread_expect = pthread_self();
  t.s = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_set_queue(t.s, q), 0);
  listen_all(t.s, client_event, &t);
  t.mode = -1;
  CHECK_INT_EQ(nethttp_sock_connect(t.s, "127.0.0.1", port, 1, 5000, client_result, &t), 0);
  struct pollfd pf = {.fd = http_queue_fd(q), .events = POLLIN};
  CHECK(poll(&pf, 1, 5000) == 1, "items pending in the queue");
  sleep_ms(200); /* CONNECT, the result, messages: all waiting */
  CHECK_INT_EQ(atomic_load(&t.events), 0);
  destroy_once(&t);
  http_queue_dispatch(q); /* (it counts the dropped items too: not checked) */
  sleep_ms(100);
  http_queue_dispatch(q);
  CHECK_INT_EQ(atomic_load(&t.events), 0);
  CHECK_INT_EQ(atomic_load(&t.late), 0);
  http_queue_free(q);

  fprintf(stderr, "-- a server destroyed with connections pending in its queue\n");
  q = http_queue_new();
  tracked st;
  memset(&st, 0, sizeof st);
  st.queued = 1;
  st.cb_thread_expect = pthread_self();
  st.mode = -1;
  st.s = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_set_queue(st.s, q), 0);
  listen_all(st.s, client_event, &st);
  CHECK_INT_EQ(nethttp_sock_listen(st.s, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(st.s, &la), 0);
  enum { K = 5 };
  tracked cs[K];
  memset(cs, 0, sizeof cs);
  for (int i = 0; i < K; i++) {
    cs[i].mode = -1;
    cs[i].s = nethttp_sock_create(NETHTTP_SOCK_TCP);
    listen_all(cs[i].s, client_event, &cs[i]);
    CHECK_INT_EQ(nethttp_sock_connect(cs[i].s, "127.0.0.1", la.port, 1, 5000, NULL, NULL), 0);
  }
  uint64_t end = now_ms() + 5000;
  int up = 0;
  while (up < K && now_ms() < end) {
    up = 0;
    for (int i = 0; i < K; i++) up += atomic_load(&cs[i].connects) == 1;
    sleep_ms(10);
  }
  CHECK_INT_EQ(up, K);
  sleep_ms(200); /* the server accepted them: CONNECT events wait in its queue */
  CHECK_INT_EQ(atomic_load(&st.events), 0);
  destroy_once(&st);
  http_queue_dispatch(q);
  CHECK_INT_EQ(atomic_load(&st.events), 0);
  /* The connections nobody took are closed: each client sees the end. */
  end = now_ms() + 5000;
  int closed = 0;
  while (closed < K && now_ms() < end) {
    closed = 0;
    for (int i = 0; i < K; i++) closed += atomic_load(&cs[i].closes) == 1;
    sleep_ms(10);
  }
  CHECK_INT_EQ(closed, K);
  for (int i = 0; i < K; i++) {
    destroy_once(&cs[i]);
    CHECK_INT_EQ(atomic_load(&cs[i].late), 0);
  }
  http_queue_free(q);

  fprintf(stderr, "-- a queue freed with items pending, its socket still streaming\n");
  q = http_queue_new();
  memset(&t, 0, sizeof t);
  t.queued = 1;
  t.cb_thread_expect = pthread_self();
  t.mode = -1;
  t.s = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_set_queue(t.s, q), 0);
  listen_all(t.s, client_event, &t);
  CHECK_INT_EQ(nethttp_sock_connect(t.s, "127.0.0.1", port, 1, 5000, client_result, &t), 0);
  pf.fd = http_queue_fd(q);
  CHECK(poll(&pf, 1, 5000) == 1, "items pending");
  sleep_ms(100);
  http_queue_free(q); /* drops what is pending; later items go nowhere */
  sleep_ms(200);      /* the socket goes on receiving */
  CHECK_INT_EQ(atomic_load(&t.events), 0);
  destroy_once(&t);
  CHECK_INT_EQ(atomic_load(&t.late), 0);
}

int main(void) {
  memset(chunk, 'c', sizeof chunk);
  /* The engine and the socket module first: their descriptors stay for the process. */
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 1), 0);
  sleep_ms(100);
  nethttp_sock_destroy(u);
  int fds0 = fds_settle(0, 300);
  fprintf(stderr, "baseline: %d descriptors\n", fds0);

  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  CHECK_INT_EQ(nethttp_sock_on(srv, NETHTTP_SOCK_EVENT_CONNECT, server_event, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &la), 0);

  cq = http_queue_new();
  pthread_create(&dispatcher, NULL, dispatch_main, NULL);
  rounds(la.port);
  atomic_store(&dispatch_stop, 1);
  pthread_join(dispatcher, NULL);
  http_queue_free(cq);

  queued_pending(la.port);

  /* The server's connections: those not destroyed in a callback yet go now. */
  atomic_store(&stream_stop, 1);
  nethttp_sock_destroy(srv);
  sleep_ms(300);
  int n = atomic_load(&n_sconns);
  if (n > MAXCONN) n = MAXCONN;
  int in_cb = 0;
  for (int i = 0; i < n; i++) in_cb += atomic_load(&sconns[i].claimed);
  for (int i = 0; i < n; i++) destroy_once(&sconns[i]);
  sleep_ms(200);
  int late = 0;
  for (int i = 0; i < n; i++) late += atomic_load(&sconns[i].late);
  fprintf(stderr, "server connections: %d, destroyed in callbacks: %d\n", n, in_cb);
  CHECK_INT_EQ(late, 0);
  CHECK(n >= ROUNDS / 2, "connections accepted: %d", n);
  int fds1 = fds_settle(fds0, 5000);
  CHECK(fds1 <= fds0, "descriptors back to the baseline: %d -> %d", fds0, fds1);
  return test_finish();
}
