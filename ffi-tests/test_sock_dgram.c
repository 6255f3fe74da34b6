/* UDP, broadcast and multicast sockets. Before any nethttp call the process forks a sender
 * and both move into network namespaces of their own (unshare(CLONE_NEWNET)), joined by a veth
 * pair: the sender at 10.77.0.1 (veth0), the test at 10.77.0.2 (veth1), so broadcast and
 * multicast really cross an interface; nothing of the host's network is touched, and the
 * namespaces go with the processes. The sender (nethttp too, in its own process) checks that
 * a broadcast without the option is refused, then sends a broadcast and a multicast datagram
 * every 50 ms until it is stopped. Covers: bind and LISTENING, datagram boundaries and
 * remoteInfo over IPv4 and IPv6, auto-bind on the first send, EMSGSIZE, broadcast refused
 * without the option and delivered with it, multicast membership (join binds the port,
 * loopback mode, TTL, drop), an IPv6 group, two members sharing a port, CLOSE. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "sock_rec.h"

static struct nethttp_sock *udp(srec *r, int kind, const char *addr, uint16_t port) {
  struct nethttp_sock *s = nethttp_sock_create(kind);
  srec_attach(r, s);
  if (addr) CHECK_INT_EQ(nethttp_sock_bind(s, addr, port, 0), 0);
  return s;
}

static uint16_t port_of(struct nethttp_sock *s) {
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(s, &a), 0);
  return a.port;
}

static void basics(const char *lo, int family) {
  srec ar, br;
  srec_init(&ar);
  srec_init(&br);
  struct nethttp_sock *a = udp(&ar, NETHTTP_SOCK_UDP, lo, 0);
  struct nethttp_sock *b = udp(&br, NETHTTP_SOCK_UDP, lo, 0);
  CHECK(SREC_WAIT(&ar, ar.listening == 1, 5000), "LISTENING");
  CHECK_STR_EQ(ar.local.address, lo);
  CHECK_INT_EQ(ar.local.family, family);
  uint16_t pa = port_of(a), pb = port_of(b);
  CHECK_INT_EQ(ar.local.port, pa);
  struct nethttp_sock_state st;
  nethttp_sock_get_state(a, &st);
  CHECK(st.is_bound && !st.is_connected && !st.is_close, "state");
  /* 100 datagrams of distinct sizes: one MESSAGE each, boundaries kept. */
  uint8_t buf[2000];
  size_t total = 0;
  for (int i = 1; i <= 100; i++) {
    memset(buf, i, (size_t)i * 13);
    total += (size_t)i * 13;
    CHECK_INT_EQ(nethttp_sock_send_to(a, buf, (size_t)i * 13, lo, pb, family, NULL, NULL), 0);
  }
  CHECK(SREC_WAIT(&br, br.messages == 100, 5000), "100 datagrams: %d", br.messages);
  CHECK_INT_EQ(br.len, total);
  size_t off = 0;
  int ok = 1;
  for (int i = 1; i <= 100 && ok; i++) {
    for (size_t k = 0; k < (size_t)i * 13; k++) ok &= br.data[off + k] == (uint8_t)i;
    off += (size_t)i * 13;
  }
  CHECK(ok, "datagrams intact and in order");
  CHECK_STR_EQ(br.last_remote.address, lo);
  CHECK_INT_EQ(br.last_remote.family, family);
  CHECK_INT_EQ(br.last_remote.port, pa);
  /* Too long for UDP: refused at once. */
  uint8_t *huge = calloc(1, 70000);
  CHECK_INT_EQ(nethttp_sock_send_to(a, huge, 70000, lo, pb, family, NULL, NULL), 2301090);
  free(huge);
  CHECK_INT_EQ(nethttp_sock_send_to(a, buf, 1, family == 1 ? "::1" : "127.0.0.1", pb,
                                    family, NULL, NULL),
               401);
  CHECK_INT_EQ(nethttp_sock_send(a, buf, 1, NULL, NULL), 401);
  /* An unbound socket binds on its first send. */
  srec cr;
  srec_init(&cr);
  struct nethttp_sock *c = udp(&cr, NETHTTP_SOCK_UDP, NULL, 0);
  CHECK_INT_EQ(nethttp_sock_send_to(c, (const uint8_t *)"auto", 4, lo, pb, 0, srec_result, &cr), 0);
  CHECK(SREC_WAIT(&cr, cr.listening == 1 && cr.results_ok == 1, 5000), "auto-bind: %s", cr.log);
  CHECK(port_of(c) != 0, "a port");
  CHECK(SREC_WAIT(&br, br.messages == 101, 5000), "auto-bound datagram");
  CHECK_INT_EQ(br.last_remote.port, port_of(c));
  /* Close: CLOSE, then sends fail. */
  CHECK_INT_EQ(nethttp_sock_close(c, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "CLOSE");
  CHECK_INT_EQ(nethttp_sock_send_to(c, buf, 1, lo, pb, 0, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  nethttp_sock_destroy(c);
  nethttp_sock_destroy(a);
  nethttp_sock_destroy(b);
  srec_fini(&cr);
  srec_fini(&ar);
  srec_fini(&br);
}

static void broadcast(void) {
  srec rr;
  srec_init(&rr);
  struct nethttp_sock *rx = udp(&rr, NETHTTP_SOCK_UDP, "0.0.0.0", 47780);
  CHECK(SREC_WAIT(&rr, rr.messages >= 1, 8000), "a broadcast from the other namespace: %s",
        rr.log);
  CHECK_STR_EQ(rr.last_remote.address, "10.77.0.1");
  nethttp_sock_destroy(rx);
  srec_fini(&rr);
}

static void multicast(void) {
  srec m1, m2;
  srec_init(&m1);
  srec_init(&m2);
  const char *group = "239.77.0.1";
  uint16_t port = 47777;
  struct nethttp_sock *a = udp(&m1, NETHTTP_SOCK_MULTICAST, NULL, 0);
  struct nethttp_sock *b = udp(&m2, NETHTTP_SOCK_MULTICAST, NULL, 0);
  /* Joining binds the group's port; two members share it. The sender is across the veth. */
  CHECK_INT_EQ(nethttp_sock_add_membership(a, group, port, "10.77.0.2"), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(b, group, port, "veth1"), 0);
  CHECK(SREC_WAIT(&m1, m1.listening == 1, 5000) && SREC_WAIT(&m2, m2.listening == 1, 5000),
        "LISTENING");
  CHECK_INT_EQ(port_of(a), port);
  CHECK(SREC_WAIT(&m1, m1.messages >= 1, 8000) && SREC_WAIT(&m2, m2.messages >= 1, 8000),
        "both members: %s / %s", m1.log, m2.log);
  CHECK_STR_EQ(m1.last_remote.address, "10.77.0.1");
  /* Drop: a no longer receives; b does. */
  CHECK_INT_EQ(nethttp_sock_drop_membership(a, group, "10.77.0.2"), 0);
  CHECK_INT_EQ(nethttp_sock_drop_membership(a, group, "10.77.0.2"), 2301099);
  sleep_ms(100);
  pthread_mutex_lock(&m1.mu);
  int before = m1.messages;
  pthread_mutex_unlock(&m1.mu);
  int b_before = m2.messages;
  CHECK(SREC_WAIT(&m2, m2.messages >= b_before + 3, 5000), "b still a member");
  CHECK_INT_EQ(m1.messages, before);

  /* Our own sender, TTL and loopback mode: the datagrams leave through veth1; only with
   * loopback mode on does our own member get them too. */
  srec lr, sr;
  srec_init(&lr);
  srec_init(&sr);
  struct nethttp_sock *self = udp(&lr, NETHTTP_SOCK_MULTICAST, NULL, 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(self, "239.77.0.2", 47778, "veth1"), 0);
  struct nethttp_sock *tx = udp(&sr, NETHTTP_SOCK_MULTICAST, NULL, 0);
  int32_t v = -1;
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(tx, 0), 0); /* kept until bound */
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(tx, 4), 0);
  CHECK_INT_EQ(nethttp_sock_bind(tx, "10.77.0.2", 0, 1), 0);
  CHECK_INT_EQ(nethttp_sock_get_multicast_ttl(tx, &v), 0);
  CHECK_INT_EQ(v, 4);
  CHECK_INT_EQ(nethttp_sock_get_loopback_mode(tx, &v), 0);
  CHECK_INT_EQ(v, 0);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(tx, 256), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(tx, (const uint8_t *)"me?", 3, "239.77.0.2", 47778, 1, NULL, NULL), 0);
  sleep_ms(300);
  CHECK_INT_EQ(lr.messages, 0);
  CHECK_INT_EQ(nethttp_sock_set_loopback_mode(tx, 1), 0);
  CHECK_INT_EQ(nethttp_sock_send_to(tx, (const uint8_t *)"me!", 3, "239.77.0.2", 47778, 1, NULL, NULL), 0);
  CHECK(SREC_WAIT(&lr, lr.messages == 1, 5000), "looped back: %s", lr.log);
  CHECK_STR_EQ(lr.last_remote.address, "10.77.0.2");

  /* IPv6: a link-local group on veth1, looped back to our member. */
  srec v6;
  srec_init(&v6);
  struct nethttp_sock *m6 = udp(&v6, NETHTTP_SOCK_MULTICAST, NULL, 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(m6, "ff02::77", 47779, "veth1"), 0);
  CHECK_INT_EQ(nethttp_sock_add_membership(m6, "ff02::77", 47779, "10.0.0.1"), 401);
  CHECK_INT_EQ(nethttp_sock_send_to(m6, (const uint8_t *)"v6", 2, "ff02::77%veth1", 47779, 2, NULL, NULL), 0);
  CHECK(SREC_WAIT(&v6, v6.messages == 1, 5000), "IPv6 group: %s", v6.log);
  CHECK_INT_EQ(v6.last_remote.family, 2);
  /* Refusals. */
  CHECK_INT_EQ(nethttp_sock_add_membership(m6, "10.1.1.1", 1, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_add_membership(m6, "239.1.1.1", 1, "no-such-if"), 401);
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_set_multicast_ttl(t, 1), 401);
  nethttp_sock_destroy(t);
  nethttp_sock_destroy(m6);
  nethttp_sock_destroy(self);
  nethttp_sock_destroy(tx);
  nethttp_sock_destroy(a);
  nethttp_sock_destroy(b);
  srec_fini(&v6);
  srec_fini(&lr);
  srec_fini(&sr);
  srec_fini(&m1);
  srec_fini(&m2);
}

