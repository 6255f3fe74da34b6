/* Response cache: stale entries are revalidated with one conditional request (If-None-Match,
 * or If-Modified-Since without an ETag); the server's 304 is answered with the stored body,
 * status 200 and the headers updated from the 304; a changed resource replaces the entry.
 * no-cache and must-revalidate responses, Expires in the past, and the request directives
 * no-cache, max-age, max-stale, no-store and only-if-cached; Vary keeps one entry per
 * Accept-Language; the application's own conditional request bypasses the cache. Server
 * requests are counted in nginx's access log. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

static const char *base;
static char *file100;
static size_t file100_len;

static bool is_file100(const fetched *f) {
  return f->body && f->len == file100_len && memcmp(f->body, file100, file100_len) == 0;
}

/* The first GET stores path (the server answers 200). */
static void store(const char *path, const char *opts) {
  log_settle(); /* earlier requests are all in the log before counting */
  long before = served_count("GET", path, 200);
  fetched f = fetch_json(base, path, opts);
  CHECK(f.rc == 0 && f.code == 200 && f.cache_status == HTTP_CACHE_NONE,
        "%s: rc=%d code=%u status=%d", path, (int)f.rc, f.code, f.cache_status);
  fetched_free(&f);
  CHECK_INT_EQ(served_wait("GET", path, 200, before + 1), before + 1);
}

/* A GET of a stored path that must be revalidated: one request, answered 304 by the server,
 * and 200 with the stored body for the application. */
static void expect_revalidated(const char *path, const char *opts) {
  log_settle(); /* earlier requests are all in the log before counting */
  long r304 = served_count("GET", path, 304);
  long all = requests_for(path);
  fetched f = fetch_json(base, path, opts);
  CHECK(f.rc == 0 && f.code == 200, "%s (%s): rc=%d code=%u (want 200, never 304)", path,
        opts ? opts : "", (int)f.rc, f.code);
  CHECK(f.cache_status == HTTP_CACHE_REVALIDATED, "%s (%s): status %d, want REVALIDATED", path,
        opts ? opts : "", f.cache_status);
  CHECK(is_file100(&f), "%s: revalidated body differs from 100.bin (%zu bytes)", path, f.len);
  CHECK_INT_EQ(served_wait("GET", path, 304, r304 + 1), r304 + 1);
  log_settle();
  CHECK_INT_EQ(requests_for(path) - all, 1);
  fetched_free(&f);
}

static void expect_hit(const char *path, const char *opts) {
  log_settle(); /* earlier requests are all in the log before counting */
  long all = requests_for(path);
  fetched f = fetch_json(base, path, opts);
  CHECK(f.rc == 0 && f.code == 200 && f.cache_status == HTTP_CACHE_HIT,
        "%s (%s): rc=%d code=%u status=%d, want a HIT", path, opts ? opts : "", (int)f.rc, f.code,
        f.cache_status);
  log_settle();
  CHECK_INT_EQ(requests_for(path) - all, 0);
  fetched_free(&f);
}

/* ---- a resource that changes ---- */

static void write_file(const char *path, const char *text, time_t mtime) {
  FILE *f = fopen(path, "w");
  if (!CHECK(f != NULL, "cannot write %s", path)) return;
  fputs(text, f);
  fclose(f);
  struct timeval tv[2] = {{mtime, 0}, {mtime, 0}};
  CHECK(utimes(path, tv) == 0, "utimes %s", path);
}

static void changed_resource(void) {
  char name[64], urlpath[96];
  snprintf(name, sizeof name, "cache-reval-%ld.txt", (long)getpid());
  snprintf(urlpath, sizeof urlpath, "/cache-stale/%s", name);
  char *file = url_join(env_or_die("NETHTTP_TEST_WWW"), name);
  write_file(file, "version one\n", 1600000000);

  fetched a = fetch_json(base, urlpath, NULL);
  CHECK(a.rc == 0 && a.body && strcmp(a.body, "version one\n") == 0, "v1: rc=%d", (int)a.rc);
  /* Changed on the server (other ETag and Last-Modified): the conditional request gets a
   * 200 with the new body, which replaces the entry. */
  CHECK_INT_EQ(served_wait("GET", urlpath, 200, 1), 1);
  write_file(file, "version two, longer\n", 1700000000);
  long r200 = 1;
  fetched b = fetch_json(base, urlpath, NULL);
  CHECK(b.rc == 0 && b.code == 200 && b.body && strcmp(b.body, "version two, longer\n") == 0,
        "after the change: rc=%d body=%s", (int)b.rc, b.body ? b.body : "(null)");
  CHECK_INT_EQ(b.cache_status, HTTP_CACHE_NONE);
  CHECK_INT_EQ(served_wait("GET", urlpath, 200, r200 + 1), r200 + 1);
  /* Now the new version is stored: a 304 answered with it. */
  long r304 = 0;
  fetched c = fetch_json(base, urlpath, NULL);
  CHECK(c.rc == 0 && c.code == 200 && c.cache_status == HTTP_CACHE_REVALIDATED && c.body &&
            strcmp(c.body, "version two, longer\n") == 0,
        "after the change, revalidated: status=%d body=%s", c.cache_status, c.body ? c.body : "(null)");
  CHECK_INT_EQ(served_wait("GET", urlpath, 304, r304 + 1), r304 + 1);
  fetched_free(&a);
  fetched_free(&b);
  fetched_free(&c);
  remove(file);
  free(file);
}

