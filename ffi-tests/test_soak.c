/* Soak (issue 12, part 8): ~1500 requests through the TCP fault proxy (NETHTTP_TEST_FAULT_PROXY:
 * per connection pass, reset, truncation, stall or slow chunks; see tests/support/fault_proxy.rs)
 * to nginx's files, plus a slice against the fault server's hostile paths (resets, closes
 * without an answer, bodies cut short, slow, held and endless bodies), through every delivery
 * mode: callbacks on the worker, streams, a queue drained by its own thread, and blocking
 * http_request_sync from three threads. Requests are destroyed from another thread at random
 * moments (before the start, before, during and after the transfer) and inside their own
 * callbacks (headers, data, completion); some have short read timeouts.
 *
 * Checks:
 *  - every started request that was not destroyed before its end gets exactly one completion,
 *    after all its events; one destroyed inside its completion got exactly that one; any other
 *    destroyed request at most one;
 *  - no callback starts after http_destroy returned, nor after an http_destroy made inside a
 *    callback of the same request, nor after the completion;
 *  - every error code is in EXPECTED below (any other code, documented or not, fails and is
 *    printed with its message and detail);
 *  - a success is a correct response: status and body as nginx serves them (a truncation
 *    reported as success would show here), for streams too (DATA_END, then the bytes);
 *  - after the run (ROUNDS rounds, RSS printed after each), open descriptors equal exactly the
 *    baseline taken after a warm-up round (both counted once the proxy has closed its idle
 *    connections and one request with Connection: close has made libcurl prune the dead ones
 *    from its pool; see settle()), and RSS is within RSS_SLACK of it (mimalloc and libcurl
 *    keep some freed memory cached: typically +0-4 MiB at the end, up to +17 MiB after a
 *    round, going down again in the next ones).
 *  - Two library bugs this soak found, now fixed, are still counted apart and fail the test:
 *    KNOWN ISSUE 1 and 2 (see check_success and sync_thread; test_truncated pins both).
 *    Under AddressSanitizer the RSS bound is left to LeakSanitizer (its quarantine keeps freed
 *    memory resident).
 *
 * Bounded: WARMUP + MAIN requests in all, at most MAX_IN_FLIGHT asynchronous ones at a time, a
 * wall-clock cap per phase after which no request is issued (those in flight are waited for,
 * each ends within the proxy's 10 s connection lifetime or its read timeout).
 * nethttp-test-timeout: 240 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dirent.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define WARMUP 300
#define MAIN 1200
#define ROUNDS 4
#define MAX_SLOTS (WARMUP + MAIN)
#define MAX_IN_FLIGHT 32
#define SYNC_THREADS 3
#define WARMUP_CAP_MS 30000
#define MAIN_CAP_MS 90000
/* After a phase stops issuing: every request has ended by then (proxy lifetime cap 10 s). */
#define DRAIN_MS 30000
#define RSS_SLACK (8L * 1048576)
#define POST_LEN 20000

/* ---- the codes a soak through TCP faults may see; anything else fails ---- */
static const struct {
  int32_t code;
  const char *why;
} EXPECTED[] = {
    {NETHTTP_OK, "success"},
    {NETHTTP_ERR_COULDNT_CONNECT, "2300007 the proxy could not reach nginx"},
    {NETHTTP_ERR_CURL_BASE + 8, "2300008 weird server reply (head cut short)"},
    {NETHTTP_ERR_PARTIAL_FILE, "2300018 body cut short"},
    {NETHTTP_ERR_TIMEOUT, "2300028 readTimeout (stall, slow, held, endless)"},
    {NETHTTP_ERR_ABORTED, "2300042 http_request_sync destroyed from another thread"},
    {NETHTTP_ERR_CURL_BASE + 52, "2300052 empty reply (closed before a byte)"},
    {NETHTTP_ERR_CURL_BASE + 55, "2300055 send failure (reset while sending)"},
    {NETHTTP_ERR_CURL_BASE + 56, "2300056 receive failure (reset)"},
    {NETHTTP_ERR_MAX_LIMIT, "2300063 /infinite without a stream"},
};
#define N_EXPECTED (sizeof EXPECTED / sizeof *EXPECTED)
static atomic_long code_counts[N_EXPECTED];
static atomic_long unexpected_codes;

enum mode { M_CB, M_STREAM, M_QUEUE, M_SYNC, M_UNSTARTED, N_MODES };
static const char *MODE_NAMES[] = {"callback", "stream", "queue", "sync", "unstarted"};
enum plan {
  P_NONE,        /* destroyed after its end by the issuing thread */
  P_OTHER,       /* destroyed by the destroyer thread when due */
  P_IN_HEADERS,  /* destroyed inside its HEADERS_RECEIVE */
  P_IN_DATA,     /* inside its first DATA_RECEIVE (stream) or DATA_RECEIVE_PROGRESS */
  P_IN_COMPLETE, /* inside its completion */
  N_PLANS
};
static const char *PLAN_NAMES[] = {"after end", "other thread", "in headers", "in data",
                                   "in completion"};