/* The sender's side (a child process in its own namespace): a broadcast without the option
 * must be refused (exit 3 otherwise); then a broadcast and a multicast datagram every 50 ms,
 * for at most 60 s. */
static int sender(int go_fd) {
  char c;
  if (read(go_fd, &c, 1) != 1) return 4;
  if (system("ip link set lo up && ip addr add 10.77.0.1/24 dev veth0 && ip link set veth0 up && "
             "ip route add 224.0.0.0/4 dev veth0") != 0)
    return 5;
  struct nethttp_sock *b = nethttp_sock_create(NETHTTP_SOCK_UDP);
  if (nethttp_sock_bind(b, "10.77.0.1", 0, 1) != 0) return 6;
  if (nethttp_sock_send_to(b, (const uint8_t *)"x", 1, "10.77.0.255", 47780, 1, NULL, NULL) != 2301013)
    return 3;
  nethttp_sock_set_option(b, NETHTTP_SOCK_OPT_BROADCAST, 1);
  struct nethttp_sock *m = nethttp_sock_create(NETHTTP_SOCK_MULTICAST);
  nethttp_sock_bind(m, "10.77.0.1", 0, 1);
  for (int i = 0; i < 1200; i++) {
    nethttp_sock_send_to(b, (const uint8_t *)"all", 3, "10.77.0.255", 47780, 1, NULL, NULL);
    nethttp_sock_send_to(m, (const uint8_t *)"group", 5, "239.77.0.1", 47777, 1, NULL, NULL);
    sleep_ms(50);
  }
  return 0;
}

