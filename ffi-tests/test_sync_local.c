/* Blocking requests run on the calling thread (http_request_sync): every event on the caller's
 * thread, no worker thread started by a process that only makes blocking requests, the
 * connection reused by the thread's next blocking request, http_destroy from another thread
 * aborting the transfer at once (2300042), http_pause / http_resume from another thread,
 * redirects, the response cache (a hit served on the caller's thread), errors and retries, a
 * blocking request made inside a blocking request's callback (it goes to the worker), and
 * several threads making blocking requests at once. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *http, *fault;
static pthread_t caller;
static atomic_int events, foreign_events;

static bool worker_running(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return false;
  bool found = false;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[300], name[64] = {0};
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    if (fgets(name, sizeof name, f) && strncmp(name, "nethttp-worker", 14) == 0) found = true;
    fclose(f);
  }
  closedir(d);
  return found;
}

static void on_event(void *ud, http_handle *h, const http_event *ev) {
  (void)ud;
  (void)h;
  (void)ev;
  atomic_fetch_add(&events, 1);
  if (!pthread_equal(pthread_self(), caller)) atomic_fetch_add(&foreign_events, 1);
}

static int32_t sync_get(const char *url, const char *json, struct http_response **out) {
  struct http_options *o = NULL;
  if (json && http_options_from_json(json, &o) != 0) return -1;
  http_handle *h = http_create();
  for (int k = HTTP_EVENT_HEADERS_RECEIVE; k <= HTTP_EVENT_DATA_RECEIVE_PROGRESS; k++)
    http_on(h, k, on_event, NULL);
  int32_t rc = http_request_sync(h, url, o, out);
  http_destroy(h);
  http_options_free(o);
  return rc;
}

/* ---- destroy from another thread ---- */
typedef struct {
  http_handle *h;
  atomic_int headers;
} destroyer;

static void on_headers_flag(void *ud, http_handle *h, const http_event *ev) {
  (void)h;
  (void)ev;
  atomic_store(&((destroyer *)ud)->headers, 1);
}

static void *destroy_later(void *arg) {
  destroyer *d = arg;
  for (int i = 0; i < 10000 && !atomic_load(&d->headers); i++) usleep(1000);
  usleep(50 * 1000);
  http_destroy(d->h);
  return NULL;
}

/* ---- pause / resume from another thread ---- */
typedef struct {
  http_handle *h;
  atomic_int paused;
  waiter w;
} pauser;

static void on_data_pause(void *ud, http_handle *h, const http_event *ev) {
  pauser *p = ud;
  (void)ev;
  if (atomic_exchange(&p->paused, 1) == 0) {
    http_pause(h);
    waiter_signal(&p->w);
  }
}

static void *resume_later(void *arg) {
  pauser *p = arg;
  waiter_wait(&p->w, 10000);
  usleep(200 * 1000);
  http_resume(p->h);
  return NULL;
}

/* ---- nested ---- */
static int32_t nested_rc = -1;
static void on_headers_nested(void *ud, http_handle *h, const http_event *ev) {
  (void)ud;
  (void)h;
  (void)ev;
  char *u = url_join(http, "/100.bin");
  http_handle *inner = http_create();
  struct http_response *r = NULL;
  nested_rc = http_request_sync(inner, u, NULL, &r);
  http_response_free(r);
  http_destroy(inner);
  free(u);
}

/* ---- threads ---- */
#define THREADS 4
#define PER_THREAD 25
static void *many(void *arg) {
  (void)arg;
  char *u = url_join(http, "/100.bin");
  int ok = 0;
  for (int i = 0; i < PER_THREAD; i++) {
    http_handle *h = http_create();
    struct http_response *r = NULL;
    if (http_request_sync(h, u, NULL, &r) == 0 && http_response_code(r) == 200) ok++;
    http_response_free(r);
    http_destroy(h);
  }
  free(u);
  return (void *)(intptr_t)ok;
}

