/* UDP sockets (kind 2) on 127.0.0.1 and ::1 in the host's namespace, and broadcast across a veth
 * pair between two network namespaces the test makes.
 *
 * Loopback, each family: bind port 0 -> LISTENING with the local address; getState; a second
 * bind -> 2303122; datagrams between two nethttp sockets, each one MESSAGE with its remoteInfo
 * (address, family 1/2, the sender's port); 100 datagrams of distinct sizes with their boundaries
 * kept (sent in batches of 10, each batch awaited: none may be lost on loopback); the largest
 * datagram of the family; auto-bind on the first send_to of an unbound socket (LISTENING follows,
 * getLocalAddress works); an address whose text does not match `family` -> 401; 70,000 bytes ->
 * 2301090 at once; the other family's address (family 0) refused at once (the kernel's 2301097
 * or 2301101: the contract promises 401 only when the text and `family` disagree); readSize
 * smaller than a datagram; close -> CLOSE and the result, then send_to -> 2301009.
 * nethttp_sock_send_to_address (typed destination): see typed() below.
 *
 * readSize smaller than a datagram, as observed: the MESSAGE carries the first readSize bytes of
 * the datagram, the rest of that datagram is gone (no ERROR, nothing carried into the next
 * MESSAGE), and the next datagram comes whole as its own MESSAGE. A readSize set on a live
 * socket applies from the worker's next read (the worker takes the size before each read; a
 * read already past that point uses the old size), so that check allows a few tries.
 *
 * Broadcast: before any nethttp call, two children move into network namespaces of their own
 * (anonymous: they go with the children on every exit path) and the test joins them with a veth
 * pair (10.213.0.1 nhs0 in the sender's, 10.213.0.2 nhs1 in the receiver's). The receiver binds
 * 0.0.0.0:41213 with nethttp; the sender's send_to 255.255.255.255 is refused with 2301013
 * (EACCES) without the broadcast option, from an unbound and from a bound socket, and accepted
 * once {"broadcast":true} is set; the receiver reports the datagram and its sender
 * (10.213.0.1). nethttp-test-timeout: 120 */
#include "sock_proc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sock_rec.h"

/* ---- a datagram log: every MESSAGE kept whole, with its sender ---- */

#define DLOG_MAX 256
typedef struct dlog {
  pthread_mutex_t mu;
  waiter w;
  int n;
  uint8_t *data[DLOG_MAX];
  size_t len[DLOG_MAX];
  struct nethttp_net_address from[DLOG_MAX];
} dlog;

static void dlog_init(dlog *d) {
  memset(d, 0, sizeof *d);
  pthread_mutex_init(&d->mu, NULL);
  waiter_init(&d->w);
}

static void dlog_fini(dlog *d) {
  for (int i = 0; i < d->n && i < DLOG_MAX; i++) free(d->data[i]);
  waiter_destroy(&d->w);
  pthread_mutex_destroy(&d->mu);
}

static void dlog_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)s;
  dlog *d = (dlog *)ud;
  CHECK_INT_EQ(e->type, NETHTTP_SOCK_EVENT_MESSAGE);
  pthread_mutex_lock(&d->mu);
  if (d->n < DLOG_MAX) {
    d->data[d->n] = malloc(e->data_len ? e->data_len : 1);
    if (e->data_len) memcpy(d->data[d->n], e->data, e->data_len);
    d->len[d->n] = e->data_len;
    if (CHECK(e->remote != NULL, "MESSAGE without remote")) d->from[d->n] = *e->remote;
  }
  d->n++;
  pthread_mutex_unlock(&d->mu);
  waiter_signal(&d->w);
}

static int dlog_count(dlog *d) {
  pthread_mutex_lock(&d->mu);
  int n = d->n;
  pthread_mutex_unlock(&d->mu);
  return n;
}

static int dlog_wait(dlog *d, int n, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  while (dlog_count(d) < n && now_ms() < end) waiter_wait(&d->w, 50);
  return dlog_count(d) >= n;
}

/* ---- loopback ---- */

