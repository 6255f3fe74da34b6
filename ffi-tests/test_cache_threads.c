/* Response cache under concurrency: 8 threads request warm URLs (must all be hits), their
 * own cold URLs (exactly one server request each), a stale URL (revalidated each time) and
 * an uncacheable one, with blocking and asynchronous calls, while another thread flushes and
 * reads the counters. Every body is checked; server requests are counted in the access log. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

#define THREADS 8
#define ROUNDS 40
#define WARM 4
#define COLD 5

static const char *base;
static char *file100;
static size_t file100_len;
static char *text;
static size_t text_len;
static volatile int stop_flusher;

static void warm_path(int i, char *out, size_t n) {
  snprintf(out, n, i % 2 ? "/cache/text.txt?warm=%d" : "/cache/100.bin?warm=%d", i);
}

static bool body_ok(const char *path, const fetched *f) {
  if (strstr(path, "text.txt")) return f->body && f->len == text_len && memcmp(f->body, text, text_len) == 0;
  if (strstr(path, "no-store")) return f->body && strcmp(f->body, "never cache me\n") == 0;
  return f->body && f->len == file100_len && memcmp(f->body, file100, file100_len) == 0;
}

typedef struct async_ctx {
  waiter w;
  int32_t code;
  int cache_status;
  size_t len;
  bool same;
} async_ctx;

static void on_done(void *ud, http_handle *req, int32_t code, const char *msg, http_response *resp) {
  (void)req;
  (void)msg;
  async_ctx *c = ud;
  c->code = code;
  if (resp) {
    c->cache_status = http_response_cache_status(resp);
    const uint8_t *b = http_response_result(resp, &c->len);
    c->same = c->len == file100_len && memcmp(b, file100, file100_len) == 0;
    http_response_free(resp);
  }
  waiter_signal(&c->w);
}

static void *worker(void *arg) {
  int t = (int)(intptr_t)arg;
  char path[128];
  for (int r = 0; r < ROUNDS; r++) {
    int kind = r % 5;
    int expect = -1;
    if (kind <= 1) {
      warm_path((t + r) % WARM, path, sizeof path);
      expect = HTTP_CACHE_HIT;
    } else if (kind == 2) {
      snprintf(path, sizeof path, "/cache/100.bin?cold=%d-%d", t, (r / 5) % COLD);
      expect = (r / 5) < COLD ? HTTP_CACHE_NONE : HTTP_CACHE_HIT;
    } else if (kind == 3) {
      snprintf(path, sizeof path, "/cache-stale/100.bin?thread=%d", t);
      expect = r == 3 ? HTTP_CACHE_NONE : HTTP_CACHE_REVALIDATED;
    } else {
      snprintf(path, sizeof path, "/no-store?thread=%d", t);
      expect = HTTP_CACHE_NONE;
    }
    if (kind == 0 && r % 2 == 0) {
      /* asynchronous, completion on the worker */
      async_ctx c;
      memset(&c, 0, sizeof c);
      c.cache_status = -1;
      waiter_init(&c.w);
      http_handle *h = http_create();
      char *url = url_join(base, path);
      if (strstr(path, "100.bin") && CHECK_INT_EQ(http_request(h, url, NULL, on_done, &c), 0)) {
        CHECK(waiter_wait(&c.w, 20000), "async request did not complete");
        CHECK(c.code == 0 && c.cache_status == expect && c.same, "async %s: code %d status %d same %d",
              path, (int)c.code, c.cache_status, c.same);
      }
      http_destroy(h);
      free(url);
      waiter_destroy(&c.w);
      continue;
    }
    fetched f = fetch_json(base, path, NULL);
    CHECK(f.rc == 0 && f.code == 200, "thread %d %s: rc=%d code=%u", t, path, (int)f.rc, f.code);
    CHECK(f.cache_status == expect, "thread %d round %d %s: status %d, want %d", t, r, path,
          f.cache_status, expect);
    CHECK(body_ok(path, &f), "thread %d %s: wrong body (%zu bytes)", t, path, f.len);
    fetched_free(&f);
  }
  return NULL;
}

static void *flusher(void *arg) {
  (void)arg;
  int n = 0;
  while (!stop_flusher) {
    CHECK_INT_EQ(http_cache_flush(), 0);
    http_cache_stats st;
    CHECK_INT_EQ(http_cache_get_stats(&st), 0);
    CHECK(st.bytes <= st.capacity, "bytes %llu > capacity", (unsigned long long)st.bytes);
    n++;
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  CHECK(n > 0, "the flusher never ran");
  return NULL;
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_HTTP");
  file100 = read_www_file("100.bin", &file100_len);
  text = read_www_file("text.txt", &text_len);
  CHECK(file100 && text, "cannot read the test files");

  char *dir = url_join(env_or_die("NETHTTP_TEST_TMP"), "threads-cache");
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);

  char path[128];
  long warm_before = 0;
  for (int i = 0; i < WARM; i++) {
    warm_path(i, path, sizeof path);
    fetched f = fetch_json(base, path, NULL);
    CHECK(f.rc == 0 && f.cache_status == HTTP_CACHE_NONE && body_ok(path, &f), "warm-up %s", path);
    fetched_free(&f);
    CHECK_INT_EQ(served_wait("GET", path, 200, 1), 1);
    warm_before += requests_for(path);
  }

  pthread_t th[THREADS], fl;
  pthread_create(&fl, NULL, flusher, NULL);
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t);
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
  stop_flusher = 1;
  pthread_join(fl, NULL);

  log_settle();
  long warm_after = 0;
  for (int i = 0; i < WARM; i++) {
    warm_path(i, path, sizeof path);
    warm_after += requests_for(path);
  }
  CHECK(warm_after == warm_before, "warm URLs: %ld server requests during the run, want 0",
        warm_after - warm_before);
  for (int t = 0; t < THREADS; t++) {
    for (int c = 0; c < COLD; c++) {
      snprintf(path, sizeof path, "/cache/100.bin?cold=%d-%d", t, c);
      CHECK(requests_for(path) == 1, "%s: %ld server requests, want 1", path, requests_for(path));
    }
    snprintf(path, sizeof path, "/cache-stale/100.bin?thread=%d", t);
    CHECK(served_count("GET", path, 304) == ROUNDS / 5 - 1, "%s: %ld 304s, want %d", path,
          served_count("GET", path, 304), ROUNDS / 5 - 1);
  }

  /* What was flushed last comes back in a new cache on the directory. */
  CHECK_INT_EQ(http_cache_flush(), 0);
  http_cache_stats before, after;
  CHECK_INT_EQ(http_cache_get_stats(&before), 0);
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
  CHECK_INT_EQ(http_cache_get_stats(&after), 0);
  CHECK_INT_EQ(after.entries, before.entries);
  CHECK_INT_EQ(after.bytes, before.bytes);
  CHECK_INT_EQ(before.entries, WARM + THREADS * COLD + THREADS);
  CHECK_INT_EQ(http_cache_delete(), 0);

  free(dir);
  free(file100);
  free(text);
  return test_finish();
}
