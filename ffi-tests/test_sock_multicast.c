/* Multicast sockets (kind 3). Before any nethttp call the test forks a peer and both move into
 * network namespaces of their own (unshare(CLONE_NEWNET); anonymous, so they go with the
 * processes on every exit path), joined by a veth pair: the test at 10.201.0.1 (m0), the peer at
 * 10.201.0.2 (p0), with `lo` up and multicast-capable in the test's namespace. Nothing of the
 * host's network is touched.
 *
 * Covers: the kind checks (every multicast call on a TCP or UDP socket -> 401); a group that is
 * not multicast, an unknown interface, an IPv6 group with an IPv4 interface -> 401 (nothing
 * bound); TTL (default 1, 0..255 kept before the socket exists and live after, 256 and -1 -> 401)
 * and loopback mode (default 1, 0/1, 2 -> 401); add_membership binding the group's port with
 * LISTENING (0.0.0.0 and the port); a member on `lo` getting a multicast and a UDP sender's
 * datagrams; two members sharing a port; drop_membership (the dropped socket gets no more of the
 * group while the other member of the host keeps it; a second drop -> 2301099); loopback mode 0:
 * the sending socket, itself a member, and another member on the host get nothing while the peer
 * across the veth does, 1: they get it too; TTL 0 stays on the host (the local member gets it,
 * the peer never does); across the veth both ways (the peer's member gets ours; a ping makes the
 * peer multicast a pong to our member); an IPv6 group (ff02::4242 on "m0", sent to
 * ff02::4242%m0) to a local member and to the peer, an ff15:: group joined by interface index;
 * CLOSE.
 *
 * No check relies on time: "did not get X" is checked after a datagram sent later on the same
 * path arrived, and the peer's log is checked at the end, after many round trips.
 * nethttp-test-timeout: 120 */
#include "sock_proc.h"

#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sock_rec.h"

#define G9 "239.201.0.9"   /* the peer's group (port 41001) */
#define G11 "239.201.0.11" /* the pong group (port 41004), our member */
#define G6 "ff02::4242"    /* IPv6, port 41002 */

/* ---- a message log per socket: every payload as text, in order ---- */

typedef struct mlog {
  pthread_mutex_t mu;
  waiter w;
  char text[8192]; /* "payload|payload|..." */
  int n;
  struct nethttp_net_address last;
} mlog;

static void mlog_init(mlog *m) {
  memset(m, 0, sizeof *m);
  pthread_mutex_init(&m->mu, NULL);
  waiter_init(&m->w);
}

static void mlog_fini(mlog *m) {
  waiter_destroy(&m->w);
  pthread_mutex_destroy(&m->mu);
}

static void mlog_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)s;
  mlog *m = (mlog *)ud;
  pthread_mutex_lock(&m->mu);
  size_t at = strlen(m->text);
  if (at + e->data_len + 2 < sizeof m->text) {
    memcpy(m->text + at, e->data, e->data_len);
    m->text[at + e->data_len] = '|';
    m->text[at + e->data_len + 1] = 0;
  }
  m->n++;
  if (e->remote) m->last = *e->remote;
  pthread_mutex_unlock(&m->mu);
  waiter_signal(&m->w);
}

/* Waits until the log holds `what` (e.g. "me!|"); 1 when it does. */
static int mlog_wait(mlog *m, const char *what, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  for (;;) {
    pthread_mutex_lock(&m->mu);
    int ok = strstr(m->text, what) != NULL;
    pthread_mutex_unlock(&m->mu);
    if (ok) return 1;
    if (now_ms() >= end) return 0;
    waiter_wait(&m->w, 50);
  }
}

static int mlog_has(mlog *m, const char *what) { return mlog_wait(m, what, 0); }

/* A multicast socket with an srec (every event) and an mlog (the payloads). */
static struct nethttp_sock *msock(int kind, srec *r, mlog *m) {
  struct nethttp_sock *s = nethttp_sock_create(kind);
  CHECK(s != NULL, "create %d", kind);
  srec_attach(r, s);
  CHECK_INT_EQ(nethttp_sock_on(s, NETHTTP_SOCK_EVENT_MESSAGE, mlog_event, m), 0);
  return s;
}

/* ---- the peer, in its namespace ---- */

static int peer_out = -1;
static struct nethttp_sock *peer_tx;

