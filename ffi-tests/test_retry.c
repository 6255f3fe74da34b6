/* Retries ("nethttp": {"retry"}, http_options_set_retry) against a small HTTP server of the
 * test's own (a thread on 127.0.0.1 answering from a script, one connection per request,
 * every request counted): 503 503 200 retried to the 200 (retry count 2); the budget used up
 * (the last 503 delivered); 429 with Retry-After 0 and with an HTTP-date in the past retried;
 * a Retry-After beyond maxDelay not waited for; a POST's 503 not retried but a POST to a
 * refused port retried (it never reached a server); a stream whose body broke off not
 * retried; no retry option, no retry; a request destroyed while waiting for its retry gets
 * no callback and is not sent again; the debug hook reports each retry; JSON and typed
 * setters and their 401s. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

/* ---- the server ---- */

static int listen_fd;
static int port;
static atomic_int requests;
static atomic_int stop_server;
static pthread_mutex_t script_mu = PTHREAD_MUTEX_INITIALIZER;
static const char *script[8]; /* raw responses; the last one repeats */
static int script_len;

static void set_script(int n, ...) {
  va_list ap;
  va_start(ap, n);
  pthread_mutex_lock(&script_mu);
  for (int i = 0; i < n && i < 8; i++) script[i] = va_arg(ap, const char *);
  script_len = n;
  atomic_store(&requests, 0);
  pthread_mutex_unlock(&script_mu);
  va_end(ap);
}

static void *server(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_server)) {
    int c = accept(listen_fd, NULL, NULL);
    if (c < 0) continue;
    char buf[8192];
    size_t got = 0;
    while (got < sizeof buf - 1) {
      ssize_t n = recv(c, buf + got, sizeof buf - 1 - got, 0);
      if (n <= 0) break;
      got += (size_t)n;
      buf[got] = 0;
      if (strstr(buf, "\r\n\r\n")) break;
    }
    if (got == 0) {
      close(c);
      continue;
    }
    int i = atomic_fetch_add(&requests, 1);
    pthread_mutex_lock(&script_mu);
    const char *r = script[i < script_len ? i : script_len - 1];
    pthread_mutex_unlock(&script_mu);
    (void)!send(c, r, strlen(r), MSG_NOSIGNAL);
    shutdown(c, SHUT_WR);
    while (recv(c, buf, sizeof buf, 0) > 0) {
    }
    close(c);
  }
  return NULL;
}

#define R503 "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbusy\n"
#define R200 "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
#define R429_0 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R429_DATE                                                                          \
  "HTTP/1.1 429 Too Many Requests\r\nRetry-After: Sun, 06 Nov 1994 08:49:37 GMT\r\n"       \
  "Content-Length: 0\r\nConnection: close\r\n\r\n"
#define R503_LONG "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3600\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
#define R200_CUT "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten.."

/* ---- helpers ---- */

static char url[64];

typedef struct {
  int32_t rc;
  uint32_t code;
  int retries;
  char body[64];
} result;

/* One request to url: method (-1: GET), options (copied from `retries` > 0 as
 * http_options_set_retry(retries, 20, 200), or from JSON), blocking or streamed. */
static result get(int method, int retries, const char *json, bool stream) {
  result r;
  memset(&r, 0, sizeof r);
  http_options *o = NULL;
  if (json) {
    CHECK_INT_EQ(http_options_from_json(json, &o), 0);
  } else {
    o = http_options_new();
    if (retries > 0) CHECK_INT_EQ(http_options_set_retry(o, (uint32_t)retries, 20, 200), 0);
  }
  if (method >= 0) CHECK_INT_EQ(http_options_set_method(o, method), 0);
  if (method == HTTP_METHOD_POST) CHECK_INT_EQ(http_options_set_extra_data_string(o, "x"), 0);
  http_handle *h = http_create();
  http_response *resp = NULL;
  if (stream) {
    completion c;
    completion_init(&c);
    CHECK_INT_EQ(http_request_in_stream(h, url, o, completion_cb, &c), 0);
    CHECK(completion_wait(&c, 20000), "stream completion");
    r.rc = c.code;
    resp = c.resp;
    c.resp = NULL;
    completion_fini(&c);
  } else {
    r.rc = http_request_sync(h, url, o, &resp);
  }
  if (resp) {
    r.code = http_response_code(resp);
    r.retries = http_response_retry_count(resp);
    size_t len = 0;
    const uint8_t *b = http_response_result(resp, &len);
    snprintf(r.body, sizeof r.body, "%.*s", (int)len, b ? (const char *)b : "");
  }
  http_response_free(resp);
  http_destroy(h);
  http_options_free(o);
  return r;
}

static atomic_int debug_retries;
static void on_debug(void *ud, int32_t kind, const char *text, size_t len) {
  (void)ud;
  (void)kind;
  if (memmem(text, len, ": retry ", 8)) atomic_fetch_add(&debug_retries, 1);
}

static atomic_int callbacks;
static void on_done(void *ud, http_handle *h, int32_t code, const char *msg, http_response *resp) {
  (void)ud;
  (void)h;
  (void)code;
  (void)msg;
  http_response_free(resp);
  atomic_fetch_add(&callbacks, 1);
}

