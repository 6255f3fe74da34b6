/* 10,000 concurrent TCP connections on nethttp's one loop, both ends in this process: a
 * nethttp TCP server and 10,000 nethttp TCP clients. Each client connects, sends 8 bytes of
 * its own, and gets them back from the server's connection (which echoes); all 10,000 are
 * open at once (checked before any closes); then half of the clients close and half
 * half-close (shutdown: the server's connection closes at the end of stream, and the client
 * sees that). Checked for every connection on both sides: exactly one CONNECT, the connect's
 * result 0 once, its own 8 bytes back, exactly one CLOSE, no ERROR, no event after CLOSE;
 * and the process's descriptors (/proc/self/fd) back to the baseline at the end.
 * RLIMIT_NOFILE is raised to 20,100 first (the hard limit too when allowed); when that is not
 * possible the test says so and skips. Everything is bounded: the connections must be done
 * within 60 s.
 * nethttp-test-timeout: 180 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common.h"

#define N 10000
#define NEED_FDS (2 * N + 100)
#define MAX_SERVER_CONNS (N + 64)
#define BOUND_MS 60000

/* How many connections this run makes: N, fewer when the descriptor limit cannot be raised. */
static int n_conns = N;

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1; /* the directory's own descriptor */
}

/* Waits (at most ms) for the descriptor count to come down to `target`; the last count. */
static int fds_settle(int target, int ms) {
  uint64_t end = now_ms() + (uint64_t)ms;
  int n = count_fds();
  while (n > target && now_ms() < end) {
    sleep_ms(20);
    n = count_fds();
  }
  return n;
}

/* ---- clients ---- */

typedef struct client {
  struct nethttp_sock *s;
  atomic_int connects, closes, errors, after_close, results_ok, results_err, sent_rc;
  atomic_int bytes;
  uint8_t got[16];
  char want[16];
} client;

static client clients[N];

static void client_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  client *c = ud;
  if (atomic_load(&c->closes)) atomic_fetch_add(&c->after_close, 1);
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_CONNECT:
    atomic_fetch_add(&c->connects, 1);
    atomic_store(&c->sent_rc, nethttp_sock_send(s, (const uint8_t *)c->want, 8, NULL, NULL));
    break;
  case NETHTTP_SOCK_EVENT_MESSAGE: {
    int off = atomic_fetch_add(&c->bytes, (int)e->data_len);
    for (size_t i = 0; i < e->data_len && off + (int)i < (int)sizeof c->got; i++)
      c->got[off + (int)i] = e->data[i];
    break;
  }
  case NETHTTP_SOCK_EVENT_CLOSE:
    atomic_fetch_add(&c->closes, 1);
    break;
  case NETHTTP_SOCK_EVENT_ERROR:
    atomic_fetch_add(&c->errors, 1);
    break;
  default:
    break;
  }
}

static void client_result(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
  (void)s;
  (void)msg;
  client *c = ud;
  if (code == 0) atomic_fetch_add(&c->results_ok, 1);
  else atomic_fetch_add(&c->results_err, 1);
}

/* ---- the server's connections ---- */

typedef struct sconn {
  struct nethttp_sock *s;
  atomic_int closes, errors, after_close, bytes, echo_fail;
} sconn;

static sconn sconns[MAX_SERVER_CONNS];
static atomic_int n_sconns, server_connects, overflow;

static void sconn_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  sconn *c = ud;
  if (atomic_load(&c->closes)) atomic_fetch_add(&c->after_close, 1);
  switch (e->type) {
  case NETHTTP_SOCK_EVENT_MESSAGE:
    atomic_fetch_add(&c->bytes, (int)e->data_len);
    if (nethttp_sock_send(s, e->data, e->data_len, NULL, NULL) != 0)
      atomic_fetch_add(&c->echo_fail, 1);
    break;
  case NETHTTP_SOCK_EVENT_CLOSE:
    atomic_fetch_add(&c->closes, 1);
    break;
  case NETHTTP_SOCK_EVENT_ERROR:
    atomic_fetch_add(&c->errors, 1);
    break;
  default:
    break;
  }
}