typedef struct target {
  const char *path;
  const char *www; /* expected body: this file of NETHTTP_TEST_WWW, or */
  const char *literal; /* this text, or neither (not checked) */
  uint32_t status;
  bool post;
  bool fault; /* on the fault server (else through the proxy) */
  const uint8_t *body;
  size_t len;
} target;

static target targets[] = {
    {"/100.bin", "100.bin", NULL, 200, false, false, NULL, 0},
    {"/1m.bin", "1m.bin", NULL, 200, false, false, NULL, 0},
    {"/1m.bin", "1m.bin", NULL, 200, false, false, NULL, 0},
    {"/text.txt", "text.txt", NULL, 200, false, false, NULL, 0},
    {"/0.bin", "0.bin", NULL, 200, false, false, NULL, 0},
    {"/json", NULL, "{\"hello\":\"world\",\"n\":1}", 200, false, false, NULL, 0},
    {"/status/404", NULL, "status 404\n", 404, false, false, NULL, 0},
    {"/redirect/3", NULL, "end of redirect chain\n", 200, false, false, NULL, 0},
    {"/gzip/text.txt", "text.txt", NULL, 200, false, false, NULL, 0},
    {"/chunked", NULL, "chunk 1\nchunk 2\nchunk 3\n", 200, false, false, NULL, 0},
    {"/echo", NULL, NULL, 200, true, false, NULL, 0}, /* body: post_body */
    /* the fault server, always with a short read timeout and Connection: close */
    {"/reset", NULL, NULL, 0, false, true, NULL, 0},
    {"/close", NULL, NULL, 0, false, true, NULL, 0},
    {"/drop-mid-body", NULL, NULL, 0, false, true, NULL, 0},
    {"/slow?chunks=5&delay_ms=20&size=2000", NULL, NULL, 200, false, true, NULL, 0},
    {"/chunked?chunks=4&delay_ms=5&size=300", NULL, NULL, 200, false, true, NULL, 0},
    {"/hold?ms=3000", NULL, NULL, 200, false, true, NULL, 0},
    {"/infinite", NULL, NULL, 200, false, true, NULL, 0},
    {"/bytes?n=50000", NULL, NULL, 200, false, true, NULL, 0},
};
#define N_TARGETS (sizeof targets / sizeof *targets)
#define FIRST_FAULT_TARGET 11
static uint8_t post_body[POST_LEN];

typedef struct slot {
  struct http_handle *_Atomic h;
  int phase;
  enum mode mode;
  enum plan plan;
  int target;
  atomic_int used;
  atomic_int claimed;          /* the right to call http_destroy, taken once */
  atomic_int destroyed;        /* http_destroy returned (called outside its callbacks) */
  atomic_int destroyed_inside; /* http_destroy called inside one of its callbacks */
  atomic_int ended;            /* completion or destroy: counted out of in_flight once */
  atomic_int completions;
  atomic_int late;           /* callbacks after a destroy */
  atomic_int after_complete; /* events after the completion */
  atomic_int headers_seen;
  atomic_int data_end;
  atomic_int stream_bad;
  atomic_size_t streamed;
  atomic_int destroy_pushed;
  int32_t code;
  bool body_checked;
  uint32_t seed;
} slot;

static slot slots[MAX_SLOTS];
static atomic_int next_slot;
static atomic_int in_flight;
static atomic_long successes_checked, bad_successes;
/* Library bugs this soak found, fixed (see KNOWN ISSUE below): they must stay at zero. */
static atomic_long known_head_cut, known_sync_23;
static atomic_long destroy_moment[3]; /* before any event, during, after the end */
static atomic_long plan_counts[N_PLANS], mode_counts[N_MODES];
static atomic_long inside_destroys;

static const char *proxy_url, *fault_url;
static struct http_queue *queue;
static atomic_int stop_dispatch, stop_destroyer;

