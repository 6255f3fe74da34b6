/* Response cache storage: argument checks of http_cache_create/flush/delete/stats; the size
 * bound with least-recently-used eviction; a response larger than the cache is not stored;
 * flush + create on the same directory serves the flushed entries; a corrupt, truncated or
 * foreign cache file is discarded without a crash; delete removes the file and disables the
 * cache. Server requests are counted in nginx's access log. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_util.h"
#include "common.h"
#include "nethttp.h"

static const char *base;

static int status_of(const char *path) {
  fetched f = fetch_json(base, path, NULL);
  CHECK(f.rc == 0 && f.code == 200, "%s: rc=%d code=%u", path, (int)f.rc, f.code);
  int s = f.cache_status;
  fetched_free(&f);
  return s;
}

static http_cache_stats stats(void) {
  http_cache_stats st;
  memset(&st, 0, sizeof st);
  CHECK_INT_EQ(http_cache_get_stats(&st), 0);
  return st;
}

static bool exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0;
}

static void api_errors(const char *tmp) {
  http_cache_stats st;
  CHECK_INT_EQ(http_cache_flush(), NETHTTP_ERR_PARAMETER); /* no cache yet */
  CHECK(strstr(http_last_error_detail(), "http_cache_create") != NULL, "detail: %s",
        http_last_error_detail());
  CHECK_INT_EQ(http_cache_get_stats(&st), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_delete(), 0); /* nothing to delete is fine */
  CHECK_INT_EQ(http_cache_create(NULL, 10 * 1024 * 1024 + 1, 0), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "size") != NULL, "detail: %s", http_last_error_detail());
  CHECK_INT_EQ(http_cache_create(NULL, 0, 0x80), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_create("\xff\xfe", 0, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_create("", 0, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_create(NULL, (1ull << 30) + 1, HTTP_CACHE_ALLOW_LARGE), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_get_stats(&st), NETHTTP_ERR_PARAMETER); /* none of those created one */
  /* A directory that cannot be created: a file is in the way. */
  char *blocker = url_join(tmp, "not-a-dir");
  FILE *f = fopen(blocker, "w");
  if (f) fclose(f);
  char *under = url_join(blocker, "cache");
  CHECK_INT_EQ(http_cache_create(under, 0, 0), NETHTTP_ERR_CURL_BASE + 23);
  CHECK(strstr(http_last_error_detail(), "not-a-dir") != NULL, "detail: %s", http_last_error_detail());
  free(under);
  free(blocker);

  CHECK_INT_EQ(http_cache_create(NULL, 20 * 1024 * 1024, HTTP_CACHE_ALLOW_LARGE), 0);
  st = stats();
  CHECK_INT_EQ(st.capacity, 20 * 1024 * 1024);
  CHECK_INT_EQ(http_cache_create(NULL, 0, 0), 0);
  st = stats();
  CHECK_INT_EQ(st.capacity, 10 * 1024 * 1024);
  CHECK_INT_EQ(st.entries, 0);
  CHECK_INT_EQ(http_cache_get_stats(NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_flush(), 0); /* memory only: nothing to write */
  CHECK_INT_EQ(http_cache_delete(), 0);
}

static void eviction(void) {
  /* Every /cache/100.bin?e=X response counts the same: measure one. */
  CHECK_INT_EQ(http_cache_create(NULL, 0, 0), 0);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=m"), HTTP_CACHE_NONE);
  uint64_t one = stats().bytes;
  CHECK(one > 100 && one < 2000, "one entry counts %llu bytes", (unsigned long long)one);

  /* Room for three entries. */
  uint64_t cap = 3 * one + one / 2;
  CHECK_INT_EQ(http_cache_create(NULL, cap, 0), 0); /* replaces: empty */
  CHECK_INT_EQ(stats().entries, 0);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=a"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=b"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=c"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(stats().entries, 3);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=a"), HTTP_CACHE_HIT); /* a is now the most recent */
  CHECK_INT_EQ(status_of("/cache/100.bin?e=d"), HTTP_CACHE_NONE); /* evicts b, the LRU */
  http_cache_stats st = stats();
  CHECK_INT_EQ(st.entries, 3);
  CHECK(st.bytes <= cap, "%llu bytes stored in a cache of %llu", (unsigned long long)st.bytes,
        (unsigned long long)cap);
  log_settle();
  long b_before = requests_for("/cache/100.bin?e=b");
  long acd_before = requests_for("/cache/100.bin?e=a") + requests_for("/cache/100.bin?e=c") +
                    requests_for("/cache/100.bin?e=d");
  CHECK_INT_EQ(status_of("/cache/100.bin?e=c"), HTTP_CACHE_HIT);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=d"), HTTP_CACHE_HIT);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=a"), HTTP_CACHE_HIT);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=b"), HTTP_CACHE_NONE); /* evicted: from the server */
  log_settle();
  CHECK_INT_EQ(requests_for("/cache/100.bin?e=b") - b_before, 1);
  CHECK_INT_EQ(requests_for("/cache/100.bin?e=a") + requests_for("/cache/100.bin?e=c") +
                   requests_for("/cache/100.bin?e=d") - acd_before,
               0);

  /* A response larger than the whole cache is not stored (and evicts nothing). */
  CHECK_INT_EQ(http_cache_create(NULL, 4096, 0), 0);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=small"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/text.txt?e=big"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/text.txt?e=big"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/100.bin?e=small"), HTTP_CACHE_HIT);
  st = stats();
  CHECK_INT_EQ(st.entries, 1);
  CHECK_INT_EQ(served_wait("GET", "/cache/text.txt?e=big", 200, 2), 2);
  CHECK_INT_EQ(http_cache_delete(), 0);
}