int main(void) {
  int up[2], go[2];
  if (pipe(up) != 0 || pipe(go) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    /* The sender: its own namespace, then it waits for its end of the veth pair. */
    close(up[0]);
    close(go[1]);
    char c = unshare(CLONE_NEWNET) == 0 ? 'u' : 'x';
    if (write(up[1], &c, 1) != 1 || c != 'u') _exit(2);
    _exit(sender(go[0]));
  }
  close(up[1]);
  close(go[0]);
  char c = 0;
  if (!CHECK(read(up[0], &c, 1) == 1 && c == 'u', "the sender's namespace (root needed)")) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return test_finish();
  }
  if (unshare(CLONE_NEWNET) != 0) {
    perror("unshare(CLONE_NEWNET) (root needed)");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return 1;
  }
  char setup[1024];
  snprintf(setup, sizeof setup,
           "sysctl -qw net.ipv6.conf.default.accept_dad=0 && "
           "ip link set lo up && ip link set lo multicast on && "
           "ip link add veth1 type veth peer name veth0 netns %d && "
           "ip addr add 10.77.0.2/24 dev veth1 && ip link set veth1 up && "
           "ip route add 224.0.0.0/4 dev veth1",
           (int)pid);
  int ok = CHECK(system(setup) == 0, "namespace setup");
  if (ok) CHECK(write(go[1], "g", 1) == 1, "go");
  sleep_ms(300); /* IPv6 link-local addresses come up */
  basics("127.0.0.1", 1);
  basics("::1", 2);
  if (ok) {
    broadcast();
    multicast();
  }
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) == 0),
        "the sender: status %d (3: a broadcast without the option was not refused)",
        WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return test_finish();
}
