/* http_request_in_stream: the body only through dataReceive, then dataEnd, then a completion
 * whose response has the code, headers and timing but an empty result; no maxLimit; 404 still a
 * response; chunked bodies (totalSize 0 = unknown); empty bodies; HTTPS/h2; gzip decoded. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000
#define ONE_MIB 1048576u

typedef struct stream {
  pthread_mutex_t mu;
  uint8_t *buf;
  size_t len, cap;
  int data_events, end_events, headers_events;
  uint64_t last_current, last_total;
  int progress_events;
  bool end_before_data_done; /* dataReceive after dataEnd */
  atomic_int completed, after_completion;
  waiter done;
  int32_t code;
  struct http_response *resp;
} stream_t;

static void on_data(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  stream_t *s = userdata;
  if (atomic_load(&s->completed)) atomic_fetch_add(&s->after_completion, 1);
  pthread_mutex_lock(&s->mu);
  if (s->end_events > 0) s->end_before_data_done = true;
  if (s->len + ev->data_len > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + ev->data_len) cap *= 2;
    s->buf = realloc(s->buf, cap);
    s->cap = cap;
  }
  if (ev->data_len > 0) memcpy(s->buf + s->len, ev->data, ev->data_len);
  s->len += ev->data_len;
  s->data_events++;
  pthread_mutex_unlock(&s->mu);
}

static void on_other(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)h;
  stream_t *s = userdata;
  if (atomic_load(&s->completed)) atomic_fetch_add(&s->after_completion, 1);
  pthread_mutex_lock(&s->mu);
  switch (ev->type) {
    case HTTP_EVENT_DATA_END: s->end_events++; break;
    case HTTP_EVENT_HEADERS_RECEIVE: s->headers_events++; break;
    case HTTP_EVENT_DATA_RECEIVE_PROGRESS:
      s->last_current = ev->current;
      s->last_total = ev->total;
      s->progress_events++;
      break;
    default: break;
  }
  pthread_mutex_unlock(&s->mu);
}

static void on_done(void *userdata, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)h;
  stream_t *s = userdata;
  if (code != 0) fprintf(stderr, "stream completion %d: %s\n", (int)code, msg);
  s->code = code;
  s->resp = resp;
  atomic_fetch_add(&s->completed, 1);
  waiter_signal(&s->done);
}

/* Streams url with o; returns false when no completion came. */
static bool run_stream(stream_t *s, const char *url, const struct http_options *o) {
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
  waiter_init(&s->done);
  struct http_handle *h = http_create();
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE, on_data, s), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_END, on_other, s), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, on_other, s), 0);
  CHECK_INT_EQ(http_on(h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, on_other, s), 0);
  bool ok = false;
  int32_t rc = http_request_in_stream(h, url, o, on_done, s);
  if (CHECK(rc == 0, "http_request_in_stream(%s) = %d", url, (int)rc)) {
    ok = CHECK(waiter_wait(&s->done, WAIT_MS), "no completion for stream %s", url);
  }
  http_destroy(h); /* after completion: nothing may follow */
  if (ok) CHECK_INT_EQ(atomic_load(&s->after_completion), 0);
  return ok;
}

static void stream_fini(stream_t *s) {
  http_response_free(s->resp);
  free(s->buf);
  waiter_destroy(&s->done);
  pthread_mutex_destroy(&s->mu);
}