static uint16_t local_port(struct nethttp_sock *s) {
  struct nethttp_net_address a;
  memset(&a, 0, sizeof a);
  CHECK_INT_EQ(nethttp_sock_get_local_address(s, &a), 0);
  return a.port;
}

/* Datagram i of the 100: 1 + 37*i bytes (1..3664, all distinct), byte k = 31*i + k. */
static size_t dg_size(int i) { return 1 + 37 * (size_t)i; }
static uint8_t dg_byte(int i, size_t k) { return (uint8_t)(31 * i + k); }

static struct nethttp_net_address net_addr(const char *text, int family, uint16_t port) {
  struct nethttp_net_address a;
  memset(&a, 0, sizeof a);
  snprintf(a.address, sizeof a.address, "%s", text);
  a.family = family;
  a.port = port;
  return a;
}

/* nethttp_sock_send_to_address: b answers a at the `remote` of a's MESSAGE (with a result);
 * the destination each socket remembers follows every call (a sends to b as text, to itself
 * typed, to b typed with family 0, to b as text again: each datagram reaches its socket);
 * NULL, a path family, a family that disagrees with the text, a name -> 401 (a bad address
 * right after a good one is not taken from the remembered one). */
static void typed(struct nethttp_sock *a, struct nethttp_sock *b, dlog *al, dlog *bl, srec *br,
                  const char *lo, int family, uint16_t pa, uint16_t pb) {
  int a0 = dlog_count(al), b0 = dlog_count(bl), ok0 = br->results_ok;
  struct nethttp_net_address from_a = bl->from[0];
  CHECK_INT_EQ(nethttp_sock_send_to_address(b, &from_a, (const uint8_t *)"typed", 5, srec_result,
                                            br),
               0);
  CHECK(dlog_wait(al, a0 + 1, 5000), "typed answer arrived");
  CHECK(SREC_WAIT(br, br->results_ok == ok0 + 1, 5000), "typed result: %s", br->log);
  if (dlog_count(al) > a0) {
    CHECK(al->len[a0] == 5 && memcmp(al->data[a0], "typed", 5) == 0, "typed bytes");
    CHECK_INT_EQ(al->from[a0].port, pb);
  }
  struct nethttp_net_address to_a = net_addr(lo, family, pa), to_b0 = net_addr(lo, 0, pb);
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"1", 1, lo, pb, family, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &to_a, (const uint8_t *)"2", 1, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &to_b0, (const uint8_t *)"3", 1, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"4", 1, lo, pb, family, NULL, NULL), 0);
  CHECK(dlog_wait(bl, b0 + 3, 5000), "b got 1, 3, 4 (%d)", dlog_count(bl) - b0);
  CHECK(dlog_wait(al, a0 + 2, 5000), "a got 2 (%d)", dlog_count(al) - a0);
  CHECK_INT_EQ(dlog_count(bl), b0 + 3);
  CHECK_INT_EQ(dlog_count(al), a0 + 2);
  pthread_mutex_lock(&bl->mu);
  for (int i = 0; i < 3 && b0 + i < bl->n; i++) {
    CHECK(bl->len[b0 + i] == 1 && bl->data[b0 + i][0] == "134"[i], "b datagram %d", i);
    CHECK_INT_EQ(bl->from[b0 + i].port, pa);
  }
  pthread_mutex_unlock(&bl->mu);
  pthread_mutex_lock(&al->mu);
  if (al->n > a0 + 1) {
    CHECK(al->len[a0 + 1] == 1 && al->data[a0 + 1][0] == '2', "a's own datagram");
    CHECK_INT_EQ(al->from[a0 + 1].port, pa);
  }
  pthread_mutex_unlock(&al->mu);

  CHECK_INT_EQ(nethttp_sock_send_to_address(a, NULL, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &to_a, NULL, 1, NULL, NULL), 401);
  struct nethttp_net_address bad = to_a;
  bad.family = 3;
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &bad, (const uint8_t *)"x", 1, NULL, NULL), 401);
  bad.family = family == 1 ? 2 : 1;
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &bad, (const uint8_t *)"x", 1, NULL, NULL), 401);
  bad = net_addr("localhost", 0, pb);
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &bad, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"x", 1, lo, pb, family == 1 ? 2 : 1, NULL,
                                    NULL),
               401);
  /* A TCP socket does not send datagrams. */
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_TCP);
  CHECK_INT_EQ(nethttp_sock_send_to_address(t, &to_a, (const uint8_t *)"x", 1, NULL, NULL), 401);
  nethttp_sock_destroy(t);
  CHECK_INT_EQ(nethttp_sock_send_to_address(NULL, &to_a, (const uint8_t *)"x", 1, NULL, NULL),
               401);
}

