/* Concurrency and the shared engine: 200 asynchronous requests from 4 threads, each completed
 * exactly once with 200 and the right body; blocking requests from several threads at once;
 * sequential requests from different handles reuse one connection; concurrent HTTPS requests
 * multiplex on one HTTP/2 connection. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define THREADS 4
#define PER_THREAD 50
#define TOTAL (THREADS * PER_THREAD)
#define WAIT_MS 10000

static const char *http_base;
static const char *www_100;
static uint8_t expected100[100];
static waiter done;

typedef struct slot {
  int index;
  struct http_handle *h;
  atomic_int calls;
  int32_t code;
  uint32_t status;
  bool body_ok;
} slot_t;

static slot_t slots[TOTAL];

static void on_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  slot_t *s = userdata;
  if (h != s->h) CHECK(0, "slot %d: completion for another handle", s->index);
  if (atomic_fetch_add(&s->calls, 1) == 0) {
    s->code = code;
    s->status = http_response_code(resp);
    size_t len = 0;
    const uint8_t *b = http_response_result(resp, &len);
    s->body_ok = b != NULL && len == 100 && memcmp(b, expected100, 100) == 0;
    if (code != 0) fprintf(stderr, "slot %d: %d %s\n", s->index, (int)code, msg);
  }
  http_response_free(resp);
  waiter_signal(&done);
}

static void *submitter(void *arg) {
  int t = (int)(intptr_t)arg;
  for (int i = 0; i < PER_THREAD; i++) {
    slot_t *s = &slots[t * PER_THREAD + i];
    char path[128];
    snprintf(path, sizeof path, "/100.bin?conc=%d-%d", t, i);
    char *url = url_join(http_base, path);
    s->h = http_create();
    int32_t rc = http_request(s->h, url, NULL, on_done, s);
    CHECK(rc == 0, "thread %d request %d: %d", t, i, (int)rc);
    if (rc != 0) waiter_signal(&done); /* keep the count */
    free(url);
  }
  return NULL;
}

typedef struct sync_arg {
  int t;
  int ok;
} sync_arg_t;

static void *sync_worker(void *arg) {
  sync_arg_t *a = arg;
  for (int i = 0; i < 10; i++) {
    char path[128];
    snprintf(path, sizeof path, "/100.bin?sync=%d-%d", a->t, i);
    char *url = url_join(http_base, path);
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    int32_t rc = http_request_sync(h, url, NULL, &r);
    if (rc == 0 && http_response_code(r) == 200) {
      size_t len = 0;
      const uint8_t *b = http_response_result(r, &len);
      if (len == 100 && memcmp(b, expected100, 100) == 0) a->ok++;
    } else {
      fprintf(stderr, "sync %s: %d (%s)\n", url, (int)rc, http_last_error_detail());
    }
    http_response_free(r);
    http_destroy(h);
    free(url);
  }
  return NULL;
}

/* conn=N of the access-log line containing tag (waits up to 2 s for it), or -1. */
static long log_conn(const char *log, const char *tag) {
  for (uint64_t deadline = now_ms() + 2000;;) {
    char *text = read_file(log, NULL);
    const char *p = text ? strstr(text, tag) : NULL;
    long conn = -1;
    if (p != NULL) {
      const char *eol = strchr(p, '\n');
      const char *c = strstr(p, " conn=");
      if (c != NULL && (eol == NULL || c < eol)) conn = strtol(c + 6, NULL, 10);
    }
    free(text);
    if (conn >= 0 || now_ms() > deadline) return conn;
    sleep_ms(10);
  }
}

static bool parse_conn(const char *body, long *conn, long *req) {
  return body != NULL && sscanf(body, "conn=%ld req=%ld", conn, req) == 2;
}