static void peer_message(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
  (void)s;
  const char *tag = (const char *)ud;
  char payload[64];
  size_t n = e->data_len < sizeof payload - 1 ? e->data_len : sizeof payload - 1;
  for (size_t i = 0; i < n; i++) {
    char ch = (char)e->data[i];
    payload[i] = ch > ' ' && ch < 127 ? ch : '.';
  }
  payload[n] = 0;
  fd_printf(peer_out, "%s %s %s %d %u", tag, payload, e->remote ? e->remote->address : "-",
            e->remote ? e->remote->family : -1, e->remote ? e->remote->port : 0);
  if (strcmp(tag, "s4") == 0 && strncmp(payload, "ping", 4) == 0)
    nethttp_sock_send_to(peer_tx, (const uint8_t *)"pong", 4, G11, 41004, 1, NULL, NULL);
}

/* After "go": a member of G9:41001 and of G6:41002 on p0, and a sender bound to 10.201.0.2;
 * "ready RC RC RC LISTENING"; then one line per datagram ("TAG PAYLOAD ADDRESS FAMILY PORT"),
 * a pong to G11:41004 for each ping, until "q". */
static int peer_body(int in, int out) {
  char line[256];
  if (fd_read_line(in, line, sizeof line, 600000) < 0 || strcmp(line, "go") != 0) return 0;
  peer_out = out;
  srec r4, r6;
  srec_init(&r4);
  srec_init(&r6);
  struct nethttp_sock *s4 = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  struct nethttp_sock *s6 = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  peer_tx = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  srec_attach(&r4, s4);
  srec_attach(&r6, s6);
  nethttp_sock_on(s4, NETHTTP_SOCK_EVENT_MESSAGE, peer_message, "s4");
  nethttp_sock_on(s6, NETHTTP_SOCK_EVENT_MESSAGE, peer_message, "s6");
  int32_t a = nethttp_sock_add_membership(s4, G9, 41001, "p0");
  int32_t b = nethttp_sock_add_membership(s6, G6, 41002, "p0");
  int32_t c = nethttp_sock_bind(peer_tx, "10.201.0.2", 0, 1);
  int ok = SREC_WAIT(&r4, r4.listening == 1, 10000) && SREC_WAIT(&r6, r6.listening == 1, 10000);
  fd_printf(out, "ready %d %d %d %d", (int)a, (int)b, (int)c, ok);
  fd_read_line(in, line, sizeof line, 600000); /* "q" */
  nethttp_sock_destroy(s4);
  nethttp_sock_destroy(s6);
  nethttp_sock_destroy(peer_tx);
  srec_fini(&r4);
  srec_fini(&r6);
  return check_failures() ? 1 : 0;
}

/* Everything the peer said, in order. */
static nschild peer;
static char plog[65536];

/* Reads the peer's lines until one holds `what` (already read ones count); 1 when found. */
static int peer_wait(const char *what, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms;
  while (strstr(plog, what) == NULL) {
    uint64_t now = now_ms();
    if (now >= end) return 0;
    char line[512];
    if (fd_read_line(peer.from, line, sizeof line, (int)(end - now)) < 0) return 0;
    size_t at = strlen(plog);
    snprintf(plog + at, sizeof plog - at, "%s\n", line);
  }
  return 1;
}

/* ---- the checks ---- */

