/* The limit: raw libcurl, a single-threaded curl_multi_poll loop, easy handles configured once
 * and reused. Linked against the very libcurl.a that curl-sys built for nethttp (bench/run.sh).
 *
 * usage: raw_client WORKLOAD URL N INFLIGHT WARMUP_N WARMUP_URL [CAFILE]
 *   Runs WARMUP_N requests of WARMUP_URL (connections established, handles warm), then N requests
 *   of URL with INFLIGHT at once (each finished handle is re-added at once while requests are
 *   left), and prints one RESULT line (bench_common.h). W4 counts the body and drops it; the
 *   other workloads copy each body into the handle's buffer, as an application would.
 *   Exit status 0 only when every request succeeded with 200.
 *   RAW_NETHTTP_HEADERS=1 (client "raw-hdrs"): also send the two request headers nethttp sends
 *   for a GET by the spec's defaults (Content-Type: application/x-www-form-urlencoded and
 *   libcurl's Accept-Encoding), to separate what they cost in libcurl from nethttp's own cost.
 *   RAW_SPEC=1 (client "raw-spec"): raw libcurl doing all the libcurl-side work a request with
 *   the spec's defaults asks of libcurl, so that what remains between it and nethttp is
 *   nethttp's own: the two default request headers as above, the default 60 s read and
 *   connect timeouts (libcurl timers per transfer), a header callback that keeps every
 *   response header line (libcurl hands each line to it; nethttp must see them before the
 *   body), and the response's curl_easy_getinfo calls (the seven timings, status, HTTP
 *   version, effective URL).
 *   RAW_IDLE_THREAD=1 (a profiling aid, not a bench client): start one more thread that only
 *   sleeps, so the process is multi-threaded as every nethttp process is (glibc's allocator and
 *   system-call wrappers take their multi-threaded paths); bench/findings.md has what it costs.
 *   RAW_BUFFERSIZE=N, RAW_MAX_STREAMS=N (profiling aids): CURLOPT_BUFFERSIZE on every handle,
 *   CURLMOPT_MAX_CONCURRENT_STREAMS on the multi, the settings tried against the HTTP/2 gap. */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <pthread.h>
#include <unistd.h>

#include "bench_common.h"

typedef struct handle {
  CURL *e;
  char *buf;
  size_t len, cap;
  unsigned long long streamed;
  char head[2048]; /* raw-spec: the response's header lines */
  size_t head_len;
} handle;

static int g_discard; /* W4: count, do not keep */

static size_t on_write(char *p, size_t size, size_t nmemb, void *ud) {
  handle *h = ud;
  size_t n = size * nmemb;
  if (g_discard) {
    h->streamed += n;
    return n;
  }
  if (h->len + n > h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 4096;
    while (cap < h->len + n) cap *= 2;
    char *b = realloc(h->buf, cap);
    if (!b) return 0;
    h->buf = b;
    h->cap = cap;
  }
  memcpy(h->buf + h->len, p, n);
  h->len += n;
  return n;
}

static int g_spec; /* raw-spec */

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud) {
  handle *h = ud;
  size_t n = size * nmemb;
  if (h->head_len + n > sizeof h->head) return 0; /* fails the request: noticed */
  memcpy(h->head + h->head_len, p, n);
  h->head_len += n;
  return n;
}

/* raw-spec: what nethttp's response asks of libcurl after a transfer. */
static int spec_info(CURL *e) {
  static const CURLINFO timings[] = {
      CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T,       CURLINFO_APPCONNECT_TIME_T,
      CURLINFO_PRETRANSFER_TIME_T, CURLINFO_STARTTRANSFER_TIME_T, CURLINFO_TOTAL_TIME_T,
      CURLINFO_REDIRECT_TIME_T};
  curl_off_t t = 0, sum = 0;
  for (size_t i = 0; i < sizeof timings / sizeof timings[0]; i++) {
    curl_easy_getinfo(e, timings[i], &t);
    sum += t;
  }
  long version = 0;
  char *eff = NULL;
  curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
  return sum > 0 && version != 0 && eff != NULL;
}