static uint32_t xorshift(uint32_t *s) {
  uint32_t x = *s ? *s : 0x9e3779b9u;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

static void note_code(slot *s, int32_t code, const char *detail) {
  for (size_t i = 0; i < N_EXPECTED; i++)
    if (EXPECTED[i].code == code) {
      atomic_fetch_add(&code_counts[i], 1);
      return;
    }
  atomic_fetch_add(&unexpected_codes, 1);
  fprintf(stderr, "UNEXPECTED code %d (%s) for %s %s%s (%s, %s): %s\n", code,
          http_error_message(code), targets[s->target].post ? "POST" : "GET",
          targets[s->target].fault ? "fault" : "proxy", targets[s->target].path,
          MODE_NAMES[s->mode], PLAN_NAMES[s->plan], detail ? detail : "(null)");
}

static void mark_ended(slot *s) {
  if (atomic_exchange(&s->ended, 1) == 0 && s->mode != M_SYNC) atomic_fetch_sub(&in_flight, 1);
}

/* Destroys s's handle unless another party already took that right. */
static bool try_destroy(slot *s, bool inside_callback) {
  if (atomic_exchange(&s->claimed, 1) != 0) return false;
  if (!inside_callback) {
    int moment = atomic_load(&s->ended) ? 2 : atomic_load(&s->headers_seen) ? 1 : 0;
    atomic_fetch_add(&destroy_moment[moment], 1);
  }
  http_destroy(atomic_load(&s->h));
  if (inside_callback) {
    atomic_store(&s->destroyed_inside, 1);
    atomic_fetch_add(&inside_destroys, 1);
  } else {
    atomic_store(&s->destroyed, 1);
  }
  mark_ended(s);
  return true;
}

/* ---- the destroyer thread: destroys slots when they are due ---- */
static pthread_mutex_t dmu = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int slot;
  uint64_t due;
} dq[MAX_SLOTS];
static int dq_len;

static void destroy_later(slot *s, uint64_t delay_ms) {
  if (atomic_exchange(&s->destroy_pushed, 1)) return;
  pthread_mutex_lock(&dmu);
  dq[dq_len].slot = (int)(s - slots);
  dq[dq_len].due = now_ms() + delay_ms;
  dq_len++;
  pthread_mutex_unlock(&dmu);
}

static int dq_pending(void) {
  pthread_mutex_lock(&dmu);
  int n = dq_len;
  pthread_mutex_unlock(&dmu);
  return n;
}

static void *destroyer(void *arg) {
  (void)arg;
  for (;;) {
    int due[64], n = 0;
    uint64_t now = now_ms();
    pthread_mutex_lock(&dmu);
    for (int i = 0; i < dq_len && n < 64;) {
      if (dq[i].due <= now) {
        due[n++] = dq[i].slot;
        dq[i] = dq[--dq_len];
      } else {
        i++;
      }
    }
    int left = dq_len;
    pthread_mutex_unlock(&dmu);
    /* Never under dmu: http_destroy may wait for a callback that calls destroy_later. */
    for (int i = 0; i < n; i++) try_destroy(&slots[due[i]], false);
    if (n == 0) {
      if (left == 0 && atomic_load(&stop_destroyer)) return NULL;
      sleep_ms(1);
    }
  }
}

/* ---- callbacks ---- */
static void enter_callback(slot *s) {
  if (atomic_load(&s->destroyed) || atomic_load(&s->destroyed_inside))
    atomic_fetch_add(&s->late, 1);
}

static void on_event(void *ud, struct http_handle *h, const http_event *ev) {
  slot *s = ud;
  enter_callback(s);
  if (atomic_load(&s->completions) > 0) atomic_fetch_add(&s->after_complete, 1);
  if (h != atomic_load(&s->h)) CHECK(false, "event for another handle");
  const target *t = &targets[s->target];
  bool first_data = false;
  switch (ev->type) {
    case HTTP_EVENT_HEADERS_RECEIVE:
      atomic_store(&s->headers_seen, 1);
      break;
    case HTTP_EVENT_DATA_RECEIVE: {
      size_t at = atomic_fetch_add(&s->streamed, ev->data_len);
      first_data = at == 0;
      if (t->body && (at + ev->data_len > t->len || memcmp(t->body + at, ev->data, ev->data_len)))
        atomic_store(&s->stream_bad, 1);
      break;
    }
    case HTTP_EVENT_DATA_END:
      atomic_fetch_add(&s->data_end, 1);
      break;
    case HTTP_EVENT_DATA_RECEIVE_PROGRESS:
      first_data = s->mode != M_STREAM;
      break;
    default:
      break;
  }
  if ((s->plan == P_IN_HEADERS && ev->type == HTTP_EVENT_HEADERS_RECEIVE) ||
      (s->plan == P_IN_DATA && first_data)) {
    try_destroy(s, true);
  } else if (s->plan == P_OTHER && s->mode == M_SYNC && ev->type == HTTP_EVENT_HEADERS_RECEIVE) {
    /* The sync call is surely running now: hand it to the destroyer. */
    destroy_later(s, s->seed % 40);
  }
}

static bool body_ok(const target *t, const uint8_t *body, size_t len) {
  return !t->body || (len == t->len && memcmp(body, t->body, len) == 0);
}

