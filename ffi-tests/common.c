/* Helpers for the C tests; see common.h. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
  size_t n;
  char *content = read_file(a, &n);
  if (content == NULL) return false;
  bool same = file_equals_bytes(b, (const uint8_t *)content, n);
  free(content);
  return same;
}
