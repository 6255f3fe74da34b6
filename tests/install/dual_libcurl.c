/* The static libnethttp.a and the system's libcurl in one program (scripts/test-install.sh).
 *
 *   dual_libcurl BASE_URL BUNDLED_CURL_VERSION
 *
 * BASE_URL is the local nginx (http://127.0.0.1:P). Checks that
 *   - curl_* in this program are the system libcurl's (dladdr names libcurl.so), which reports
 *     the version of the <curl/curl.h> it was compiled with, while http_version_info() reports
 *     nethttp's bundled libcurl (BUNDLED_CURL_VERSION; curl-sys's build says "8.22.0-DEV" for 8.22.0):
 *     two copies, each with its own symbols;
 *   - nethttp's load-time constructor (curl_global_init_mem on its own libcurl, mimalloc) did
 *     not touch the system libcurl: this program's curl_global_init_mem still takes effect, and
 *     nethttp's transfers never call this program's allocator;
 *   - both fetch from the server, before and after each other.
 * Exit status 0 when all holds. */
#define _GNU_SOURCE 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nethttp.h>

static int failures;
#define CHECK(cond, ...)                                        \
  do {                                                          \
    if (!(cond)) {                                              \
      fprintf(stderr, "dual_libcurl:%d: %s: ", __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                             \
      fputc('\n', stderr);                                      \
      failures++;                                               \
    }                                                           \
  } while (0)

/* The system libcurl's allocator: counts, then the C library's. */
static atomic_long app_allocs;
static void *count_malloc(size_t n) { app_allocs++; return malloc(n); }
static void count_free(void *p) { free(p); }
static void *count_realloc(void *p, size_t n) { app_allocs++; return realloc(p, n); }
static char *count_strdup(const char *s) { app_allocs++; return strdup(s); }
static void *count_calloc(size_t n, size_t s) { app_allocs++; return calloc(n, s); }

static size_t count_bytes(char *data, size_t size, size_t n, void *userdata) {
  (void)data;
  *(size_t *)userdata += size * n;
  return size * n;
}

/* One GET with the system libcurl; the number of body bytes, or -1. */
static long system_curl_get(const char *url, long *status) {
  CURL *c = curl_easy_init();
  if (!c) return -1;
  size_t got = 0;
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    fprintf(stderr, "system libcurl: %s: %s\n", url, curl_easy_strerror(rc));
    return -1;
  }
  return (long)got;
}

/* One blocking GET with nethttp; the number of body bytes, or -1. */
static long nethttp_get(const char *url, uint32_t *status) {
  http_handle *h = http_create();
  http_response *r = NULL;
  int32_t rc = http_request_sync(h, url, NULL, &r);
  http_destroy(h);
  if (rc != NETHTTP_OK) {
    fprintf(stderr, "nethttp: %s: %d %s\n", url, rc, http_last_error_detail());
    return -1;
  }
  size_t len = 0;
  http_response_result(r, &len);
  *status = http_response_code(r);
  http_response_free(r);
  return (long)len;
}

/* The value of "libcurl" in http_version_info()'s JSON. */
static void bundled_version(char *out, size_t cap) {
  const char *info = http_version_info();
  const char *p = strstr(info, "\"libcurl\":\"");
  out[0] = '\0';
  if (!p) return;
  p += strlen("\"libcurl\":\"");
  size_t n = strcspn(p, "\"");
  if (n >= cap) n = cap - 1;
  memcpy(out, p, n);
  out[n] = '\0';
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: dual_libcurl BASE_URL BUNDLED_CURL_VERSION\n");
    return 2;
  }
  const char *base = argv[1], *want_bundled = argv[2];
  char url_small[512], url_big[512];
  snprintf(url_small, sizeof url_small, "%s/100.bin", base);
  snprintf(url_big, sizeof url_big, "%s/1m.bin", base);

  /* Before anything else of libcurl's: the system copy must not be initialised yet. */
  CURLcode g = curl_global_init_mem(CURL_GLOBAL_ALL, count_malloc, count_free, count_realloc,
                                    count_strdup, count_calloc);
  CHECK(g == CURLE_OK, "curl_global_init_mem: %d", (int)g);

  /* Which copy each name binds to. */
  Dl_info di;
  CHECK(dladdr((void *)curl_easy_init, &di) && di.dli_fname && strstr(di.dli_fname, "libcurl"),
        "curl_easy_init is not the system libcurl's (%s)", di.dli_fname ? di.dli_fname : "?");
  const curl_version_info_data *sys = curl_version_info(CURLVERSION_NOW);
  char bundled[64];
  bundled_version(bundled, sizeof bundled);
  printf("system libcurl:  %s (%s)\n", sys->version, di.dli_fname ? di.dli_fname : "?");
  printf("nethttp libcurl: %s (http_version_info)\n", bundled);
  CHECK(strcmp(sys->version, LIBCURL_VERSION) == 0, "curl_version_info says %s, <curl/curl.h> %s",
        sys->version, LIBCURL_VERSION);
  /* curl-sys builds its bundled source as "8.22.0-DEV" */
  CHECK(strncmp(bundled, want_bundled, strlen(want_bundled)) == 0,
        "nethttp's libcurl is %s, not the bundled %s", bundled, want_bundled);
  CHECK(strcmp(bundled, sys->version) != 0, "both report %s", bundled);
  CHECK(strncmp(curl_version(), "libcurl/", 8) == 0 && strstr(curl_version(), sys->version),
        "curl_version(): %s", curl_version());

  long status = 0;
  uint32_t nstatus = 0;
  long n = system_curl_get(url_small, &status);
  CHECK(n == 100 && status == 200, "system libcurl: %ld bytes, status %ld", n, status);
  long allocs = atomic_load(&app_allocs);
  CHECK(allocs > 0, "the system libcurl did not use this program's allocator (was it initialised "
                    "before main, by nethttp's constructor?)");

  for (int i = 0; i < 3; i++) {
    n = nethttp_get(url_big, &nstatus);
    CHECK(n == 1048576 && nstatus == 200, "nethttp: %ld bytes, status %u", n, nstatus);
  }
  CHECK(atomic_load(&app_allocs) == allocs,
        "nethttp's transfers allocated %ld times through the system libcurl's allocator",
        atomic_load(&app_allocs) - allocs);

  n = system_curl_get(url_big, &status);
  CHECK(n == 1048576 && status == 200, "system libcurl after nethttp: %ld bytes, status %ld", n,
        status);
  n = nethttp_get(url_small, &nstatus);
  CHECK(n == 100 && nstatus == 200, "nethttp after the system libcurl: %ld bytes, status %u", n,
        nstatus);
  curl_global_cleanup();
  n = nethttp_get(url_small, &nstatus);
  CHECK(n == 100 && nstatus == 200, "nethttp after curl_global_cleanup: %ld bytes, status %u", n,
        nstatus);

  printf("dual_libcurl: %s\n", failures ? "FAILED" : "both libcurls work side by side");
  return failures ? 1 : 0;
}
