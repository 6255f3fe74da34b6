/* connection: getAddressesByName through the system resolver (blocking and asynchronous,
 * the family option, IP literals, /etc/hosts' localhost, a name that cannot exist),
 * cancellation by destroy, queued delivery, argument errors, the IDNA conversions, custom
 * DNS rules, getAddressByName, the device-only calls (801) and the limit of registered
 * network connections (2101022). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* "addr/family,addr/family," of a list (malloc'd). */
static char *render(const struct nethttp_net_addresses *a) {
  size_t n = nethttp_net_addresses_count(a);
  char *out = calloc(1, 64 * (n + 1));
  for (size_t i = 0; i < n; i++) {
    const char *addr = NULL;
    int32_t fam = 0;
    CHECK_INT_EQ(nethttp_net_addresses_get(a, i, &addr, &fam), 0);
    char b[80];
    snprintf(b, sizeof b, "%s/%d,", addr, fam);
    strcat(out, b);
  }
  return out;
}

static void blocking(void) {
  struct nethttp_net_addresses *a = NULL;
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("127.0.0.1", 0, &a), 0);
  char *s = render(a);
  CHECK_STR_EQ(s, "127.0.0.1/1,");
  free(s);
  nethttp_net_addresses_free(a);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("[::1]", 2, &a), 0);
  s = render(a);
  CHECK_STR_EQ(s, "::1/2,");
  free(s);
  nethttp_net_addresses_free(a);
  /* An IPv4 literal has no IPv6 address. */
  a = NULL;
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("127.0.0.1", 2, &a), NETHTTP_ERR_NET_NOT_FOUND);
  CHECK(a == NULL, "no list on failure");
  /* localhost from /etc/hosts: IPv4 only with family 1. */
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 1, &a), 0);
  s = render(a);
  CHECK(strstr(s, "127.0.0.1/1,") != NULL && strstr(s, "/2,") == NULL, "localhost v4: %s", s);
  free(s);
  const char *addr = NULL;
  CHECK_INT_EQ(nethttp_net_addresses_get(a, 99, &addr, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_addresses_get(a, 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  nethttp_net_addresses_free(a);
  CHECK_INT_EQ(nethttp_net_addresses_count(NULL), 0);
  nethttp_net_addresses_free(NULL);
  /* .invalid never exists (RFC 6761): not found, or no answer where no resolver is reachable;
   * either way an error, never an address. */
  int32_t rc = nethttp_net_get_addresses_by_name("no-such-host.invalid", 0, &a);
  CHECK(rc == NETHTTP_ERR_NET_NOT_FOUND || rc == NETHTTP_ERR_NET_TRY_AGAIN, "rc %d (%s)", rc,
        http_last_error_detail());
  /* Arguments. */
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name(NULL, 0, &a), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("", 0, &a), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("a b", 0, &a), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 3, &a), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 0, NULL), NETHTTP_ERR_PARAMETER);
}

typedef struct result {
  waiter w;
  int calls;
  int32_t code;
  char list[256];
} result;

static void on_lookup(void *ud, struct nethttp_net_lookup *l, int32_t code, const char *msg,
                      struct nethttp_net_addresses *a) {
  (void)l;
  (void)msg;
  result *r = ud;
  pthread_mutex_lock(&r->w.mu);
  r->calls++;
  r->code = code;
  if (a) {
    char *s = render(a);
    snprintf(r->list, sizeof r->list, "%s", s);
    free(s);
  }
  pthread_mutex_unlock(&r->w.mu);
  nethttp_net_addresses_free(a);
  waiter_signal(&r->w);
}

