/* Helpers for the C tests; see common.h. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t check_mu = PTHREAD_MUTEX_INITIALIZER;
static int check_count;
static int check_failed;

/* Unbuffered stdout: a test killed at its timeout still shows everything it printed. */
__attribute__((constructor)) static void common_init(void) { setvbuf(stdout, NULL, _IONBF, 0); }

const char *env_or_die(const char *name) {
  const char *v = getenv(name);
  if (v == NULL || v[0] == '\0') {
    fprintf(stderr, "environment variable %s is not set (run the tests with `cargo test`)\n", name);
    exit(1);
  }
  return v;
}

char *url_join(const char *base, const char *path) {
  size_t bl = strlen(base);
  while (bl > 0 && base[bl - 1] == '/') bl--;
  while (*path == '/') path++;
  size_t pl = strlen(path);
  char *out = malloc(bl + 1 + pl + 1);
  if (out == NULL) {
    fprintf(stderr, "url_join: out of memory\n");
    exit(1);
  }
  memcpy(out, base, bl);
  out[bl] = '/';
  memcpy(out + bl + 1, path, pl + 1);
  return out;
}

static int record(int ok) {
  pthread_mutex_lock(&check_mu);
  check_count++;
  if (!ok) check_failed++;
  pthread_mutex_unlock(&check_mu);
  return ok;
}

int check_impl(int ok, const char *file, int line, const char *expr, const char *fmt, ...) {
  if (!ok) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* one fprintf: lines from several threads do not interleave */
    fprintf(stderr, "%s:%d: CHECK(%s) failed: %s\n", file, line, expr, msg);
  }
  return record(ok);
}

int check_int_eq_impl(long long actual, long long expected, const char *file, int line,
                      const char *actual_expr, const char *expected_expr) {
  char expr[512];
  snprintf(expr, sizeof expr, "%s == %s", actual_expr, expected_expr);
  return check_impl(actual == expected, file, line, expr, "%lld != %lld", actual, expected);
}

int check_str_eq_impl(const char *actual, const char *expected, const char *file, int line,
                      const char *actual_expr, const char *expected_expr) {
  int ok = actual != NULL && expected != NULL ? strcmp(actual, expected) == 0 : actual == expected;
  char expr[512];
  snprintf(expr, sizeof expr, "%s streq %s", actual_expr, expected_expr);
  return check_impl(ok, file, line, expr, "%s%s%s != %s%s%s", actual ? "\"" : "",
                    actual ? actual : "NULL", actual ? "\"" : "", expected ? "\"" : "",
                    expected ? expected : "NULL", expected ? "\"" : "");
}

int check_failures(void) {
  pthread_mutex_lock(&check_mu);
  int n = check_failed;
  pthread_mutex_unlock(&check_mu);
  return n;
}

int test_finish(void) {
  pthread_mutex_lock(&check_mu);
  int total = check_count, failed = check_failed;
  pthread_mutex_unlock(&check_mu);
  if (failed > 0) {
    fprintf(stderr, "%d of %d checks failed\n", failed, total);
    return 1;
  }
  fprintf(stderr, "all %d checks passed\n", total);
  return 0;
}

void waiter_init(waiter *w) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->cv, &attr);
  pthread_condattr_destroy(&attr);
  w->count = 0;
}

void waiter_destroy(waiter *w) {
  pthread_cond_destroy(&w->cv);
  pthread_mutex_destroy(&w->mu);
}

void waiter_signal(waiter *w) {
  pthread_mutex_lock(&w->mu);
  w->count++;
  pthread_cond_broadcast(&w->cv);
  pthread_mutex_unlock(&w->mu);
}

bool waiter_wait(waiter *w, int timeout_ms) {
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  if (timeout_ms >= 0) {
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000L;
    }
  }
  pthread_mutex_lock(&w->mu);
  int rc = 0;
  while (w->count == 0 && rc != ETIMEDOUT) {
    rc = timeout_ms < 0 ? pthread_cond_wait(&w->cv, &w->mu)
                        : pthread_cond_timedwait(&w->cv, &w->mu, &deadline);
  }
  bool got = w->count > 0;
  if (got) w->count--;
  pthread_mutex_unlock(&w->mu);
  return got;
}

uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf != NULL) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (ferror(f)) break;
    if (feof(f)) {
      buf[n] = '\0';
      fclose(f);
      if (len != NULL) *len = n;
      return buf;
    }
    if (cap - n - 1 == 0) {
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) break;
      buf = bigger;
      cap *= 2;
    }
  }
  free(buf);
  fclose(f);
  return NULL;
}

char *read_www_file(const char *name, size_t *len) {
  char *path = url_join(env_or_die("NETHTTP_TEST_WWW"), name);
  char *content = read_file(path, len);
  free(path);
  return content;
}

long count_lines_matching(const char *path, const char *substring) {
  size_t len;
  char *text = read_file(path, &len);
  if (text == NULL) return -1;
  long count = 0;
  char *line = text;
  while (line < text + len) {
    char *end = memchr(line, '\n', (size_t)(text + len - line));
    if (end == NULL) end = text + len;
    *end = '\0';
    if (strstr(line, substring) != NULL) count++;
    line = end + 1;
  }
  free(text);
  return count;
}

long wait_lines_matching(const char *path, const char *substring, long at_least, int timeout_ms) {
  uint64_t deadline = now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
  for (;;) {
    long n = count_lines_matching(path, substring);
    if (n >= at_least || now_ms() >= deadline) return n;
    struct timespec pause = {0, 5 * 1000000L};
    nanosleep(&pause, NULL);
  }
}