static void loopback(const char *lo, int family) {
  const char *other = family == 1 ? "::1" : "127.0.0.1";
  fprintf(stderr, "-- loopback %s\n", lo);
  srec ar, br;
  srec_init(&ar);
  srec_init(&br);
  dlog bl, al;
  dlog_init(&bl);
  dlog_init(&al);
  struct nethttp_sock *a = nethttp_sock_create(NETHTTP_SOCK_UDP);
  struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK(a && b, "create");
  CHECK_INT_EQ(nethttp_sock_get_kind(a), NETHTTP_SOCK_UDP);
  srec_attach(&ar, a);
  srec_attach(&br, b);
  CHECK_INT_EQ(nethttp_sock_on(a, NETHTTP_SOCK_EVENT_MESSAGE, dlog_event, &al), 0);
  CHECK_INT_EQ(nethttp_sock_on(b, NETHTTP_SOCK_EVENT_MESSAGE, dlog_event, &bl), 0);

  /* Before bind: no descriptor, not bound. */
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(a, &st), 0);
  CHECK(!st.is_bound && !st.is_connected && !st.is_close, "fresh state");
  struct nethttp_net_address la;
  CHECK_INT_EQ(nethttp_sock_get_local_address(a, &la), 2303188);
  CHECK_INT_EQ(nethttp_sock_get_fd(a), -1);

  /* Port 0: LISTENING with the address and the port chosen. */
  CHECK_INT_EQ(nethttp_sock_bind(a, lo, 0, family), 0);
  CHECK_INT_EQ(nethttp_sock_bind(b, lo, 0, 0), 0);
  CHECK(SREC_WAIT(&ar, ar.listening == 1, 5000), "a LISTENING: %s", ar.log);
  CHECK(SREC_WAIT(&br, br.listening == 1, 5000), "b LISTENING: %s", br.log);
  uint16_t pa = local_port(a), pb = local_port(b);
  CHECK(pa != 0 && pb != 0 && pa != pb, "ports %u %u", pa, pb);
  CHECK_STR_EQ(ar.local.address, lo);
  CHECK_INT_EQ(ar.local.family, family);
  CHECK_INT_EQ(ar.local.port, pa);
  CHECK_INT_EQ(nethttp_sock_get_local_address(a, &la), 0);
  CHECK_STR_EQ(la.address, lo);
  CHECK_INT_EQ(la.family, family);
  CHECK_INT_EQ(nethttp_sock_get_state(a, &st), 0);
  CHECK(st.is_bound && !st.is_connected && !st.is_close, "bound state");
  CHECK(nethttp_sock_get_fd(a) >= 0, "fd");
  CHECK_INT_EQ(nethttp_sock_bind(a, lo, 0, family), 2303122);
  /* A UDP socket does not stream or connect. */
  CHECK_INT_EQ(nethttp_sock_send(a, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(a, lo, pb, family, 1000, NULL, NULL), 401);

  /* One datagram each way, with the sender's remoteInfo. */
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"ping", 4, lo, pb, family, srec_result,
                                    &ar),
               0);
  CHECK(dlog_wait(&bl, 1, 5000), "ping arrived");
  CHECK(SREC_WAIT(&ar, ar.results_ok == 1, 5000), "ping result: %s", ar.log);
  if (dlog_count(&bl) >= 1) {
    CHECK(bl.len[0] == 4 && memcmp(bl.data[0], "ping", 4) == 0, "ping bytes");
    CHECK_STR_EQ(bl.from[0].address, lo);
    CHECK_INT_EQ(bl.from[0].family, family);
    CHECK_INT_EQ(bl.from[0].port, pa);
  }
  CHECK_INT_EQ(nethttp_sock_send_to(b, (const uint8_t *)"pong!", 5, lo, pa, 0, NULL, NULL), 0);
  CHECK(dlog_wait(&al, 1, 5000), "pong arrived");
  if (dlog_count(&al) >= 1) {
    CHECK(al.len[0] == 5 && memcmp(al.data[0], "pong!", 5) == 0, "pong bytes");
    CHECK_STR_EQ(al.from[0].address, lo);
    CHECK_INT_EQ(al.from[0].family, family);
    CHECK_INT_EQ(al.from[0].port, pb);
  }
  /* The srec saw the same MESSAGE with the same sender. */
  CHECK(SREC_WAIT(&ar, ar.messages == 1, 5000), "srec message");
  CHECK_INT_EQ(ar.last_remote.port, pb);

  typed(a, b, &al, &bl, &br, lo, family, pa, pb);

  /* 100 datagrams of distinct sizes, 10 at a time: each one MESSAGE, whole. */
  int base = dlog_count(&bl);
  uint8_t *buf = malloc(70000);
  for (int batch = 0; batch < 10; batch++) {
    for (int i = batch * 10; i < batch * 10 + 10; i++) {
      for (size_t k = 0; k < dg_size(i); k++) buf[k] = dg_byte(i, k);
      CHECK_INT_EQ(nethttp_sock_send_to(a, buf, dg_size(i), lo, pb, family, NULL, NULL), 0);
    }
    if (!CHECK(dlog_wait(&bl, base + batch * 10 + 10, 10000), "batch %d: %d datagrams", batch,
               dlog_count(&bl) - base))
      break;
  }
  int seen[100] = {0};
  pthread_mutex_lock(&bl.mu);
  int got = bl.n - base, in_order = 1;
  for (int m = base; m < bl.n && m < DLOG_MAX; m++) {
    int i = (int)((bl.len[m] - 1) / 37);
    int ok = bl.len[m] >= 1 && (bl.len[m] - 1) % 37 == 0 && i < 100;
    for (size_t k = 0; ok && k < bl.len[m]; k++) ok = bl.data[m][k] == dg_byte(i, k);
    CHECK(ok, "datagram %d: %zu bytes, not one whole datagram", m - base, bl.len[m]);
    if (ok) seen[i]++;
    if (i != m - base) in_order = 0;
    CHECK_INT_EQ(bl.from[m].port, pa);
  }
  pthread_mutex_unlock(&bl.mu);
  CHECK_INT_EQ(got, 100);
  for (int i = 0; i < 100; i++) CHECK(seen[i] == 1, "datagram %d seen %d times", i, seen[i]);
  fprintf(stderr, "   100 datagrams, %s\n", in_order ? "in order" : "reordered");

  /* The largest datagram of the family: whole, in one MESSAGE (readSize default 65536). */
  size_t maxdg = family == 1 ? 65507 : 65527;
  for (size_t k = 0; k < maxdg; k++) buf[k] = (uint8_t)(k * 13);
  base = dlog_count(&bl);
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, maxdg, lo, pb, family, NULL, NULL), 0);
  CHECK(dlog_wait(&bl, base + 1, 5000), "largest datagram");
  if (dlog_count(&bl) > base)
    CHECK(bl.len[base] == maxdg && memcmp(bl.data[base], buf, maxdg) == 0,
          "largest datagram: %zu bytes", bl.len[base]);

  /* 70,000 bytes: refused at once (EMSGSIZE), nothing queued, no result callback. */
  memset(buf, 'L', 70000);
  int err_before = ar.results_err;
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 70000, lo, pb, family, srec_result, &ar), 2301090);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(a), 0);

  /* Address text and family disagree: 401 in both directions; a name is not an address. */
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 1, other, pb, family, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 1, lo, pb, family == 1 ? 2 : 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 1, "localhost", pb, 0, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 1, lo, pb, 7, NULL, NULL), 401);
  /* The other family's address to this socket (family 0: from the text, so no 401 for the
   * text): refused at once by the kernel, as observed 2301097 (EAFNOSUPPORT) from an IPv4
   * socket and 2301101 (ENETUNREACH, the IPv6-only socket) from an IPv6 one. */
  int32_t rc = nethttp_sock_send_to(a, buf, 1, other, pb, 0, srec_result, &ar);
  fprintf(stderr, "   send_to %s from a %s socket: %d\n", other, lo, rc);
  CHECK(rc == 401 || rc == 2301097 || rc == 2301101, "the other family: %d", rc);
  CHECK_INT_EQ(nethttp_sock_send_queue_size(a), 0);

  /* readSize 100, kept before the socket exists: a 300-byte datagram comes as its first 100
   * bytes, the rest is dropped, the next datagram comes whole. */
  srec tr;
  srec_init(&tr);
  dlog tl;
  dlog_init(&tl);
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&tr, t);
  CHECK_INT_EQ(nethttp_sock_on(t, NETHTTP_SOCK_EVENT_MESSAGE, dlog_event, &tl), 0);
  CHECK_INT_EQ(nethttp_sock_set_option(t, NETHTTP_SOCK_OPT_READ_SIZE, 100), 0);
  CHECK_INT_EQ(nethttp_sock_set_option(t, NETHTTP_SOCK_OPT_READ_SIZE, 0), 401);
  CHECK_INT_EQ(nethttp_sock_set_option(t, NETHTTP_SOCK_OPT_READ_SIZE, (16 << 20) + 1), 401);
  int64_t v = 0;
  CHECK_INT_EQ(nethttp_sock_get_option(t, NETHTTP_SOCK_OPT_READ_SIZE, &v), 0);
  CHECK_INT_EQ(v, 100);
  CHECK_INT_EQ(nethttp_sock_bind(t, lo, 0, family), 0);
  CHECK(SREC_WAIT(&tr, tr.listening == 1, 5000), "t LISTENING: %s", tr.log);
  uint16_t pt = local_port(t);
  for (size_t k = 0; k < 300; k++) buf[k] = (uint8_t)k;
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 300, lo, pt, family, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"after", 5, lo, pt, family, NULL, NULL),
               0);
  CHECK(dlog_wait(&tl, 2, 5000), "truncated + next");
  if (dlog_count(&tl) >= 2) {
    CHECK(tl.len[0] == 100 && memcmp(tl.data[0], buf, 100) == 0,
          "truncated to its first 100 bytes: %zu", tl.len[0]);
    CHECK(tl.len[1] == 5 && memcmp(tl.data[1], "after", 5) == 0, "the next datagram whole: %zu",
          tl.len[1]);
  }
  CHECK_INT_EQ(dlog_count(&tl), 2);
  CHECK_INT_EQ(tr.errors, 0);
  /* Changed on the live socket b (which has been reading): it takes effect (a read already
   * under way may still use the old size, so a few tries are allowed: each datagram comes
   * either whole or as its first 50 bytes). */
  CHECK_INT_EQ(nethttp_sock_set_option(b, NETHTTP_SOCK_OPT_READ_SIZE, 50), 0);
  CHECK_INT_EQ(nethttp_sock_get_option(b, NETHTTP_SOCK_OPT_READ_SIZE, &v), 0);
  CHECK_INT_EQ(v, 50);
  int truncated = 0;
  for (int i = 0; i < 20 && !truncated; i++) {
    base = dlog_count(&bl);
    CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 120, lo, pb, family, NULL, NULL), 0);
    if (!CHECK(dlog_wait(&bl, base + 1, 5000), "120-byte datagram")) break;
    CHECK(bl.len[base] == 50 || bl.len[base] == 120, "whole or 50 bytes: %zu", bl.len[base]);
    CHECK(memcmp(bl.data[base], buf, bl.len[base] < 120 ? bl.len[base] : 120) == 0, "bytes");
    if (i > 0) fprintf(stderr, "   live readSize: try %d read %zu bytes\n", i, bl.len[base]);
    truncated = bl.len[base] == 50;
  }
  CHECK(truncated, "a live readSize of 50 truncates");
  CHECK_INT_EQ(br.errors, 0);
  CHECK_INT_EQ(nethttp_sock_set_option(b, NETHTTP_SOCK_OPT_READ_SIZE, 65536), 0);
  nethttp_sock_destroy(t);
  srec_fini(&tr);
  dlog_fini(&tl);

  /* Auto-bind: an unbound socket's first send_to binds it (LISTENING, an address). */
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&cr, c);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(!st.is_bound, "unbound");
  base = dlog_count(&bl);
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"auto", 4, lo, pb, 0, srec_result, &cr),
               0);
  CHECK(SREC_WAIT(&cr, cr.listening == 1 && cr.results_ok == 1, 5000), "auto-bind: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_bound && !st.is_connected && !st.is_close, "auto-bound state");
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &la), 0);
  CHECK_STR_EQ(la.address, family == 1 ? "0.0.0.0" : "::");
  CHECK_INT_EQ(la.family, family);
  CHECK(la.port != 0, "auto-bound port");
  CHECK_INT_EQ(cr.local.port, la.port);
  CHECK_INT_EQ(cr.local.family, family);
  CHECK(dlog_wait(&bl, base + 1, 5000), "auto-bound datagram");
  if (dlog_count(&bl) > base) {
    CHECK(bl.len[base] == 4 && memcmp(bl.data[base], "auto", 4) == 0, "auto bytes");
    CHECK_INT_EQ(bl.from[base].port, la.port);
    CHECK_STR_EQ(bl.from[base].address, lo);
    CHECK_INT_EQ(bl.from[base].family, family);
  }

  /* Close: CLOSE, then the result; then every use says closed. */
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1 && cr.results_ok == 2, 5000), "CLOSE: %s", cr.log);
  CHECK(strstr(cr.log, "close;result:0") != NULL, "CLOSE before the close result: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_get_state(c, &st), 0);
  CHECK(st.is_close && !st.is_connected, "closed state");
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"x", 1, lo, pb, 0, NULL, NULL),
               NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_bind(c, lo, 0, 0), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(nethttp_sock_get_local_address(c, &la), 2303188);
  CHECK_INT_EQ(nethttp_sock_get_fd(c), -1);
  CHECK_INT_EQ(nethttp_sock_close(c, srec_result, &cr), 0); /* a no-op: its result, no CLOSE */
  CHECK(SREC_WAIT(&cr, cr.results_ok == 3, 5000), "second close result");
  CHECK_INT_EQ(cr.closes, 1);
  CHECK_INT_EQ(cr.after_close, 0);
  CHECK_INT_EQ(cr.errors, 0);

  /* A socket that never had a descriptor: the close result, no CLOSE event (it comes before
   * the result when there is one). */
  srec dr;
  srec_init(&dr);
  struct nethttp_sock *d = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&dr, d);
  CHECK_INT_EQ(nethttp_sock_close(d, srec_result, &dr), 0);
  CHECK(SREC_WAIT(&dr, dr.results_ok == 1, 5000), "close result: %s", dr.log);
  CHECK_INT_EQ(dr.closes, 0);
  CHECK_INT_EQ(nethttp_sock_send_to(d, (const uint8_t *)"x", 1, lo, pb, 0, NULL, NULL),
               NETHTTP_ERR_SOCK_CLOSED);

  /* a and b: close with results, CLOSE each. */
  CHECK_INT_EQ(nethttp_sock_close(a, NULL, NULL), 0);
  CHECK(SREC_WAIT(&ar, ar.closes == 1, 5000), "a CLOSE: %s", ar.log);
  CHECK_INT_EQ(nethttp_sock_send_to(a, (const uint8_t *)"x", 1, lo, pb, family, NULL, NULL),
               NETHTTP_ERR_SOCK_CLOSED);
  struct nethttp_net_address cto = net_addr(lo, family, pb);
  CHECK_INT_EQ(nethttp_sock_send_to_address(a, &cto, (const uint8_t *)"x", 1, NULL, NULL),
               NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(ar.results_err, err_before);
  CHECK_INT_EQ(ar.errors, 0);
  CHECK_INT_EQ(br.errors, 0);
  CHECK_INT_EQ(ar.after_close, 0);

  free(buf);
  nethttp_sock_destroy(d);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(a);
  nethttp_sock_destroy(b);
  srec_fini(&dr);
  srec_fini(&cr);
  srec_fini(&ar);
  srec_fini(&br);
  dlog_fini(&al);
  dlog_fini(&bl);
}