static void kinds_and_refusals(void) {
  fprintf(stderr, "-- kinds and refusals\n");
  int32_t v = -5;
  int kinds[] = {NETHTTP_SOCK_TCP, NETHTTP_SOCK_UDP, NETHTTP_SOCK_TCP_SERVER};
  for (int i = 0; i < 3; i++) {
    struct nethttp_sock *t = nethttp_sock_create(kinds[i]);
    CHECK_INT_EQ(nethttp_sock_add_membership(t, "239.1.1.1", 41100, NULL), 401);
    CHECK_INT_EQ(nethttp_sock_drop_membership(t, "239.1.1.1", NULL), 401);
    CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(t, 1), 401);
    CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(t, &v), 401);
    CHECK_INT_EQ(nethttp_sock_set_loopback_mode(t, 1), 401);
    CHECK_INT_EQ(nethttp_sock_get_loopback_mode(t, &v), 401);
    CHECK_INT_EQ(nethttp_sock_get_fd(t), -1);
    nethttp_sock_destroy(t);
  }
  CHECK_INT_EQ(nethttp_sock_add_membership(NULL, "239.1.1.1", 41100, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(NULL, 1), 401);

  struct nethttp_sock *m = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  CHECK_INT_EQ(nethttp_sock_get_kind(m), NETHTTP_SOCK_MULTICAST);
  /* The system's defaults before the socket exists. */
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(m, &v), 0);
  CHECK_INT_EQ(v, 1);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(m, &v), 0);
  CHECK_INT_EQ(v, 1);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(m, NULL), 401);
  /* Ranges. */
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, 256), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, -1), 401);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(m, 2), 401);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(m, -1), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, 0), 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(m, &v), 0);
  CHECK_INT_EQ(v, 0);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(m, 255), 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(m, &v), 0);
  CHECK_INT_EQ(v, 255);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(m, 0), 0);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(m, &v), 0);
  CHECK_INT_EQ(v, 0);
  /* Groups and interfaces that are refused: 401, and nothing bound (no descriptor, the port
   * not taken). */
  struct {
    const char *group, *iface;
  } bad[] = {
      {"10.1.2.3", NULL},     {"127.0.0.1", NULL}, {"255.255.255.255", NULL},
      {"::1", NULL},          {"fe80::1", NULL},   {"not-an-address", NULL},
      {NULL, NULL},           {"239.1.1.1", "nhs-none0"}, {G6, "nhs-none0"},
      {G6, "10.201.0.1"}, /* an IPv6 group takes an interface name or index */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    srec r;
    srec_init(&r);
    struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
    srec_attach(&r, b);
    CHECK_INT_EQ(nethttp_sock_add_membership(b, bad[i].group, 41100, bad[i].iface), 401);
    struct nethttp_sock_state st;
    CHECK_INT_EQ(nethttp_sock_get_state(b, &st), 0);
    CHECK(!st.is_bound && nethttp_sock_get_fd(b) == -1,
          "the refused add_membership(%s, %s) bound the socket (fd %d)",
          bad[i].group ? bad[i].group : "NULL", bad[i].iface ? bad[i].iface : "NULL",
          (int)nethttp_sock_get_fd(b));
    CHECK_INT_EQ(nethttp_sock_close(b, srec_result, &r), 0);
    CHECK(SREC_WAIT(&r, r.results_ok == 1, 5000), "close result: %s", r.log);
    nethttp_sock_destroy(b);
    srec_fini(&r);
  }
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(m, &st), 0);
  CHECK(!st.is_bound && nethttp_sock_get_fd(m) == -1, "m unbound");
  /* Not a member (never joined, not even bound): 2301099. */
  CHECK_INT_EQ(nethttp_sock_drop_membership(m, "239.1.1.1", NULL), 2301099);
  /* A multicast socket does not stream. */
  CHECK_INT_EQ(nethttp_sock_send(m, (const uint8_t *)"x", 1, NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(m, "127.0.0.1", 1, 0, 1000, NULL, NULL), 401);
  nethttp_sock_destroy(m);
}