static void check_success(slot *s, const struct http_response *resp) {
  const target *t = &targets[s->target];
  size_t len = 0;
  const uint8_t *body = http_response_result(resp, &len);
  uint32_t status = http_response_code(resp);
  if (t->status == 0) return;
  atomic_fetch_add(&successes_checked, 1);
  bool ok = status == t->status;
  if (s->mode == M_STREAM) {
    ok = ok && atomic_load(&s->data_end) == 1 && !atomic_load(&s->stream_bad) &&
         (!t->body || atomic_load(&s->streamed) == t->len);
  } else {
    ok = ok && body_ok(t, body, len);
  }
  size_t got = s->mode == M_STREAM ? atomic_load(&s->streamed) : len;
  if (!ok && got == 0 && !http_response_header(resp, "content-length")) {
    /* KNOWN ISSUE 1: a connection closed inside the response head, before a Content-Length
     * line (or anywhere in the head of a chunked response), ends the transfer as a success:
     * libcurl takes the lines it has as the head and the close as the end of an empty body
     * (curl 7.88 does the same). nethttp passes that on: code 0, the status line's code, some
     * of the headers, no body. (Cut after a Content-Length, or in a chunked body: 2300018.)
     * nginx sends Content-Length or a complete chunked head with every answer here, so an
     * empty success without Content-Length is such a cut. */
    atomic_fetch_add(&known_head_cut, 1);
    fprintf(stderr, "KNOWN ISSUE 1: success for a head cut short: %s%s (%s, %s), status %u, %s\n",
            t->fault ? "fault" : "proxy", t->path, MODE_NAMES[s->mode], PLAN_NAMES[s->plan],
            status, http_response_header_json(resp, NULL));
  } else if (!ok) {
    atomic_fetch_add(&bad_successes, 1);
    fprintf(stderr,
            "BAD SUCCESS %s%s (%s, %s): status %u (want %u), %zu bytes (streamed %zu, want %zu), "
            "data_end %d, stream_bad %d, headers %.400s\n",
            t->fault ? "fault" : "proxy", t->path, MODE_NAMES[s->mode], PLAN_NAMES[s->plan],
            status, t->status, len, atomic_load(&s->streamed), t->len, atomic_load(&s->data_end),
            atomic_load(&s->stream_bad), http_response_header_json(resp, NULL));
  }
}

static void on_done(void *ud, struct http_handle *h, int32_t code, const char *msg,
                    struct http_response *resp) {
  slot *s = ud;
  enter_callback(s);
  if (h != atomic_load(&s->h)) CHECK(false, "completion for another handle");
  CHECK(msg != NULL, "NULL error message");
  CHECK((code == 0) == (resp != NULL), "code %d with response %p", code, (void *)resp);
  s->code = code;
  note_code(s, code, msg);
  if (resp) {
    check_success(s, resp);
    http_response_free(resp);
  }
  atomic_fetch_add(&s->completions, 1);
  if (s->plan == P_IN_COMPLETE) try_destroy(s, true);
  mark_ended(s);
}

/* ---- requests ---- */
static struct http_options *options_for(slot *s, uint32_t r) {
  const target *t = &targets[s->target];
  struct http_options *o = http_options_new();
  http_options_set_connect_timeout(o, 2000);
  if (t->fault) {
    http_options_set_read_timeout(o, 1500);
    http_options_add_header(o, "Connection", "close");
  } else if (r % 10 < 3) {
    http_options_set_read_timeout(o, 800 + r % 1700);
  }
  if (t->post) {
    http_options_set_method(o, HTTP_METHOD_POST);
    http_options_set_extra_data_bytes(o, post_body, sizeof post_body);
  }
  return o;
}

static void url_for(char *out, size_t n, const target *t) {
  snprintf(out, n, "%s%s", t->fault ? fault_url : proxy_url, t->path);
}

/* Bodies kept in memory whole are large for 1m.bin (1 MiB) and /infinite (up to maxLimit,
 * 5 MiB); a few dozen of them at once leave the allocators' caches at a size that varies by
 * tens of MiB from run to run, which would drown the RSS check. So streams get them always,
 * the other modes one time in eight (text.txt and /bytes instead). */
#define T_1M 1
#define T_TEXT 3
#define T_INFINITE (N_TARGETS - 2)
#define T_BYTES (N_TARGETS - 1)
static int pick_target(uint32_t r, bool stream) {
  /* 1 in 7 on the fault server */
  int t = r % 7 == 0 ? FIRST_FAULT_TARGET + (int)((r / 7) % (N_TARGETS - FIRST_FAULT_TARGET))
                     : (int)((r / 7) % FIRST_FAULT_TARGET);
  bool rare = (r >> 24) % 8 == 0;
  if (!stream && !rare && (t == T_1M || t == T_1M + 1)) return T_TEXT;
  if (!stream && !rare && t == T_INFINITE) return T_BYTES;
  return t;
}