static void server_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  if (e->type != NETHTTP_SOCK_EVENT_CONNECT || !e->connection) return;
  atomic_fetch_add(&server_connects, 1);
  int i = atomic_fetch_add(&n_sconns, 1);
  if (i >= MAX_SERVER_CONNS) {
    atomic_fetch_add(&overflow, 1);
    nethttp_sock_destroy(e->connection);
    return;
  }
  sconn *c = &sconns[i];
  c->s = e->connection;
  nethttp_sock_on(c->s, NETHTTP_SOCK_EVENT_MESSAGE, sconn_event, c);
  nethttp_sock_on(c->s, NETHTTP_SOCK_EVENT_CLOSE, sconn_event, c);
  nethttp_sock_on(c->s, NETHTTP_SOCK_EVENT_ERROR, sconn_event, c);
}

/* ---- counting ---- */

static int count_clients(int what) {
  int n = 0;
  for (int i = 0; i < n_conns; i++) {
    client *c = &clients[i];
    switch (what) {
    case 0: n += atomic_load(&c->bytes) >= 8; break;
    case 1: n += atomic_load(&c->closes) >= 1; break;
    case 2: n += atomic_load(&c->connects) >= 1; break;
    }
  }
  return n;
}

static int count_sconn_closes(void) {
  int n = 0, m = atomic_load(&n_sconns);
  if (m > MAX_SERVER_CONNS) m = MAX_SERVER_CONNS;
  for (int i = 0; i < m; i++) n += atomic_load(&sconns[i].closes) >= 1;
  return n;
}

/* Waits until f(what) reaches n_conns or the deadline passes; the last count. */
static int wait_count(int (*f)(int), int what, uint64_t deadline) {
  int n = f(what);
  while (n < n_conns && now_ms() < deadline) {
    sleep_ms(25);
    n = f(what);
  }
  return n;
}

static int sconn_closes_adapter(int what) {
  (void)what;
  return count_sconn_closes();
}

/* ---- limits ---- */

/* 1 when at least NEED_FDS descriptors are allowed now. Otherwise the 10,000 are skipped
 * (said so on stderr) and n_conns becomes the most the hard limit allows: the same test
 * still runs at that size (0 when even a thousand do not fit). */
static int raise_nofile(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur >= NEED_FDS) return 1;
  if (rl.rlim_max >= NEED_FDS) {
    rl.rlim_cur = NEED_FDS;
    if (setrlimit(RLIMIT_NOFILE, &rl) == 0) return 1;
  }
  /* The hard limit is lower: raise it too where the process may (CAP_SYS_RESOURCE). */
  struct rlimit up = {NEED_FDS, NEED_FDS};
  if (setrlimit(RLIMIT_NOFILE, &up) == 0) return 1;
  int err = errno;
  long fit = ((long)rl.rlim_max - 150) / 2;
  n_conns = fit >= 1000 ? (int)fit : 0;
  fprintf(stderr,
          "SKIP 10,000 connections: they need RLIMIT_NOFILE >= %d; the hard limit is %llu and "
          "raising it failed (%s). %s%d connections instead.\n",
          NEED_FDS, (unsigned long long)rl.rlim_max, strerror(err),
          n_conns ? "Running the same test with " : "Not running: ", n_conns);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  return 0;
}

