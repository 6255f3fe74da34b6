/* Q3: PING handling. usage: ws_ping [noauto|auto] [URL]
   noauto: CURLOPT_WS_OPTIONS=CURLWS_NOAUTOPONG; expect PING from curl_ws_recv, answer with CURLWS_PONG
   auto  : default; check whether curl_ws_recv shows the PING and whether a PONG reaches the server
           without the client ever calling curl_ws_send */
#include "common.h"
int main(int argc, char **argv) {
  int noauto = argc > 1 && !strcmp(argv[1], "noauto");
  const char *url = argc > 2 ? argv[2] : "ws://127.0.0.1:9101/ping";
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  LOG("CURLWS_NOAUTOPONG = %ld, CURLWS_RAW_MODE = %ld; mode=%s", (long)CURLWS_NOAUTOPONG, (long)CURLWS_RAW_MODE, noauto ? "noauto" : "auto");
  CURLM *m; CURLcode res;
  CURL *e = ws_connect_multi(url, noauto ? CURLWS_NOAUTOPONG : 0, NULL, &m, &res);
  LOG("connected -> %d", res);
  double end = now_ms() + 4500;
  while(now_ms() < end) {
    char b[256]; size_t n; const struct curl_ws_frame *meta;
    CURLcode rc = ws_recv_wait(e, b, sizeof b, &n, &meta, (int)(end - now_ms()));
    if(rc == CURLE_AGAIN) { LOG("nothing more (CURLE_AGAIN until deadline)"); break; }
    print_frame(rc, n, meta, b);
    if(rc) break;
    if(meta->flags & CURLWS_PING) {
      size_t sent; CURLcode s = curl_ws_send(e, b, n, &sent, 0, CURLWS_PONG);
      LOG("answered with curl_ws_send(CURLWS_PONG, '%.*s') -> %d sent=%zu", (int)n, b, s, sent);
    }
    if(n >= 7 && !memcmp(b, "pong-", 5)) break;
  }
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
