/* Backpressure: send 24 x 4 MiB BINARY messages (96 MiB total; server max_queue=16) with curl_ws_send on a non-blocking
   CONNECT_ONLY=2 handle. Phase 1: do not read (echo server's replies fill our socket,
   server stops reading, we stall). Phase 2: after 1 s without progress, also drain
   curl_ws_recv, which lets the send complete. Records partial/AGAIN semantics. */
#include "common.h"
int main(void) {
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m; CURLcode res;
  CURL *e = ws_connect_multi("ws://127.0.0.1:9101/echo", 0, NULL, &m, &res);
  curl_socket_t fd; curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &fd);
  size_t msg = 4 << 20, len = 96 << 20, off = 0, echoed = 0; unsigned char *buf = malloc(len); memset(buf, 'x', len);
  static char rb[65536];
  int calls = 0, partial = 0, again = 0, reading = 0; double last_progress = now_ms();
  while(off < len || echoed < len) {
    if(off < len) {
      size_t sent = 0;
      size_t mleft = msg - (off % msg);   /* remaining bytes of the current message */
      CURLcode rc = curl_ws_send(e, buf + off, mleft, &sent, 0, CURLWS_BINARY);
      calls++;
      if(rc == CURLE_AGAIN) again++;
      else if(rc) { LOG("curl_ws_send -> %d", rc); break; }
      else if(sent < mleft) partial++;
      if(sent) { off += sent; last_progress = now_ms(); }
      if(calls <= 2 || (rc == CURLE_OK && off == len) || (rc == CURLE_AGAIN && again <= 2))
        LOG("curl_ws_send(len=%zu) -> %d sent=%zu (total %zu)", mleft, rc, sent, off);
    }
    if(!reading && now_ms() - last_progress > 1000) {
      LOG("STALLED at %zu/%zu bytes sent (we are not reading); start draining curl_ws_recv", off, len); reading = 1;
    }
    if(reading) for(;;) {
      size_t n; const struct curl_ws_frame *meta;
      CURLcode rc = curl_ws_recv(e, rb, sizeof rb, &n, &meta);
      if(rc == CURLE_AGAIN) break;
      if(rc) { LOG("recv %d", rc); goto out; }
      echoed += n;
    }
    struct pollfd p = { fd, (short)((off < len ? POLLOUT : 0) | (reading ? POLLIN : 0)), 0 };
    poll(&p, 1, 100);
    if(now_ms() - T0 > 15000) { LOG("timeout"); break; }
  }
out:
  LOG("done: sent=%zu echoed=%zu send calls=%d partial(OK, sent<len)=%d CURLE_AGAIN=%d", off, echoed, calls, partial, again);
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