/* A member on `lo` (joined by name), a multicast and a UDP sender bound to 127.0.0.1. */
static void on_loopback(void) {
  fprintf(stderr, "-- lo\n");
  srec lr, sr, ur;
  mlog lm, sm, um;
  srec_init(&lr);
  srec_init(&sr);
  srec_init(&ur);
  mlog_init(&lm);
  mlog_init(&sm);
  mlog_init(&um);
  struct nethttp_sock *l = msock(NETHTTP_SOCK_MULTICAST, &lr, &lm);
  CHECK_INT_EQ(nethttp_sock_add_membership(l, "239.201.1.1", 41010, "lo"), 0);
  CHECK(SREC_WAIT(&lr, lr.listening == 1, 5000), "LISTENING: %s", lr.log);
  CHECK_STR_EQ(lr.local.address, "0.0.0.0");
  CHECK_INT_EQ(lr.local.family, 1);
  CHECK_INT_EQ(lr.local.port, 41010);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(l, &a), 0);
  CHECK_INT_EQ(a.port, 41010);
  struct nethttp_sock_state st;
  CHECK_INT_EQ(nethttp_sock_get_state(l, &st), 0);
  CHECK(st.is_bound && !st.is_connected && !st.is_close, "member state");
  int64_t reuse = -1;
  CHECK_INT_EQ(nethttp_sock_get_option(l, NETHTTP_SOCK_OPT_REUSE_ADDRESS, &reuse), 0);
  CHECK_INT_EQ(reuse, 1);

  struct nethttp_sock *s = msock(NETHTTP_SOCK_MULTICAST, &sr, &sm);
  CHECK_INT_EQ(nethttp_sock_bind(s, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address sa;
  CHECK_INT_EQ(nethttp_sock_get_local_address(s, &sa), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(s, (const uint8_t *)"lo-mc", 5, "239.201.1.1", 41010, 1,
                                    srec_result, &sr),
               0);
  CHECK(mlog_wait(&lm, "lo-mc|", 5000), "multicast on lo: %s", lm.text);
  CHECK_STR_EQ(lm.last.address, "127.0.0.1");
  CHECK_INT_EQ(lm.last.family, 1);
  CHECK_INT_EQ(lm.last.port, sa.port);
  CHECK(SREC_WAIT(&sr, sr.results_ok == 1, 5000), "send result: %s", sr.log);

  /* A plain UDP socket sends to the group too. */
  struct nethttp_sock *u = msock(NETHTTP_SOCK_UDP, &ur, &um);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 0), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(u, (const uint8_t *)"lo-udp", 6, "239.201.1.1", 41010, 0,
                                    NULL, NULL),
               0);
  CHECK(mlog_wait(&lm, "lo-udp|", 5000), "UDP sender on lo: %s", lm.text);
  CHECK_STR_EQ(lm.last.address, "127.0.0.1");

  /* Close: CLOSE; the member's port is free again. */
  CHECK_INT_EQ(nethttp_sock_close(l, srec_result, &lr), 0);
  CHECK(SREC_WAIT(&lr, lr.closes == 1 && lr.results_ok == 1, 5000), "CLOSE: %s", lr.log);
  CHECK_INT_EQ(nethttp_sock_get_state(l, &st), 0);
  CHECK(st.is_close, "closed");
  CHECK_INT_EQ(lr.after_close, 0);
  CHECK_INT_EQ(lr.errors + sr.errors + ur.errors, 0);
  nethttp_sock_destroy(l);
  nethttp_sock_destroy(s);
  nethttp_sock_destroy(u);
  srec_fini(&lr);
  srec_fini(&sr);
  srec_fini(&ur);
  mlog_fini(&lm);
  mlog_fini(&sm);
  mlog_fini(&um);
}

