/* Datagrams a UDP socket sends from inside its own MESSAGE callback on the worker are batched
 * (written together with sendmmsg once the read burst's callbacks have returned). The peer is a
 * plain POSIX UDP socket of the test, on 127.0.0.1.
 *
 * - Replies: the peer sends 40 datagrams back to back; for each the callback sends three
 *   replies ("i.0", "i.1", "i.2") with a result callback. The peer receives all 120 in that
 *   order and every result is 0.
 * - More than one batch: one datagram makes the callback send 40 replies (a batch holds 32):
 *   all 40 arrive, in order.
 * - A refusal inside a batch: the callback sends "A", then a datagram to an IPv6 address from
 *   this IPv4 socket (the kernel refuses it), then "B". The refused send returns 0 from inside
 *   the callback (it waits in the batch) and its refusal arrives through its result callback
 *   (2301097 or 2301101, as test_sock_udp accepts for the same send outside a batch); without
 *   a result callback it arrives as an ERROR event; A and B both reach the peer, in order.
 * - Close inside the callback: two replies, then nethttp_sock_close: both replies reach the
 *   peer and both results are 0 (the batch is written before the descriptor goes), then CLOSE.
 * nethttp-test-timeout: 60 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

typedef struct echo {
  pthread_mutex_t mu;
  waiter w;
  struct nethttp_sock *sock;
  int results_ok, results_err;
  int32_t err_codes[8];
  int send_rc_bad; /* what the refused send returned inside the callback */
  int errors;      /* ERROR events */
  int32_t error_code;
  int closes;
  int messages;
} echo;

static void on_result(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
  (void)s;
  (void)msg;
  echo *e = (echo *)ud;
  pthread_mutex_lock(&e->mu);
  if (code == 0) {
    e->results_ok++;
  } else {
    if (e->results_err < 8) e->err_codes[e->results_err] = code;
    e->results_err++;
  }
  pthread_mutex_unlock(&e->mu);
  waiter_signal(&e->w);
}

static void reply(echo *e, const struct nethttp_net_address *to, const char *text, int with_cb) {
  int rc = nethttp_sock_send_to_address(e->sock, to, (const uint8_t *)text, strlen(text),
                                        with_cb ? on_result : NULL, with_cb ? e : NULL);
  CHECK_INT_EQ(rc, 0);
}

static void on_message(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *ev) {
  echo *e = (echo *)ud;
  char in[64];
  size_t n = ev->data_len < sizeof in - 1 ? ev->data_len : sizeof in - 1;
  memcpy(in, ev->data, n);
  in[n] = 0;
  pthread_mutex_lock(&e->mu);
  e->messages++;
  pthread_mutex_unlock(&e->mu);
  char out[96];
  if (!strcmp(in, "many")) {
    for (int k = 0; k < 40; k++) {
      snprintf(out, sizeof out, "m.%d", k);
      reply(e, ev->remote, out, 1);
    }
  } else if (!strcmp(in, "refuse") || !strcmp(in, "refuse-nocb")) {
    int with_cb = !strcmp(in, "refuse");
    reply(e, ev->remote, "A", 1);
    int rc = nethttp_sock_send_to(s, (const uint8_t *)"x", 1, "::1", ev->remote->port, 0,
                                  with_cb ? on_result : NULL, with_cb ? e : NULL);
    pthread_mutex_lock(&e->mu);
    e->send_rc_bad = rc;
    pthread_mutex_unlock(&e->mu);
    reply(e, ev->remote, "B", 1);
  } else if (!strcmp(in, "close")) {
    reply(e, ev->remote, "C.0", 1);
    reply(e, ev->remote, "C.1", 1);
    CHECK_INT_EQ(nethttp_sock_close(s, NULL, NULL), 0);
  } else {
    for (int k = 0; k < 3; k++) {
      snprintf(out, sizeof out, "%s.%d", in, k);
      reply(e, ev->remote, out, 1);
    }
  }
  waiter_signal(&e->w);
}

static void on_error(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *ev) {
  (void)s;
  echo *e = (echo *)ud;
  pthread_mutex_lock(&e->mu);
  e->errors++;
  e->error_code = ev->error_code;
  pthread_mutex_unlock(&e->mu);
  waiter_signal(&e->w);
}

static void on_close(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *ev) {
  (void)s;
  (void)ev;
  echo *e = (echo *)ud;
  pthread_mutex_lock(&e->mu);
  e->closes++;
  pthread_mutex_unlock(&e->mu);
  waiter_signal(&e->w);
}

/* Waits until *field (read under the lock) reaches n. */
static int wait_for(echo *e, const int *field, int n, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    pthread_mutex_lock(&e->mu);
    int v = *field;
    pthread_mutex_unlock(&e->mu);
    if (v >= n) return 1;
    if (now_ms() >= end) return 0;
    waiter_wait(&e->w, 50);
  }
}

