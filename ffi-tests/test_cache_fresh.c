/* Response cache: fresh hits answer without the network (counted in nginx's access log), with
 * events and near-zero network timing; what is stored and what is not (no-store, private,
 * Expires, heuristic freshness); usingCache; maxLimit on hits; invalidation by unsafe methods;
 * no cache and a deleted cache make requests go to the server. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

static const char *base;
static char *file100;  /* the bytes of www/100.bin */
static size_t file100_len;

/* Two GETs of path: the first from the server, the second a HIT without a request. */
static void expect_stored(const char *path) {
  log_settle(); /* earlier requests are all in the log before counting */
  long before = requests_for(path);
  fetched a = fetch_json(base, path, NULL);
  CHECK(a.rc == 0 && a.code == 200, "%s: rc=%d code=%u", path, (int)a.rc, a.code);
  CHECK(a.cache_status == HTTP_CACHE_NONE, "%s: first status %d", path, a.cache_status);
  fetched b = fetch_json(base, path, NULL);
  CHECK(b.rc == 0 && b.code == 200, "%s: rc=%d code=%u", path, (int)b.rc, b.code);
  CHECK(b.cache_status == HTTP_CACHE_HIT, "%s: second status %d (want HIT)", path, b.cache_status);
  CHECK(a.body && b.body && a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
        "%s: cached body differs", path);
  log_settle();
  long n = requests_for(path) - before;
  CHECK(n == 1, "%s: the server saw %ld requests, want 1", path, n);
  fetched_free(&a);
  fetched_free(&b);
}

/* Two GETs of path: both reach the server (status NONE, or REVALIDATED when want_reval). */
static void expect_not_fresh(const char *path, const char *opts, int second_status) {
  log_settle(); /* earlier requests are all in the log before counting */
  long before = requests_for(path);
  fetched a = fetch_json(base, path, opts);
  fetched b = fetch_json(base, path, opts);
  CHECK(a.rc == 0 && b.rc == 0, "%s: rc %d %d", path, (int)a.rc, (int)b.rc);
  CHECK(b.cache_status == second_status, "%s: second status %d, want %d", path, b.cache_status,
        second_status);
  CHECK(a.body && b.body && a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
        "%s: bodies differ", path);
  log_settle();
  long n = requests_for(path) - before;
  CHECK(n == 2, "%s: the server saw %ld requests, want 2", path, n);
  fetched_free(&a);
  fetched_free(&b);
}

/* ---- a stream served from the cache: events ---- */

typedef struct stream_ctx {
  waiter done;
  int headers;
  int data_end;
  int progress;
  size_t data_len;
  char data[256];
  bool headers_have_age;
  bool order_ok;
  int32_t code;
  uint32_t status;
  int cache_status;
  http_performance_timing timing;
} stream_ctx;

static void on_event(void *ud, http_handle *req, const http_event *ev) {
  (void)req;
  stream_ctx *c = ud;
  switch (ev->type) {
  case HTTP_EVENT_HEADERS_RECEIVE:
    c->headers++;
    c->headers_have_age = strstr(ev->headers_json, "\"age\":") != NULL &&
                          strstr(ev->headers_json, "\"etag\":") != NULL;
    break;
  case HTTP_EVENT_DATA_RECEIVE:
    if (c->headers != 1 || c->data_end) c->order_ok = false;
    if (c->data_len + ev->data_len <= sizeof c->data) memcpy(c->data + c->data_len, ev->data, ev->data_len);
    c->data_len += ev->data_len;
    break;
  case HTTP_EVENT_DATA_RECEIVE_PROGRESS:
    c->progress++;
    break;
  case HTTP_EVENT_DATA_END:
    c->data_end++;
    break;
  default:
    break;
  }
}

static void on_complete(void *ud, http_handle *req, int32_t code, const char *msg, http_response *resp) {
  (void)req;
  (void)msg;
  stream_ctx *c = ud;
  if (c->data_end != 1) c->order_ok = false;
  c->code = code;
  if (resp) {
    c->status = http_response_code(resp);
    c->cache_status = http_response_cache_status(resp);
    http_response_performance_timing(resp, &c->timing);
    http_response_free(resp);
  }
  waiter_signal(&c->done);
}