/* Two members on one port (on m0), one of them in two groups; drop. */
static void share_and_drop(void) {
  fprintf(stderr, "-- shared port, drop\n");
  const char *g1 = "239.201.0.1", *g2 = "239.201.0.2";
  srec ar, br, tr;
  mlog am, bm, tm;
  srec_init(&ar);
  srec_init(&br);
  srec_init(&tr);
  mlog_init(&am);
  mlog_init(&bm);
  mlog_init(&tm);
  struct nethttp_sock *a = msock(NETHTTP_SOCK_MULTICAST, &ar, &am);
  struct nethttp_sock *b = msock(NETHTTP_SOCK_MULTICAST, &br, &bm);
  struct nethttp_sock *t = msock(NETHTTP_SOCK_MULTICAST, &tr, &tm);
  CHECK_INT_EQ(nethttp_sock_add_membership(a, g1, 41020, "10.201.0.1"), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(a, g2, 41020, "m0"), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(b, g1, 41020, "m0"), 0); /* the same port */
  CHECK(SREC_WAIT(&ar, ar.listening == 1, 5000), "a LISTENING: %s", ar.log);
  CHECK(SREC_WAIT(&br, br.listening == 1, 5000), "b LISTENING: %s", br.log);
  CHECK_INT_EQ(ar.local.port, 41020);
  CHECK_INT_EQ(br.local.port, 41020);
  CHECK_INT_EQ(nethttp_sock_add_membership(a, g1, 41020, "10.201.0.1"), 2301098); /* joined */
  CHECK_INT_EQ(nethttp_sock_bind(t, "10.201.0.1", 0, 1), 0);
  uint16_t tp = 0;
  struct nethttp_net_address ta;
  if (CHECK_INT_EQ(nethttp_sock_get_local_address(t, &ta), 0)) tp = ta.port;

  CHECK_INT_EQ(nethttp_sock_send_to(t, (const uint8_t *)"g1-a", 4, g1, 41020, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&am, "g1-a|", 5000), "a got g1-a: %s", am.text);
  CHECK(mlog_wait(&bm, "g1-a|", 5000), "b got g1-a: %s", bm.text);
  CHECK_STR_EQ(am.last.address, "10.201.0.1");
  CHECK_INT_EQ(am.last.port, tp);
  CHECK_INT_EQ(nethttp_sock_send_to(t, (const uint8_t *)"g2-a", 4, g2, 41020, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&am, "g2-a|", 5000), "a got g2-a: %s", am.text);

  /* a leaves g1; b stays. g1-b reaches b, and a, which keeps g2, must get g2-b (sent after b had
   * g1-b) with no g1-b before it. */
  CHECK_INT_EQ(nethttp_sock_drop_membership(a, g1, "10.201.0.1"), 0);
  CHECK_INT_EQ(nethttp_sock_drop_membership(a, g1, "10.201.0.1"), 2301099);
  CHECK_INT_EQ(nethttp_sock_send_to(t, (const uint8_t *)"g1-b", 4, g1, 41020, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&bm, "g1-b|", 5000), "b still a member: %s", bm.text);
  CHECK_INT_EQ(nethttp_sock_send_to(t, (const uint8_t *)"g2-b", 4, g2, 41020, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&am, "g2-b|", 5000), "a still in g2: %s", am.text);
  pthread_mutex_lock(&am.mu);
  CHECK_STR_EQ(am.text, "g1-a|g2-a|g2-b|");
  pthread_mutex_unlock(&am.mu);
  CHECK(!mlog_has(&bm, "g2-"), "b never joined g2: %s", bm.text);
  CHECK_INT_EQ(ar.errors + br.errors + tr.errors, 0);
  nethttp_sock_destroy(a);
  nethttp_sock_destroy(b);
  nethttp_sock_destroy(t);
  srec_fini(&ar);
  srec_fini(&br);
  srec_fini(&tr);
  mlog_fini(&am);
  mlog_fini(&bm);
  mlog_fini(&tm);
}

/* Loopback mode and TTL with the peer as the witness that each datagram was sent; then across
 * the veth both ways. */