int main(void) {
  http = env_or_die("NETHTTP_TEST_HTTP");
  fault = env_or_die("NETHTTP_TEST_FAULT");
  caller = pthread_self();
  char *u100 = url_join(http, "/100.bin");
  struct http_response *r = NULL;

  /* Events on the caller's thread; no worker thread. */
  CHECK_INT_EQ(sync_get(u100, NULL, &r), 0);
  CHECK_INT_EQ(http_response_code(r), 200);
  http_performance_timing t1, t2;
  CHECK_INT_EQ(http_response_performance_timing(r, &t1), 0);
  http_response_free(r);
  CHECK(atomic_load(&events) >= 2, "events: %d", atomic_load(&events));
  CHECK_INT_EQ(atomic_load(&foreign_events), 0);
  CHECK(!worker_running(), "a blocking request started the worker thread");

  /* The thread's next blocking request reuses the connection (no TCP connect). */
  CHECK_INT_EQ(sync_get(u100, NULL, &r), 0);
  CHECK_INT_EQ(http_response_performance_timing(r, &t2), 0);
  CHECK(t1.tcp_timing > 0 && t2.tcp_timing == 0, "connection reuse: tcp %.3f then %.3f ms",
        t1.tcp_timing, t2.tcp_timing);
  http_response_free(r);

  /* Redirects and an error. */
  char *redir = url_join(http, "/redirect/3");
  CHECK_INT_EQ(sync_get(redir, NULL, &r), 0);
  CHECK_STR_EQ((const char *)http_response_result(r, NULL), "end of redirect chain\n");
  http_response_free(r);
  free(redir);
  CHECK_INT_EQ(sync_get("http://127.0.0.1:1/", NULL, &r), 2300007);
  /* Retries wait on the caller's thread too (connection refused: never reached). */
  CHECK_INT_EQ(sync_get("http://127.0.0.1:1/", "{\"nethttp\":{\"retry\":{\"maxRetries\":2,\"baseDelay\":10}}}",
                        &r),
               2300007);

  /* The response cache: the second request is a hit, served on this thread. */
  CHECK_INT_EQ(http_cache_create(NULL, 0, 0), 0);
  char *cached = url_join(http, "/cache/100.bin?sync-local=1");
  CHECK_INT_EQ(sync_get(cached, NULL, &r), 0);
  http_response_free(r);
  atomic_store(&events, 0);
  CHECK_INT_EQ(sync_get(cached, NULL, &r), 0);
  CHECK_INT_EQ(http_response_cache_status(r), HTTP_CACHE_HIT);
  http_response_free(r);
  CHECK(atomic_load(&events) >= 1 && atomic_load(&foreign_events) == 0, "cache hit events: %d / %d",
        atomic_load(&events), atomic_load(&foreign_events));
  CHECK_INT_EQ(http_cache_delete(), 0);
  free(cached);
  CHECK(!worker_running(), "still no worker thread");

  /* http_destroy from another thread while the body trickles (1,000 s of it): a transfer
   * that did not stop would time the test out. */
  {
    char *slow = url_join(fault, "/slow?chunks=1000&delay_ms=1000&size=100");
    destroyer d = {.h = http_create()};
    http_on(d.h, HTTP_EVENT_HEADERS_RECEIVE, on_headers_flag, &d);
    pthread_t t;
    pthread_create(&t, NULL, destroy_later, &d);
    struct http_response *out = (struct http_response *)0x1;
    int32_t rc = http_request_sync(d.h, slow, NULL, &out);
    CHECK_INT_EQ(rc, 2300042);
    CHECK(out == (struct http_response *)0x1, "*out written on failure");
    pthread_join(t, NULL);
    free(slow);
  }

  /* Pause in a progress callback, resume from another thread: the whole body (a resume that
   * did not reach the transfer would time the test out). */
  {
    char *slow = url_join(fault, "/slow?chunks=8&delay_ms=20&size=8000");
    pauser p = {.h = http_create()};
    waiter_init(&p.w);
    http_on(p.h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, on_data_pause, &p);
    pthread_t t;
    pthread_create(&t, NULL, resume_later, &p);
    CHECK_INT_EQ(http_request_sync(p.h, slow, NULL, &r), 0);
    size_t len = 0;
    http_response_result(r, &len);
    CHECK_INT_EQ(len, 64000);
    CHECK_INT_EQ(atomic_load(&p.paused), 1);
    http_response_free(r);
    pthread_join(t, NULL);
    http_destroy(p.h);
    waiter_destroy(&p.w);
    free(slow);
  }

  /* A blocking request inside a blocking request's callback runs on the worker. */
  {
    http_handle *h = http_create();
    http_on(h, HTTP_EVENT_HEADERS_RECEIVE, on_headers_nested, NULL);
    CHECK_INT_EQ(http_request_sync(h, u100, NULL, &r), 0);
    http_response_free(r);
    http_destroy(h);
    CHECK_INT_EQ(nested_rc, 0);
  }

  /* Threads at once, each with its own connections. */
  {
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, many, NULL);
    for (int i = 0; i < THREADS; i++) {
      void *ok = NULL;
      pthread_join(t[i], &ok);
      CHECK_INT_EQ((intptr_t)ok, PER_THREAD);
    }
  }

  free(u100);
  return test_finish();
}
