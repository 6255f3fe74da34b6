/* shared helpers for the libcurl WebSocket spike */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <curl/websockets.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec*1e3 + t.tv_nsec/1e6; }
static double T0;
#define LOG(...) do { printf("[%8.2f ms] ", now_ms()-T0); printf(__VA_ARGS__); printf("\n"); fflush(stdout);} while(0)

static const char *flagstr(int f) {
  static char b[128]; b[0] = 0;
  if(f & CURLWS_TEXT) strcat(b, "TEXT|");
  if(f & CURLWS_BINARY) strcat(b, "BINARY|");
  if(f & CURLWS_CONT) strcat(b, "CONT|");
  if(f & CURLWS_CLOSE) strcat(b, "CLOSE|");
  if(f & CURLWS_PING) strcat(b, "PING|");
  if(f & CURLWS_PONG) strcat(b, "PONG|");
  if(f & CURLWS_OFFSET) strcat(b, "OFFSET|");
  if(b[0]) b[strlen(b)-1] = 0; else strcpy(b, "0");
  return b;
}

static void hexdump(const char *label, const unsigned char *p, size_t n) {
  printf("    %s (%zu bytes):", label, n);
  for(size_t i = 0; i < n && i < 64; i++) printf(" %02x", p[i]);
  if(n > 64) printf(" ...");
  printf("\n");
}

/* Connect with CONNECT_ONLY=2 through a private multi (driven to CURLMSG_DONE).
   Returns the easy handle still added to *pm. */
static CURL *ws_connect_multi(const char *url, long wsopts, struct curl_slist *hdrs, CURLM **pm, CURLcode *res) {
  CURLM *m = curl_multi_init();
  CURL *e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 2L);
  if(wsopts) curl_easy_setopt(e, CURLOPT_WS_OPTIONS, wsopts);
  if(hdrs) curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
  if(getenv("VERBOSE")) curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
#ifdef WANT_HDR_CB
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, hdr_cb);
#endif
  curl_multi_add_handle(m, e);
  int running = 1; *res = CURLE_FAILED_INIT;
  for(;;) {
    curl_multi_perform(m, &running);
    CURLMsg *msg; int q; int done = 0;
    while((msg = curl_multi_info_read(m, &q)))
      if(msg->msg == CURLMSG_DONE && msg->easy_handle == e) { *res = msg->data.result; done = 1; }
    if(done) break;
    curl_multi_poll(m, NULL, 0, 1000, NULL);
  }
  *pm = m;
  return e;
}

/* Wait until fd readable or timeout (ms). */
static int wait_readable(curl_socket_t fd, int ms) {
  struct pollfd p = { fd, POLLIN, 0 };
  return poll(&p, 1, ms);
}

/* Receive one chunk via curl_ws_recv, waiting up to ms for readability on CURLE_AGAIN. */
static CURLcode ws_recv_wait(CURL *e, void *buf, size_t len, size_t *n, const struct curl_ws_frame **meta, int ms) {
  curl_socket_t fd; curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &fd);
  double end = now_ms() + ms;
  for(;;) {
    CURLcode rc = curl_ws_recv(e, buf, len, n, meta);
    if(rc != CURLE_AGAIN) return rc;
    int left = (int)(end - now_ms());
    if(left <= 0) return CURLE_AGAIN;
    wait_readable(fd, left);
  }
}

static void print_frame(CURLcode rc, size_t n, const struct curl_ws_frame *m, const char *buf) {
  if(rc) { LOG("curl_ws_recv -> %d (%s)", rc, curl_easy_strerror(rc)); return; }
  LOG("curl_ws_recv -> OK len=%zu flags=%s offset=%lld bytesleft=%lld data='%.*s'",
      n, flagstr(m->flags), (long long)m->offset, (long long)m->bytesleft,
      (m->flags & (CURLWS_BINARY|CURLWS_CLOSE)) ? 0 : (int)n, buf);
}