static void listen_all(slot *s) {
  struct http_handle *h = atomic_load(&s->h);
  http_on(h, HTTP_EVENT_HEADERS_RECEIVE, on_event, s);
  http_on(h, HTTP_EVENT_DATA_RECEIVE_PROGRESS, on_event, s);
  if (s->mode == M_STREAM) {
    http_on(h, HTTP_EVENT_DATA_RECEIVE, on_event, s);
    http_on(h, HTTP_EVENT_DATA_END, on_event, s);
  }
}

/* A budget of requests shared by the issuing thread and the sync threads of one phase. */
static atomic_int phase_budget;
static atomic_int phase_issuing;
static int current_phase;

static slot *take_slot(void) {
  if (atomic_fetch_sub(&phase_budget, 1) <= 0) return NULL;
  int i = atomic_fetch_add(&next_slot, 1);
  if (i >= MAX_SLOTS) return NULL;
  slot *s = &slots[i];
  s->phase = current_phase;
  atomic_store(&s->used, 1);
  return s;
}

static void *sync_thread(void *arg) {
  uint32_t seed = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
  while (atomic_load(&phase_issuing)) {
    slot *s = take_slot();
    if (!s) break;
    uint32_t r = xorshift(&seed);
    s->mode = M_SYNC;
    s->seed = r;
    s->target = pick_target(r, false);
    s->plan = r % 10 < 7 ? P_NONE : r % 10 < 9 ? P_OTHER : P_IN_HEADERS;
    atomic_fetch_add(&plan_counts[s->plan], 1);
    atomic_fetch_add(&mode_counts[M_SYNC], 1);
    atomic_store(&s->h, http_create());
    listen_all(s);
    struct http_options *o = options_for(s, r >> 8);
    char url[512];
    url_for(url, sizeof url, &targets[s->target]);
    struct http_response *resp = NULL;
    int32_t code = http_request_sync(atomic_load(&s->h), url, o, &resp);
    http_options_free(o);
    s->code = code;
    if (code == NETHTTP_ERR_CURL_BASE + 23 && atomic_load(&s->claimed)) {
      /* KNOWN ISSUE 2: destroyed meanwhile (by the destroyer, or inside its HEADERS_RECEIVE on
       * the worker), http_request_sync is to return 2300042, but returns 2300023 when the
       * destroy lands while libcurl is delivering the body (the write callback refuses it). */
      atomic_fetch_add(&known_sync_23, 1);
      fprintf(stderr, "KNOWN ISSUE 2: sync %s destroyed meanwhile (%s) returned %d: %s\n",
              targets[s->target].path, PLAN_NAMES[s->plan], code, http_last_error_detail());
    } else {
      note_code(s, code, code ? http_last_error_detail() : "");
    }
    CHECK((code == 0) == (resp != NULL), "sync %s: code %d with response %p", url, code,
          (void *)resp);
    if (resp) {
      check_success(s, resp);
      http_response_free(resp);
    }
    atomic_fetch_add(&s->completions, 1);
    try_destroy(s, false); /* unless the destroyer or a callback took it */
    mark_ended(s);
  }
  return NULL;
}

static void *dispatcher(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_dispatch)) {
    struct pollfd p = {http_queue_fd(queue), POLLIN, 0};
    poll(&p, 1, 20);
    http_queue_dispatch(queue);
  }
  http_queue_dispatch(queue);
  return NULL;
}

static uint32_t main_seed = 20261203u;

static void issue_one(slot *s) {
  uint32_t r = xorshift(&main_seed);
  s->seed = r;
  uint32_t m = r % 100;
  s->mode = m < 3 ? M_UNSTARTED : m < 40 ? M_CB : m < 70 ? M_STREAM : M_QUEUE;
  s->target = pick_target(r >> 4, s->mode == M_STREAM);
  uint32_t p = (r >> 12) % 100;
  s->plan = s->mode == M_UNSTARTED ? P_OTHER
            : p < 55               ? P_NONE
            : p < 80               ? P_OTHER
            : p < 85               ? P_IN_HEADERS
            : p < 90               ? P_IN_DATA
                                   : P_IN_COMPLETE;
  atomic_fetch_add(&plan_counts[s->plan], 1);
  atomic_fetch_add(&mode_counts[s->mode], 1);
  atomic_store(&s->h, http_create());
  if (s->mode == M_QUEUE) http_set_queue(atomic_load(&s->h), queue);
  listen_all(s);
  atomic_fetch_add(&in_flight, 1);
  if (s->mode == M_UNSTARTED) {
    destroy_later(s, (r >> 20) % 3); /* a handle never started, destroyed by another thread */
    return;
  }
  char url[512];
  url_for(url, sizeof url, &targets[s->target]);
  struct http_options *o = options_for(s, r >> 8);
  int32_t rc = s->mode == M_STREAM ? http_request_in_stream(atomic_load(&s->h), url, o, on_done, s)
                                   : http_request(atomic_load(&s->h), url, o, on_done, s);
  http_options_free(o);
  if (!CHECK(rc == 0, "start %s: %d (%s)", url, rc, http_last_error_detail())) {
    mark_ended(s);
    return;
  }
  /* Due at once (before the transfer) to 100 ms later (during, or after a quick one). */
  if (s->plan == P_OTHER) destroy_later(s, (r >> 20) % 5 == 0 ? 0 : (r >> 20) % 100);
}

