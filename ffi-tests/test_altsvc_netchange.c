/* The Alt-Svc store forgets the alternatives without persist=1 when the default network
 * changes (RFC 7838 section 2.2), in a network namespace of the test's own:
 * - a veth d0 with 10.77.0.2/24 and a default route; an alt-svc file with three origins (two
 *   alternatives with persist 0, one with persist 1) opened: count 3;
 * - a second interface that is not the default (an address, no default route): nothing is
 *   dropped (checked after the monitor's coalescing delay has long passed);
 * - a default route through a new interface d1 with a lower metric (the default moves): the two
 *   transient alternatives are dropped, the persistent one stays, and the saved file has only it;
 * - the store reopened from a file with one transient and one persistent alternative, then an
 *   address added to the default interface: the transient one is dropped;
 * - the store closed, the default network changed again, the store reopened: nothing dropped
 *   (a change while the store is closed is not remembered), count as in the file.
 * Needs root (namespaces); CI runs as root.
 * nethttp-test-timeout: 60 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static int sh(const char *cmd) {
  int rc = system(cmd);
  if (rc != 0) fprintf(stderr, "   command failed (%d): %s\n", rc, cmd);
  return rc;
}

static char file[256];

static void write_file(const char *lines) {
  FILE *f = fopen(file, "w");
  if (!CHECK(f != NULL, "write %s", file)) return;
  fprintf(f, "# Your alt-svc cache. https://curl.se/docs/alt-svc.html\n%s", lines);
  fclose(f);
}

static uint64_t count(void) {
  uint64_t n = 999;
  CHECK_INT_EQ(nethttp_store_count(NETHTTP_STORE_ALTSVC, &n), 0);
  return n;
}

/* Waits up to timeout_ms for the count to become `want`; returns the last count seen. */
static uint64_t wait_count(uint64_t want, int timeout_ms) {
  uint64_t end = now_ms() + (uint64_t)timeout_ms, n;
  while ((n = count()) != want && now_ms() < end) usleep(20 * 1000);
  return n;
}

#define A_LINE "h1 a.test 443 h2 alt-a.test 8443 \"20991231 00:00:00\" 0 0\n"
#define B_LINE "h1 b.test 443 h2 alt-b.test 8443 \"20991231 00:00:00\" 1 0\n"
#define C_LINE "h1 c.test 443 h2 alt-c.test 8443 \"20991231 00:00:00\" 0 0\n"

int main(void) {
  if (!CHECK(geteuid() == 0, "this test needs root (network namespaces)")) return test_finish();
  /* Into a network namespace of its own before any nethttp call (its worker is born there). */
  if (!CHECK(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET)")) return test_finish();
  sh("ip link set lo up");
  sh("ip link add d0 type veth peer name d0p && ip link set d0 addrgenmode none && "
     "ip link set d0p addrgenmode none && ip link set d0p up && ip link set d0 up && "
     "ip addr add 10.77.0.2/24 dev d0 && ip route add default via 10.77.0.1 dev d0 metric 100");
  snprintf(file, sizeof file, "/tmp/nethttp-altsvc-net-%d.txt", (int)getpid());

  write_file(A_LINE B_LINE C_LINE);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_ALTSVC, file), 0);
  CHECK_INT_EQ((int)count(), 3);

  /* A network that is not the default: nothing changes. */
  sh("ip link add d9 type veth peer name d9p && ip link set d9 addrgenmode none && "
     "ip link set d9p addrgenmode none && ip link set d9p up && ip link set d9 up && "
     "ip addr add 10.99.0.2/24 dev d9");
  usleep(800 * 1000);
  CHECK_INT_EQ((int)count(), 3);

  /* The default moves to d1: the transient alternatives go, the persistent one stays. */
  sh("ip link add d1 type veth peer name d1p && ip link set d1 addrgenmode none && "
     "ip link set d1p addrgenmode none && ip link set d1p up && ip link set d1 up && "
     "ip addr add 10.78.0.2/24 dev d1 && ip route add default via 10.78.0.1 dev d1 metric 50");
  CHECK_INT_EQ((int)wait_count(1, 5000), 1);
  CHECK_INT_EQ(nethttp_store_save(NETHTTP_STORE_ALTSVC), 0);
  size_t len = 0;
  char *text = read_file(file, &len);
  CHECK(text && strstr(text, "b.test") && !strstr(text, "a.test") && !strstr(text, "c.test"),
        "saved file after the change:\n%s", text ? text : "(none)");
  free(text);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_ALTSVC), 0);

  /* Another address on the default interface is a change of network too. */
  write_file(A_LINE B_LINE);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_ALTSVC, file), 0);
  CHECK_INT_EQ((int)count(), 2);
  usleep(300 * 1000); /* the worker has read the tables it compares with */
  sh("ip addr add 10.78.5.2/24 dev d1");
  CHECK_INT_EQ((int)wait_count(1, 5000), 1);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_ALTSVC), 0);

  /* Closed: a change is not remembered for the next opening. */
  write_file(A_LINE B_LINE C_LINE);
  sh("ip link del d1");
  usleep(500 * 1000);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_ALTSVC, file), 0);
  usleep(500 * 1000);
  CHECK_INT_EQ((int)count(), 3);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_ALTSVC), 0);

  unlink(file);
  sh("ip link del d0");
  sh("ip link del d9");
  return test_finish();
}