int main(void) {
  raise_nofile();
  if (n_conns == 0) return test_finish();
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  fprintf(stderr, "RLIMIT_NOFILE %llu / %llu\n", (unsigned long long)rl.rlim_cur,
          (unsigned long long)rl.rlim_max);

  /* Start the engine and the socket module first: their descriptors stay for the process. */
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

  uint64_t t0 = now_ms(), deadline = t0 + BOUND_MS;
  int started = 0;
  for (int i = 0; i < n_conns; i++) {
    client *c = &clients[i];
    snprintf(c->want, sizeof c->want, "%08u", (unsigned)i % 100000000u);
    c->s = nethttp_sock_create(NETHTTP_SOCK_TCP);
    if (!CHECK(c->s != NULL, "client %d created", i)) break;
    for (int t = NETHTTP_SOCK_EVENT_CONNECT; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
      nethttp_sock_on(c->s, t, client_event, c);
    int32_t rc = nethttp_sock_connect(c->s, "127.0.0.1", la.port, 1, 30000, client_result, c);
    if (!CHECK(rc == 0, "client %d connect rc=%d", i, rc)) break;
    started++;
  }
  CHECK_INT_EQ(started, n_conns);

  /* Every client connected and got its echo, while all are open. */
  int echoed = wait_count(count_clients, 0, deadline);
  CHECK_INT_EQ(echoed, n_conns);
  int closed_early = count_clients(1) + count_sconn_closes();
  CHECK_INT_EQ(closed_early, 0);
  int open_fds = count_fds();
  fprintf(stderr, "%d connections echoed in %llu ms, %d descriptors open\n", echoed,
          (unsigned long long)(now_ms() - t0), open_fds);
  CHECK(open_fds >= fds0 + 2 * n_conns, "all %d open at once: %d descriptors (baseline %d)",
        n_conns, open_fds, fds0);
  CHECK_INT_EQ(atomic_load(&server_connects), n_conns);

  /* Half close, half half-close. */
  for (int i = 0; i < n_conns; i++) {
    if (!clients[i].s) continue;
    int32_t rc = (i % 2) ? nethttp_sock_close(clients[i].s, NULL, NULL)
                         : nethttp_sock_shutdown(clients[i].s);
    if (rc != 0) CHECK(rc == 0, "client %d %s rc=%d", i, (i % 2) ? "close" : "shutdown", rc);
  }
  int cclosed = wait_count(count_clients, 1, deadline);
  int sclosed = wait_count(sconn_closes_adapter, 0, deadline);
  CHECK_INT_EQ(cclosed, n_conns);
  CHECK_INT_EQ(sclosed, n_conns);
  fprintf(stderr, "all closed after %llu ms\n", (unsigned long long)(now_ms() - t0));
  CHECK(now_ms() <= deadline, "within %d ms", BOUND_MS);
  sleep_ms(200); /* anything late would show now */

  /* Exactly once each. */
  int bad = 0;
  for (int i = 0; i < n_conns; i++) {
    client *c = &clients[i];
    int ok = atomic_load(&c->connects) == 1 && atomic_load(&c->results_ok) == 1 &&
             atomic_load(&c->results_err) == 0 && atomic_load(&c->bytes) == 8 &&
             memcmp(c->got, c->want, 8) == 0 && atomic_load(&c->closes) == 1 &&
             atomic_load(&c->errors) == 0 && atomic_load(&c->after_close) == 0 &&
             atomic_load(&c->sent_rc) == 0;
    if (!ok && bad++ < 10)
      fprintf(stderr,
              "client %d: connects %d results %d/%d bytes %d (%.8s) closes %d errors %d late %d "
              "send %d\n",
              i, atomic_load(&c->connects), atomic_load(&c->results_ok),
              atomic_load(&c->results_err), atomic_load(&c->bytes), (const char *)c->got,
              atomic_load(&c->closes), atomic_load(&c->errors), atomic_load(&c->after_close),
              atomic_load(&c->sent_rc));
  }
  CHECK_INT_EQ(bad, 0);
  int m = atomic_load(&n_sconns);
  CHECK_INT_EQ(m, n_conns);
  CHECK_INT_EQ(atomic_load(&overflow), 0);
  if (m > MAX_SERVER_CONNS) m = MAX_SERVER_CONNS;
  int sbad = 0;
  for (int i = 0; i < m; i++) {
    sconn *c = &sconns[i];
    int ok = atomic_load(&c->bytes) == 8 && atomic_load(&c->closes) == 1 &&
             atomic_load(&c->errors) == 0 && atomic_load(&c->after_close) == 0 &&
             atomic_load(&c->echo_fail) == 0;
    if (!ok && sbad++ < 10)
      fprintf(stderr, "server connection %d: bytes %d closes %d errors %d late %d echo_fail %d\n",
              i, atomic_load(&c->bytes), atomic_load(&c->closes), atomic_load(&c->errors),
              atomic_load(&c->after_close), atomic_load(&c->echo_fail));
  }
  CHECK_INT_EQ(sbad, 0);

  for (int i = 0; i < n_conns; i++) nethttp_sock_destroy(clients[i].s);
  for (int i = 0; i < m; i++) nethttp_sock_destroy(sconns[i].s);
  nethttp_sock_destroy(srv);
  int fds1 = fds_settle(fds0, 5000);
  CHECK(fds1 <= fds0, "descriptors back to the baseline: %d -> %d", fds0, fds1);
  return test_finish();
}