/* ---- Vary: Accept-Language ---- */

static void vary(void) {
  const char *en = "{\"header\":{\"Accept-Language\":\"en-US\"}}";
  const char *fr = "{\"header\":{\"Accept-Language\":\"fr-FR\"}}";
  long before = requests_for("/cache-vary");
  fetched a = fetch_json(base, "/cache-vary", en);
  fetched b = fetch_json(base, "/cache-vary", fr);
  CHECK(a.body && strcmp(a.body, "hello\n") == 0, "en: %s", a.body ? a.body : "(null)");
  CHECK(b.body && strcmp(b.body, "bonjour\n") == 0, "fr: %s", b.body ? b.body : "(null)");
  CHECK(a.cache_status == HTTP_CACHE_NONE && b.cache_status == HTTP_CACHE_NONE,
        "first en/fr statuses %d %d", a.cache_status, b.cache_status);
  http_cache_stats st;
  CHECK_INT_EQ(http_cache_get_stats(&st), 0);
  CHECK_INT_EQ(st.entries, 2); /* the cache was created empty for this */
  for (int round = 0; round < 2; round++) {
    fetched c = fetch_json(base, "/cache-vary", fr);
    fetched d = fetch_json(base, "/cache-vary", en);
    CHECK(c.cache_status == HTTP_CACHE_HIT && c.body && strcmp(c.body, "bonjour\n") == 0,
          "fr again: status %d body %s", c.cache_status, c.body ? c.body : "(null)");
    CHECK(d.cache_status == HTTP_CACHE_HIT && d.body && strcmp(d.body, "hello\n") == 0,
          "en again: status %d body %s", d.cache_status, d.body ? d.body : "(null)");
    fetched_free(&c);
    fetched_free(&d);
  }
  /* A third language is another variant: from the server. */
  fetched e = fetch_json(base, "/cache-vary", "{\"header\":{\"Accept-Language\":\"de\"}}");
  CHECK(e.cache_status == HTTP_CACHE_NONE && e.body && strcmp(e.body, "hello\n") == 0,
        "de: status %d", e.cache_status);
  /* No Accept-Language at all is one more. */
  fetched g = fetch_json(base, "/cache-vary", NULL);
  CHECK_INT_EQ(g.cache_status, HTTP_CACHE_NONE);
  log_settle();
  CHECK_INT_EQ(requests_for("/cache-vary") - before, 4);
  CHECK_INT_EQ(http_cache_get_stats(&st), 0);
  CHECK_INT_EQ(st.entries, 4);
  fetched_free(&a);
  fetched_free(&b);
  fetched_free(&e);
  fetched_free(&g);
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_HTTP");
  file100 = read_www_file("100.bin", &file100_len);
  CHECK(file100 && file100_len == 100, "cannot read 100.bin");

  CHECK_INT_EQ(http_cache_create(NULL, 0, 0), 0);
  vary();

  /* max-age=0 with an ETag: each use is one conditional request answered 304. The 304's
   * fields update the stored ones (X-Served is new in every response). */
  {
    const char *path = "/cache-stale/100.bin?t=etag";
    fetched first = fetch_json(base, path, NULL);
    CHECK(first.rc == 0 && first.served != NULL, "no X-Served");
    expect_revalidated(path, NULL);
    fetched again = fetch_json(base, path, NULL);
    CHECK_INT_EQ(again.cache_status, HTTP_CACHE_REVALIDATED);
    CHECK(again.served && first.served && strcmp(again.served, first.served) != 0,
          "X-Served was not updated from the 304: %s", again.served ? again.served : "(null)");
    fetched third = fetch_json(base, path, NULL);
    CHECK(third.served && again.served && strcmp(third.served, again.served) != 0,
          "X-Served of the third response equals the second's");
    /* A stale entry is fine when the request says max-stale: no request at all. */
    expect_hit(path, "{\"header\":{\"Cache-Control\":\"max-stale=3600\"}}");
    fetched_free(&first);
    fetched_free(&again);
    fetched_free(&third);
  }
  /* Without an ETag, If-Modified-Since does it. */
  store("/cache-lm-only/100.bin", NULL);
  expect_revalidated("/cache-lm-only/100.bin", NULL);
  /* Expires in the past: stale at once. */
  store("/cache-expires-past/100.bin", NULL);
  expect_revalidated("/cache-expires-past/100.bin", NULL);
  /* no-cache: always revalidated, even when the request accepts stale responses. */
  store("/cache-no-cache/100.bin", NULL);
  expect_revalidated("/cache-no-cache/100.bin", NULL);
  expect_revalidated("/cache-no-cache/100.bin", "{\"header\":{\"Cache-Control\":\"max-stale=3600\"}}");
  /* must-revalidate: once stale, max-stale does not help. */
  store("/cache-must-revalidate/100.bin", NULL);
  expect_revalidated("/cache-must-revalidate/100.bin", NULL);
  expect_revalidated("/cache-must-revalidate/100.bin", "{\"header\":{\"Cache-Control\":\"max-stale=3600\"}}");

  /* Request directives on a fresh entry (max-age=60). */
  store("/cache/100.bin?t=req", NULL);
  expect_hit("/cache/100.bin?t=req", NULL);
  expect_revalidated("/cache/100.bin?t=req", "{\"header\":{\"Cache-Control\":\"no-cache\"}}");
  expect_revalidated("/cache/100.bin?t=req", "{\"header\":{\"Pragma\":\"no-cache\"}}");
  expect_revalidated("/cache/100.bin?t=req", "{\"header\":{\"Cache-Control\":\"max-age=0\"}}");
  expect_hit("/cache/100.bin?t=req", "{\"header\":{\"Cache-Control\":\"max-age=3600\"}}");
  expect_revalidated("/cache/100.bin?t=req", "{\"header\":{\"Cache-Control\":\"min-fresh=3600\"}}");
  expect_hit("/cache/100.bin?t=req", NULL);
  /* no-store in the request: the response is not stored. */
  store("/cache/100.bin?t=nostore", "{\"header\":{\"Cache-Control\":\"no-store\"}}");
  store("/cache/100.bin?t=nostore", NULL);
  expect_hit("/cache/100.bin?t=nostore", NULL);
  /* only-if-cached: 504 from nethttp without a request when nothing is stored; the stored
   * response when there is one. */
  {
    const char *path = "/cache/100.bin?t=oic";
    const char *oic = "{\"header\":{\"Cache-Control\":\"only-if-cached\"}}";
    fetched f = fetch_json(base, path, oic);
    CHECK(f.rc == 0 && f.code == 504 && f.cache_status == HTTP_CACHE_UNSATISFIED && f.len == 0,
          "only-if-cached without an entry: rc=%d code=%u status=%d", (int)f.rc, f.code, f.cache_status);
    log_settle();
    CHECK_INT_EQ(requests_for(path), 0);
    fetched_free(&f);
    store(path, NULL);
    expect_hit(path, oic);
    /* A stale entry does not satisfy it either (no revalidation either). */
    store("/cache-stale/100.bin?t=oic", NULL);
    long before = requests_for("/cache-stale/100.bin?t=oic");
    fetched g = fetch_json(base, "/cache-stale/100.bin?t=oic", oic);
    CHECK(g.code == 504 && g.cache_status == HTTP_CACHE_UNSATISFIED, "stale only-if-cached: %u %d",
          g.code, g.cache_status);
    log_settle();
    CHECK_INT_EQ(requests_for("/cache-stale/100.bin?t=oic") - before, 0);
    fetched_free(&g);
  }
  /* The application's own conditional request bypasses the cache: it gets the 304. */
  {
    const char *path = "/cache-stale/100.bin?t=etag";
    char *url = url_join(base, path);
    http_handle *h = http_create();
    http_response *r = NULL;
    CHECK_INT_EQ(http_request_sync(h, url, NULL, &r), 0);
    char etag[128] = "";
    const char *e = r ? http_response_header(r, "etag") : NULL;
    if (CHECK(e != NULL, "no ETag")) snprintf(etag, sizeof etag, "%s", e);
    http_response_free(r);
    http_destroy(h);
    free(url);
    http_options *op = http_options_new();
    CHECK_INT_EQ(http_options_add_header(op, "If-None-Match", etag), 0);
    h = http_create();
    url = url_join(base, path);
    r = NULL;
    CHECK_INT_EQ(http_request_sync(h, url, op, &r), 0);
    CHECK_INT_EQ(http_response_code(r), 304);
    CHECK_INT_EQ(http_response_cache_status(r), HTTP_CACHE_NONE);
    http_response_free(r);
    http_destroy(h);
    http_options_free(op);
    free(url);
  }

  changed_resource();

  CHECK_INT_EQ(http_cache_delete(), 0);
  free(file100);
  return test_finish();
}
