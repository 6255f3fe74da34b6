/* Response cache modes (nethttp's cacheMode, the fetch standard's RequestCache), against
 * nginx with every request counted in its access log: default (fresh HIT, stale revalidated),
 * no-store (neither read nor written), reload (the network, then stored), no-cache (a fresh
 * entry revalidated anyway), force-cache (a stale entry served without the network:
 * HTTP_CACHE_STALE; a miss goes to the network and is stored), only-if-cached (fresh HIT,
 * stale STALE, and a miss is 2300996 without any request: never stored, Vary mismatch, a
 * POST, usingCache false); JSON and typed setters and their 401s. RFC 5861 in the default
 * mode: stale-while-revalidate (the stale copy at once, one background conditional request
 * refreshing it) and stale-if-error (a 503 or an unreachable server answered with the stale
 * copy; not with must-revalidate; the request's own directive). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

static const char *base;
static char *file100;
static size_t file100_len;

static const char *mode_json(const char *mode) {
  static char buf[128];
  snprintf(buf, sizeof buf, "{\"nethttp\":{\"cacheMode\":\"%s\"}}", mode);
  return buf;
}

/* One GET of path with cacheMode `mode` (NULL: default options): checks the status, the
 * cache status, the body (100.bin when the status is 200) and how many requests nginx saw. */
static void expect(const char *path, const char *mode, int32_t rc, int cache_status,
                   long requests) {
  log_settle();
  long before = requests_for(path);
  fetched f = fetch_json(base, path, mode ? mode_json(mode) : NULL);
  CHECK(f.rc == rc, "%s (%s): rc %d, want %d (%s)", path, mode ? mode : "default", (int)f.rc,
        (int)rc, http_last_error_detail());
  if (rc == 0) {
    CHECK(f.code == 200, "%s (%s): code %u", path, mode ? mode : "default", f.code);
    CHECK(f.cache_status == cache_status, "%s (%s): cache status %d, want %d", path,
          mode ? mode : "default", f.cache_status, cache_status);
    CHECK(f.body && f.len == file100_len && memcmp(f.body, file100, file100_len) == 0,
          "%s (%s): the body is not 100.bin (%zu bytes)", path, mode ? mode : "default", f.len);
  } else {
    CHECK(f.cache_status == -1, "%s: a response with a failure", path);
  }
  log_settle();
  long seen = requests_for(path) - before;
  CHECK(seen == requests, "%s (%s): %ld requests reached the server, want %ld", path,
        mode ? mode : "default", seen, requests);
  fetched_free(&f);
}

/* RFC 5861 in the default mode: stale-while-revalidate serves the stale copy at once and
 * refreshes it with one background request; stale-if-error serves it when the server
 * answers 5xx or cannot be reached, within the window and unless must-revalidate. */