static void *idle_thread(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static const char *g_cafile;
static int g_insecure;
static struct curl_slist *g_headers;
static long g_buffersize;    /* RAW_BUFFERSIZE: CURLOPT_BUFFERSIZE (0: libcurl's default) */

static void setup(handle *h, const char *url) {
  if (!h->e) {
    h->e = curl_easy_init();
    curl_easy_setopt(h->e, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(h->e, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(h->e, CURLOPT_PRIVATE, h);
    curl_easy_setopt(h->e, CURLOPT_NOSIGNAL, 1L);
    if (g_spec) {
      curl_easy_setopt(h->e, CURLOPT_HEADERFUNCTION, on_header);
      curl_easy_setopt(h->e, CURLOPT_HEADERDATA, h);
      curl_easy_setopt(h->e, CURLOPT_TIMEOUT_MS, 60000L);
      curl_easy_setopt(h->e, CURLOPT_CONNECTTIMEOUT_MS, 60000L);
    }
    if (g_cafile) curl_easy_setopt(h->e, CURLOPT_CAINFO, g_cafile);
    if (g_buffersize > 0) curl_easy_setopt(h->e, CURLOPT_BUFFERSIZE, g_buffersize);
    if (g_insecure) {
      /* remoteValidation "skip" done by hand (bench/profile.sh RAW_INSECURE=1). */
      curl_easy_setopt(h->e, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(h->e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (g_headers) {
      /* What nethttp sends for a GET by the spec's defaults (client "raw-hdrs"). */
      curl_easy_setopt(h->e, CURLOPT_HTTPHEADER, g_headers);
      curl_easy_setopt(h->e, CURLOPT_ACCEPT_ENCODING, "");
    }
  }
  curl_easy_setopt(h->e, CURLOPT_URL, url);
  h->len = 0;
}

typedef struct outcome {
  long ok;
  unsigned long long bytes;
} outcome;

static outcome run(CURLM *m, handle *hs, long k, long n, const char *url) {
  outcome o = {0, 0};
  long started = 0, done = 0;
  for (long i = 0; i < k && started < n; i++, started++) {
    setup(&hs[i], url);
    curl_multi_add_handle(m, hs[i].e);
  }
  while (done < n) {
    int running = 0, left = 0, added = 0;
    curl_multi_perform(m, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL *e = msg->easy_handle;
      CURLcode rc = msg->data.result;
      handle *h = NULL;
      long code = 0;
      curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&h);
      curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
      if (g_spec) {
        if (!spec_info(e) || h->head_len < 12) code = -1; /* counted as a failure */
        h->head_len = 0;
      }
      if (rc == CURLE_OK && code == 200) {
        o.ok++;
      } else if (done - o.ok < 5) {
        fprintf(stderr, "raw_client: %s: curl %d (%s), HTTP %ld\n", url, (int)rc,
                curl_easy_strerror(rc), code);
      }
      o.bytes += g_discard ? h->streamed : h->len;
      h->streamed = 0;
      h->len = 0;
      curl_multi_remove_handle(m, e);
      done++;
      if (started < n) {
        curl_multi_add_handle(m, e);
        started++;
        added = 1;
      }
    }
    /* A handle just re-added is started by the next perform; poll only when waiting. */
    if (!added && done < n) curl_multi_poll(m, NULL, 0, 1000, NULL);
  }
  return o;
}

int main(int argc, char **argv) {
  if (argc < 7 || argc > 8) {
    fprintf(stderr, "usage: raw_client WORKLOAD URL N INFLIGHT WARMUP_N WARMUP_URL [CAFILE]\n");
    return 2;
  }
  const char *workload = argv[1], *url = argv[2], *warm_url = argv[6];
  long n = bench_atol(argv[3], "N"), k = bench_atol(argv[4], "INFLIGHT");
  long warm = bench_atol(argv[5], "WARMUP_N");
  g_cafile = argc == 8 ? argv[7] : NULL;
  g_insecure = getenv("RAW_INSECURE") != NULL;
  const char *hdrs = getenv("RAW_NETHTTP_HEADERS");
  const char *spec = getenv("RAW_SPEC");
  const char *client = "raw";
  g_spec = spec && spec[0] == '1';
  if (g_spec) client = "raw-spec";
  if ((hdrs && hdrs[0] == '1') || g_spec) {
    g_headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    if (!g_spec) client = "raw-hdrs";
  }
  const char *idle = getenv("RAW_IDLE_THREAD");
  if (idle && idle[0] == '1') {
    pthread_t t;
    if (pthread_create(&t, NULL, idle_thread, NULL) != 0) return 1;
    pthread_detach(t);
  }
  bench_raise_nofile();
  if (k < 1) k = 1;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  /* Settings tried against the HTTP/2 gap (bench/findings.md, eighth round). */
  const char *bs = getenv("RAW_BUFFERSIZE");
  if (bs) g_buffersize = atol(bs);
  const char *streams = getenv("RAW_MAX_STREAMS");
  if (streams && m) curl_multi_setopt(m, CURLMOPT_MAX_CONCURRENT_STREAMS, atol(streams));
  handle *hs = calloc((size_t)k, sizeof *hs);
  if (!m || !hs) return 1;

  long wk = warm < k ? warm : k;
  outcome w = run(m, hs, wk, warm, warm_url);
  if (w.ok != warm) {
    fprintf(stderr, "raw_client: warm-up: %ld of %ld succeeded\n", w.ok, warm);
    return 1;
  }

  g_discard = strcmp(workload, "W4") == 0;
  bench_mark a, b;
  bench_mark_now(&a);
  outcome o = run(m, hs, k, n, url);
  bench_mark_now(&b);
  bench_report(workload, client, n, o.ok, o.bytes, &a, &b);

  for (long i = 0; i < k; i++) {
    if (hs[i].e) curl_easy_cleanup(hs[i].e);
    free(hs[i].buf);
  }
  free(hs);
  curl_multi_cleanup(m);
  curl_slist_free_all(g_headers);
  curl_global_cleanup();
  return o.ok == n ? 0 : 1;
}
