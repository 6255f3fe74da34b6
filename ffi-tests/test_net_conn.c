/* The connection module's networks, their properties and change events, in a network
 * namespace of the test's own (and a mount namespace, so that /etc/resolv.conf there is the
 * test's file): veth interfaces (the peer end left without an address, so not a network)
 * are added and removed, given addresses, routes, a default
 * route, a new MTU; registered connections must get exactly the events the spec names, one
 * per network and kind for each change (the kernel's bursts coalesced), and a change of the
 * resolver configuration too. Then the query
 * calls on the same networks (typed and JSON), reportNetConnected/Disconnected and
 * VALIDATED, bindSocket (SO_BINDTODEVICE read back from the descriptor), lookups through a
 * network (its own dnsmasq, its search domain, the hosts file, no DNS server, no such
 * name) and a DNS server that never answers (timeouts, cancel), queued delivery, destroy inside a callback, and the registration errors.
 * Needs root (namespaces); CI runs as root.
 * nethttp-test-timeout: 120 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "sock_proc.h"
#include "sock_rec.h"

/* ---- an event log ---- */

typedef struct {
  pthread_mutex_t mu;
  int n;
  int type[256];
  int net[256];
  /* Kept from the last CAPABILITIES_CHANGE and PROPERTIES_CHANGE. */
  int caps[8], ncaps, bearer;
  unsigned mtu;
  char iface[32], domains[64], addr0[128], dns0[128];
  int naddrs, ndns, nroutes, has_default_route;
  nethttp_net_conn *destroy_in; /* destroyed inside its first event */
} elog;

static void elog_init(elog *l) {
  memset(l, 0, sizeof *l);
  pthread_mutex_init(&l->mu, NULL);
}

static void on_event(void *ud, nethttp_net_conn *c, const nethttp_net_event *e) {
  elog *l = ud;
  pthread_mutex_lock(&l->mu);
  if (l->n < 256) {
    l->type[l->n] = e->type;
    l->net[l->n] = e->net_id;
    l->n++;
  }
  if (e->type == NETHTTP_NET_EVENT_CAPABILITIES_CHANGE && e->capabilities) {
    l->ncaps = (int)e->capabilities->net_caps_count;
    for (int i = 0; i < l->ncaps && i < 8; i++) l->caps[i] = e->capabilities->net_caps[i];
    l->bearer = e->capabilities->bearer_types_count ? e->capabilities->bearer_types[0] : -1;
  }
  if (e->type == NETHTTP_NET_EVENT_PROPERTIES_CHANGE && e->properties) {
    const nethttp_net_properties *p = e->properties;
    l->mtu = p->mtu;
    snprintf(l->iface, sizeof l->iface, "%s", p->interface_name);
    snprintf(l->domains, sizeof l->domains, "%s", p->domains);
    l->naddrs = (int)p->link_addresses_count;
    snprintf(l->addr0, sizeof l->addr0, "%s/%d", p->link_addresses_count ? p->link_addresses[0].address.address : "",
             p->link_addresses_count ? p->link_addresses[0].prefix_length : -1);
    l->ndns = (int)p->dnses_count;
    snprintf(l->dns0, sizeof l->dns0, "%s", p->dnses_count ? p->dnses[0].address : "");
    l->nroutes = (int)p->routes_count;
    l->has_default_route = 0;
    for (size_t i = 0; i < p->routes_count; i++)
      if (p->routes[i].is_default_route && p->routes[i].has_gateway) l->has_default_route = 1;
  }
  pthread_mutex_unlock(&l->mu);
  if (l->destroy_in == c) {
    l->destroy_in = NULL;
    nethttp_net_conn_destroy(c);
  }
}

static int elog_count(elog *l) {
  pthread_mutex_lock(&l->mu);
  int n = l->n;
  pthread_mutex_unlock(&l->mu);
  return n;
}

/* Waits until the log has `n` events, then 400 ms more (to see any extra one). */
static int elog_settle(elog *l, int n) {
  uint64_t end = now_ms() + 5000;
  while (elog_count(l) < n && now_ms() < end) usleep(5000);
  usleep(400000);
  return elog_count(l);
}

/* The events from `from` on as "A:idx C:idx P:idx L:idx U" words. */
static void elog_text(elog *l, int from, char *out, size_t cap, int d0, int d1) {
  static const char kinds[] = "?ACPLUB";
  out[0] = 0;
  pthread_mutex_lock(&l->mu);
  for (int i = from; i < l->n; i++) {
    size_t len = strlen(out);
    const char *who = l->net[i] == d0 ? "d0" : l->net[i] == d1 ? "d1" : l->net[i] == 0 ? "-" : "x";
    snprintf(out + len, cap - len, "%s%c:%s", i > from ? " " : "", kinds[l->type[i]], who);
  }
  pthread_mutex_unlock(&l->mu);
}

/* A lookup's callback: counted in the log (it must not come after destroy). */
static void on_lookup(void *ud, nethttp_net_lookup *l, int32_t code, const char *message,
                      nethttp_net_addresses *a) {
  (void)l;
  (void)code;
  (void)message;
  elog *lg = ud;
  nethttp_net_addresses_free(a);
  pthread_mutex_lock(&lg->mu);
  lg->n++;
  pthread_mutex_unlock(&lg->mu);
}