/* One phase: `budget` requests (fewer if the cap passes), then every one of them ended. */
static void run_phase(int phase, int budget, uint64_t cap_ms) {
  uint64_t t0 = now_ms(), deadline = t0 + cap_ms;
  int first = atomic_load(&next_slot);
  current_phase = phase;
  atomic_store(&phase_budget, budget);
  atomic_store(&phase_issuing, 1);
  pthread_t st[SYNC_THREADS];
  for (int i = 0; i < SYNC_THREADS; i++)
    pthread_create(&st[i], NULL, sync_thread, (void *)(uintptr_t)(phase * 10 + i + 1));
  int issued = 0;
  while (now_ms() < deadline) {
    while (atomic_load(&in_flight) >= MAX_IN_FLIGHT && now_ms() < deadline) sleep_ms(1);
    if (now_ms() >= deadline) break;
    slot *s = take_slot();
    if (!s) break;
    issue_one(s);
    issued++;
  }
  bool capped = now_ms() >= deadline;
  atomic_store(&phase_issuing, 0);
  for (int i = 0; i < SYNC_THREADS; i++) pthread_join(st[i], NULL);
  int last = atomic_load(&next_slot);
  if (last > MAX_SLOTS) last = MAX_SLOTS;

  /* Wait for every request of the phase to end (completion or destroy). */
  uint64_t drain = now_ms() + DRAIN_MS;
  for (int i = first; i < last; i++)
    while (!atomic_load(&slots[i].ended) && now_ms() < drain) sleep_ms(2);
  while (dq_pending() > 0 && now_ms() < drain) sleep_ms(2);
  for (int i = first; i < last; i++) {
    slot *s = &slots[i];
    CHECK(atomic_load(&s->ended), "request %d (%s, %s, %s%s) never ended: %d completions", i,
          MODE_NAMES[s->mode], PLAN_NAMES[s->plan], targets[s->target].fault ? "fault" : "proxy",
          targets[s->target].path, atomic_load(&s->completions));
  }
  /* The ones still alive: destroyed now, after their end. */
  for (int i = first; i < last; i++) try_destroy(&slots[i], false);
  sleep_ms(200); /* a late callback would show now */

  int sync_n = 0;
  for (int i = first; i < last; i++) {
    slot *s = &slots[i];
    int c = atomic_load(&s->completions);
    const char *what = targets[s->target].path;
    if (s->mode == M_SYNC) sync_n++;
    if (s->mode == M_UNSTARTED) {
      CHECK(c == 0, "unstarted request %d: %d completions", i, c);
    } else if (s->plan == P_NONE || s->plan == P_IN_COMPLETE || s->mode == M_SYNC) {
      /* nobody destroyed it before its end (a sync call: it returned once) */
      CHECK(c == 1, "request %d (%s %s %s): %d completions", i, MODE_NAMES[s->mode],
            PLAN_NAMES[s->plan], what, c);
    } else {
      CHECK(c <= 1, "request %d (%s %s %s): %d completions", i, MODE_NAMES[s->mode],
            PLAN_NAMES[s->plan], what, c);
    }
    CHECK(atomic_load(&s->late) == 0, "request %d (%s %s %s): %d callbacks after destroy", i,
          MODE_NAMES[s->mode], PLAN_NAMES[s->plan], what, atomic_load(&s->late));
    CHECK(atomic_load(&s->after_complete) == 0,
          "request %d (%s %s %s): %d events after the completion", i, MODE_NAMES[s->mode],
          PLAN_NAMES[s->plan], what, atomic_load(&s->after_complete));
    CHECK(atomic_load(&s->data_end) <= 1, "request %d: %d DATA_END", i,
          atomic_load(&s->data_end));
  }
  fprintf(stderr, "phase %d: %d requests (%d async, %d sync) in %.1f s%s\n", phase, last - first,
          issued, sync_n, (now_ms() - t0) / 1000.0, capped ? " (wall-clock cap reached)" : "");
}