static void rfc5861(void) {
  /* stale-while-revalidate. */
  const char *swr = "/cache-swr/100.bin?modes=swr";
  fetched a = fetch_json(base, swr, NULL);
  CHECK(a.rc == 0 && a.cache_status == HTTP_CACHE_NONE && a.served, "swr store: rc=%d", (int)a.rc);
  log_settle();
  long r304 = served_count("GET", swr, 304);
  fetched b = fetch_json(base, swr, NULL);
  CHECK(b.rc == 0 && b.code == 200 && b.cache_status == HTTP_CACHE_STALE,
        "swr: rc=%d code=%u status=%d, want STALE", (int)b.rc, b.code, b.cache_status);
  CHECK(b.body && b.len == file100_len && memcmp(b.body, file100, file100_len) == 0, "swr body");
  CHECK(a.served && b.served && strcmp(a.served, b.served) == 0, "served the stored copy");
  /* The background revalidation: one conditional request answered 304, whose fields then
   * update the stored copy (a new X-Served). */
  CHECK_INT_EQ(served_wait("GET", swr, 304, r304 + 1), r304 + 1);
  int refreshed = 0;
  for (int i = 0; i < 100 && !refreshed; i++) {
    fetched c = fetch_json(base, swr, NULL);
    CHECK(c.rc == 0 && c.cache_status == HTTP_CACHE_STALE, "swr again: status %d", c.cache_status);
    refreshed = c.served && a.served && strcmp(c.served, a.served) != 0;
    fetched_free(&c);
    if (!refreshed) sleep_ms(20);
  }
  CHECK(refreshed, "the background revalidation did not update the stored copy");
  fetched_free(&a);
  fetched_free(&b);

  /* stale-if-error: the server answers 503. */
  const char *fail = "{\"header\":{\"X-Fail\":\"1\"}}";
  const char *sie = "/cache-sie/100.bin?modes=sie";
  expect(sie, NULL, 0, HTTP_CACHE_NONE, 1);
  log_settle();
  long r503 = served_count("GET", sie, 503);
  fetched f = fetch_json(base, sie, fail);
  CHECK(f.rc == 0 && f.code == 200 && f.cache_status == HTTP_CACHE_STALE,
        "sie 503: rc=%d code=%u status=%d, want the stale 200", (int)f.rc, f.code, f.cache_status);
  CHECK(f.body && f.len == file100_len && memcmp(f.body, file100, file100_len) == 0,
        "sie body: the 503's body leaked in (%zu bytes)", f.len);
  fetched_free(&f);
  CHECK_INT_EQ(served_wait("GET", sie, 503, r503 + 1), r503 + 1);
  /* must-revalidate forbids it; without the response's directive the request's counts. */
  const char *mr = "/cache-sie-mr/100.bin?modes=sie";
  expect(mr, NULL, 0, HTTP_CACHE_NONE, 1);
  f = fetch_json(base, mr, fail);
  CHECK(f.rc == 0 && f.code == 503 && f.cache_status == HTTP_CACHE_NONE,
        "must-revalidate: code=%u status=%d, want the 503", f.code, f.cache_status);
  fetched_free(&f);
  const char *none = "/cache-sie-none/100.bin?modes=sie";
  expect(none, NULL, 0, HTTP_CACHE_NONE, 1);
  f = fetch_json(base, none, fail);
  CHECK(f.rc == 0 && f.code == 503, "no stale-if-error: code=%u", f.code);
  fetched_free(&f);
  f = fetch_json(base, none,
                 "{\"header\":{\"X-Fail\":\"1\",\"Cache-Control\":\"stale-if-error=60\"}}");
  CHECK(f.rc == 0 && f.code == 200 && f.cache_status == HTTP_CACHE_STALE,
        "the request's stale-if-error: code=%u status=%d", f.code, f.cache_status);
  fetched_free(&f);

  /* stale-if-error: the server cannot be reached (a custom DNS rule moves the name to an
   * address nothing listens on). */
  const char *colon = strrchr(base, ':');
  char other[128];
  snprintf(other, sizeof other, "http://sie.test%s", colon ? colon : ":80");
  const char *here[] = {"127.0.0.1"}, *nowhere[] = {"127.0.0.2"};
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("sie.test", here, 1), 0);
  fetched g = fetch_json(other, "/cache-sie/100.bin?modes=unreachable", NULL);
  CHECK(g.rc == 0 && g.cache_status == HTTP_CACHE_NONE, "unreachable store: rc=%d", (int)g.rc);
  fetched_free(&g);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("sie.test", nowhere, 1), 0);
  g = fetch_json(other, "/cache-sie/100.bin?modes=unreachable", NULL);
  CHECK(g.rc == 0 && g.code == 200 && g.cache_status == HTTP_CACHE_STALE,
        "unreachable: rc=%d (%s) status=%d, want the stale copy", (int)g.rc,
        http_last_error_detail(), g.cache_status);
  fetched_free(&g);
  /* Not for a response without the directive: the error comes through. */
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("sie.test", here, 1), 0);
  g = fetch_json(other, "/cache-sie-none/100.bin?modes=unreachable", NULL);
  fetched_free(&g);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("sie.test", nowhere, 1), 0);
  g = fetch_json(other, "/cache-sie-none/100.bin?modes=unreachable", NULL);
  CHECK(g.rc == 2300007, "unreachable without stale-if-error: rc=%d", (int)g.rc);
  fetched_free(&g);
  CHECK_INT_EQ(nethttp_net_clear_custom_dns_rules(), 0);
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_HTTP");
  file100 = read_www_file("100.bin", &file100_len);
  CHECK(file100 && file100_len == 100, "cannot read 100.bin");
  CHECK_INT_EQ(http_cache_create(NULL, 0, 0), 0);

  /* A fresh resource (max-age=60). */
  const char *fresh = "/cache/100.bin?modes=fresh";
  expect(fresh, NULL, 0, HTTP_CACHE_NONE, 1);
  expect(fresh, NULL, 0, HTTP_CACHE_HIT, 0);
  expect(fresh, "force-cache", 0, HTTP_CACHE_HIT, 0);
  expect(fresh, "only-if-cached", 0, HTTP_CACHE_HIT, 0);
  expect(fresh, "no-cache", 0, HTTP_CACHE_REVALIDATED, 1); /* fresh, revalidated anyway */
  expect(fresh, "reload", 0, HTTP_CACHE_NONE, 1);
  expect(fresh, NULL, 0, HTTP_CACHE_HIT, 0); /* the reload's response was stored */
  expect(fresh, "no-store", 0, HTTP_CACHE_NONE, 1); /* not read */

  /* no-store writes nothing either. */
  const char *nostore = "/cache/100.bin?modes=no-store";
  expect(nostore, "no-store", 0, HTTP_CACHE_NONE, 1);
  expect(nostore, "only-if-cached", NETHTTP_ERR_CACHE_MISS, 0, 0);
  expect(nostore, NULL, 0, HTTP_CACHE_NONE, 1);
  expect(nostore, "only-if-cached", 0, HTTP_CACHE_HIT, 0);

  /* A stale resource (max-age=0, ETag). */
  const char *stale = "/cache-stale/100.bin?modes=stale";
  expect(stale, NULL, 0, HTTP_CACHE_NONE, 1);
  expect(stale, "force-cache", 0, HTTP_CACHE_STALE, 0);
  expect(stale, "only-if-cached", 0, HTTP_CACHE_STALE, 0);
  expect(stale, NULL, 0, HTTP_CACHE_REVALIDATED, 1);
  expect(stale, "reload", 0, HTTP_CACHE_NONE, 1);
  /* no-cache responses too: force-cache takes them as they are. */
  const char *nocache = "/cache-no-cache/100.bin?modes=nc";
  expect(nocache, NULL, 0, HTTP_CACHE_NONE, 1);
  expect(nocache, "force-cache", 0, HTTP_CACHE_STALE, 0);
  expect(nocache, NULL, 0, HTTP_CACHE_REVALIDATED, 1);

  /* Misses. */
  expect("/cache/100.bin?modes=never", "only-if-cached", NETHTTP_ERR_CACHE_MISS, 0, 0);
  const char *later = "/cache/100.bin?modes=force-miss";
  expect(later, "force-cache", 0, HTTP_CACHE_NONE, 1); /* a miss: the network, stored */
  expect(later, "only-if-cached", 0, HTTP_CACHE_HIT, 0);
  {
    /* Vary: stored for en-US, not usable for fr-FR. */
    const char *en = "{\"header\":{\"Accept-Language\":\"en-US\"},\"nethttp\":{\"cacheMode\":\"force-cache\"}}";
    const char *fr = "{\"header\":{\"Accept-Language\":\"fr-FR\"},\"nethttp\":{\"cacheMode\":\"only-if-cached\"}}";
    fetched a = fetch_json(base, "/cache-vary?modes=1", en);
    CHECK(a.rc == 0 && a.body && strcmp(a.body, "hello\n") == 0, "vary en: rc=%d", (int)a.rc);
    fetched b = fetch_json(base, "/cache-vary?modes=1", fr);
    CHECK_INT_EQ(b.rc, NETHTTP_ERR_CACHE_MISS);
    fetched_free(&a);
    fetched_free(&b);
  }
  {
    /* Requests the cache cannot serve at all. */
    fetched p = fetch_json(base, "/cache-echo?modes=post",
                           "{\"method\":\"POST\",\"extraData\":\"x\",\"nethttp\":{\"cacheMode\":\"only-if-cached\"}}");
    CHECK_INT_EQ(p.rc, NETHTTP_ERR_CACHE_MISS);
    fetched_free(&p);
    fetched u = fetch_json(base, fresh,
                           "{\"usingCache\":false,\"nethttp\":{\"cacheMode\":\"only-if-cached\"}}");
    CHECK_INT_EQ(u.rc, NETHTTP_ERR_CACHE_MISS);
    CHECK(strstr(http_error_message(NETHTTP_ERR_CACHE_MISS), "cache") != NULL, "message");
    fetched_free(&u);
    fetched r = fetch_json(base, fresh,
                           "{\"header\":{\"Range\":\"bytes=0-9\"},\"nethttp\":{\"cacheMode\":\"only-if-cached\"}}");
    CHECK_INT_EQ(r.rc, NETHTTP_ERR_CACHE_MISS);
    fetched_free(&r);
  }

  rfc5861();

  /* The typed setter, and bad values. */
  http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_cache_mode(o, HTTP_CACHE_MODE_ONLY_IF_CACHED), 0);
  char *url = url_join(base, "/cache/100.bin?modes=typed");
  http_handle *h = http_create();
  http_response *resp = NULL;
  CHECK_INT_EQ(http_request_sync(h, url, o, &resp), NETHTTP_ERR_CACHE_MISS);
  http_response_free(resp);
  http_destroy(h);
  CHECK_INT_EQ(http_options_set_cache_mode(o, HTTP_CACHE_MODE_FORCE_CACHE), 0);
  h = http_create();
  resp = NULL;
  CHECK_INT_EQ(http_request_sync(h, url, o, &resp), 0);
  if (resp) CHECK_INT_EQ(http_response_cache_status(resp), HTTP_CACHE_NONE);
  http_response_free(resp);
  http_destroy(h);
  CHECK_INT_EQ(http_options_set_cache_mode(o, 6), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_cache_mode(o, -1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_cache_mode(NULL, 0), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  free(url);
  http_options *bad = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"cacheMode\":\"sometimes\"}}", &bad),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"cacheMode\":3}}", &bad),
               NETHTTP_ERR_PARAMETER);

  free(file100);
  CHECK_INT_EQ(http_cache_delete(), 0);
  return test_finish();
}