static void peer_send(int fd, const struct sockaddr_in *to, const char *text) {
  ssize_t n = sendto(fd, text, strlen(text), 0, (const struct sockaddr *)to, sizeof *to);
  CHECK(n == (ssize_t)strlen(text), "peer sendto");
}

/* Receives one datagram as text; "" after timeout_ms. */
static void peer_recv(int fd, char *buf, size_t cap, int timeout_ms) {
  buf[0] = 0;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  if (poll(&p, 1, timeout_ms) != 1) return;
  ssize_t n = recv(fd, buf, cap - 1, 0);
  buf[n > 0 ? n : 0] = 0;
}

static void expect(int fd, const char *want) {
  char got[64];
  peer_recv(fd, got, sizeof got, 5000);
  CHECK_STR_EQ(got, want);
}

int main(void) {
  echo e;
  memset(&e, 0, sizeof e);
  pthread_mutex_init(&e.mu, NULL);
  waiter_init(&e.w);
  e.sock = nethttp_sock_create(2);
  CHECK(e.sock != NULL, "udp socket");
  CHECK_INT_EQ(nethttp_sock_on(e.sock, NETHTTP_SOCK_EVENT_MESSAGE, on_message, &e), 0);
  CHECK_INT_EQ(nethttp_sock_on(e.sock, NETHTTP_SOCK_EVENT_ERROR, on_error, &e), 0);
  CHECK_INT_EQ(nethttp_sock_on(e.sock, NETHTTP_SOCK_EVENT_CLOSE, on_close, &e), 0);
  CHECK_INT_EQ(nethttp_sock_bind(e.sock, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address local;
  memset(&local, 0, sizeof local);
  CHECK_INT_EQ(nethttp_sock_get_local_address(e.sock, &local), 0);
  CHECK(local.port != 0, "bound port");

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0, "peer socket");
  struct sockaddr_in me = {.sin_family = AF_INET};
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(fd, (struct sockaddr *)&me, sizeof me) == 0, "peer bind");
  int big = 1 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  struct sockaddr_in to = me;
  to.sin_port = htons(local.port);

  /* Replies: 40 datagrams back to back, three replies each, in order. */
  char text[32];
  for (int i = 0; i < 40; i++) {
    snprintf(text, sizeof text, "%d", i);
    peer_send(fd, &to, text);
  }
  for (int i = 0; i < 40; i++) {
    for (int k = 0; k < 3; k++) {
      char want[32];
      snprintf(want, sizeof want, "%d.%d", i, k);
      expect(fd, want);
    }
  }
  CHECK(wait_for(&e, &e.results_ok, 120, 5000), "120 results");
  CHECK_INT_EQ(e.results_err, 0);

  /* More than one batch from one callback. */
  peer_send(fd, &to, "many");
  for (int k = 0; k < 40; k++) {
    char want[32];
    snprintf(want, sizeof want, "m.%d", k);
    expect(fd, want);
  }
  CHECK(wait_for(&e, &e.results_ok, 160, 5000), "160 results");

  /* A refusal inside a batch, with a result callback. */
  peer_send(fd, &to, "refuse");
  expect(fd, "A");
  expect(fd, "B");
  CHECK(wait_for(&e, &e.results_err, 1, 5000), "the refusal's result");
  CHECK(wait_for(&e, &e.results_ok, 162, 5000), "A's and B's results");
  pthread_mutex_lock(&e.mu);
  CHECK_INT_EQ(e.send_rc_bad, 0);
  CHECK(e.err_codes[0] == 2301097 || e.err_codes[0] == 2301101, "refusal code %d",
        (int)e.err_codes[0]);
  CHECK_INT_EQ(e.errors, 0);
  pthread_mutex_unlock(&e.mu);

  /* The same without a result callback: an ERROR event. */
  peer_send(fd, &to, "refuse-nocb");
  expect(fd, "A");
  expect(fd, "B");
  CHECK(wait_for(&e, &e.errors, 1, 5000), "ERROR for the refused datagram");
  pthread_mutex_lock(&e.mu);
  CHECK_INT_EQ(e.send_rc_bad, 0);
  CHECK(e.error_code == 2301097 || e.error_code == 2301101, "ERROR code %d",
        (int)e.error_code);
  CHECK_INT_EQ(e.results_err, 1);
  pthread_mutex_unlock(&e.mu);
  CHECK(wait_for(&e, &e.results_ok, 164, 5000), "A's and B's results");

  /* Close inside the callback: the batch is written first. */
  peer_send(fd, &to, "close");
  expect(fd, "C.0");
  expect(fd, "C.1");
  CHECK(wait_for(&e, &e.results_ok, 166, 5000), "both replies' results are 0");
  CHECK(wait_for(&e, &e.closes, 1, 5000), "CLOSE");
  pthread_mutex_lock(&e.mu);
  CHECK_INT_EQ(e.results_err, 1);
  pthread_mutex_unlock(&e.mu);

  nethttp_sock_destroy(e.sock);
  close(fd);
  waiter_destroy(&e.w);
  pthread_mutex_destroy(&e.mu);
  return test_finish();
}
