/* Lifecycle and argument checking: http_create / http_destroy, one request per handle,
 * 401 for NULL / empty / invalid UTF-8 arguments everywhere, *_free(NULL) no-ops, NULL-safe
 * response accessors, destroy before any request. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

static atomic_int stray_callbacks;
static void stray_event(void *userdata, struct http_handle *request, const http_event *ev) {
  (void)userdata;
  (void)request;
  (void)ev;
  atomic_fetch_add(&stray_callbacks, 1);
}
static void stray_done(void *userdata, struct http_handle *request, int32_t code, const char *msg,
                       struct http_response *resp) {
  (void)userdata;
  (void)request;
  (void)code;
  (void)msg;
  atomic_fetch_add(&stray_callbacks, 1);
  http_response_free(resp);
}

static void check_detail_nonempty(const char *what) {
  const char *d = http_last_error_detail();
  CHECK(d != NULL && d[0] != '\0', "%s: http_last_error_detail() is empty after a failed call", what);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  char *url100 = url_join(http, "/100.bin");
  char *url_hold = url_join(fault, "/hold?ms=300");

  /* ---- create / destroy ---- */
  http_destroy(NULL); /* no-op */
  for (int i = 0; i < 1000; i++) {
    struct http_handle *h = http_create();
    if (!CHECK(h != NULL, "http_create returned NULL (iteration %d)", i)) break;
    http_destroy(h);
  }
  http_response_free(NULL);
  http_options_free(NULL);
  http_queue_free(NULL);

  /* ---- destroy before any request, with listeners and a queue attached ---- */
  {
    atomic_store(&stray_callbacks, 0);
    struct http_queue *q = http_queue_new();
    CHECK(q != NULL, "http_queue_new returned NULL");
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, stray_event, NULL), 0);
    CHECK_INT_EQ(http_once(h, HTTP_EVENT_DATA_END, stray_event, NULL), 0);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    http_destroy(h);
    sleep_ms(100);
    CHECK_INT_EQ(http_queue_dispatch(q), 0);
    CHECK_INT_EQ(atomic_load(&stray_callbacks), 0);
    http_queue_free(q);
  }

  /* ---- NULL / empty / invalid arguments to the request functions: 401, nothing started ---- */
  {
    atomic_store(&stray_callbacks, 0);
    struct http_response *resp = (struct http_response *)&resp; /* sentinel: must stay as is */
    struct http_response *const sentinel = resp;

    CHECK_INT_EQ(http_request(NULL, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    check_detail_nonempty("http_request(NULL handle)");
    CHECK_INT_EQ(http_request_in_stream(NULL, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_sync(NULL, url100, NULL, &resp), NETHTTP_ERR_PARAMETER);
    CHECK(resp == sentinel, "*out written on failure");

    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request(h, NULL, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    check_detail_nonempty("http_request(NULL url)");
    CHECK_INT_EQ(http_request(h, "", NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    check_detail_nonempty("http_request(empty url)");
    CHECK_INT_EQ(http_request(h, "http://127.0.0.1/\xff\xfe", NULL, stray_done, NULL),
                 NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request(h, "http://127.0.0.1/\xc3", NULL, stray_done, NULL),
                 NETHTTP_ERR_PARAMETER); /* truncated UTF-8 sequence */
    CHECK_INT_EQ(http_request_in_stream(h, NULL, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_in_stream(h, "", NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_in_stream(h, "http://127.0.0.1/\xff", NULL, stray_done, NULL),
                 NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_sync(h, NULL, NULL, &resp), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_sync(h, "", NULL, &resp), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_sync(h, "http://127.0.0.1/\xff", NULL, &resp), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_sync(h, url100, NULL, NULL), NETHTTP_ERR_PARAMETER);
    CHECK(resp == sentinel, "*out written on failure");
    sleep_ms(200);
    CHECK_INT_EQ(atomic_load(&stray_callbacks), 0);

    /* Nothing was started by the rejected calls, so the handle is still unused. */
    resp = NULL;
    int32_t rc = http_request_sync(h, url100, NULL /* NULL options: all defaults */, &resp);
    CHECK(rc == 0, "request on a handle whose earlier calls were rejected: %d (%s)", (int)rc,
          http_last_error_detail());
    if (CHECK(resp != NULL, "no response")) {
      CHECK_INT_EQ(http_response_code(resp), 200);
      size_t len = 0;
      http_response_result(resp, &len);
      CHECK_INT_EQ(len, 100);
      http_response_free(resp);
    }

    /* ---- the handle is one task: every later request on it is refused ---- */
    struct http_response *again = sentinel;
    CHECK_INT_EQ(http_request_sync(h, url100, NULL, &again), NETHTTP_ERR_PARAMETER);
    check_detail_nonempty("second http_request_sync on a handle");
    CHECK(again == sentinel, "*out written on failure");
    CHECK_INT_EQ(http_request(h, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_in_stream(h, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    sleep_ms(200);
    CHECK_INT_EQ(atomic_load(&stray_callbacks), 0);
    http_destroy(h);
  }

  /* ---- reuse while the first request is still in flight ---- */
  {
    atomic_store(&stray_callbacks, 0);
    completion d;
    completion_init(&d);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request(h, url_hold, NULL, completion_cb, &d), 0);
    CHECK_INT_EQ(http_request(h, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_request_in_stream(h, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    if (CHECK(completion_wait(&d, WAIT_MS), "no completion for %s", url_hold)) {
      CHECK_INT_EQ(d.code, 0);
      CHECK(d.handle == h, "completion got request %p, expected %p", (void *)d.handle, (void *)h);
      CHECK_INT_EQ(http_response_code(d.resp), 200);
      size_t len = 0;
      const uint8_t *body = http_response_result(d.resp, &len);
      CHECK(len == 4 && body != NULL && memcmp(body, "held", 4) == 0, "body of /hold");
    }
    sleep_ms(200);
    CHECK_INT_EQ(completion_calls(&d), 1);
    CHECK_INT_EQ(atomic_load(&stray_callbacks), 0);
    /* after completion too */
    CHECK_INT_EQ(http_request(h, url100, NULL, stray_done, NULL), NETHTTP_ERR_PARAMETER);
    http_destroy(h);
    completion_fini(&d);
  }

  /* ---- a stream request also uses the handle up ---- */
  {
    completion d;
    completion_init(&d);
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request_in_stream(h, url100, NULL, completion_cb, &d), 0);
    if (CHECK(completion_wait(&d, WAIT_MS), "no completion for the stream request")) {
      CHECK_INT_EQ(d.code, 0);
    }
    struct http_response *r2 = NULL;
    CHECK_INT_EQ(http_request_sync(h, url100, NULL, &r2), NETHTTP_ERR_PARAMETER);
    CHECK(r2 == NULL, "*out written on failure");
    http_destroy(h);
    completion_fini(&d);
  }

  /* ---- a completion callback with no function: either refused (401) or allowed ---- */
  {
    struct http_handle *h = http_create();
    int32_t rc = http_request(h, url100, NULL, NULL, NULL);
    CHECK(rc == 0 || rc == NETHTTP_ERR_PARAMETER, "http_request with NULL on_complete: %d", (int)rc);
    if (rc == 0) sleep_ms(300); /* let it complete; must not crash */
    http_destroy(h);
  }

  /* ---- listener registration arguments ---- */
  {
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_on(NULL, HTTP_EVENT_HEADERS_RECEIVE, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_once(NULL, HTTP_EVENT_HEADERS_RECEIVE, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_off(NULL, HTTP_EVENT_HEADERS_RECEIVE, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, NULL, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_once(h, HTTP_EVENT_HEADERS_RECEIVE, NULL, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_SSE_RECONNECT + 1, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_on(h, -1, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_once(h, 99, stray_event, NULL), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_off(h, 99, NULL, NULL), NETHTTP_ERR_PARAMETER);
    /* removing what was never registered is not an error */
    CHECK_INT_EQ(http_off(h, HTTP_EVENT_DATA_END, stray_event, NULL), 0);
    CHECK_INT_EQ(http_off(h, HTTP_EVENT_DATA_END, NULL, NULL), 0);
    for (int t = HTTP_EVENT_HEADERS_RECEIVE; t <= HTTP_EVENT_DATA_SEND_PROGRESS; t++) {
      CHECK(http_on(h, t, stray_event, NULL) == 0, "http_on type %d", t);
      CHECK(http_once(h, t, stray_event, NULL) == 0, "http_once type %d", t);
      CHECK(http_off(h, t, stray_event, NULL) == 0, "http_off type %d", t);
    }
    /* queue attachment */
    struct http_queue *q = http_queue_new();
    CHECK_INT_EQ(http_set_queue(NULL, q), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_queue_fd(NULL), -1);
    CHECK_INT_EQ(http_queue_dispatch(NULL), 0);
    CHECK_INT_EQ(http_set_queue(h, q), 0);
    CHECK_INT_EQ(http_set_queue(h, NULL), 0); /* back to worker delivery */
    http_destroy(h);
    http_queue_free(q);
  }

  /* ---- http_set_queue after the request started: 401 ---- */
  {
    completion d;
    completion_init(&d);
    struct http_queue *q = http_queue_new();
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request(h, url_hold, NULL, completion_cb, &d), 0);
    CHECK_INT_EQ(http_set_queue(h, q), NETHTTP_ERR_PARAMETER);
    CHECK(completion_wait(&d, WAIT_MS), "no completion (delivery must have stayed on the worker)");
    http_destroy(h);
    http_queue_free(q);
    completion_fini(&d);
  }

  /* ---- NULL-safe response accessors ---- */
  {
    size_t len = 12345;
    http_performance_timing t;
    CHECK_INT_EQ(http_response_code(NULL), 0);
    CHECK_INT_EQ(http_response_result_type(NULL), -1);
    CHECK(http_response_result(NULL, &len) == NULL, "result(NULL)");
    CHECK(http_response_header(NULL, "content-type") == NULL, "header(NULL, name)");
    CHECK_INT_EQ(http_response_performance_timing(NULL, &t), NETHTTP_ERR_PARAMETER);

    struct http_response *resp = NULL;
    struct http_handle *h = http_create();
    CHECK_INT_EQ(http_request_sync(h, url100, NULL, &resp), 0);
    http_destroy(h); /* the response outlives its handle */
    if (CHECK(resp != NULL, "no response")) {
      CHECK(http_response_header(resp, NULL) == NULL, "header(resp, NULL)");
      CHECK(http_response_header(resp, "") == NULL, "header(resp, \"\")");
      CHECK_INT_EQ(http_response_performance_timing(resp, NULL), NETHTTP_ERR_PARAMETER);
      /* len may be NULL */
      const uint8_t *b = http_response_result(resp, NULL);
      CHECK(b != NULL, "result with len NULL");
      CHECK(http_response_header_json(resp, NULL) != NULL, "header_json with len NULL");
      CHECK(http_response_json(resp, NULL) != NULL, "json with len NULL");
      http_response_free(resp);
    }
  }

  free(url_hold);
  free(url100);
  return test_finish();
}