/* Streams path with every event listener; fills c. */
static void stream_one(const char *path, stream_ctx *c) {
  memset(c, 0, sizeof *c);
  c->order_ok = true;
  c->cache_status = -1;
  waiter_init(&c->done);
  http_handle *h = http_create();
  const int types[] = {HTTP_EVENT_HEADERS_RECEIVE, HTTP_EVENT_DATA_RECEIVE, HTTP_EVENT_DATA_END,
                       HTTP_EVENT_DATA_RECEIVE_PROGRESS};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) CHECK_INT_EQ(http_on(h, types[i], on_event, c), 0);
  char *url = url_join(base, path);
  CHECK_INT_EQ(http_request_in_stream(h, url, NULL, on_complete, c), 0);
  CHECK(waiter_wait(&c->done, 10000), "stream %s did not complete", path);
  http_destroy(h);
  free(url);
  waiter_destroy(&c->done);
}

static void stream_hit(void) {
  const char *path = "/cache/100.bin?t=stream";
  /* The first request is a stream too: its body is stored as it streams by. */
  stream_ctx first;
  stream_one(path, &first);
  CHECK(first.code == 0 && first.cache_status == HTTP_CACHE_NONE && first.data_len == 100,
        "first stream: code %d status %d len %zu", (int)first.code, first.cache_status, first.data_len);
  fetched warm = fetch_json(base, path, NULL);
  CHECK(warm.rc == 0 && warm.cache_status == HTTP_CACHE_HIT && warm.len == 100 &&
            memcmp(warm.body, file100, 100) == 0,
        "a streamed response was not stored: status %d", warm.cache_status);
  fetched_free(&warm);
  log_settle();
  long before = requests_for(path);

  stream_ctx c;
  stream_one(path, &c);

  CHECK_INT_EQ(c.code, 0);
  CHECK_INT_EQ(c.status, 200);
  CHECK_INT_EQ(c.cache_status, HTTP_CACHE_HIT);
  CHECK_INT_EQ(c.headers, 1);
  CHECK(c.headers_have_age, "headersReceive lacks the stored etag or the age field");
  CHECK_INT_EQ(c.data_end, 1);
  CHECK(c.progress >= 1, "no dataReceiveProgress");
  CHECK(c.order_ok, "events out of order (headers, data, dataEnd, completion)");
  CHECK(c.data_len == file100_len && memcmp(c.data, file100, file100_len) == 0,
        "streamed body from the cache differs (%zu bytes)", c.data_len);
  /* A cache hit: no network phase. */
  CHECK(c.timing.dns_timing == 0 && c.timing.tcp_timing == 0 && c.timing.tls_timing == 0 &&
            c.timing.first_send_timing == 0,
        "network phases of a hit: dns %f tcp %f tls %f send %f", c.timing.dns_timing,
        c.timing.tcp_timing, c.timing.tls_timing, c.timing.first_send_timing);
  CHECK(c.timing.total_timing >= c.timing.response_body_timing, "totalTiming %f < body %f",
        c.timing.total_timing, c.timing.response_body_timing);
  log_settle();
  CHECK_INT_EQ(requests_for(path) - before, 0);
}