static void check_empty_result(const stream_t *s, const char *what) {
  size_t len = 99;
  const uint8_t *b = http_response_result(s->resp, &len);
  CHECK(b != NULL && len == 0, "%s: stream response result has %zu bytes", what, len);
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  char *path1m = url_join(www, "1m.bin");
  char *pathtxt = url_join(www, "text.txt");
  stream_t s;

  /* 1 MiB, with maxLimit 1000: no limit in stream mode */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_max_limit(o, 1000), 0);
    char *url = url_join(http, "/1m.bin");
    if (run_stream(&s, url, o) && CHECK_INT_EQ(s.code, 0)) {
      CHECK_INT_EQ(http_response_code(s.resp), 200);
      check_empty_result(&s, "1m.bin");
      CHECK_INT_EQ(s.len, ONE_MIB);
      CHECK(file_equals_bytes(path1m, s.buf, s.len), "streamed bytes differ from 1m.bin");
      CHECK_INT_EQ(s.end_events, 1);
      CHECK_INT_EQ(s.headers_events, 1);
      CHECK(!s.end_before_data_done, "dataReceive after dataEnd");
      CHECK(s.last_current == ONE_MIB && s.last_total == ONE_MIB, "progress %llu/%llu",
            (unsigned long long)s.last_current, (unsigned long long)s.last_total);
      /* the rest of the response is there */
      CHECK_STR_EQ(http_response_header(s.resp, "content-length"), "1048576");
      CHECK_STR_EQ(http_response_http_version(s.resp), "1.1");
      http_performance_timing t;
      CHECK(http_response_performance_timing(s.resp, &t) == 0 && t.total_timing > 0.0,
            "stream timing");
      const char *j = http_response_json(s.resp, NULL);
      CHECK(j != NULL && strstr(j, "\"responseCode\":200") != NULL, "stream json: %s", j ? j : "");
    }
    stream_fini(&s);
    free(url);
    http_options_free(o);
  }
  /* 404 in stream mode: a response, its body through the events */
  {
    char *url = url_join(http, "/status/404");
    if (run_stream(&s, url, NULL) && CHECK_INT_EQ(s.code, 0)) {
      CHECK_INT_EQ(http_response_code(s.resp), 404);
      check_empty_result(&s, "404");
      CHECK(s.len == 11 && memcmp(s.buf, "status 404\n", 11) == 0, "404 body through events");
      CHECK_INT_EQ(s.end_events, 1);
    }
    stream_fini(&s);
    free(url);
  }
  /* empty body: dataEnd and completion still come */
  {
    char *url = url_join(http, "/0.bin");
    if (run_stream(&s, url, NULL) && CHECK_INT_EQ(s.code, 0)) {
      CHECK_INT_EQ(http_response_code(s.resp), 200);
      CHECK_INT_EQ(s.len, 0);
      CHECK_INT_EQ(s.end_events, 1);
    }
    stream_fini(&s);
    free(url);
  }
  /* chunked body of unknown length: totalSize 0 */
  {
    char *url = url_join(fault, "/chunked?chunks=5&size=1000&delay_ms=20");
    if (run_stream(&s, url, NULL) && CHECK_INT_EQ(s.code, 0)) {
      CHECK_INT_EQ(s.len, 5000);
      bool ok = s.len == 5000;
      for (size_t i = 0; ok && i < s.len; i++) ok = s.buf[i] == (uint8_t)('a' + i / 1000);
      CHECK(ok, "chunked body content");
      CHECK(s.progress_events > 0, "no progress on a chunked body");
      CHECK(s.last_current == 5000 && s.last_total == 0, "chunked progress %llu/%llu",
            (unsigned long long)s.last_current, (unsigned long long)s.last_total);
      CHECK_INT_EQ(s.end_events, 1);
    }
    stream_fini(&s);
    free(url);
  }
  /* HTTPS (h2) stream */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
    char *url = url_join(https, "/1m.bin");
    if (run_stream(&s, url, o) && CHECK_INT_EQ(s.code, 0)) {
      CHECK_STR_EQ(http_response_http_version(s.resp), "2");
      CHECK(s.len == ONE_MIB && file_equals_bytes(path1m, s.buf, s.len), "h2 stream bytes (%zu)", s.len);
      check_empty_result(&s, "h2 1m.bin");
    }
    stream_fini(&s);
    free(url);
    http_options_free(o);
  }
  /* gzip: decoded bytes through the events */
  {
    char *url = url_join(http, "/gzip/text.txt");
    if (run_stream(&s, url, NULL) && CHECK_INT_EQ(s.code, 0)) {
      CHECK(file_equals_bytes(pathtxt, s.buf, s.len), "gzip stream not decoded (%zu bytes)", s.len);
      CHECK_INT_EQ(s.last_current, s.len); /* receiveSize counts decoded bytes */
    }
    stream_fini(&s);
    free(url);
  }
  /* a transfer error in stream mode: completion with the error, no response */
  {
    char *url = url_join(fault, "/drop-mid-body");
    if (run_stream(&s, url, NULL)) {
      CHECK_INT_EQ(s.code, NETHTTP_ERR_PARTIAL_FILE);
      CHECK(s.resp == NULL, "a response with an error");
      CHECK(s.len <= 300, "more bytes than were sent: %zu", s.len);
    }
    stream_fini(&s);
    free(url);
  }

  free(path1m);
  free(pathtxt);
  return test_finish();
}