/* ---- descriptors and memory ---- */
typedef struct fdset {
  int n;
  char names[512][64];
} fdset;

static void list_fds(fdset *f) {
  f->n = 0;
  DIR *d = opendir("/proc/self/fd");
  if (!d) return;
  int self = dirfd(d);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || atoi(e->d_name) == self) continue;
    if (f->n < 512) {
      int fd = atoi(e->d_name);
      char path[64], target[48] = "?";
      snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
      ssize_t k = readlink(path, target, sizeof target - 1);
      if (k >= 0) target[k] = 0;
      snprintf(f->names[f->n], sizeof f->names[f->n], "%d -> %.47s", fd, target);
    }
    f->n++;
  }
  closedir(d);
}

static void print_extra(const fdset *a, const fdset *b, const char *label) {
  for (int i = 0; i < b->n && i < 512; i++) {
    bool found = false;
    for (int j = 0; j < a->n && j < 512 && !found; j++) found = !strcmp(a->names[j], b->names[i]);
    if (!found) fprintf(stderr, "  %s %s\n", label, b->names[i]);
  }
}

/* Brings the library's connection pool to a known state: empty. The proxy closes a connection
 * idle for 2 s and the fault server closes after a Connection: close answer, but libcurl only
 * notices a dead pooled connection when it looks for one to reuse, at most once a second.
 * So: wait past the proxy's idle cap, then one request with Connection: close through the
 * proxy (its own connection is closed after it, whatever fault it meets). */
static void settle(void) {
  sleep_ms(2300);
  struct http_options *o = http_options_new();
  http_options_set_read_timeout(o, 1000);
  http_options_add_header(o, "Connection", "close");
  char url[512];
  snprintf(url, sizeof url, "%s/100.bin", proxy_url);
  /* Asynchronous, so that it prunes the worker's pool (a blocking request would run on this
   * thread's own connections). */
  struct http_handle *h = http_create();
  completion c;
  completion_init(&c);
  if (http_request(h, url, o, completion_cb, &c) == 0) completion_wait(&c, 10000);
  http_destroy(h);
  completion_fini(&c);
  http_options_free(o);
  sleep_ms(100);
}