static void write_bytes(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!CHECK(f != NULL, "cannot write %s", path)) return;
  fwrite(data, 1, len, f);
  fclose(f);
}

static void persistence(const char *tmp) {
  char *dir = url_join(tmp, "cachedir/sub");
  char *file = url_join(dir, "nethttp-cache.bin");
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0); /* creates the directories */
  CHECK_INT_EQ(status_of("/cache/100.bin?p=1"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(status_of("/cache/data.json?p=2"), HTTP_CACHE_NONE);
  CHECK(!exists(file), "the file exists before a flush");
  CHECK_INT_EQ(http_cache_flush(), 0);
  CHECK(exists(file), "no %s after flush", file);

  /* A new cache on the directory serves the flushed entries. */
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
  CHECK_INT_EQ(stats().entries, 2);
  log_settle();
  long before = requests_for("/cache/100.bin?p=1");
  fetched f = fetch_json(base, "/cache/100.bin?p=1", NULL);
  CHECK_INT_EQ(f.cache_status, HTTP_CACHE_HIT);
  char *p100 = url_join(env_or_die("NETHTTP_TEST_WWW"), "100.bin");
  CHECK(f.body && file_equals_bytes(p100, (const uint8_t *)f.body, f.len), "reloaded body differs");
  free(p100);
  fetched_free(&f);
  CHECK_INT_EQ(status_of("/cache/data.json?p=2"), HTTP_CACHE_HIT);
  log_settle();
  CHECK_INT_EQ(requests_for("/cache/100.bin?p=1") - before, 0);

  /* Entries not flushed are not there for the next cache. */
  CHECK_INT_EQ(status_of("/cache/100.bin?p=3"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
  CHECK_INT_EQ(stats().entries, 2);

  CHECK_INT_EQ(http_cache_flush(), 0);
  size_t len = 0;
  char *good = read_file(file, &len);
  CHECK(good != NULL && len > 200, "cannot read the cache file");

  /* Corrupt: one byte flipped in the middle. Discarded: empty cache, file removed. */
  if (good) {
    char *bad = malloc(len);
    memcpy(bad, good, len);
    bad[len / 2] ^= 0x20;
    write_bytes(file, bad, len);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 0);
    CHECK(!exists(file), "the corrupt file is still there");
    CHECK_INT_EQ(status_of("/cache/100.bin?p=1"), HTTP_CACHE_NONE);
    /* Truncated */
    write_bytes(file, good, len - 7);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 0);
    write_bytes(file, good, 20);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 0);
    /* Not a cache file at all, and an empty one */
    write_bytes(file, "hello, I am not a cache\n", 24);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 0);
    write_bytes(file, "", 0);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 0);
    /* The good file again: both entries back, and the cache works after all that. */
    write_bytes(file, good, len);
    CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
    CHECK_INT_EQ(stats().entries, 2);
    CHECK_INT_EQ(status_of("/cache/data.json?p=2"), HTTP_CACHE_HIT);
    free(bad);
  }
  free(good);

  /* A leftover temporary file (a flush that crashed) does not matter. */
  char tmpname[128];
  snprintf(tmpname, sizeof tmpname, "%s.tmp-999999", file);
  write_bytes(tmpname, "partial", 7);
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
  CHECK_INT_EQ(stats().entries, 2);
  remove(tmpname);

  /* Delete: disabled, the file removed, the directory kept. */
  CHECK_INT_EQ(http_cache_delete(), 0);
  CHECK(!exists(file), "delete left %s", file);
  CHECK(exists(dir), "delete removed the directory");
  CHECK_INT_EQ(status_of("/cache/data.json?p=2"), HTTP_CACHE_NONE);
  CHECK_INT_EQ(http_cache_flush(), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_cache_create(dir, 0, 0), 0);
  CHECK_INT_EQ(stats().entries, 0);
  CHECK_INT_EQ(http_cache_delete(), 0);
  free(file);
  free(dir);
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_HTTP");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  api_errors(tmp);
  eviction();
  persistence(tmp);
  return test_finish();
}