/* A file written now: Last-Modified is now, so heuristic freshness is 0. */
static char *write_new_file(void) {
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  char name[64];
  snprintf(name, sizeof name, "cache-fresh-%ld.txt", (long)getpid());
  char *path = url_join(www, name);
  FILE *f = fopen(path, "w");
  if (CHECK(f != NULL, "cannot write %s", path)) {
    fputs("written just now\n", f);
    fclose(f);
  }
  free(path);
  char *url_path = malloc(strlen(name) + 32);
  sprintf(url_path, "/cache-heuristic/%s", name);
  return url_path;
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_HTTP");
  file100 = read_www_file("100.bin", &file100_len);
  CHECK(file100 && file100_len == 100, "cannot read 100.bin");

  /* No cache: usingCache (default true) has no effect. */
  expect_not_fresh("/cache/100.bin?t=nocache", NULL, HTTP_CACHE_NONE);

  CHECK_INT_EQ(http_cache_create(NULL, 0, HTTP_CACHE_DEFAULT), 0);

  /* A fresh hit: no request, same body, Age, zero network phases. */
  expect_stored("/cache/100.bin?t=fresh");
  {
    fetched f = fetch_json(base, "/cache/100.bin?t=fresh", NULL);
    CHECK_INT_EQ(f.cache_status, HTTP_CACHE_HIT);
    CHECK(f.len == 100 && memcmp(f.body, file100, 100) == 0, "hit body differs from 100.bin");
    CHECK(f.timing.dns_timing == 0 && f.timing.tcp_timing == 0 && f.timing.first_send_timing == 0,
          "a hit has network timing");
    fetched_free(&f);
  }
  /* JSON options path: usingCache false neither reads nor writes the cache. */
  expect_not_fresh("/cache/100.bin?t=fresh", "{\"usingCache\":false}", HTTP_CACHE_NONE);
  expect_not_fresh("/cache/100.bin?t=bypass", "{\"usingCache\":false}", HTTP_CACHE_NONE);
  {
    long before = requests_for("/cache/100.bin?t=bypass");
    fetched f = fetch_json(base, "/cache/100.bin?t=bypass", NULL);
    CHECK_INT_EQ(f.cache_status, HTTP_CACHE_NONE); /* nothing was stored by those two */
    fetched_free(&f);
    CHECK_INT_EQ(served_wait("GET", "/cache/100.bin?t=bypass", 200, before + 1), before + 1);
  }
  /* The setter too. */
  {
    http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_using_cache(o, false), 0);
    char *url = url_join(base, "/cache/100.bin?t=fresh");
    http_handle *h = http_create();
    http_response *r = NULL;
    CHECK_INT_EQ(http_request_sync(h, url, o, &r), 0);
    CHECK_INT_EQ(http_response_cache_status(r), HTTP_CACHE_NONE);
    http_response_free(r);
    http_destroy(h);
    free(url);
    http_options_free(o);
  }

  stream_hit();

  /* What is stored: private (a private cache), Expires in the future, heuristic freshness
   * from an old Last-Modified. */
  expect_stored("/cache-private/100.bin");
  expect_stored("/cache-expires-future/100.bin");
  expect_stored("/cache-heuristic/old.txt");
  expect_stored("/cache/text.txt?t=big");
  /* What is not: no-store; a Last-Modified of now gives no heuristic freshness (revalidated). */
  expect_not_fresh("/no-store", NULL, HTTP_CACHE_NONE);
  char *newfile = write_new_file();
  expect_not_fresh(newfile, NULL, HTTP_CACHE_REVALIDATED);
  CHECK(served_count("GET", newfile, 304) == 1, "the revalidation of %s was not a 304", newfile);
  /* HEAD is not served from the cache. */
  expect_not_fresh("/cache/100.bin?t=head", "{\"method\":\"HEAD\"}", HTTP_CACHE_NONE);

  /* maxLimit applies to hits: fails without a request. */
  {
    long before = requests_for("/cache/100.bin?t=fresh");
    fetched f = fetch_json(base, "/cache/100.bin?t=fresh", "{\"maxLimit\":10}");
    CHECK_INT_EQ(f.rc, NETHTTP_ERR_MAX_LIMIT);
    fetched_free(&f);
    log_settle();
    CHECK_INT_EQ(requests_for("/cache/100.bin?t=fresh") - before, 0);
  }

  /* A successful POST invalidates the URL's entry. */
  {
    long gets_before = served_count("GET", "/cache-echo", 200);
    fetched a = fetch_json(base, "/cache-echo", NULL);
    fetched b = fetch_json(base, "/cache-echo", NULL);
    CHECK(a.rc == 0 && b.cache_status == HTTP_CACHE_HIT, "GET /cache-echo not cached: %d", b.cache_status);
    CHECK(a.body && b.body && strcmp(a.body, b.body) == 0, "cached /cache-echo body differs");
    fetched post = fetch_json(base, "/cache-echo", "{\"method\":\"POST\",\"extraData\":\"x\"}");
    CHECK(post.rc == 0 && post.code == 200 && post.body && strncmp(post.body, "method=POST", 11) == 0,
          "POST /cache-echo: rc=%d code=%u", (int)post.rc, post.code);
    fetched c = fetch_json(base, "/cache-echo", NULL);
    CHECK_INT_EQ(c.cache_status, HTTP_CACHE_NONE);
    CHECK(c.body && a.body && strcmp(c.body, a.body) != 0, "GET after POST served the old body");
    log_settle();
    CHECK_INT_EQ(served_count("GET", "/cache-echo", 200) - gets_before, 2);
    fetched_free(&a);
    fetched_free(&b);
    fetched_free(&post);
    fetched_free(&c);
  }

  /* Deleted: requests go to the server again, and nothing is stored. */
  CHECK_INT_EQ(http_cache_delete(), 0);
  expect_not_fresh("/cache/100.bin?t=fresh", NULL, HTTP_CACHE_NONE);
  http_cache_stats st;
  CHECK_INT_EQ(http_cache_get_stats(&st), NETHTTP_ERR_PARAMETER);

  char *nf = url_join(env_or_die("NETHTTP_TEST_WWW"), newfile + strlen("/cache-heuristic/"));
  remove(nf);
  free(nf);
  free(newfile);
  free(file100);
  return test_finish();
}