/* ---- broadcast across namespaces ---- */

#define BCAST_PORT 41213

/* The receiver, in its namespace: after "go", a nethttp UDP socket on 0.0.0.0:41213 ("ready"),
 * then one line per datagram ("got LEN ADDRESS FAMILY PORT PAYLOAD") until "q". */
static int rx_out = -1;

static void rx_message(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)ud;
  (void)s;
  char payload[64];
  size_t n = e->data_len < sizeof payload - 1 ? e->data_len : sizeof payload - 1;
  for (size_t i = 0; i < n; i++) {
    char ch = (char)e->data[i];
    payload[i] = ch > ' ' && ch < 127 ? ch : '.';
  }
  payload[n] = 0;
  fd_printf(rx_out, "got %zu %s %d %u %s", e->data_len, e->remote ? e->remote->address : "-",
            e->remote ? e->remote->family : -1, e->remote ? e->remote->port : 0, payload);
}

static int bcast_receiver(int in, int out) {
  char line[256];
  if (fd_read_line(in, line, sizeof line, 600000) < 0 || strcmp(line, "go") != 0) return 0;
  rx_out = out;
  srec r;
  srec_init(&r);
  struct nethttp_sock *s = nethttp_sock_create(NETHTTP_SOCK_UDP);
  srec_attach(&r, s);
  nethttp_sock_on(s, NETHTTP_SOCK_EVENT_MESSAGE, rx_message, NULL);
  int32_t rc = nethttp_sock_bind(s, "0.0.0.0", BCAST_PORT, 1);
  int ok = rc == 0 && SREC_WAIT(&r, r.listening == 1, 10000);
  fd_printf(out, "ready %d %d", (int)rc, ok);
  fd_read_line(in, line, sizeof line, 120000); /* "q" */
  nethttp_sock_destroy(s);
  srec_fini(&r);
  return check_failures() ? 1 : 0;
}