int main(void) {
  http_base = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  char *p = url_join(env_or_die("NETHTTP_TEST_WWW"), "100.bin");
  www_100 = p;
  size_t flen = 0;
  char *file = read_file(www_100, &flen);
  if (!CHECK(file != NULL && flen == 100, "cannot read %s", www_100)) return test_finish();
  memcpy(expected100, file, 100);
  free(file);
  waiter_init(&done);

  /* ---- 200 async requests from 4 threads ---- */
  {
    for (int i = 0; i < TOTAL; i++) {
      slots[i].index = i;
      atomic_init(&slots[i].calls, 0);
    }
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, submitter, (void *)(intptr_t)t);
    for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
    int got = 0;
    while (got < TOTAL && waiter_wait(&done, WAIT_MS)) got++;
    CHECK(got == TOTAL, "%d of %d completions", got, TOTAL);
    sleep_ms(300); /* a duplicate completion would show now */
    int bad_calls = 0, bad_status = 0, bad_body = 0;
    for (int i = 0; i < TOTAL; i++) {
      if (atomic_load(&slots[i].calls) != 1) bad_calls++;
      if (slots[i].code != 0 || slots[i].status != 200) bad_status++;
      if (!slots[i].body_ok) bad_body++;
    }
    CHECK(bad_calls == 0, "%d requests not completed exactly once", bad_calls);
    CHECK(bad_status == 0, "%d requests without 200", bad_status);
    CHECK(bad_body == 0, "%d requests with a wrong body", bad_body);
    for (int i = 0; i < TOTAL; i++) http_destroy(slots[i].h);
  }

  /* ---- blocking requests from 4 threads at once ---- */
  {
    pthread_t th[THREADS];
    sync_arg_t args[THREADS];
    for (int t = 0; t < THREADS; t++) {
      args[t].t = t;
      args[t].ok = 0;
      pthread_create(&th[t], NULL, sync_worker, &args[t]);
    }
    for (int t = 0; t < THREADS; t++) {
      pthread_join(th[t], NULL);
      CHECK(args[t].ok == 10, "sync thread %d: %d of 10 ok", t, args[t].ok);
    }
  }

  /* ---- the connection pool is shared by handles ---- */
  {
    char *url = url_join(fault, "/conn");
    long c1 = -1, r1 = -1, c2 = -2, r2 = -2;
    for (int i = 0; i < 2; i++) {
      struct http_handle *h = http_create();
      struct http_response *r = NULL;
      if (CHECK(http_request_sync(h, url, NULL, &r) == 0, "%s", url)) {
        const char *b = (const char *)http_response_result(r, NULL);
        CHECK(parse_conn(b, i == 0 ? &c1 : &c2, i == 0 ? &r1 : &r2), "/conn body: %s", b);
        http_response_free(r);
      }
      http_destroy(h);
    }
    CHECK(c1 == c2 && r2 == r1 + 1, "second handle did not reuse the connection: conn %ld req %ld, then conn %ld req %ld",
          c1, r1, c2, r2);
    free(url);
  }

  /* ---- HTTP/2: concurrent requests share one connection ---- */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
    char tag[128];
    snprintf(tag, sizeof tag, "/100.bin?mux-warm-%d", (int)getpid());
    char *url = url_join(https, tag);
    /* An asynchronous warm-up: a blocking request would open its connection on this
     * thread's own multi handle, not in the worker's pool the requests below use. */
    struct slot warm_slot = {.index = -1};
    atomic_init(&warm_slot.calls, 0);
    warm_slot.h = http_create();
    CHECK(http_request(warm_slot.h, url, o, on_done, &warm_slot) == 0, "warm-up %s", url);
    CHECK(waiter_wait(&done, WAIT_MS) && warm_slot.code == 0 && warm_slot.status == 200, "warm-up %s", url);
    http_destroy(warm_slot.h);
    free(url);
    long warm = log_conn(log, tag);
    CHECK(warm >= 0, "warm-up request not in the access log");

    enum { MUX = 20 };
    for (int i = 0; i < MUX; i++) {
      slots[i].index = i;
      atomic_init(&slots[i].calls, 0);
      snprintf(tag, sizeof tag, "/100.bin?mux-%d-%d", (int)getpid(), i);
      url = url_join(https, tag);
      slots[i].h = http_create();
      CHECK(http_request(slots[i].h, url, o, on_done, &slots[i]) == 0, "mux %d", i);
      free(url);
    }
    int got = 0;
    while (got < MUX && waiter_wait(&done, WAIT_MS)) got++;
    CHECK(got == MUX, "%d of %d h2 completions", got, MUX);
    int other_conn = 0;
    for (int i = 0; i < MUX; i++) {
      CHECK(slots[i].code == 0 && slots[i].status == 200, "mux %d: %d/%u", i, (int)slots[i].code,
            slots[i].status);
      snprintf(tag, sizeof tag, "/100.bin?mux-%d-%d ", (int)getpid(), i);
      if (log_conn(log, tag) != warm) other_conn++;
      http_destroy(slots[i].h);
    }
    CHECK(other_conn == 0, "%d of %d concurrent h2 requests not on the warm connection %ld", other_conn,
          MUX, warm);
    http_options_free(o);
  }

  waiter_destroy(&done);
  free(p);
  return test_finish();
}
