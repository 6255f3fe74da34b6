/* dnsServers (resolved by nethttp through dnsmasq on 127.0.0.2:53, which alone knows
 * only-dnsmasq.nethttp.test) and dnsOverHttps (dnsdist, which alone knows
 * only-doh.nethttp.test, over TLS with the test CA). Servers: NETHTTP_TEST_DNS_SERVER,
 * NETHTTP_TEST_DNS_SERVER_LOG, NETHTTP_TEST_DOH, NETHTTP_TEST_DOH_LOG. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *ca;

static struct http_options *dns_opts(const char *const *servers, size_t n) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_dns_servers(o, servers, n), 0);
  return o;
}

static void test_dns_servers(const char *http, const char *https, const char *dns,
                             const char *dns_log) {
  char url[256];
  const char *port = strrchr(http, ':');
  snprintf(url, sizeof url, "http://only-dnsmasq.nethttp.test%s/json", port);
  /* the system resolver does not know the name */
  CHECK_INT_EQ(fetch_sync(url, NULL, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  long before = count_lines_matching(dns_log, "query[A] only-dnsmasq.nethttp.test");
  const char *one[] = {dns};
  struct http_options *o = dns_opts(one, 1);
  char *body = NULL;
  CHECK_INT_EQ(fetch_sync(url, o, NULL, &body, NULL), 0);
  CHECK(body && strstr(body, "\"hello\":\"world\""), "body %s", body ? body : "");
  free(body);
  CHECK(count_lines_matching(dns_log, "query[A] only-dnsmasq.nethttp.test") > before,
        "dnsmasq was not asked");
  /* https: the name is kept for SNI and the certificate check (the cert has no such name) */
  char surl[256];
  snprintf(surl, sizeof surl, "https://only-dnsmasq.nethttp.test%s/json", strrchr(https, ':'));
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(fetch_sync(surl, o, NULL, NULL, NULL), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  CHECK_INT_EQ(http_options_set_remote_validation(o, "skip"), 0);
  CHECK_INT_EQ(fetch_sync(surl, o, NULL, NULL, NULL), 0);
  /* a name in the zone that does not exist */
  char nx[256];
  snprintf(nx, sizeof nx, "http://nope.nethttp.test%s/json", port);
  CHECK_INT_EQ(fetch_sync(nx, o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  /* ONLY_V6 for a name with only an A record */
  CHECK_INT_EQ(http_options_set_address_family(o, HTTP_ADDRESS_FAMILY_ONLY_V6), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  http_options_free(o);

  /* a dead server first, then dnsmasq: the second is asked */
  const char *two[] = {"127.0.0.9", dns};
  o = dns_opts(two, 2);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 0);
  http_options_free(o);
  /* more than three: only the first three are used (dnsmasq, fourth, is never asked) */
  const char *four[] = {"127.0.0.9", "127.0.0.10", "127.0.0.11", dns};
  o = dns_opts(four, 4);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  http_options_free(o);
  /* IPv6 addresses are accepted */
  const char *v6[] = {"::1", dns};
  o = dns_opts(v6, 2);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 0);
  http_options_free(o);

  /* invalid: 401 */
  o = http_options_new();
  const char *bad[] = {"dns.example"};
  CHECK_INT_EQ(http_options_set_dns_servers(o, bad, 1), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "dnsServers") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(http_options_set_dns_servers(o, NULL, 1), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  struct http_options *j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"dnsServers\":[\"300.1.1.1\"]}", &j), NETHTTP_ERR_PARAMETER);
  char json[256];
  snprintf(json, sizeof json, "{\"dnsServers\":[\"%s\"]}", dns);
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 0);
    http_options_free(j);
  }
}

typedef struct {
  waiter *w;
  int32_t code;
  int order;
} done_t;
static int finished;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void on_done(void *ud, struct http_handle *h, int32_t code, const char *m,
                    struct http_response *r) {
  (void)h;
  (void)m;
  done_t *d = ud;
  pthread_mutex_lock(&mu);
  d->order = ++finished;
  pthread_mutex_unlock(&mu);
  d->code = code;
  http_response_free(r);
  waiter_signal(d->w);
}