/* The sender, in its namespace: after "go", reports what send_to 255.255.255.255 gives without
 * and with the broadcast option, then sends one broadcast every 50 ms (at most 400) until "q". */
static int bcast_sender(int in, int out) {
  char line[256];
  if (fd_read_line(in, line, sizeof line, 600000) < 0 || strcmp(line, "go") != 0) return 0;
  const uint8_t *x = (const uint8_t *)"nope";
  /* Unbound: the first send binds it to 0.0.0.0, then the kernel refuses. */
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  int32_t rc_unbound = nethttp_sock_send_to(u, x, 4, "255.255.255.255", BCAST_PORT, 1, NULL, NULL);
  /* Bound to the veth's address. */
  struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_UDP);
  int32_t rc_bind = nethttp_sock_bind(b, "10.213.0.1", 0, 1);
  int32_t rc_bound = nethttp_sock_send_to(b, x, 4, "255.255.255.255", BCAST_PORT, 0, NULL, NULL);
  int64_t before = -7, after = -7;
  nethttp_sock_get_option(b, NETHTTP_SOCK_OPT_BROADCAST, &before);
  int32_t rc_opt = nethttp_sock_set_extra_options(b, "{\"broadcast\":true}");
  nethttp_sock_get_option(b, NETHTTP_SOCK_OPT_BROADCAST, &after);
  int32_t rc_opt_u = nethttp_sock_set_option(u, NETHTTP_SOCK_OPT_BROADCAST, 1);
  fd_printf(out, "refused %d %d %d opt %d %d before %lld after %lld", (int)rc_unbound,
            (int)rc_bind, (int)rc_bound, (int)rc_opt, (int)rc_opt_u, (long long)before,
            (long long)after);
  int32_t first_b = -1, first_u = -1;
  for (int i = 0; i < 400; i++) {
    char msg[32];
    int n = snprintf(msg, sizeof msg, "bcast-%d", i);
    int32_t r1 = nethttp_sock_send_to(b, (const uint8_t *)msg, (size_t)n, "255.255.255.255",
                                      BCAST_PORT, 1, NULL, NULL);
    n = snprintf(msg, sizeof msg, "ubcast-%d", i);
    int32_t r2 = nethttp_sock_send_to(u, (const uint8_t *)msg, (size_t)n, "255.255.255.255",
                                      BCAST_PORT, 1, NULL, NULL);
    if (i == 0) {
      first_b = r1;
      first_u = r2;
      fd_printf(out, "sent %d %d", (int)first_b, (int)first_u);
    }
    if (fd_readable(in, 50)) break;
  }
  fd_read_line(in, line, sizeof line, 1000);
  nethttp_sock_destroy(u);
  nethttp_sock_destroy(b);
  return 0;
}

