/* The debug hook (nethttp_set_debug) and the header's hygiene.
 * - With a hook: libcurl's text, the request head sent, the response head received and
 *   nethttp's events (started with a new / pooled handle, completed with the status) arrive
 *   with the hook's userdata; a second request shows the pooled handle and libcurl's
 *   connection reuse; the poll client's transfers report too; NULL turns it off and nothing
 *   arrives after that.
 * - NETHTTP_DEBUG=1 makes nethttp_fetch print headers and events to stderr; without it,
 *   nothing.
 * - The header includes cleanly after another library's HTTP_OK (Apache's httpd.h defines
 *   HTTP_OK 200 and friends): nethttp's result codes are NETHTTP_*; no stray declaration
 *   (OPENSSL_cipher_name, which an earlier header declared, is declared differently here).
 * - nethttp_version() matches the header's version macros. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
/* As Apache's httpd.h (and other servers' headers) define them. */
#define HTTP_CONTINUE 100
#define HTTP_OK 200
#define HTTP_BAD_REQUEST 400
#define HTTP_NOT_FOUND 404
#define HTTP_INTERNAL_SERVER_ERROR 500
static int OPENSSL_cipher_name = 1;

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common.h"
#include "nethttp.h"

_Static_assert(HTTP_OK == 200, "nethttp.h must not redefine HTTP_OK");
_Static_assert(NETHTTP_OK == 0, "nethttp's own result code");

typedef struct log {
  pthread_mutex_t mu;
  char *text; /* every line as "<kind>|<text>\n" */
  size_t len, cap;
  int calls;
  int counts[128];
} log_t;

static void on_debug(void *ud, int32_t kind, const char *text, size_t len) {
  log_t *l = ud;
  pthread_mutex_lock(&l->mu);
  l->calls++;
  if (kind >= 0 && kind < 128) l->counts[kind]++;
  if (kind == NETHTTP_DEBUG_TEXT || kind == NETHTTP_DEBUG_HEADER_IN ||
      kind == NETHTTP_DEBUG_HEADER_OUT || kind == NETHTTP_DEBUG_EVENT) {
    size_t need = l->len + len + 16;
    if (need > l->cap) {
      l->cap = need * 2;
      l->text = realloc(l->text, l->cap);
    }
    l->len += (size_t)sprintf(l->text + l->len, "%d|", kind);
    memcpy(l->text + l->len, text, len);
    l->len += len;
    l->text[l->len++] = '\n';
    l->text[l->len] = '\0';
  }
  pthread_mutex_unlock(&l->mu);
}