int main(void) {
  /* Both issues below are fixed in the library: always fatal. NETHTTP_TEST_SOAK_STRICT=0
   * reports them without failing (for bisecting). */
  const char *strict_env = getenv("NETHTTP_TEST_SOAK_STRICT");
  bool strict = !(strict_env && strcmp(strict_env, "0") == 0);
  proxy_url = env_or_die("NETHTTP_TEST_FAULT_PROXY");
  fault_url = env_or_die("NETHTTP_TEST_FAULT");
  for (size_t i = 0; i < N_TARGETS; i++) {
    target *t = &targets[i];
    if (t->www) {
      t->body = (const uint8_t *)read_www_file(t->www, &t->len);
      if (!CHECK(t->body != NULL, "cannot read %s", t->www)) return test_finish();
    } else if (t->literal) {
      t->body = (const uint8_t *)t->literal;
      t->len = strlen(t->literal);
    }
  }
  for (size_t i = 0; i < POST_LEN; i++) post_body[i] = (uint8_t)(i * 7 + 3);
  targets[10].body = post_body;
  targets[10].len = POST_LEN;
  static uint8_t bytes50k[50000];
  for (size_t i = 0; i < sizeof bytes50k; i++) bytes50k[i] = (uint8_t)(i % 251);
  targets[N_TARGETS - 1].body = bytes50k;
  targets[N_TARGETS - 1].len = sizeof bytes50k;

  queue = http_queue_new();
  if (!CHECK(queue != NULL, "http_queue_new")) return test_finish();
  pthread_t disp, dest;
  pthread_create(&disp, NULL, dispatcher, NULL);
  pthread_create(&dest, NULL, destroyer, NULL);
  uint64_t t0 = now_ms();

  /* Warm-up: threads, pools, allocator caches and the library's state to their steady size. */
  run_phase(0, WARMUP, WARMUP_CAP_MS);
  settle();
  static fdset base, after;
  list_fds(&base);
  long rss_base = rss_bytes();
  fprintf(stderr, "baseline: %d descriptors, RSS %.1f MiB\n", base.n, rss_base / 1048576.0);
  for (int i = 0; i < base.n && i < 512; i++) fprintf(stderr, "  %s\n", base.names[i]);

  /* The main run in ROUNDS rounds, RSS sampled after each (settled the same way): growth that
   * goes on round after round is a leak, a step that stays is a cache. */
  uint64_t main_deadline = now_ms() + MAIN_CAP_MS;
  for (int round = 1; round <= ROUNDS; round++) {
    uint64_t now = now_ms();
    if (now >= main_deadline) break;
    run_phase(round, MAIN / ROUNDS, main_deadline - now);
    if (round == ROUNDS) break;
    settle();
    list_fds(&after);
    fprintf(stderr, "after round %d: %d descriptors, RSS %.1f MiB (%+.1f MiB)\n", round, after.n,
            rss_bytes() / 1048576.0, (rss_bytes() - rss_base) / 1048576.0);
  }
  list_fds(&after);
  fprintf(stderr, "before settling: %d descriptors\n", after.n);
  /* The pool can take two rounds to empty (a connection closed while the settling request
   * looked at the pool is pruned by the next one). Each try waits 2.4 s. */
  for (int i = 0; i < 6; i++) {
    settle();
    list_fds(&after);
    if (after.n == base.n) break;
    fprintf(stderr, "settling: %d descriptors (baseline %d)\n", after.n, base.n);
  }
  long rss_after = rss_bytes();
  /* Allocators give cached pages back as they work: a step above the slack right after the
   * run (seen once in ~20 runs, +17 MiB after a round that went down to +3 MiB later) gets a
   * few more settling rounds before it counts. A leak does not go down. */
  for (int i = 0; i < 4 && rss_after > rss_base + RSS_SLACK; i++) {
    fprintf(stderr, "settling RSS: %.1f MiB (%+.1f MiB)\n", rss_after / 1048576.0,
            (rss_after - rss_base) / 1048576.0);
    settle();
    rss_after = rss_bytes();
  }
  fprintf(stderr, "after: %d descriptors, RSS %.1f MiB (baseline %.1f MiB, %+.1f MiB)\n",
          after.n, rss_after / 1048576.0, rss_base / 1048576.0,
          (rss_after - rss_base) / 1048576.0);
  if (!CHECK_INT_EQ(after.n, base.n)) {
    print_extra(&base, &after, "new:");
    print_extra(&after, &base, "gone:");
  }
#ifndef __SANITIZE_ADDRESS__
  CHECK(rss_after <= rss_base + RSS_SLACK, "RSS grew: %ld -> %ld", rss_base, rss_after);
#endif

  atomic_store(&stop_destroyer, 1);
  pthread_join(dest, NULL);
  atomic_store(&stop_dispatch, 1);
  pthread_join(disp, NULL);
  http_queue_free(queue);

  long total = atomic_load(&next_slot);
  fprintf(stderr, "%ld requests in %.1f s; modes:", total, (now_ms() - t0) / 1000.0);
  for (int i = 0; i < N_MODES; i++)
    fprintf(stderr, " %s %ld", MODE_NAMES[i], atomic_load(&mode_counts[i]));
  fprintf(stderr, "\ndestroys:");
  for (int i = 0; i < N_PLANS; i++)
    fprintf(stderr, " %s %ld;", PLAN_NAMES[i], atomic_load(&plan_counts[i]));
  fprintf(stderr,
          "\noutside callbacks: before any event %ld, during %ld, after the end %ld; inside "
          "callbacks %ld\n",
          atomic_load(&destroy_moment[0]), atomic_load(&destroy_moment[1]),
          atomic_load(&destroy_moment[2]), atomic_load(&inside_destroys));
  for (size_t i = 0; i < N_EXPECTED; i++)
    fprintf(stderr, "  code %7d: %5ld  %s\n", EXPECTED[i].code, atomic_load(&code_counts[i]),
            EXPECTED[i].why);
  fprintf(stderr, "successes checked: %ld, bad: %ld; unexpected codes: %ld\n",
          atomic_load(&successes_checked), atomic_load(&bad_successes),
          atomic_load(&unexpected_codes));
  fprintf(stderr,
          "known library issues: 1 (success for a head cut short) %ld, 2 (sync destroyed "
          "meanwhile returns 2300023, not 2300042) %ld%s\n",
          atomic_load(&known_head_cut), atomic_load(&known_sync_23),
          strict ? " (fatal)" : " (not fatal: NETHTTP_TEST_SOAK_STRICT=0)");
  CHECK_INT_EQ(atomic_load(&unexpected_codes), 0);
  CHECK_INT_EQ(atomic_load(&bad_successes), 0);
  if (strict) {
    CHECK_INT_EQ(atomic_load(&known_head_cut), 0);
    CHECK_INT_EQ(atomic_load(&known_sync_23), 0);
  }
  for (size_t i = 0; i < N_TARGETS; i++)
    if (targets[i].www) free((void *)targets[i].body);
  return test_finish();
}