int main(void) {
  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  CHECK(bind(listen_fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(listen_fd, 64) == 0,
        "listen");
  socklen_t al = sizeof a;
  getsockname(listen_fd, (struct sockaddr *)&a, &al);
  port = ntohs(a.sin_port);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
  pthread_t th;
  pthread_create(&th, NULL, server, NULL);
  CHECK_INT_EQ(nethttp_set_debug(on_debug, NULL), 0);


  /* 503 503 200: the 200 after two retries; the 503s never delivered. */
  set_script(3, R503, R503, R200);
  atomic_store(&debug_retries, 0);
  result r = get(-1, 3, NULL, false);
  CHECK(r.rc == 0 && r.code == 200 && !strcmp(r.body, "ok\n"), "503 503 200: rc=%d code=%u body=%s",
        (int)r.rc, r.code, r.body);
  CHECK_INT_EQ(r.retries, 2);
  CHECK_INT_EQ(atomic_load(&requests), 3);
  CHECK_INT_EQ(atomic_load(&debug_retries), 2);

  /* The budget used up: the last 503 is the response. */
  set_script(1, R503);
  r = get(-1, 3, NULL, false);
  CHECK(r.rc == 0 && r.code == 503 && !strcmp(r.body, "busy\n"), "exhausted: code=%u body=%s",
        r.code, r.body);
  CHECK_INT_EQ(r.retries, 3);
  CHECK_INT_EQ(atomic_load(&requests), 4);

  /* Streams too, as long as nothing was delivered. */
  set_script(2, R503, R200);
  r = get(-1, 3, NULL, true);
  CHECK(r.rc == 0 && r.code == 200, "stream 503 200: rc=%d code=%u", (int)r.rc, r.code);
  CHECK_INT_EQ(atomic_load(&requests), 2);

  /* Retry-After: 0 and a date in the past retried (PUT: idempotent); beyond maxDelay not. */
  set_script(3, R429_0, R429_DATE, R200);
  r = get(HTTP_METHOD_PUT, 3, NULL, false);
  CHECK(r.rc == 0 && r.code == 200 && r.retries == 2, "429s: code=%u retries=%d", r.code, r.retries);
  CHECK_INT_EQ(atomic_load(&requests), 3);
  set_script(2, R503_LONG, R200);
  r = get(-1, 3, NULL, false);
  CHECK(r.rc == 0 && r.code == 503 && r.retries == 0, "Retry-After 3600: code=%u retries=%d",
        r.code, r.retries);
  CHECK_INT_EQ(atomic_load(&requests), 1);

  /* POST: a 503 means it reached the server: not retried. */
  set_script(2, R503, R200);
  r = get(HTTP_METHOD_POST, 3, NULL, false);
  CHECK(r.rc == 0 && r.code == 503 && r.retries == 0, "POST 503: code=%u retries=%d", r.code,
        r.retries);
  CHECK_INT_EQ(atomic_load(&requests), 1);

  /* A body that broke off: the response reached the application's side: not retried. */
  set_script(2, R200_CUT, R200);
  r = get(-1, 3, NULL, true);
  CHECK(r.rc != 0, "a cut body fails: rc=%d", (int)r.rc);
  CHECK_INT_EQ(atomic_load(&requests), 1);

  /* No retry option: the 503 as it is. */
  set_script(2, R503, R200);
  r = get(-1, 0, NULL, false);
  CHECK(r.rc == 0 && r.code == 503 && r.retries == 0, "no retries: code=%u", r.code);
  CHECK_INT_EQ(atomic_load(&requests), 1);

  /* JSON, and a POST to a port nothing listens on: never reached a server, so retried
   * whatever the method (three attempts, then the error). */
  {
    int refused = unused_port();
    char saved[64];
    snprintf(saved, sizeof saved, "%s", url);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", refused);
    atomic_store(&debug_retries, 0);
    r = get(-1, 0, "{\"method\":\"POST\",\"extraData\":\"x\",\"nethttp\":{\"retry\":{\"maxRetries\":2,\"baseDelay\":10,\"maxDelay\":50}}}", false);
    CHECK_INT_EQ(r.rc, 2300007);
    CHECK_INT_EQ(atomic_load(&debug_retries), 2);
    snprintf(url, sizeof url, "%s", saved);
  }

  /* Destroyed while waiting for a retry (a long backoff): no callback, no second request. */
  {
    http_options *slow = http_options_new();
    CHECK_INT_EQ(http_options_set_retry(slow, 1, 3000, 3000), 0);
    set_script(2, R503, R200);
    atomic_store(&callbacks, 0);
    http_handle *h = http_create();
    CHECK_INT_EQ(http_request(h, url, slow, on_done, NULL), 0);
    uint64_t end = now_ms() + 5000;
    while (atomic_load(&requests) < 1 && now_ms() < end) sleep_ms(5);
    sleep_ms(100); /* the 503 handled: the retry is waiting */
    http_destroy(h);
    sleep_ms(3500); /* past the backoff */
    CHECK_INT_EQ(atomic_load(&callbacks), 0);
    CHECK_INT_EQ(atomic_load(&requests), 1);
    http_options_free(slow);
  }

  /* Bad values. */
  http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_retry(o, 101, 10, 100), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_retry(o, 2, 200, 100), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_retry(o, 2, 10, 3600001), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_retry(NULL, 2, 10, 100), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  o = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"retry\":{\"maxRetries\":2,\"x\":1}}}", &o),
               NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_from_json("{\"nethttp\":{\"retry\":3}}", &o), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_response_retry_count(NULL), -1);

  nethttp_set_debug(NULL, NULL);
  atomic_store(&stop_server, 1);
  shutdown(listen_fd, SHUT_RDWR);
  close(listen_fd);
  int wake = socket(AF_INET, SOCK_STREAM, 0);
  (void)!connect(wake, (struct sockaddr *)&a, sizeof a);
  close(wake);
  pthread_join(th, NULL);
  return test_finish();
}
