/* Sockets at scale and under races: 10,000 concurrent TCP connections on the one loop (a
 * nethttp server and 10,000 nethttp clients in this process: each connects, sends 8 bytes,
 * gets its echo, and closes; exactly one CONNECT, the echo and one CLOSE each; descriptors
 * back to where they were), then destroy racing events from other threads: clients streaming
 * data destroyed from another thread at random moments and inside their own callbacks, server
 * connections destroyed inside CONNECT, queued delivery with items pending; no callback after
 * destroy returned, descriptors back again.
 * nethttp-test-timeout: 120 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d) return -1;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

static void warm_up(void);

/* ---- 10,000 connections ---- */

#define N 10000

typedef struct conn_state {
  atomic_int connects, closes, errors, bytes;
} conn_state;

static conn_state states[N];
static void client_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  conn_state *st = ud;
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_CONNECT:
    atomic_fetch_add(&st->connects, 1);
    nethttp_sock_send(s, (const uint8_t *)"8 bytes!", 8, NULL, NULL);
    break;
  case NETHTTP_SOCK_EVENT_MESSAGE:
    atomic_fetch_add(&st->bytes, (int)e->data_len);
    break;
  case NETHTTP_SOCK_EVENT_CLOSE:
    atomic_fetch_add(&st->closes, 1);
    break;
  case NETHTTP_SOCK_EVENT_ERROR:
    atomic_fetch_add(&st->errors, 1);
    break;
  }
}

/* The peer: a raw epoll echo server in a child process (its own descriptor table, so the
 * 10,000 connections fit this process's limit); echoes, closes when the client closes. Only
 * system calls after fork (no allocation). */
static void echo_server_child(int lfd) {
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  static struct epoll_event evs[256];
  static char buf[4096];
  for (;;) {
    int n = epoll_wait(ep, evs, 256, 60000);
    if (n <= 0) _exit(0);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        if (write(fd, buf, (size_t)r) < 0) {}
      } else if (r == 0 || errno != EAGAIN) {
        close(fd);
      }
    }
  }
}

static void ten_thousand(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_max < N + 500) {
    fprintf(stderr, "SKIP 10,000 connections: RLIMIT_NOFILE hard limit %llu\n",
            (unsigned long long)rl.rlim_max);
    return;
  }
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  bind(lfd, (struct sockaddr *)&sa, sizeof sa);
  listen(lfd, 4096);
  socklen_t sl = sizeof sa;
  getsockname(lfd, (struct sockaddr *)&sa, &sl);
  pid_t pid = fork();
  if (pid == 0) echo_server_child(lfd);
  close(lfd);
  struct nethttp_net_address a;
  a.port = ntohs(sa.sin_port);
  warm_up();
  int fds0 = count_fds();
  static struct nethttp_sock *cs[N];
  uint64_t t0 = now_ms();
  for (int i = 0; i < N; i++) {
    cs[i] = nethttp_sock_create(NETHTTP_SOCK_TCP);
    for (int t = NETHTTP_SOCK_EVENT_CONNECT; t <= NETHTTP_SOCK_EVENT_ERROR; t++)
      nethttp_sock_on(cs[i], t, client_event, &states[i]);
    CHECK_INT_EQ(nethttp_sock_connect(cs[i], "127.0.0.1", a.port, 1, 30000, NULL, NULL), 0);
  }
  /* All 10,000 connected and echoed at once, then all half-close and see the close. */
  int done = 0;
  while (now_ms() - t0 < 60000) {
    done = 0;
    for (int i = 0; i < N; i++) done += atomic_load(&states[i].bytes) == 8;
    if (done == N) break;
    sleep_ms(50);
  }
  CHECK_INT_EQ(done, N);
  fprintf(stderr, "10,000 connections open at once: %llu ms\n", (unsigned long long)(now_ms() - t0));
  for (int i = 0; i < N; i++) nethttp_sock_shutdown(cs[i]);
  while (now_ms() - t0 < 90000) {
    done = 0;
    for (int i = 0; i < N; i++) done += atomic_load(&states[i].closes) == 1;
    if (done == N) break;
    sleep_ms(50);
  }
  int bad = 0;
  for (int i = 0; i < N; i++) {
    conn_state *st = &states[i];
    if (atomic_load(&st->connects) != 1 || atomic_load(&st->closes) != 1 ||
        atomic_load(&st->bytes) != 8 || atomic_load(&st->errors) != 0) {
      if (bad++ < 5)
        fprintf(stderr, "client %d: connects %d closes %d bytes %d errors %d\n", i,
                atomic_load(&st->connects), atomic_load(&st->closes), atomic_load(&st->bytes),
                atomic_load(&st->errors));
    }
  }
  CHECK_INT_EQ(bad, 0);
  fprintf(stderr, "10,000 connections: %llu ms\n", (unsigned long long)(now_ms() - t0));
  for (int i = 0; i < N; i++) nethttp_sock_destroy(cs[i]);
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  int fds1 = 0;
  for (int i = 0; i < 100; i++) {
    fds1 = count_fds();
    if (fds1 <= fds0) break;
    sleep_ms(50);
  }
  CHECK(fds1 <= fds0, "descriptors back: %d -> %d", fds0, fds1);
}

/* ---- destroy racing events ---- */

typedef struct racer {
  atomic_int claimed;     /* who destroys it: exactly one party */
  atomic_int destroyed;   /* set once nethttp_sock_destroy returned */
  atomic_int late;        /* callbacks that began after that */
  atomic_int messages;
  int destroy_in;         /* 0: another thread; 1: inside MESSAGE; 2: inside CONNECT */
  struct nethttp_sock *s;
} racer;