/* A lookup waiting on a silent DNS server does not hold up other requests. */
static void test_not_blocking(const char *http) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(53);
  inet_pton(AF_INET, "127.0.0.5", &a.sin_addr);
  if (!CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0, "cannot bind 127.0.0.5:53")) return;
  waiter w;
  waiter_init(&w);
  done_t slow = {&w, -1, 0}, fast = {&w, -1, 0};
  const char *silent[] = {"127.0.0.5"};
  struct http_options *o = dns_opts(silent, 1);
  char url[256];
  snprintf(url, sizeof url, "http://only-dnsmasq.nethttp.test%s/json", strrchr(http, ':'));
  struct http_handle *h1 = http_create(), *h2 = http_create();
  CHECK_INT_EQ(http_request(h1, url, o, on_done, &slow), 0);
  char *fast_url = url_join(http, "/json");
  CHECK_INT_EQ(http_request(h2, fast_url, NULL, on_done, &fast), 0);
  CHECK(waiter_wait(&w, 30000) && waiter_wait(&w, 30000), "completions");
  CHECK_INT_EQ(fast.code, 0);
  CHECK_INT_EQ(slow.code, NETHTTP_ERR_COULDNT_RESOLVE);
  CHECK(fast.order == 1 && slow.order == 2, "the plain request finished %d, the silent-DNS one %d",
        fast.order, slow.order);
  http_destroy(h1);
  http_destroy(h2);
  http_options_free(o);
  free(fast_url);
  waiter_destroy(&w);
  close(s);
}

static void test_doh(const char *http, const char *doh, const char *doh_log) {
  char url[256];
  snprintf(url, sizeof url, "http://only-doh.nethttp.test%s/json", strrchr(http, ':'));
  CHECK_INT_EQ(fetch_sync(url, NULL, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_dns_over_https(o, doh), 0);
  /* the DoH server's certificate is from the test CA: without caPath the DoH request fails */
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  long before = count_lines_matching(doh_log, "only-doh.nethttp.test");
  char *body = NULL;
  CHECK_INT_EQ(fetch_sync(url, o, NULL, &body, NULL), 0);
  CHECK(body && strstr(body, "\"hello\":\"world\""), "body %s", body ? body : "");
  free(body);
  CHECK(wait_lines_matching(doh_log, "only-doh.nethttp.test", before + 1, 2000) > before,
        "dnsdist logged no query");
  /* a name the DoH server does not know */
  char nx[256];
  snprintf(nx, sizeof nx, "http://nope.nethttp.test%s/json", strrchr(http, ':'));
  CHECK_INT_EQ(fetch_sync(nx, o, NULL, NULL, NULL), NETHTTP_ERR_COULDNT_RESOLVE);
  http_options_free(o);
  /* caData covers the DoH request too */
  {
    char *pem = read_file(ca, NULL);
    struct http_options *d = http_options_new();
    CHECK_INT_EQ(http_options_set_dns_over_https(d, doh), 0);
    CHECK_INT_EQ(http_options_set_ca_data(d, pem), 0);
    CHECK_INT_EQ(fetch_sync(url, d, NULL, NULL, NULL), 0);
    http_options_free(d);
    free(pem);
  }
  /* invalid URL: 401; JSON */
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_dns_over_https(o, "http://127.0.0.1/dns-query"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_dns_over_https(o, NULL), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  char json[512];
  snprintf(json, sizeof json, "{\"dnsOverHttps\":\"%s\",\"caPath\":\"%s\"}", doh, ca);
  struct http_options *j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 0);
    http_options_free(j);
  }
}

int main(void) {
  ca = env_or_die("NETHTTP_TEST_CA");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  test_dns_servers(http, env_or_die("NETHTTP_TEST_HTTPS"), env_or_die("NETHTTP_TEST_DNS_SERVER"),
                   env_or_die("NETHTTP_TEST_DNS_SERVER_LOG"));
  test_not_blocking(http);
  test_doh(http, env_or_die("NETHTTP_TEST_DOH"), env_or_die("NETHTTP_TEST_DOH_LOG"));
  return test_finish();
}