bool file_equals_bytes(const char *path, const uint8_t *data, size_t len) {
  size_t n;
  char *content = read_file(path, &n);
  if (content == NULL) return false;
  bool same = n == len && (len == 0 || memcmp(content, data, len) == 0);
  free(content);
  return same;
}

bool files_equal(const char *a, const char *b) {
  enum { BLOCK = 1 << 20 };
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  char *ba = malloc(BLOCK), *bb = malloc(BLOCK);
  bool same = fa != NULL && fb != NULL && ba != NULL && bb != NULL;
  while (same) {
    size_t na = fread(ba, 1, BLOCK, fa), nb = fread(bb, 1, BLOCK, fb);
    if (na != nb || memcmp(ba, bb, na) != 0) same = false;
    if (na == 0) break;
  }
  if (same && (ferror(fa) || ferror(fb))) same = false;
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  free(ba);
  free(bb);
  return same;
}

void completion_init(completion *c) {
  memset(c, 0, sizeof *c);
  waiter_init(&c->w);
}

void completion_fini(completion *c) {
  http_response_free(c->resp);
  c->resp = NULL;
  waiter_destroy(&c->w);
}

void completion_cb(void *userdata, struct http_handle *request, int32_t code, const char *msg,
                   struct http_response *resp) {
  completion *c = userdata;
  CHECK(msg != NULL, "error_message must never be NULL");
  pthread_mutex_lock(&c->w.mu);
  bool first = c->calls++ == 0;
  if (first) {
    c->code = code;
    snprintf(c->msg, sizeof c->msg, "%s", msg ? msg : "(null)");
    c->handle = request;
    c->resp = resp;
  }
  pthread_mutex_unlock(&c->w.mu);
  if (!first) http_response_free(resp);
  waiter_signal(&c->w);
}

bool completion_wait(completion *c, int timeout_ms) { return waiter_wait(&c->w, timeout_ms); }

int completion_calls(completion *c) {
  pthread_mutex_lock(&c->w.mu);
  int n = c->calls;
  pthread_mutex_unlock(&c->w.mu);
  return n;
}

int32_t request_sync(const char *url, const struct http_options *o, struct http_response **out) {
  struct http_handle *h = http_create();
  int32_t rc = http_request_sync(h, url, o, out);
  if (rc != 0) fprintf(stderr, "  %s -> %d (%s)\n", url, (int)rc, http_last_error_detail());
  http_destroy(h);
  return rc;
}

int32_t fetch_sync(const char *url, const struct http_options *o, uint32_t *status, char **body,
                   size_t *len) {
  struct http_response *r = NULL;
  int32_t rc = request_sync(url, o, &r);
  if (status) *status = 0;
  if (body) *body = NULL;
  if (len) *len = 0;
  if (rc == 0) {
    if (status) *status = http_response_code(r);
    size_t n = 0;
    const uint8_t *b = http_response_result(r, &n);
    CHECK(b != NULL && b[n] == '\0', "%s: result not NUL-terminated", url);
    if (b == NULL) n = 0;
    if (body) {
      *body = malloc(n + 1);
      if (*body == NULL) {
        fprintf(stderr, "fetch_sync: out of memory\n");
        exit(1);
      }
      if (n > 0) memcpy(*body, b, n);
      (*body)[n] = '\0';
    }
    if (len) *len = n;
    http_response_free(r);
  }
  return rc;
}

void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

long rss_bytes(void) {
  long pages = -1, resident = -1;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f == NULL) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

int unused_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
      getsockname(s, (struct sockaddr *)&a, &len) != 0) {
    perror("unused_port");
    exit(1);
  }
  close(s);
  return ntohs(a.sin_port);
}

static bool json_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

const char *json_value(const char *json, const char *key) {
  if (json == NULL) return NULL;
  size_t kl = strlen(key);
  for (const char *p = json; (p = strchr(p, '"')) != NULL; p++) {
    if (strncmp(p + 1, key, kl) == 0 && p[1 + kl] == '"') {
      const char *v = p + 2 + kl;
      while (json_space(*v)) v++;
      if (*v != ':') continue;
      v++;
      while (json_space(*v)) v++;
      return v;
    }
  }
  return NULL;
}

bool json_has_str(const char *json, const char *key, const char *value) {
  const char *v = json_value(json, key);
  size_t n = strlen(value);
  return v != NULL && v[0] == '"' && strncmp(v + 1, value, n) == 0 && v[1 + n] == '"';
}

bool json_has_num(const char *json, const char *key, long long value) {
  const char *v = json_value(json, key);
  if (v == NULL) return false;
  char *end;
  long long got = strtoll(v, &end, 10);
  return end != v && got == value;
}

char *base64_encode(const uint8_t *data, size_t len) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = malloc(4 * ((len + 2) / 3) + 1), *p = out;
  if (out == NULL) {
    fprintf(stderr, "base64_encode: out of memory\n");
    exit(1);
  }
  size_t i = 0;
  for (; i + 2 < len; i += 3) {
    uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
    *p++ = tbl[v >> 18 & 63];
    *p++ = tbl[v >> 12 & 63];
    *p++ = tbl[v >> 6 & 63];
    *p++ = tbl[v & 63];
  }
  if (i < len) {
    uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < len ? (uint32_t)data[i + 1] << 8 : 0);
    *p++ = tbl[v >> 18 & 63];
    *p++ = tbl[v >> 12 & 63];
    *p++ = i + 1 < len ? tbl[v >> 6 & 63] : '=';
    *p++ = '=';
  }
  *p = '\0';
  return out;
}