static bool has(log_t *l, const char *needle) {
  pthread_mutex_lock(&l->mu);
  bool r = l->text != NULL && strcasestr(l->text, needle) != NULL;
  pthread_mutex_unlock(&l->mu);
  return r;
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  char *url = url_join(http, "/text.txt");
  (void)OPENSSL_cipher_name;

  CHECK_INT_EQ(nethttp_version(), (NETHTTP_VERSION_MAJOR << 16) | (NETHTTP_VERSION_MINOR << 8) |
                                      NETHTTP_VERSION_PATCH);

  log_t l;
  memset(&l, 0, sizeof l);
  pthread_mutex_init(&l.mu, NULL);
  CHECK_INT_EQ(nethttp_set_debug(on_debug, &l), 0);
  uint32_t st = 0;
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  CHECK(has(&l, "1|HTTP/1.1 200"), "no response head: %s", l.text);
  CHECK(has(&l, "2|GET /text.txt HTTP/1.1"), "no request head: %s", l.text);
  CHECK(l.counts[NETHTTP_DEBUG_TEXT] > 0, "no libcurl text");
  CHECK(has(&l, "100|request 0x"), "no nethttp event: %s", l.text);
  CHECK(has(&l, "completed, 200"), "no completion event: %s", l.text);
  CHECK(l.counts[NETHTTP_DEBUG_DATA_IN] > 0, "no body bytes");
  /* The same options again: the pooled handle and the kept-alive connection. */
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  CHECK(has(&l, "(pooled handle, same options)"), "%s", l.text);
  CHECK(has(&l, "0|Re-using existing") || has(&l, "0|Reusing existing"), "no reuse: %s", l.text);
  /* Transport/TLS options do not stop a pooled handle from serving the next request with
   * equal options (skip validation, a proxy setting); a multipart form does. */
  {
    const char *https = env_or_die("NETHTTP_TEST_HTTPS");
    char *surl = url_join(https, "/json");
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_remote_validation(o, "skip"), 0);
    CHECK_INT_EQ(http_options_set_using_proxy(o, false), 0);
    pthread_mutex_lock(&l.mu);
    size_t mark = l.len;
    pthread_mutex_unlock(&l.mu);
    CHECK_INT_EQ(fetch_sync(surl, o, &st, NULL, NULL), 0);
    CHECK_INT_EQ(fetch_sync(surl, o, &st, NULL, NULL), 0);
    struct http_options *o2 = http_options_new(); /* an equal copy, not the same object */
    CHECK_INT_EQ(http_options_set_remote_validation(o2, "skip"), 0);
    CHECK_INT_EQ(fetch_sync(surl, o2, &st, NULL, NULL), 0);
    pthread_mutex_lock(&l.mu);
    const char *since = l.text + mark;
    int pooled = 0;
    for (const char *p = since; (p = strstr(p, "(pooled handle, same options)")) != NULL; p++) pooled++;
    pthread_mutex_unlock(&l.mu);
    CHECK(pooled >= 2, "TLS options forced a reconfiguration (%d pooled): %s", pooled, since);
    struct http_options *f = http_options_new();
    CHECK_INT_EQ(http_options_set_method(f, HTTP_METHOD_POST), 0);
    CHECK_INT_EQ(http_options_add_form_data(f, "a", NULL, (const uint8_t *)"1", 1, NULL), 0);
    char *post = url_join(env_or_die("NETHTTP_TEST_HTTP"), "/echo");
    pthread_mutex_lock(&l.mu);
    mark = l.len;
    pthread_mutex_unlock(&l.mu);
    CHECK_INT_EQ(fetch_sync(post, f, &st, NULL, NULL), 0);
    CHECK_INT_EQ(fetch_sync(post, f, &st, NULL, NULL), 0);
    pthread_mutex_lock(&l.mu);
    CHECK(strstr(l.text + mark, "(pooled handle, same options)") == NULL, "a form was reused: %s",
          l.text + mark);
    pthread_mutex_unlock(&l.mu);
    http_options_free(o);
    http_options_free(o2);
    http_options_free(f);
    free(surl);
    free(post);
  }

  /* A failure is reported with its code. */
  char bad[64];
  snprintf(bad, sizeof bad, "http://127.0.0.1:%d/", unused_port());
  CHECK_INT_EQ(fetch_sync(bad, NULL, &st, NULL, NULL), NETHTTP_ERR_COULDNT_CONNECT);
  CHECK(has(&l, "failed, 2300007"), "%s", l.text);

  /* The poll client. */
  struct http_client *c = http_client_new();
  const char *colon = strrchr(http, ':');
  CHECK_INT_EQ(http_client_connect_to_host(c, "127.0.0.1", atoi(colon + 1), NULL), 0);
  for (int i = 0; i < 500 && http_client_get_status(c) != HTTP_CLIENT_STATUS_CONNECTED; i++) {
    http_client_poll(c);
    sleep_ms(2);
  }
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/json?from-client", NULL, 0, NULL), 0);
  for (int i = 0; i < 500 && http_client_get_status(c) == HTTP_CLIENT_STATUS_REQUESTING; i++) {
    http_client_poll(c);
    sleep_ms(2);
  }
  CHECK(has(&l, "2|GET /json?from-client"), "no client head: %s", l.text);
  http_client_free(c);

  /* Off: nothing more arrives. */
  CHECK_INT_EQ(nethttp_set_debug(NULL, NULL), 0);
  pthread_mutex_lock(&l.mu);
  int before = l.calls;
  pthread_mutex_unlock(&l.mu);
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  CHECK_INT_EQ(fetch_sync(url, NULL, &st, NULL, NULL), 0);
  pthread_mutex_lock(&l.mu);
  CHECK_INT_EQ(l.calls, before);
  pthread_mutex_unlock(&l.mu);

  /* NETHTTP_DEBUG=1 in nethttp_fetch's environment. */
  const char *fetch = env_or_die("NETHTTP_FETCH");
  char path[512], cmd[2048];
  snprintf(path, sizeof path, "%s/stderr.txt", env_or_die("NETHTTP_TEST_TMP"));
  snprintf(cmd, sizeof cmd, "NETHTTP_DEBUG=1 '%s' '%s' >/dev/null 2>'%s'", fetch, url, path);
  CHECK_INT_EQ(system(cmd), 0);
  char *err = read_file(path, NULL);
  CHECK(err && strstr(err, "> GET /text.txt HTTP/1.1"), "stderr: %s", err ? err : "");
  CHECK(err && strstr(err, "< HTTP/1.1 200"), "stderr: %s", err ? err : "");
  CHECK(err && strstr(err, "nethttp: request"), "stderr: %s", err ? err : "");
  free(err);
  snprintf(cmd, sizeof cmd, "env -u NETHTTP_DEBUG '%s' '%s' >/dev/null 2>'%s'", fetch, url, path);
  CHECK_INT_EQ(system(cmd), 0);
  size_t n = 0;
  err = read_file(path, &n);
  CHECK(n == 0, "printed without being asked: %s", err ? err : "");
  free(err);

  free(l.text);
  free(url);
  return test_finish();
}
