/* Priority: with http_engine_set_max_concurrent(1), requests waiting for the slot start by
 * priority (higher first; equal priorities in submission order); waiting does not count against
 * readTimeout but does count in performanceTiming; max_concurrent 0 lifts the limit again. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

static pthread_mutex_t order_mu = PTHREAD_MUTEX_INITIALIZER;
static char order[64];
static size_t norder;
static waiter all_done;

typedef struct req {
  char name;
  struct http_handle *h;
  int32_t code;
  uint32_t status;
  double total_timing;
} req_t;

static void on_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)h;
  req_t *r = userdata;
  if (code != 0) fprintf(stderr, "request %c: %d %s\n", r->name, (int)code, msg);
  r->code = code;
  r->status = http_response_code(resp);
  http_performance_timing t;
  if (resp != NULL && http_response_performance_timing(resp, &t) == 0) r->total_timing = t.total_timing;
  http_response_free(resp);
  pthread_mutex_lock(&order_mu);
  if (norder < sizeof order - 1) order[norder++] = r->name;
  order[norder] = '\0';
  pthread_mutex_unlock(&order_mu);
  waiter_signal(&all_done);
}

static void start(req_t *r, char name, const char *base, const char *path, struct http_options *o) {
  memset(r, 0, sizeof *r);
  r->name = name;
  r->code = -1;
  r->h = http_create();
  char *url = url_join(base, path);
  CHECK(http_request(r->h, url, o, on_done, r) == 0, "start %c", name);
  free(url);
}

static struct http_options *prio(uint32_t p) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_priority(o, p), 0);
  return o;
}

static void reset_order(void) {
  pthread_mutex_lock(&order_mu);
  norder = 0;
  order[0] = '\0';
  pthread_mutex_unlock(&order_mu);
}

static bool wait_all(int n) {
  for (int i = 0; i < n; i++)
    if (!CHECK(waiter_wait(&all_done, WAIT_MS), "only %d of %d completions", i, n)) return false;
  return true;
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  waiter_init(&all_done);
  req_t a, b, c, d;

  CHECK_INT_EQ(http_engine_set_max_concurrent(1), 0);

  /* ---- round 1: 1, 1000, 500 wait behind a held slot -> 1000, 500, 1 ---- */
  {
    reset_order();
    start(&a, 'A', fault, "/hold?ms=800&r=A", NULL);
    sleep_ms(200); /* A holds the only slot */
    struct http_options *p1 = prio(1), *p500 = prio(500), *p1000 = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"priority\":1000}", &p1000), 0);
    start(&b, 'B', fault, "/hold?ms=10&r=B", p1);
    start(&c, 'C', fault, "/hold?ms=10&r=C", p1000);
    start(&d, 'D', fault, "/hold?ms=10&r=D", p500);
    http_options_free(p1);
    http_options_free(p500);
    http_options_free(p1000);
    if (wait_all(4)) {
      pthread_mutex_lock(&order_mu);
      CHECK_STR_EQ(order, "ACDB");
      pthread_mutex_unlock(&order_mu);
      req_t *all[] = {&a, &b, &c, &d};
      for (int i = 0; i < 4; i++) {
        CHECK(all[i]->code == 0 && all[i]->status == 200, "request %c: %d / %u", all[i]->name,
              (int)all[i]->code, all[i]->status);
      }
    }
    http_destroy(a.h);
    http_destroy(b.h);
    http_destroy(c.h);
    http_destroy(d.h);
  }

  /* ---- round 2: equal priorities in submission order; waiting is not read time ---- */
  {
    reset_order();
    start(&a, 'A', fault, "/hold?ms=600&r=A2", NULL);
    sleep_ms(200);
    struct http_options *p5 = prio(5);
    start(&b, 'E', fault, "/hold?ms=10&r=E", p5);
    start(&c, 'F', fault, "/hold?ms=10&r=F", p5);
    CHECK_INT_EQ(http_options_set_read_timeout(p5, 300), 0); /* G waits ~400 ms for the slot */
    start(&d, 'G', fault, "/hold?ms=10&r=G", p5);
    http_options_free(p5);
    if (wait_all(4)) {
      pthread_mutex_lock(&order_mu);
      CHECK_STR_EQ(order, "AEFG");
      pthread_mutex_unlock(&order_mu);
      CHECK(d.code == 0 && d.status == 200,
            "readTimeout 300 counted the time spent waiting for a slot: %d", (int)d.code);
      /* the wait is part of performanceTiming (ms since http_request) */
      CHECK(d.total_timing >= 300.0, "G's total_timing %.1f ms does not include its wait", d.total_timing);
    }
    http_destroy(a.h);
    http_destroy(b.h);
    http_destroy(c.h);
    http_destroy(d.h);
  }

  /* ---- back to unlimited: three holds run side by side ---- */
  CHECK_INT_EQ(http_engine_set_max_concurrent(0), 0);
  {
    reset_order();
    uint64_t t0 = now_ms();
    start(&a, 'X', fault, "/hold?ms=500&r=X", NULL);
    start(&b, 'Y', fault, "/hold?ms=500&r=Y", NULL);
    start(&c, 'Z', fault, "/hold?ms=500&r=Z", NULL);
    if (wait_all(3)) {
      uint64_t ms = now_ms() - t0;
      CHECK(ms < 1300, "3 x 500 ms holds took %llu ms: still serialised after max_concurrent 0",
            (unsigned long long)ms);
    }
    http_destroy(a.h);
    http_destroy(b.h);
    http_destroy(c.h);
  }

  waiter_destroy(&all_done);
  return test_finish();
}