static nethttp_net_conn *conn_new(const nethttp_net_specifier *spec, uint32_t timeout, elog *l) {
  nethttp_net_conn *c = NULL;
  CHECK_INT_EQ(nethttp_net_conn_create(spec, timeout, &c), 0);
  for (int t = NETHTTP_NET_EVENT_AVAILABLE; t <= NETHTTP_NET_EVENT_BLOCK_STATUS_CHANGE; t++)
    CHECK_INT_EQ(nethttp_net_conn_on(c, t, on_event, l), 0);
  return c;
}

static int sh(const char *cmd) {
  int rc = system(cmd);
  if (rc != 0) fprintf(stderr, "   command failed (%d): %s\n", rc, cmd);
  return rc;
}

#define EXPECT_EVENTS(log, from, n, want)                                                    \
  do {                                                                                       \
    char got_[512];                                                                          \
    elog_settle((log), (from) + (n));                                                        \
    elog_text((log), (from), got_, sizeof got_, d0, d1);                                     \
    CHECK(strcmp(got_, (want)) == 0, "%s: events \"%s\", expected \"%s\"", #log, got_, (want)); \
    (from) = elog_count(log);                                                                \
  } while (0)

typedef struct {
  atomic_int done;
  atomic_int code;
} ws_result;

static void on_ws_result(void *ud, struct nethttp_ws *ws, int32_t code, const char *msg) {
  (void)ws;
  (void)msg;
  ws_result *r = ud;
  atomic_store(&r->code, code);
  atomic_store(&r->done, 1);
}

/* Connects a WebSocket to url (through network net_id when > 0, 1 s connect timeout): the
 * connect's result code. */
static int32_t ws_try(const char *url, int net_id) {
  ws_result r;
  atomic_init(&r.done, 0);
  atomic_init(&r.code, -1);
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  nethttp_ws_options_set_connect_timeout(o, 1000);
  if (net_id > 0) CHECK_INT_EQ(nethttp_ws_options_set_net_id(o, net_id), 0);
  struct nethttp_ws *ws = nethttp_ws_create();
  int32_t rc = nethttp_ws_connect(ws, url, o, on_ws_result, &r);
  if (rc == 0) {
    uint64_t end = now_ms() + 10000;
    while (!atomic_load(&r.done) && now_ms() < end) usleep(5000);
    rc = atomic_load(&r.done) ? atomic_load(&r.code) : -2;
  }
  nethttp_ws_destroy(ws);
  nethttp_ws_options_free(o);
  return rc;
}

/* HTTP bound to a network (netId, setAppNet) and the application's proxy: a server on
 * 127.0.0.1 (reachable through lo only) and one on d0's address. Through d0 the first cannot
 * be reached; without a network both can. */
static void http_through_nets(int d0) {
  int p1 = unused_port(), p2 = unused_port();
  char port1[16], port2[16], url1[128], url2[128], json[128];
  snprintf(port1, sizeof port1, "%d", p1);
  snprintf(port2, sizeof port2, "%d", p2);
  char *a1[] = {"python3", "-m", "http.server", port1, "--bind", "127.0.0.1", NULL};
  char *a2[] = {"python3", "-m", "http.server", port2, "--bind", "10.77.0.2", NULL};
  pid_t s1 = proc_spawn(a1, NULL, NULL), s2 = proc_spawn(a2, NULL, NULL);
  snprintf(url1, sizeof url1, "http://127.0.0.1:%d/", p1);
  snprintf(url2, sizeof url2, "http://10.77.0.2:%d/", p2);
  uint32_t status = 0;
  int up = 0;
  for (int i = 0; i < 100 && up < 2; i++) {
    up = 0;
    up += fetch_sync(url1, NULL, &status, NULL, NULL) == 0 && status == 200;
    up += fetch_sync(url2, NULL, &status, NULL, NULL) == 0 && status == 200;
    if (up < 2) usleep(100000);
  }
  CHECK_INT_EQ(up, 2);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_net_id(o, d0), 0);
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 1000), 0);
  CHECK_INT_EQ(fetch_sync(url2, o, &status, NULL, NULL), 0);
  CHECK_INT_EQ((int)status, 200);
  CHECK(fetch_sync(url1, o, &status, NULL, NULL) != 0, "127.0.0.1 through d0 reached");
  CHECK_INT_EQ(http_options_set_net_id(o, 12345), 0);
  CHECK_INT_EQ(fetch_sync(url2, o, &status, NULL, NULL), 2300045);
  CHECK_INT_EQ(http_options_set_net_id(o, -1), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  snprintf(json, sizeof json, "{\"connectTimeout\":1000,\"nethttp\":{\"netId\":%d}}", d0);
  o = NULL;
  CHECK_INT_EQ(http_options_from_json(json, &o), 0);
  CHECK(fetch_sync(url1, o, &status, NULL, NULL) != 0, "JSON netId: 127.0.0.1 through d0");
  http_options_free(o);
  o = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"netId\":-3}}", &o), NETHTTP_ERR_PARAMETER);
  struct nethttp_ws_options *wo = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_net_id(wo, d0), 0);
  CHECK_INT_EQ(nethttp_ws_options_set_net_id(wo, -1), NETHTTP_ERR_PARAMETER);
  nethttp_ws_options_free(wo);

  /* A custom DNS rule: HTTP to a name only the rule knows (any port, the name kept), a
   * socket connecting to it; gone once removed. */
  const char *lo[] = {"127.0.0.1"};
  char ruled[128];
  snprintf(ruled, sizeof ruled, "http://ruled.test:%d/", p1);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("ruled.test", lo, 1), 0);
  CHECK_INT_EQ(fetch_sync(ruled, NULL, &status, NULL, NULL), 0);
  CHECK_INT_EQ((int)status, 200);
  srec sr;
  srec_init(&sr);
  struct nethttp_sock *t = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&sr, t);
  CHECK_INT_EQ(nethttp_sock_connect(t, "ruled.test", (uint16_t)p1, 0, 5000, srec_result, &sr), 0);
  CHECK(SREC_WAIT(&sr, sr.results_ok + sr.results_err >= 1, 5000), "connect by rule");
  CHECK_INT_EQ(sr.results_ok, 1);
  nethttp_sock_destroy(t);
  srec_fini(&sr);
  CHECK_INT_EQ(nethttp_net_remove_custom_dns_rule("ruled.test"), 0);
  CHECK_INT_EQ(fetch_sync(ruled, NULL, &status, NULL, NULL), 2300006);

  /* A WebSocket with netId d0 cannot reach an echo server on 127.0.0.1 (lo only); without a
   * network it opens. */
  {
    int wp = unused_port();
    char wport[16], wurl[64];
    snprintf(wport, sizeof wport, "%d", wp);
    snprintf(wurl, sizeof wurl, "ws://127.0.0.1:%d/", wp);
    /* The test suite's venv has the websockets package (tests/support/services.rs). */
    char py[512];
    const char *venv = getenv("NETHTTP_TEST_VENV");
    snprintf(py, sizeof py, "%s/bin/python", venv ? venv : "target/test-venv");
    char *wa[] = {py, "tests/servers/ws_echo.py", "--host", "127.0.0.1", "--port", wport, NULL};
    pid_t ws_pid = proc_spawn(wa, NULL, NULL);
    int32_t open_rc = -1;
    for (int i = 0; i < 100 && open_rc != 0; i++) {
      open_rc = ws_try(wurl, 0);
      if (open_rc != 0) usleep(100000);
    }
    CHECK_INT_EQ(open_rc, 0);
    CHECK(ws_try(wurl, d0) != 0, "a WebSocket through d0 reached 127.0.0.1");
    proc_stop(ws_pid);
  }

  /* setAppNet: everything without a network of its own goes through d0, sockets too. */
  int32_t id = -1;
  CHECK_INT_EQ(nethttp_net_set_app_net(12345), NETHTTP_ERR_NET_INVALID_VALUE);
  CHECK_INT_EQ(nethttp_net_set_app_net(d0), 0);
  CHECK_INT_EQ(nethttp_net_get_app_net(&id), 0);
  CHECK_INT_EQ(id, d0);
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 1000), 0);
  CHECK(fetch_sync(url1, o, &status, NULL, NULL) != 0, "app net: 127.0.0.1 through d0");
  CHECK_INT_EQ(fetch_sync(url2, o, &status, NULL, NULL), 0);
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u, "0.0.0.0", 0, 1), 0);
  char dev[IFNAMSIZ] = {0};
  socklen_t dl = sizeof dev;
  CHECK(getsockopt(nethttp_sock_get_fd(u), SOL_SOCKET, SO_BINDTODEVICE, dev, &dl) == 0, "getsockopt");
  CHECK_STR_EQ(dev, "d0");
  nethttp_sock_destroy(u);
  CHECK_INT_EQ(nethttp_net_set_app_net(0), 0);
  CHECK_INT_EQ(fetch_sync(url1, o, &status, NULL, NULL), 0);
  CHECK_INT_EQ((int)status, 200);

  /* setAppHttpProxy: requests that use the system proxy go to it (the server answers the
   * absolute-form request itself: 404); the others do not. */
  char *j = NULL;
  CHECK_INT_EQ(nethttp_net_set_app_http_proxy("127.0.0.1", (uint32_t)p1, NULL, 0, "u", "pw"), 0);
  CHECK_INT_EQ(nethttp_net_get_default_http_proxy(&j), 0);
  CHECK(j && strstr(j, "\"host\":\"127.0.0.1\"") && strstr(j, port1) && strstr(j, "\"username\":\"u\"") &&
            !strstr(j, "pw"), "default proxy: %s", j);
  http_string_free(j);
  CHECK_INT_EQ(http_options_set_using_proxy(o, true), 0);
  CHECK_INT_EQ(fetch_sync("http://proxied.invalid/x", o, &status, NULL, NULL), 0);
  CHECK_INT_EQ((int)status, 404);
  CHECK_INT_EQ(http_options_set_using_proxy(o, false), 0);
  CHECK(fetch_sync("http://proxied.invalid/x", o, &status, NULL, NULL) != 0, "no proxy: no such host");
  CHECK_INT_EQ(nethttp_net_set_app_http_proxy(NULL, 0, NULL, 0, NULL, NULL), 0);
  CHECK_INT_EQ(nethttp_net_set_app_http_proxy("", 1, NULL, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  /* The environment's, when the application set none. */
  setenv("http_proxy", "http://me:secret@10.1.2.3:3128/", 1);
  setenv("no_proxy", "a.example, .b.example", 1);
  CHECK_INT_EQ(nethttp_net_get_default_http_proxy(&j), 0);
  CHECK(j && strstr(j, "\"host\":\"10.1.2.3\"") && strstr(j, "\"port\":3128") &&
            strstr(j, "\"exclusionList\":[\"a.example\",\".b.example\"]") && !strstr(j, "secret"),
        "environment proxy: %s", j);
  http_string_free(j);
  unsetenv("http_proxy");
  unsetenv("no_proxy");
  CHECK_INT_EQ(nethttp_net_get_default_http_proxy(&j), 0);
  CHECK_STR_EQ(j, "null");
  http_string_free(j);
  http_options_free(o);
  proc_stop(s1);
  proc_stop(s2);
}

static char dir[256];
static pid_t dnsmasq = -1;

int main(void) {
  if (!CHECK(geteuid() == 0, "this test needs root (network and mount namespaces)"))
    return test_finish();
  /* Into namespaces of its own before any nethttp call: nothing touches the host's. */
  int ns_ok = unshare(CLONE_NEWNET | CLONE_NEWNS) == 0 &&
              mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0;
  if (!CHECK(ns_ok, "unshare(CLONE_NEWNET | CLONE_NEWNS)")) return test_finish();
  snprintf(dir, sizeof dir, "/tmp/nethttp-net-%d", (int)getpid());
  char path[512], cmd[1024];
  snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
  sh(cmd);
  snprintf(path, sizeof path, "%s/resolv.conf", dir);
  FILE *f = fopen(path, "w");
  fprintf(f, "nameserver 10.77.0.53\nsearch test.example\n");
  fclose(f);
  CHECK(mount(path, "/etc/resolv.conf", "none", MS_BIND, NULL) == 0, "bind-mount resolv.conf");
  /* A hosts file of the test's own too. */
  char hosts[512];
  snprintf(hosts, sizeof hosts, "%s/hosts", dir);
  f = fopen(hosts, "w");
  fprintf(f, "127.0.0.1 localhost\n::1 localhost\n10.66.0.1 hosted.test hosted\nfd66::1 hosted6.test\n");
  fclose(f);
  CHECK(mount(hosts, "/etc/hosts", "none", MS_BIND, NULL) == 0, "bind-mount hosts");
  sh("ip link set lo up");

  /* Nothing but loopback: no network. */
  size_t count = 99;
  bool has = true;
  int32_t id = -1;
  CHECK_INT_EQ(nethttp_net_get_all_nets(NULL, 0, &count), 0);
  CHECK_INT_EQ((int)count, 0);
  CHECK_INT_EQ(nethttp_net_has_default_net(&has), 0);
  CHECK(!has, "no default network");
  CHECK_INT_EQ(nethttp_net_get_default_net(&id), 0);
  CHECK_INT_EQ(id, 0);
  bool metered;
  CHECK_INT_EQ(nethttp_net_is_default_net_metered(&metered), NETHTTP_ERR_NET_INVALID_VALUE);

  /* A follows the default network (UNAVAILABLE after 300 ms: none), B every Ethernet
   * network, V every VPN network (timeout). */
  elog la, lb, lv;
  elog_init(&la);
  elog_init(&lb);
  elog_init(&lv);
  int32_t eth = 3, vpn = 4;
  nethttp_net_specifier sb = {&eth, 1, NULL, 0}, sv = {&vpn, 1, NULL, 0};
  nethttp_net_conn *a = conn_new(NULL, 300, &la);
  nethttp_net_conn *b = conn_new(&sb, 0, &lb);
  nethttp_net_conn *v = conn_new(&sv, 300, &lv);
  CHECK_INT_EQ(nethttp_net_conn_register(a), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(b), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(v), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(a), NETHTTP_ERR_NET_CALLBACK_EXISTS);
  int fa = 0, fb = 0, fv = 0, d0 = -1, d1 = -2;
  EXPECT_EVENTS(&la, fa, 1, "U:-");
  EXPECT_EVENTS(&lv, fv, 1, "U:-");
  CHECK_INT_EQ(elog_count(&lb), 0);

  /* d0 with an address: a network (Ethernet), no default route yet. IPv6 addresses are not
   * generated (addrgenmode none): only what the test adds. (veth: this kernel may have no
   * dummy interfaces.) */
  sh("ip link add d0 type veth peer name d0p && ip link set d0 addrgenmode none && "
     "ip link set d0p addrgenmode none && ip link set d0p up && ip link set d0 up && "
     "ip addr add 10.77.0.2/24 dev d0");
  d0 = (int)if_nametoindex("d0");
  EXPECT_EVENTS(&lb, fb, 3, "A:d0 C:d0 P:d0");
  CHECK_INT_EQ(lb.ncaps, 2); /* NOT_METERED, NOT_VPN */
  CHECK(lb.caps[0] == 11 && lb.caps[1] == 15, "caps %d %d", lb.caps[0], lb.caps[1]);
  CHECK_INT_EQ(lb.bearer, 3);
  CHECK_STR_EQ(lb.iface, "d0");
  CHECK_STR_EQ(lb.addr0, "10.77.0.2/24");
  CHECK_STR_EQ(lb.dns0, "10.77.0.53"); /* the server is inside d0's subnet */
  CHECK_STR_EQ(lb.domains, "test.example");
  CHECK_INT_EQ(lb.nroutes, 1);
  CHECK_INT_EQ(elog_count(&la), fa); /* no default network yet */

  /* A default route through d0: A gets it as the default network, B a change of
   * capabilities (INTERNET) and of properties (the route). */
  sh("ip route add default via 10.77.0.1 dev d0 metric 100");
  EXPECT_EVENTS(&la, fa, 3, "A:d0 C:d0 P:d0");
  CHECK(la.ncaps == 3 && la.caps[1] == 12, "INTERNET: %d caps", la.ncaps);
  CHECK(la.has_default_route, "the default route in the properties");
  EXPECT_EVENTS(&lb, fb, 2, "C:d0 P:d0");
  CHECK_INT_EQ(nethttp_net_get_default_net(&id), 0);
  CHECK_INT_EQ(id, d0);
  CHECK_INT_EQ(nethttp_net_has_default_net(&has), 0);
  CHECK(has, "a default network");
  CHECK_INT_EQ(nethttp_net_is_default_net_metered(&metered), 0);
  CHECK(!metered, "not metered");

  /* The MTU: properties only. A burst of address changes: one event. */
  sh("ip link set d0 mtu 1400");
  EXPECT_EVENTS(&la, fa, 1, "P:d0");
  CHECK_INT_EQ((int)la.mtu, 1400);
  EXPECT_EVENTS(&lb, fb, 1, "P:d0");
  sh("ip addr add 10.77.1.2/24 dev d0 && ip addr add 10.77.2.2/24 dev d0 && "
     "ip addr add 10.77.3.2/24 dev d0 && ip addr add 10.77.0.53/24 dev d0");
  EXPECT_EVENTS(&lb, fb, 1, "P:d0");
  CHECK_INT_EQ(lb.naddrs, 5);
  EXPECT_EVENTS(&la, fa, 1, "P:d0");

  /* reportNetConnected: VALIDATED (16), and back. */
  CHECK_INT_EQ(nethttp_net_report_connected(d0), 0);
  EXPECT_EVENTS(&la, fa, 1, "C:d0");
  CHECK(la.ncaps == 4 && la.caps[3] == 16, "VALIDATED: %d caps", la.ncaps);
  EXPECT_EVENTS(&lb, fb, 1, "C:d0");
  CHECK_INT_EQ(nethttp_net_report_connected(d0), 0); /* no change: no event */
  CHECK_INT_EQ(nethttp_net_report_disconnected(d0), 0);
  EXPECT_EVENTS(&la, fa, 1, "C:d0");
  CHECK_INT_EQ(la.ncaps, 3);
  EXPECT_EVENTS(&lb, fb, 1, "C:d0");
  CHECK_INT_EQ(nethttp_net_report_connected(12345), NETHTTP_ERR_NET_INVALID_VALUE);

  /* The resolver configuration changes (its search list): properties, seen by inotify. */
  f = fopen("/etc/resolv.conf", "w");
  fprintf(f, "nameserver 10.77.0.53\nsearch other.example\n");
  fclose(f);
  EXPECT_EVENTS(&la, fa, 1, "P:d0");
  CHECK_STR_EQ(la.domains, "other.example");
  EXPECT_EVENTS(&lb, fb, 1, "P:d0");
  f = fopen("/etc/resolv.conf", "w");
  fprintf(f, "nameserver 10.77.0.53\nsearch test.example\n");
  fclose(f);
  EXPECT_EVENTS(&la, fa, 1, "P:d0");
  CHECK_STR_EQ(la.domains, "test.example");
  EXPECT_EVENTS(&lb, fb, 1, "P:d0");

  /* d1 with a better default route: the default moves (A: d0 lost, d1 available). */
  sh("ip link add d1 type veth peer name d1p && ip link set d1 addrgenmode none && "
     "ip link set d1p addrgenmode none && ip link set d1p up && ip link set d1 up && "
     "ip addr add 10.78.0.2/24 dev d1 && ip route add default via 10.78.0.1 dev d1 metric 50");
  d1 = (int)if_nametoindex("d1");
  EXPECT_EVENTS(&la, fa, 4, "L:d0 A:d1 C:d1 P:d1");
  CHECK_INT_EQ(la.ndns, 1); /* the default network has the resolver's servers */
  EXPECT_EVENTS(&lb, fb, 3, "A:d1 C:d1 P:d1");

  /* The typed queries on the same networks. */
  int32_t ids[4] = {0};
  CHECK_INT_EQ(nethttp_net_get_all_nets(ids, 1, &count), 0);
  CHECK_INT_EQ((int)count, 2);
  CHECK_INT_EQ(ids[0], d0);
  CHECK_INT_EQ(nethttp_net_get_all_nets(ids, 4, &count), 0);
  CHECK(ids[0] == d0 && ids[1] == d1 && ids[2] == 0, "ids %d %d", ids[0], ids[1]);
  CHECK_INT_EQ(nethttp_net_get_all_nets(NULL, 4, &count), NETHTTP_ERR_PARAMETER);
  nethttp_net_capabilities *caps = NULL;
  CHECK_INT_EQ(nethttp_net_get_capabilities(d1, &caps), 0);
  CHECK(caps && caps->net_caps_count == 3 && caps->bearer_types[0] == 3, "d1 caps");
  nethttp_net_capabilities_free(caps);
  CHECK_INT_EQ(nethttp_net_get_capabilities(12345, &caps), NETHTTP_ERR_NET_INVALID_VALUE);
  nethttp_net_properties *props = NULL;
  CHECK_INT_EQ(nethttp_net_get_properties(d0, &props), 0);
  if (CHECK(props != NULL, "d0 properties")) {
    CHECK_STR_EQ(props->interface_name, "d0");
    CHECK_INT_EQ((int)props->mtu, 1400);
    CHECK_INT_EQ((int)props->link_addresses_count, 5);
    CHECK(props->is_ipv4_link_valid && !props->is_ipv6_link_valid, "v4 only");
    int defaults = 0;
    for (size_t i = 0; i < props->routes_count; i++) {
      const nethttp_net_route *r = &props->routes[i];
      CHECK_STR_EQ(r->interface, "d0");
      if (r->is_default_route) {
        defaults++;
        CHECK(r->has_gateway && !strcmp(r->gateway.address, "10.77.0.1"), "gateway");
        CHECK(!strcmp(r->destination.address.address, "0.0.0.0") &&
                  r->destination.prefix_length == 0, "destination 0.0.0.0/0");
      }
    }
    CHECK_INT_EQ(defaults, 1);
    CHECK_INT_EQ((int)props->dnses_count, 1);
    CHECK_INT_EQ(props->dnses[0].port, 53);
  }
  nethttp_net_properties_free(props);
  CHECK_INT_EQ(nethttp_net_get_properties(d0, NULL), NETHTTP_ERR_PARAMETER);
  char *json = NULL;
  CHECK_INT_EQ(nethttp_net_get_nets_json(&json), 0);
  snprintf(cmd, sizeof cmd, "\"defaultNetId\":%d", d1);
  CHECK(json && strstr(json, cmd) && strstr(json, "\"interfaceName\":\"d0\""), "json: %s", json);
  http_string_free(json);

  /* An IPv6 address (no DAD): isIPv6LinkValid. */
  sh("ip addr add fd77::2/64 dev d0 nodad");
  EXPECT_EVENTS(&lb, fb, 1, "P:d0");
  CHECK_INT_EQ(nethttp_net_get_properties(d0, &props), 0);
  CHECK(props && props->is_ipv6_link_valid, "IPv6 valid");
  nethttp_net_properties_free(props);

  /* bindSocket: SO_BINDTODEVICE on the socket's descriptor, before it exists and live. */
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_net_bind_socket(d0, u), 0);
  CHECK_INT_EQ(nethttp_sock_bind(u, "0.0.0.0", 0, 1), 0);
  char dev[IFNAMSIZ] = {0};
  socklen_t dl = sizeof dev;
  int fd = nethttp_sock_get_fd(u);
  CHECK(fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &dl) == 0, "getsockopt");
  CHECK_STR_EQ(dev, "d0");
  CHECK_INT_EQ(nethttp_net_bind_socket(d1, u), 0);
  dl = sizeof dev;
  CHECK(getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &dl) == 0, "getsockopt");
  CHECK_STR_EQ(dev, "d1");
  CHECK_INT_EQ(nethttp_net_bind_socket(12345, u), NETHTTP_ERR_NET_INVALID_VALUE);
  nethttp_sock_destroy(u);
  struct nethttp_sock *loc = nethttp_sock_create(NETHTTP_SOCK_LOCAL);
  CHECK_INT_EQ(nethttp_net_bind_socket(d0, loc), NETHTTP_ERR_PARAMETER);
  nethttp_sock_destroy(loc);
  CHECK_INT_EQ(nethttp_net_bind_socket(d0, NULL), NETHTTP_ERR_PARAMETER);

  /* Lookups through a network: d0's DNS server is a dnsmasq on 10.77.0.53 (d0's own
   * address); d1 has none. */
  snprintf(cmd, sizeof cmd, "%s/dnsmasq.pid", dir);
  char *dargv[] = {"dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                   "--listen-address=10.77.0.53", "--bind-interfaces", "--port=53",
                   "--address=/svc.test.example/10.77.9.9", "--address=/v6.test.example/fd77::9", "--local=/test.example/",
                   "--log-facility=/dev/null", NULL};
  dnsmasq = proc_spawn(dargv, NULL, NULL);
  CHECK(dnsmasq > 0, "dnsmasq");
  nethttp_net_addresses *addrs = NULL;
  int32_t rc = -1;
  for (int i = 0; i < 50; i++) {
    rc = nethttp_net_get_addresses_by_name_on(d0, "svc", 1, &addrs);
    if (rc == 0) break;
    usleep(100000);
  }
  CHECK_INT_EQ(rc, 0); /* "svc" + the search domain */
  const char *text = NULL;
  int32_t fam = 0;
  if (rc == 0) {
    CHECK_INT_EQ((int)nethttp_net_addresses_count(addrs), 1);
    CHECK_INT_EQ(nethttp_net_addresses_get(addrs, 0, &text, &fam), 0);
    CHECK_STR_EQ(text, "10.77.9.9");
    nethttp_net_addresses_free(addrs);
  }
  /* The system resolver on the same server (AAAA too), and the hosts file both ways. */
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("v6.test.example", 2, &addrs), 0);
  if (addrs) {
    CHECK_INT_EQ(nethttp_net_addresses_get(addrs, 0, &text, &fam), 0);
    CHECK(!strcmp(text, "fd77::9") && fam == 2, "system resolver, IPv6: %s", text);
    nethttp_net_addresses_free(addrs);
  }
  nethttp_net_address first;
  CHECK_INT_EQ(nethttp_net_get_address_by_name("hosted.test", 0, &first), 0);
  CHECK_STR_EQ(first.address, "10.66.0.1");
  CHECK_INT_EQ(nethttp_net_get_address_by_name_on(d0, "hosted.test", 0, &first), 0);
  CHECK_STR_EQ(first.address, "10.66.0.1");
  CHECK_INT_EQ(nethttp_net_get_address_by_name_on(d0, "hosted6.test", 2, &first), 0);
  CHECK(!strcmp(first.address, "fd66::1") && first.family == 2, "hosts IPv6: %s", first.address);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "v6.test.example", 2, &addrs), 0);
  if (addrs) {
    CHECK_INT_EQ(nethttp_net_addresses_get(addrs, 0, &text, &fam), 0);
    CHECK(!strcmp(text, "fd77::9") && fam == 2, "IPv6 answer %s", text);
    nethttp_net_addresses_free(addrs);
  }
  addrs = NULL;
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "nx.test.example", 0, &addrs),
               NETHTTP_ERR_NET_NOT_FOUND);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "localhost", 1, &addrs), 0);
  if (addrs) { /* the hosts file first */
    CHECK_INT_EQ(nethttp_net_addresses_get(addrs, 0, &text, &fam), 0);
    CHECK_STR_EQ(text, "127.0.0.1");
    nethttp_net_addresses_free(addrs);
  }
  addrs = NULL;
  /* d1, the default network, has the resolver's servers too, but the lookup leaves through
   * d1 (SO_BINDTODEVICE), from which 10.77.0.53 (an address of d0) cannot be reached: the
   * system lookup, which takes the routing table's way, finds it. */
  CHECK_INT_EQ(nethttp_net_get_properties(d1, &props), 0);
  CHECK(props && props->dnses_count == 1 && !strcmp(props->dnses[0].address, "10.77.0.53"),
        "d1 has the resolver's server");
  nethttp_net_properties_free(props);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d1, "svc.test.example", 0, &addrs),
               NETHTTP_ERR_NET_SERVICE);
  addrs = NULL;
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("svc.test.example", 1, &addrs), 0);
  if (addrs) {
    CHECK_INT_EQ(nethttp_net_addresses_get(addrs, 0, &text, &fam), 0);
    CHECK_STR_EQ(text, "10.77.9.9");
    nethttp_net_addresses_free(addrs);
  }
  addrs = NULL;
  /* d2: neither default nor with a server in its subnet: no DNS server (B hears it come and
   * go). */
  sh("ip link add d2 type veth peer name d2p && ip link set d2 addrgenmode none && "
     "ip link set d2p addrgenmode none && ip link set d2p up && ip link set d2 up && "
     "ip addr add 10.80.0.2/24 dev d2");
  int d2 = (int)if_nametoindex("d2");
  EXPECT_EVENTS(&lb, fb, 3, "A:x C:x P:x");
  CHECK_INT_EQ(lb.ndns, 0);
  CHECK_STR_EQ(lb.domains, "");
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d2, "svc.test.example", 0, &addrs),
               NETHTTP_ERR_NET_SERVICE);
  sh("ip link del d2");
  EXPECT_EVENTS(&lb, fb, 1, "L:x");
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(12345, "svc", 0, &addrs),
               NETHTTP_ERR_NET_INVALID_VALUE);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "", 0, &addrs), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "10.1.2.3", 2, &addrs),
               NETHTTP_ERR_NET_NOT_FOUND);
  proc_stop(dnsmasq);

  http_through_nets(d0);

  /* A DNS server that never answers (a UDP socket on d0's 10.77.1.2:53 that reads nothing):
   * the system resolver gives up after its timeout (options timeout:1 attempts:1) with
   * 2100102, a lookup through d0 after its own (2 s, two tries) with 2100002; destroying an
   * asynchronous lookup meanwhile returns at once and no callback follows. */
  int silent = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(53)};
  inet_pton(AF_INET, "10.77.1.2", &sa.sin_addr);
  CHECK(bind(silent, (struct sockaddr *)&sa, sizeof sa) == 0, "silent DNS server");
  f = fopen("/etc/resolv.conf", "w");
  fprintf(f, "nameserver 10.77.1.2\noptions timeout:1 attempts:1\nsearch test.example\n");
  fclose(f);
  EXPECT_EVENTS(&la, fa, 1, "P:d1");
  EXPECT_EVENTS(&lb, fb, 2, "P:d0 P:d1");
  uint64_t t0 = now_ms();
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("slow.test.example", 1, &addrs),
               NETHTTP_ERR_NET_TRY_AGAIN);
  CHECK(now_ms() - t0 < 15000, "the system resolver gave up in %llu ms",
        (unsigned long long)(now_ms() - t0));
  t0 = now_ms();
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name_on(d0, "slow.test.example", 1, &addrs),
               NETHTTP_ERR_NET_SERVICE);
  CHECK(now_ms() - t0 < 15000, "the lookup through d0 gave up in %llu ms",
        (unsigned long long)(now_ms() - t0));
  elog lk;
  elog_init(&lk);
  nethttp_net_lookup *l1 = nethttp_net_lookup_create(), *l2 = nethttp_net_lookup_create();
  CHECK_INT_EQ(nethttp_net_lookup_start(l1, "slow2.test.example", 0, on_lookup, &lk), 0);
  CHECK_INT_EQ(nethttp_net_lookup_start_on(l2, d0, "slow3.test.example", 0, on_lookup, &lk), 0);
  usleep(200000);
  t0 = now_ms();
  nethttp_net_lookup_destroy(l1);
  nethttp_net_lookup_destroy(l2);
  CHECK(now_ms() - t0 < 500, "destroy returned in %llu ms", (unsigned long long)(now_ms() - t0));
  usleep(5000000); /* past both resolvers' timeouts */
  CHECK_INT_EQ(elog_count(&lk), 0);
  close(silent);
  f = fopen("/etc/resolv.conf", "w");
  fprintf(f, "nameserver 10.77.0.53\nsearch test.example\n");
  fclose(f);
  EXPECT_EVENTS(&la, fa, 1, "P:d1");
  EXPECT_EVENTS(&lb, fb, 2, "P:d0 P:d1");

  /* Queued delivery, and a connection destroyed inside its first event. */
  struct http_queue *q = http_queue_new();
  elog lq, ld;
  elog_init(&lq);
  elog_init(&ld);
  nethttp_net_conn *cq = conn_new(&sb, 0, &lq);
  CHECK_INT_EQ(nethttp_net_conn_set_queue(cq, q), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(cq), 0);
  CHECK_INT_EQ(nethttp_net_conn_set_queue(cq, q), NETHTTP_ERR_PARAMETER);
  usleep(300000);
  CHECK_INT_EQ(elog_count(&lq), 0); /* nothing until dispatched */
  http_queue_dispatch(q);
  int fq = 0;
  EXPECT_EVENTS(&lq, fq, 6, "A:d0 C:d0 P:d0 A:d1 C:d1 P:d1");
  nethttp_net_conn *cd = conn_new(NULL, 0, &ld);
  ld.destroy_in = cd;
  CHECK_INT_EQ(nethttp_net_conn_register(cd), 0);
  int fd2 = 0;
  EXPECT_EVENTS(&ld, fd2, 1, "A:d1");

  /* Removing d1: the default goes back to d0. Unregistered B hears nothing. */
  CHECK_INT_EQ(nethttp_net_conn_unregister(b), 0);
  CHECK_INT_EQ(nethttp_net_conn_unregister(b), NETHTTP_ERR_NET_CALLBACK_MISSING);
  sh("ip link del d1");
  EXPECT_EVENTS(&la, fa, 4, "L:d1 A:d0 C:d0 P:d0");
  CHECK_INT_EQ(elog_count(&lb), fb);
  http_queue_dispatch(q);
  EXPECT_EVENTS(&lq, fq, 1, "L:d1");
  /* B again: told the current networks anew. */
  CHECK_INT_EQ(nethttp_net_conn_register(b), 0);
  EXPECT_EVENTS(&lb, fb, 3, "A:d0 C:d0 P:d0");

  /* A VPN network (a tun device, point-to-point): V hears it; the default does not move. */
  if (sh("ip tuntap add dev tun7 mode tun && ip link set tun7 up && "
         "ip addr add 10.79.0.2 peer 10.79.0.1 dev tun7") == 0) {
    d1 = (int)if_nametoindex("tun7");
    EXPECT_EVENTS(&lv, fv, 3, "A:d1 C:d1 P:d1");
    CHECK_INT_EQ(lv.bearer, 4);
    CHECK(lv.ncaps == 1 && lv.caps[0] == 11, "a VPN: NOT_METERED only (%d caps)", lv.ncaps);
    CHECK_STR_EQ(lv.addr0, "10.79.0.2/32");
    sh("ip link del tun7");
    EXPECT_EVENTS(&lv, fv, 1, "L:d1");
  } else {
    fprintf(stderr, "   no tun device here: the VPN part is skipped\n");
  }

  /* Lost whole: d0 removed. */
  sh("ip link del d0");
  EXPECT_EVENTS(&la, fa, 1, "L:d0");
  EXPECT_EVENTS(&lb, fb, 1, "L:d0");

  /* Bad arguments. */
  nethttp_net_conn *bad = NULL;
  int32_t nine = 9;
  nethttp_net_specifier sbad = {&nine, 1, NULL, 0}, snull = {NULL, 2, NULL, 0};
  CHECK_INT_EQ(nethttp_net_conn_create(&sbad, 0, &bad), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_conn_create(&snull, 0, &bad), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_conn_create(NULL, 0, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_conn_on(a, 7, on_event, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_conn_on(a, 1, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_conn_register(NULL), NETHTTP_ERR_PARAMETER);
  CHECK(strlen(http_error_message(NETHTTP_ERR_NET_CALLBACK_EXISTS)) > 5, "message");

  nethttp_net_conn_destroy(a);
  nethttp_net_conn_destroy(b);
  nethttp_net_conn_destroy(v);
  nethttp_net_conn_destroy(cq);
  http_queue_free(q);
  umount("/etc/resolv.conf");
  umount("/etc/hosts");
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  sh(cmd);
  return test_finish();
}