static void loop_ttl_across(void) {
  fprintf(stderr, "-- loopback mode, TTL, across the veth\n");
  srec xr, lr, pr;
  mlog xm, lm, pm;
  srec_init(&xr);
  srec_init(&lr);
  srec_init(&pr);
  mlog_init(&xm);
  mlog_init(&lm);
  mlog_init(&pm);
  int32_t v = -5;
  /* x: a member of G9 that also sends to it, loopback mode off (kept until it exists). */
  struct nethttp_sock *x = msock(NETHTTP_SOCK_MULTICAST, &xr, &xm);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(x, 0), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(x, G9, 41001, "m0"), 0);
  CHECK(SREC_WAIT(&xr, xr.listening == 1, 5000), "x LISTENING: %s", xr.log);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(x, &v), 0);
  CHECK_INT_EQ(v, 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(x, &v), 0);
  CHECK_INT_EQ(v, 1);
  /* l: another member of G9 on this host (joined by address). */
  struct nethttp_sock *l = msock(NETHTTP_SOCK_MULTICAST, &lr, &lm);
  CHECK_INT_EQ(nethttp_sock_add_membership(l, G9, 41001, "10.201.0.1"), 0);
  CHECK(SREC_WAIT(&lr, lr.listening == 1, 5000), "l LISTENING: %s", lr.log);

  /* Loopback off: the peer gets it, this host's members do not. */
  CHECK_INT_EQ(nethttp_sock_send_to(x, (const uint8_t *)"me?", 3, G9, 41001, 1, NULL, NULL), 0);
  CHECK(peer_wait("s4 me? 10.201.0.1 1 41001\n", 10000), "the peer got me?: %s", plog);
  /* Loopback on: everyone. x and l must see me! first. */
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(x, 1), 0);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(x, &v), 0);
  CHECK_INT_EQ(v, 1);
  CHECK_INT_EQ(nethttp_sock_send_to(x, (const uint8_t *)"me!", 3, G9, 41001, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&xm, "me!|", 5000), "x got its own: %s", xm.text);
  CHECK(mlog_wait(&lm, "me!|", 5000), "l got it: %s", lm.text);
  CHECK(peer_wait("s4 me! ", 10000), "the peer got me!");
  CHECK(strncmp(xm.text, "me!|", 4) == 0, "x with loopback off got: %s", xm.text);
  CHECK(strncmp(lm.text, "me!|", 4) == 0, "l with loopback off got: %s", lm.text);
  CHECK_STR_EQ(lm.last.address, "10.201.0.1");
  CHECK_INT_EQ(lm.last.port, 41001);

  /* TTL 0: looped back to this host's members, never on the wire. */
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(x, 0), 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(x, &v), 0);
  CHECK_INT_EQ(v, 0);
  CHECK_INT_EQ(nethttp_sock_send_to(x, (const uint8_t *)"t0", 2, G9, 41001, 1, NULL, NULL), 0);
  CHECK(mlog_wait(&lm, "t0|", 5000), "l got t0: %s", lm.text);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(x, 1), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(x, (const uint8_t *)"t1", 2, G9, 41001, 1, NULL, NULL), 0);
  CHECK(peer_wait("s4 t1 ", 10000), "the peer got t1");
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(x, 256), 401);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(x, -1), 401);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(x, &v), 0);
  CHECK_INT_EQ(v, 1);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(x, 255), 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(x, &v), 0);
  CHECK_INT_EQ(v, 255);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(x, 2), 401);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(x, &v), 0);
  CHECK_INT_EQ(v, 1);

  /* Across the veth the other way: a ping to the peer's group makes the peer multicast a pong
   * to G11, which our member p joined. */
  struct nethttp_sock *p = msock(NETHTTP_SOCK_MULTICAST, &pr, &pm);
  CHECK_INT_EQ(nethttp_sock_add_membership(p, G11, 41004, "m0"), 0);
  CHECK(SREC_WAIT(&pr, pr.listening == 1, 5000), "p LISTENING: %s", pr.log);
  int pong = 0;
  for (int i = 0; i < 20 && !pong; i++) {
    char msg[32];
    int n = snprintf(msg, sizeof msg, "ping%d", i);
    CHECK_INT_EQ(nethttp_sock_send_to(x, (const uint8_t *)msg, (size_t)n, G9, 41001, 1, NULL,
                                      NULL),
                 0);
    pong = mlog_wait(&pm, "pong|", 1000);
  }
  CHECK(pong, "a pong from the peer: %s", pm.text);
  CHECK_STR_EQ(pm.last.address, "10.201.0.2");
  CHECK_INT_EQ(pm.last.family, 1);
  CHECK(!mlog_has(&xm, "me?") && !mlog_has(&lm, "me?"), "me? looped back: %s / %s", xm.text,
        lm.text);
  CHECK_INT_EQ(xr.errors + lr.errors + pr.errors, 0);
  nethttp_sock_destroy(x);
  nethttp_sock_destroy(l);
  nethttp_sock_destroy(p);
  srec_fini(&xr);
  srec_fini(&lr);
  srec_fini(&pr);
  mlog_fini(&xm);
  mlog_fini(&lm);
  mlog_fini(&pm);
}