static void racer_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  racer *r = ud;
  if (atomic_load(&r->destroyed)) atomic_fetch_add(&r->late, 1);
  if (e->type == NETHTTP_SOCK_EVENT_MESSAGE) {
    atomic_fetch_add(&r->messages, 1);
    if (r->destroy_in == 1 && !atomic_exchange(&r->claimed, 1)) {
      nethttp_sock_destroy(s);
      atomic_store(&r->destroyed, 1);
    }
  }
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT && r->destroy_in == 2 &&
      !atomic_exchange(&r->claimed, 1)) {
    nethttp_sock_destroy(s);
    atomic_store(&r->destroyed, 1);
  }
}

static atomic_int stream_stop;

/* The server side streams 4 KiB chunks to every connection until told to stop. */
static void streamer_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)ud;
  static uint8_t chunk[4096];
  if (e->type == NETHTTP_SOCK_EVENT_CONNECT && e->connection) {
    /* Every fourth connection is destroyed inside its CONNECT callback. */
    static atomic_int n;
    if (atomic_fetch_add(&n, 1) % 4 == 3) {
      nethttp_sock_destroy(e->connection);
      return;
    }
    nethttp_sock_on(e->connection, NETHTTP_SOCK_EVENT_DRAIN, streamer_event, NULL);
    nethttp_sock_on(e->connection, NETHTTP_SOCK_EVENT_CLOSE, streamer_event, NULL);
    for (int i = 0; i < 16; i++) nethttp_sock_send(e->connection, chunk, sizeof chunk, NULL, NULL);
  } else if (e->type == NETHTTP_SOCK_EVENT_DRAIN && !atomic_load(&stream_stop)) {
    for (int i = 0; i < 16; i++) nethttp_sock_send(s, chunk, sizeof chunk, NULL, NULL);
  } else if (e->type == NETHTTP_SOCK_EVENT_CLOSE) {
    nethttp_sock_destroy(s);
  }
}

typedef struct killer_arg {
  racer *r;
  int delay_ms;
} killer_arg;

static void *killer(void *p) {
  killer_arg *k = p;
  sleep_ms(k->delay_ms);
  if (!atomic_exchange(&k->r->claimed, 1)) {
    nethttp_sock_destroy(k->r->s);
    atomic_store(&k->r->destroyed, 1);
  }
  return NULL;
}

/* Starts the engine and the socket module (their own descriptors stay for the process). */
static void warm_up(void) {
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  nethttp_sock_bind(u, "127.0.0.1", 0, 1);
  sleep_ms(100);
  nethttp_sock_destroy(u);
  sleep_ms(100);
}

static void races(void) {
  warm_up();
  int fds0 = count_fds();
  struct nethttp_sock *srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  nethttp_sock_on(srv, NETHTTP_SOCK_EVENT_CONNECT, streamer_event, NULL);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  nethttp_sock_get_local_address(srv, &a);
  struct http_queue *q = http_queue_new();
  enum { ROUNDS = 300 };
  static racer rs[ROUNDS];
  static killer_arg ks[ROUNDS];
  pthread_t th[ROUNDS];
  int threads = 0;
  srand(7);
  for (int i = 0; i < ROUNDS; i++) {
    racer *r = &rs[i];
    r->destroy_in = i % 3;
    r->s = nethttp_sock_create(NETHTTP_SOCK_TCP);
    if (i % 5 == 4) nethttp_sock_set_queue(r->s, q); /* some with queued delivery */
    for (int t = NETHTTP_SOCK_EVENT_CONNECT; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
      nethttp_sock_on(r->s, t, racer_event, r);
    nethttp_sock_connect(r->s, "127.0.0.1", a.port, 1, 5000, NULL, NULL);
    if (r->destroy_in == 0 || i % 5 == 4) {
      /* Another thread, at a random moment: before the connect's end, mid-stream, ... */
      ks[i].r = r;
      ks[i].delay_ms = rand() % 30;
      if (r->destroy_in != 0) ks[i].delay_ms += 40; /* a backstop for callbacks that lag */
      pthread_create(&th[threads++], NULL, killer, &ks[i]);
    }
    if (i % 10 == 0) http_queue_dispatch(q);
  }
  uint64_t end = now_ms() + 3000;
  while (now_ms() < end) {
    http_queue_dispatch(q);
    sleep_ms(5);
  }
  for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
  /* Rounds destroyed inside a callback that never came (a connection the server dropped):
   * destroy them here. */
  for (int i = 0; i < ROUNDS; i++) {
    if (!atomic_exchange(&rs[i].claimed, 1)) {
      nethttp_sock_destroy(rs[i].s);
      atomic_store(&rs[i].destroyed, 1);
    }
  }
  /* Items still queued for destroyed sockets must not run. */
  http_queue_dispatch(q);
  sleep_ms(200);
  http_queue_dispatch(q);
  int late = 0, with_data = 0;
  for (int i = 0; i < ROUNDS; i++) {
    late += atomic_load(&rs[i].late);
    with_data += atomic_load(&rs[i].messages) > 0;
  }
  CHECK_INT_EQ(late, 0);
  CHECK(with_data > ROUNDS / 5, "data flowed: %d rounds with messages", with_data);
  atomic_store(&stream_stop, 1);
  nethttp_sock_destroy(srv);
  http_queue_free(q);
  int fds1 = 0;
  for (int i = 0; i < 100; i++) {
    fds1 = count_fds();
    if (fds1 <= fds0) break;
    sleep_ms(50);
  }
  CHECK(fds1 <= fds0, "descriptors back: %d -> %d", fds0, fds1);
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "races") != 0) ten_thousand();
  if (argc < 2 || strcmp(argv[1], "many") != 0) races();
  return test_finish();
}
