/* The limit: raw libcurl's WebSocket API on one thread, linked against the very libcurl.a that
 * curl-sys built for nethttp (bench/ws_run.sh, as bench/lib.sh builds raw_client).
 *
 * usage: ws_raw_client WORKLOAD N WARMUP URL       (workloads: ws_common.h)
 *        ws_raw_client idle C URL                  (C connections held open: RSS per connection)
 *
 * The upgrade with CURLOPT_CONNECT_ONLY = 2 and curl_easy_perform; then curl_ws_send and
 * curl_ws_recv on the non-blocking connection, waiting in poll(2) on CURLINFO_ACTIVESOCKET
 * (POLLOUT only while a message is partly sent). A partial send (curl_ws_send's `sent` short
 * of the length) continues with the rest of the same frame; CURLE_AGAIN retries the same
 * bytes once the socket is writable. Received frames are reassembled into whole messages with
 * curl_ws_recv's frame meta (bytesleft, CURLWS_CONT), copied into one buffer as an
 * application would. WARMUP messages first, then N measured; one RESULT line
 * (bench_common.h). Exit status 0 only when every echo came back whole. */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>

#include "bench_common.h"
#include "ws_common.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static CURL *ws_open(const char *url) {
  CURL *e = curl_easy_init();
  if (!e) return NULL;
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 2L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 30000L);
  CURLcode rc = curl_easy_perform(e);
  if (rc != CURLE_OK) {
    fprintf(stderr, "ws_raw_client: upgrade: %s\n", curl_easy_strerror(rc));
    curl_easy_cleanup(e);
    return NULL;
  }
  return e;
}

typedef struct conn {
  CURL *e;
  curl_socket_t fd;
  unsigned char *msg; /* the message being reassembled */
  size_t msg_len, msg_cap;
  unsigned char *rbuf;
  size_t rbuf_cap;
} conn;

typedef struct outcome {
  long ok, recv;
  unsigned long long bytes;
  int failed;
} outcome;

/* n messages of `payload` with up to k in flight. */
static outcome phase(conn *c, const unsigned char *payload, size_t size, long n, long k) {
  outcome o = {0, 0, 0, 0};
  long sent = 0;
  size_t off = 0;       /* of the message being sent */
  int sending = 0;      /* a message partly sent */
  double deadline = now_s() + 120;
  while (o.recv < n) {
    /* Send while the window allows. */
    int want_out = 0;
    while ((sending || (sent < n && sent - o.recv < k))) {
      size_t wrote = 0;
      CURLcode rc = curl_ws_send(c->e, payload + off, size - off, &wrote, 0, CURLWS_BINARY);
      if (rc == CURLE_AGAIN) {
        sending = 1;
        want_out = 1;
        break;
      }
      if (rc != CURLE_OK) {
        fprintf(stderr, "ws_raw_client: send: %s\n", curl_easy_strerror(rc));
        o.failed = 1;
        return o;
      }
      off += wrote;
      if (off < size) { /* partial: the rest of this frame when writable */
        sending = 1;
        want_out = 1;
        break;
      }
      sending = 0;
      off = 0;
      sent++;
    }
    /* Receive everything already there. */
    int got_any = 0;
    for (;;) {
      size_t nread = 0;
      const struct curl_ws_frame *meta = NULL;
      CURLcode rc = curl_ws_recv(c->e, c->rbuf, c->rbuf_cap, &nread, &meta);
      if (rc == CURLE_AGAIN) break;
      if (rc != CURLE_OK) {
        fprintf(stderr, "ws_raw_client: recv: %s\n", curl_easy_strerror(rc));
        o.failed = 1;
        return o;
      }
      got_any = 1;
      if (meta->flags & CURLWS_CLOSE) {
        fprintf(stderr, "ws_raw_client: the server closed\n");
        o.failed = 1;
        return o;
      }
      if (!(meta->flags & (CURLWS_BINARY | CURLWS_TEXT | CURLWS_CONT))) continue; /* ping, pong */
      if (c->msg_len + nread > c->msg_cap) {
        size_t cap = c->msg_cap ? c->msg_cap * 2 : 65536;
        while (cap < c->msg_len + nread) cap *= 2;
        unsigned char *m = realloc(c->msg, cap);
        if (!m) {
          o.failed = 1;
          return o;
        }
        c->msg = m;
        c->msg_cap = cap;
      }
      memcpy(c->msg + c->msg_len, c->rbuf, nread);
      c->msg_len += nread;
      if (meta->bytesleft == 0 && !(meta->flags & CURLWS_CONT)) { /* a whole message */
        o.recv++;
        o.bytes += c->msg_len;
        if (c->msg_len == size && memcmp(c->msg, payload, size) == 0) o.ok++;
        c->msg_len = 0;
      }
      if (o.recv >= n) break;
    }
    if (o.recv >= n) break;
    if (now_s() > deadline) {
      fprintf(stderr, "ws_raw_client: timed out (%ld of %ld echoes)\n", o.recv, n);
      o.failed = 1;
      return o;
    }
    /* A received echo may open the window: send before waiting. */
    if (got_any && !sending && sent < n && sent - o.recv < k) continue;
    struct pollfd p = {c->fd, (short)(POLLIN | (want_out ? POLLOUT : 0)), 0};
    if (poll(&p, 1, 1000) < 0 && errno != EINTR) {
      o.failed = 1;
      return o;
    }
  }
  return o;
}