static void asynchronous(void) {
  result r = {0};
  waiter_init(&r.w);
  struct nethttp_net_lookup *l = nethttp_net_lookup_create();
  CHECK_INT_EQ(nethttp_net_lookup_start(l, "127.0.0.1", 1, on_lookup, &r), 0);
  CHECK(waiter_wait(&r.w, 10000), "callback");
  CHECK_INT_EQ(r.code, 0);
  CHECK_STR_EQ(r.list, "127.0.0.1/1,");
  CHECK_INT_EQ(nethttp_net_lookup_start(l, "127.0.0.1", 1, on_lookup, &r), NETHTTP_ERR_PARAMETER);
  nethttp_net_lookup_destroy(l);
  CHECK_INT_EQ(r.calls, 1);
  waiter_destroy(&r.w);

  /* Through a queue: the callback runs in dispatch, on this thread. */
  struct http_queue *q = http_queue_new();
  result r2 = {0};
  waiter_init(&r2.w);
  l = nethttp_net_lookup_create();
  CHECK_INT_EQ(nethttp_net_lookup_set_queue(l, q), 0);
  CHECK_INT_EQ(nethttp_net_lookup_start(l, "::1", 0, on_lookup, &r2), 0);
  CHECK_INT_EQ(nethttp_net_lookup_set_queue(l, q), NETHTTP_ERR_PARAMETER);
  uint64_t end = now_ms() + 10000;
  while (r2.calls == 0 && now_ms() < end) {
    http_queue_dispatch(q);
    sleep_ms(2);
  }
  CHECK_INT_EQ(r2.calls, 1);
  CHECK_STR_EQ(r2.list, "::1/2,");
  nethttp_net_lookup_destroy(l);
  http_queue_free(q);
  waiter_destroy(&r2.w);

  /* Destroyed right after start: no callback, ever. */
  result r3 = {0};
  waiter_init(&r3.w);
  for (int i = 0; i < 50; i++) {
    l = nethttp_net_lookup_create();
    CHECK_INT_EQ(nethttp_net_lookup_start(l, "localhost", 0, on_lookup, &r3), 0);
    nethttp_net_lookup_destroy(l);
  }
  int before = r3.calls;
  sleep_ms(200);
  CHECK(r3.calls == before, "callbacks after destroy: %d -> %d", before, r3.calls);
  waiter_destroy(&r3.w);

  l = nethttp_net_lookup_create();
  CHECK_INT_EQ(nethttp_net_lookup_start(l, "", 0, on_lookup, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_lookup_start(l, "localhost", 0, NULL, NULL), NETHTTP_ERR_PARAMETER);
  nethttp_net_lookup_destroy(l);
  nethttp_net_lookup_destroy(NULL);
}

static void idna(void) {
  char *out = NULL;
  CHECK_INT_EQ(nethttp_net_get_dns_ascii("münchen.de", &out), 0);
  CHECK_STR_EQ(out, "xn--mnchen-3ya.de");
  http_string_free(out);
  CHECK_INT_EQ(nethttp_net_get_dns_unicode("xn--mnchen-3ya.de", &out), 0);
  CHECK_STR_EQ(out, "münchen.de");
  http_string_free(out);
  CHECK_INT_EQ(nethttp_net_get_dns_ascii("Example.COM", &out), 0);
  CHECK_STR_EQ(out, "example.com");
  http_string_free(out);
  CHECK_INT_EQ(nethttp_net_get_dns_unicode("xn--a.de", &out), NETHTTP_ERR_NET_INVALID_VALUE);
  CHECK_INT_EQ(nethttp_net_get_dns_ascii("", &out), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_dns_ascii(NULL, &out), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_dns_ascii("a.de", NULL), NETHTTP_ERR_PARAMETER);
  CHECK(strlen(http_error_message(NETHTTP_ERR_NET_NOT_FOUND)) > 10, "message");
}

/* Custom DNS rules: ahead of the resolver, family-filtered, replaced, removed, cleared. */
static void rules(void) {
  const char *ips[] = {"10.1.2.3", "[fd00::5]", "10.1.2.3"};
  nethttp_net_addresses *a = NULL;
  char *t;
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("Custom.Example.", ips, 3), 0);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("custom.example", 0, &a), 0);
  t = render(a);
  CHECK_STR_EQ(t, "10.1.2.3/1,fd00::5/2,");
  free(t);
  nethttp_net_addresses_free(a);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("CUSTOM.example", 2, &a), 0);
  t = render(a);
  CHECK_STR_EQ(t, "fd00::5/2,");
  free(t);
  nethttp_net_addresses_free(a);
  /* localhost, from /etc/hosts, overridden. */
  const char *one[] = {"10.9.9.9"};
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("localhost", one, 1), 0);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 0, &a), 0);
  t = render(a);
  CHECK_STR_EQ(t, "10.9.9.9/1,");
  free(t);
  nethttp_net_addresses_free(a);
  a = NULL;
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 2, &a), NETHTTP_ERR_NET_NOT_FOUND);
  CHECK_INT_EQ(nethttp_net_remove_custom_dns_rule("localhost"), 0);
  CHECK_INT_EQ(nethttp_net_remove_custom_dns_rule("never.example"), 0);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("localhost", 1, &a), 0);
  t = render(a);
  CHECK(strstr(t, "127.0.0.1/1,") != NULL, "localhost again: %s", t);
  free(t);
  nethttp_net_addresses_free(a);
  /* Replaced, then cleared. */
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("custom.example", one, 1), 0);
  CHECK_INT_EQ(nethttp_net_get_addresses_by_name("custom.example", 0, &a), 0);
  t = render(a);
  CHECK_STR_EQ(t, "10.9.9.9/1,");
  free(t);
  nethttp_net_addresses_free(a);
  CHECK_INT_EQ(nethttp_net_clear_custom_dns_rules(), 0);
  a = NULL;
  CHECK(nethttp_net_get_addresses_by_name("custom.example", 0, &a) != 0, "cleared");
  /* Bad arguments. */
  const char *bad[] = {"10.1.2"};
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("x.example", bad, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("x.example", ips, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("10.0.0.1", one, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("", one, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule(NULL, one, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("a b", one, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_remove_custom_dns_rule(NULL), NETHTTP_ERR_PARAMETER);
}

/* getAddressByName, the device-only calls (801), and the registration limit (2101022). */
static void others(void) {
  nethttp_net_address a;
  memset(&a, 0, sizeof a);
  CHECK_INT_EQ(nethttp_net_get_address_by_name("127.0.0.1", 0, &a), 0);
  CHECK(!strcmp(a.address, "127.0.0.1") && a.family == 1 && a.port == 0, "first address %s/%d",
        a.address, a.family);
  CHECK_INT_EQ(nethttp_net_get_address_by_name("localhost", 1, &a), 0);
  CHECK_STR_EQ(a.address, "127.0.0.1");
  CHECK_INT_EQ(nethttp_net_get_address_by_name("localhost", 1, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(nethttp_net_get_address_by_name("no-such-host.invalid", 0, &a),
               NETHTTP_ERR_NET_NOT_FOUND);
  CHECK_INT_EQ(nethttp_net_get_address_by_name_on(-5, "localhost", 0, &a),
               NETHTTP_ERR_NET_INVALID_VALUE);
  char *out = NULL;
  CHECK_INT_EQ(nethttp_net_set_global_http_proxy("{}"), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK(strstr(http_last_error_detail(), "setGlobalHttpProxy") != NULL, "detail: %s",
        http_last_error_detail());
  CHECK_INT_EQ(nethttp_net_get_global_http_proxy(&out), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK_INT_EQ(nethttp_net_set_pac_url("http://127.0.0.1/p.pac"), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK_INT_EQ(nethttp_net_get_pac_url(&out), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK_INT_EQ(nethttp_net_set_airplane_mode(true), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK_INT_EQ(nethttp_net_query_trace_route("127.0.0.1", &out), NETHTTP_ERR_NOT_SUPPORTED);
  CHECK(out == NULL, "nothing returned");
  CHECK(strlen(http_error_message(NETHTTP_ERR_NOT_SUPPORTED)) > 5, "message");
  /* At most 2,000 registered connections in the process. */
  enum { N = 2001 };
  nethttp_net_conn **cs = calloc(N, sizeof *cs);
  int ok = 0;
  for (int i = 0; i < N; i++) {
    CHECK_INT_EQ(nethttp_net_conn_create(NULL, 0, &cs[i]), 0);
    if (nethttp_net_conn_register(cs[i]) == 0) ok++;
  }
  CHECK_INT_EQ(ok, 2000);
  CHECK_INT_EQ(nethttp_net_conn_register(cs[N - 1]), NETHTTP_ERR_NET_TOO_MANY);
  CHECK_INT_EQ(nethttp_net_conn_unregister(cs[0]), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(cs[N - 1]), 0); /* room again */
  for (int i = 0; i < N; i++) nethttp_net_conn_destroy(cs[i]);
  free(cs);
  nethttp_net_conn *c = NULL;
  CHECK_INT_EQ(nethttp_net_conn_create(NULL, 0, &c), 0);
  CHECK_INT_EQ(nethttp_net_conn_register(c), 0); /* all destroyed: room */
  nethttp_net_conn_destroy(c);
}

int main(void) {
  rules();
  others();
  blocking();
  asynchronous();
  idna();
  return test_finish();
}