/* IPv6: ff02::4242 on m0 (by name), to a member here and the peer's; ff15:: by index. */
static void ipv6(void) {
  fprintf(stderr, "-- IPv6\n");
  srec vr, sr;
  mlog vm, sm;
  srec_init(&vr);
  srec_init(&sr);
  mlog_init(&vm);
  mlog_init(&sm);
  struct nethttp_sock *v = msock(NETHTTP_SOCK_MULTICAST, &vr, &vm);
  CHECK_INT_EQ(nethttp_sock_add_membership(v, G6, 41002, "m0"), 0);
  CHECK(SREC_WAIT(&vr, vr.listening == 1, 5000), "LISTENING: %s", vr.log);
  CHECK_STR_EQ(vr.local.address, "::");
  CHECK_INT_EQ(vr.local.family, 2);
  CHECK_INT_EQ(vr.local.port, 41002);
  CHECK_INT_EQ(nethttp_sock_add_membership(v, G6, 41002, "10.201.0.1"), 401);
  /* An unbound sender: bound to :: by its first send, out through m0 by the zone. */
  struct nethttp_sock *s = msock(NETHTTP_SOCK_MULTICAST, &sr, &sm);
  CHECK_INT_EQ(nethttp_sock_send_to(s, (const uint8_t *)"v6", 2, G6 "%m0", 41002, 2, srec_result,
                                    &sr),
               0);
  CHECK(SREC_WAIT(&sr, sr.listening == 1 && sr.results_ok == 1, 5000), "sent: %s", sr.log);
  CHECK_INT_EQ(sr.local.family, 2);
  CHECK(mlog_wait(&vm, "v6|", 5000), "the IPv6 member here: %s", vm.text);
  CHECK_INT_EQ(vm.last.family, 2);
  CHECK(strncmp(vm.last.address, "fe80::", 6) == 0, "from a link-local address: %s",
        vm.last.address);
  CHECK_INT_EQ(vm.last.port, sr.local.port);
  CHECK(peer_wait("s6 v6 fe80::", 10000), "the peer's IPv6 member: %s", plog);
  /* ff15:: (site-local) joined and left by interface index. */
  char idx[16];
  snprintf(idx, sizeof idx, "%u", if_nametoindex("m0"));
  CHECK_INT_EQ(nethttp_sock_add_membership(v, "ff15::4242", 41002, idx), 0);
  CHECK_INT_EQ(nethttp_sock_drop_membership(v, "ff15::4242", idx), 0);
  CHECK_INT_EQ(nethttp_sock_drop_membership(v, "ff15::4242", idx), 2301099);
  CHECK_INT_EQ(nethttp_sock_drop_membership(v, G6, "m0"), 0);
  CHECK_INT_EQ(vr.errors + sr.errors, 0);
  nethttp_sock_destroy(v);
  nethttp_sock_destroy(s);
  srec_fini(&vr);
  srec_fini(&sr);
  mlog_fini(&vm);
  mlog_fini(&sm);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  /* The peer first, then this process into a namespace of its own: no nethttp call before. */
  int have_peer = nschild_fork(&peer, peer_body) == 0;
  int own_ns = have_peer && unshare(CLONE_NEWNET) == 0;
  if (!CHECK(have_peer && own_ns, "network namespaces (root needed)")) {
    if (have_peer) nschild_finish(&peer, 10000);
    return test_finish();
  }
  int ok = ns_sh(getpid(),
                 "ip link set lo up && ip link set lo multicast on && "
                 "ip link add m0 type veth peer name p0 netns %d && "
                 "sysctl -qw net.ipv6.conf.m0.accept_dad=0 && "
                 "ip addr add 10.201.0.1/24 dev m0 && ip link set m0 up && "
                 "ip route add 224.0.0.0/4 dev m0",
                 (int)peer.pid) == 0;
  ok = ok && ns_sh(peer.pid, "ip link set lo up && sysctl -qw net.ipv6.conf.p0.accept_dad=0 && "
                             "ip addr add 10.201.0.2/24 dev p0 && ip link set p0 up && "
                             "ip route add 224.0.0.0/4 dev p0") == 0;
  /* The link-local IPv6 addresses (no DAD) once both ends are up: at most 5 s. */
  ok = ok && ns_sh(getpid(), "for i in $(seq 100); do ip -6 addr show dev m0 scope link | "
                             "grep -q fe80 && exit 0; sleep 0.05; done; exit 1") == 0;
  ok = ok && ns_sh(peer.pid, "for i in $(seq 100); do ip -6 addr show dev p0 scope link | "
                             "grep -q fe80 && exit 0; sleep 0.05; done; exit 1") == 0;
  if (CHECK(ok, "namespace setup")) {
    char line[256];
    fd_printf(peer.to, "go");
    CHECK(fd_read_line(peer.from, line, sizeof line, 30000) >= 0, "peer ready");
    CHECK_STR_EQ(line, "ready 0 0 0 1");
    kinds_and_refusals();
    on_loopback();
    share_and_drop();
    loop_ttl_across();
    ipv6();
    /* Many round trips later: the peer never got t0 (TTL 0) and got me? once. */
    peer_wait("\n(end)", 300); /* takes what is left in the pipe */
    CHECK(strstr(plog, "s4 t0 ") == NULL, "TTL 0 left the host: %s", plog);
    const char *first = strstr(plog, "s4 me? ");
    CHECK(first && !strstr(first + 1, "s4 me? "), "me? once at the peer: %s", plog);
  }
  CHECK_INT_EQ(nschild_finish(&peer, 30000), 0);
  return test_finish();
}