static int idle(long count, const char *url) {
  bench_raise_nofile();
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if ((rlim_t)count + 64 > rl.rlim_cur) {
    fprintf(stderr, "ws_raw_client: open-file limit %llu is too low for %ld connections\n",
            (unsigned long long)rl.rlim_cur, count);
  }
  CURL **hs = calloc((size_t)count, sizeof *hs);
  if (!hs) return 1;
  CURL *first = ws_open(url); /* libcurl and the allocator warm: the baseline after it */
  if (!first) return 1;
  bench_mark a, b;
  bench_mark_now(&a);
  long opened = 0;
  int fd_limited = 0;
  curl_socket_t fd0 = CURL_SOCKET_BAD, fd = CURL_SOCKET_BAD;
  curl_easy_getinfo(first, CURLINFO_ACTIVESOCKET, &fd0);
  double deadline = now_s() + 300;
  for (long i = 0; i < count && now_s() < deadline; i++) {
    /* Each connection made by curl_easy_perform holds more descriptors than its socket (5 on
     * curl 8.22, the report prints fds_per_conn): stop before the open-file limit, so that the
     * process can still read /proc and report. */
    if (fd != CURL_SOCKET_BAD && (rlim_t)fd + 64 > rl.rlim_cur) {
      fd_limited = 1;
      break;
    }
    hs[i] = ws_open(url);
    if (!hs[i]) break;
    curl_easy_getinfo(hs[i], CURLINFO_ACTIVESOCKET, &fd);
    opened++;
  }
  bench_mark_now(&b);
  long per_conn = opened ? (long)((b.rss_kib - a.rss_kib) * 1024 / opened) : 0;
  double fds_per_conn = opened && fd != CURL_SOCKET_BAD ? (double)(fd - fd0) / (double)opened : 0;
  bench_report("idle", "raw", count, opened, 0, &a, &b);
  printf("IDLE client=raw opened=%ld of=%ld rss_before_kib=%ld rss_after_kib=%ld "
         "bytes_per_conn=%ld nofile=%llu fds_per_conn=%.1f stopped_at_fd_limit=%d\n",
         opened, count, a.rss_kib, b.rss_kib, per_conn, (unsigned long long)rl.rlim_cur,
         fds_per_conn, fd_limited);
  fflush(stdout);
  for (long i = 0; i < opened; i++) curl_easy_cleanup(hs[i]);
  curl_easy_cleanup(first);
  free(hs);
  return opened == count || fd_limited ? 0 : 1;
}

int main(int argc, char **argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (argc == 4 && strcmp(argv[1], "idle") == 0) {
    int rc = idle(bench_atol(argv[2], "C"), argv[3]);
    curl_global_cleanup();
    return rc;
  }
  ws_workload w;
  if (argc != 5 || !ws_workload_find(argv[1], &w)) {
    fprintf(stderr, "usage: ws_raw_client rtt32|tput1k|tput64k N WARMUP URL\n"
                    "       ws_raw_client idle C URL\n");
    return 2;
  }
  long n = bench_atol(argv[2], "N"), warm = bench_atol(argv[3], "WARMUP");
  const char *url = argv[4];
  conn c = {0};
  c.e = ws_open(url);
  if (!c.e) return 1;
  if (curl_easy_getinfo(c.e, CURLINFO_ACTIVESOCKET, &c.fd) != CURLE_OK || c.fd == CURL_SOCKET_BAD) {
    fprintf(stderr, "ws_raw_client: no active socket\n");
    return 1;
  }
  c.rbuf_cap = 256 * 1024;
  c.rbuf = malloc(c.rbuf_cap);
  unsigned char *payload = malloc(w.size);
  if (!c.rbuf || !payload) return 1;
  ws_fill(payload, w.size);

  outcome wo = phase(&c, payload, w.size, warm, w.inflight);
  if (wo.failed || wo.ok != warm) {
    fprintf(stderr, "ws_raw_client: warm-up: %ld of %ld echoes\n", wo.ok, warm);
    return 1;
  }
  bench_mark a, b;
  bench_mark_now(&a);
  outcome o = phase(&c, payload, w.size, n, w.inflight);
  bench_mark_now(&b);
  bench_report(w.name, "raw", n, o.ok, o.bytes, &a, &b);

  size_t sent = 0;
  curl_ws_send(c.e, "", 0, &sent, 0, CURLWS_CLOSE);
  curl_easy_cleanup(c.e);
  free(c.rbuf);
  free(c.msg);
  free(payload);
  curl_global_cleanup();
  return o.ok == n ? 0 : 1;
}