static void broadcast(nschild *rx, nschild *tx) {
  fprintf(stderr, "-- broadcast\n");
  int ok = ns_sh(tx->pid,
                 "ip link set lo up && ip link add nhs0 type veth peer name nhs1 netns %d && "
                 "ip addr add 10.213.0.1/24 dev nhs0 && ip link set nhs0 up && "
                 "ip route add default dev nhs0",
                 (int)rx->pid) == 0;
  ok = ok && ns_sh(rx->pid, "ip link set lo up && ip addr add 10.213.0.2/24 dev nhs1 && "
                            "ip link set nhs1 up") == 0;
  if (!CHECK(ok, "namespace setup")) return;
  char line[512];
  fd_printf(rx->to, "go");
  CHECK(fd_read_line(rx->from, line, sizeof line, 30000) >= 0, "receiver ready");
  CHECK_STR_EQ(line, "ready 0 1");
  fd_printf(tx->to, "go");
  CHECK(fd_read_line(tx->from, line, sizeof line, 30000) >= 0, "sender report");
  fprintf(stderr, "   sender: %s\n", line);
  /* Unbound and bound: 2301013 without the option; the option then takes (0 -> 1). */
  CHECK_STR_EQ(line, "refused 2301013 0 2301013 opt 0 0 before 0 after 1");
  CHECK(fd_read_line(tx->from, line, sizeof line, 30000) >= 0, "sender's first broadcast");
  CHECK_STR_EQ(line, "sent 0 0");
  /* The receiver bound to 0.0.0.0 in the other namespace gets both sockets' broadcasts. */
  int got_b = 0, got_u = 0;
  for (int i = 0; i < 200 && !(got_b && got_u); i++) {
    if (fd_read_line(rx->from, line, sizeof line, 30000) < 0) break;
    char addr[128] = "", payload[64] = "";
    size_t len = 0;
    int fam = 0;
    unsigned port = 0;
    if (sscanf(line, "got %zu %127s %d %u %63s", &len, addr, &fam, &port, payload) != 5) continue;
    CHECK_STR_EQ(addr, "10.213.0.1");
    CHECK_INT_EQ(fam, 1);
    CHECK(port != 0 && port != BCAST_PORT, "sender port %u", port);
    CHECK(len == strlen(payload), "length %zu of %s", len, payload);
    if (strncmp(payload, "bcast-", 6) == 0) got_b = 1;
    if (strncmp(payload, "ubcast-", 7) == 0) got_u = 1;
  }
  CHECK(got_b, "a broadcast of the bound socket arrived");
  CHECK(got_u, "a broadcast of the auto-bound socket arrived");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  /* The namespace children first: no nethttp call (and so no thread) before. */
  nschild rx, tx;
  int have_rx = nschild_fork(&rx, bcast_receiver) == 0;
  int have_tx = have_rx && nschild_fork(&tx, bcast_sender) == 0;
  CHECK(have_rx && have_tx, "two network namespaces (root needed)");

  CHECK(nethttp_sock_create(0) == NULL, "kind 0");
  CHECK(nethttp_sock_create(7) == NULL, "kind 7 is not created");
  loopback("127.0.0.1", 1);
  loopback("::1", 2);
  if (have_rx && have_tx) broadcast(&rx, &tx);

  if (have_tx) CHECK_INT_EQ(nschild_finish(&tx, 30000), 0);
  if (have_rx) CHECK_INT_EQ(nschild_finish(&rx, 30000), 0);
  return test_finish();
}
