/* Q2: frames sent by the server right after the 101, before the client sends anything.
   usage: ws_early URL [ws|raw]
     ws  : read with curl_ws_recv (NOAUTOPONG so early PINGs are visible)
     raw : read with curl_easy_recv (no decoding)
   Key check: is the socket poll()-readable when the frame was already read by curl
   together with the 101 (coalesced)?  */
#include "common.h"
int main(int argc, char **argv) {
  const char *url = argc > 1 ? argv[1] : "ws://127.0.0.1:9101/greet";
  int raw = argc > 2 && !strcmp(argv[2], "raw");
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m; CURLcode res;
  CURL *e = ws_connect_multi(url, CURLWS_NOAUTOPONG, NULL, &m, &res);
  LOG("connected %s -> %d", url, res);
  if(res) return 1;
  usleep(200000);   /* give the server time to push its frame(s) */
  curl_socket_t fd; curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &fd);
  struct pollfd p = { fd, POLLIN, 0 };
  int pr = poll(&p, 1, 0);
  LOG("poll(ws fd, 0ms) before any recv -> %d revents=0x%x  (%s)", pr, p.revents,
      pr > 0 ? "kernel has data" : "NOT readable - any early data is already inside curl");
  for(int i = 0; i < 4; i++) {
    char b[256]; size_t n = 0; const struct curl_ws_frame *meta = NULL; CURLcode rc;
    if(raw) {
      rc = curl_easy_recv(e, b, sizeof b, &n);
      LOG("curl_easy_recv -> %d (%s) n=%zu", rc, curl_easy_strerror(rc), n);
      if(!rc) hexdump("raw bytes", (unsigned char *)b, n);
    } else {
      rc = curl_ws_recv(e, b, sizeof b, &n, &meta);
      if(rc == CURLE_AGAIN) LOG("curl_ws_recv -> CURLE_AGAIN");
      else print_frame(rc, n, meta, b);
    }
    if(rc == CURLE_AGAIN) break;
  }
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
