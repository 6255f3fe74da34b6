/* Q6: close handshake and abrupt TCP close.
   usage: ws_close noreply   server /close sends CLOSE 4001 "bye"; we never answer
          ws_close reply     same, we answer with curl_ws_send(CURLWS_CLOSE) echoing the code
          ws_close client    we send CLOSE 1000 first on /echo, read the server's reply
          ws_close abort     server transport.abort() after our first message (FIN)
          ws_close rst       server SO_LINGER=0 close after our first message (RST) */
#include "common.h"
int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "noreply";
  const char *path = !strcmp(mode, "abort") ? "/abort" : !strcmp(mode, "rst") ? "/rst" : !strcmp(mode, "client") ? "/echo" : "/close";
  char url[128]; snprintf(url, sizeof url, "ws://127.0.0.1:9101%s", path);
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m; CURLcode res;
  CURL *e = ws_connect_multi(url, CURLWS_NOAUTOPONG, NULL, &m, &res);
  LOG("mode=%s connected %s -> %d", mode, url, res);
  size_t s; CURLcode rc;
  if(!strcmp(mode, "abort") || !strcmp(mode, "rst")) {
    rc = curl_ws_send(e, "hi", 2, &s, 0, CURLWS_TEXT); LOG("send 'hi' -> %d", rc);
  }
  if(!strcmp(mode, "client")) {
    unsigned char cl[] = { 0x03, 0xe8, 'c', 'l', 'i' };
    rc = curl_ws_send(e, cl, sizeof cl, &s, 0, CURLWS_CLOSE); LOG("client sends CLOSE 1000 'cli' -> %d", rc);
  }
  int replied = 0;
  for(int i = 0; i < 8; i++) {
    unsigned char b[256]; size_t n; const struct curl_ws_frame *meta;
    rc = ws_recv_wait(e, b, sizeof b, &n, &meta, 4000);
    if(rc == CURLE_AGAIN) { LOG("CURLE_AGAIN after 4 s"); break; }
    if(rc) { LOG("curl_ws_recv -> %d (%s)", rc, curl_easy_strerror(rc)); break; }
    LOG("curl_ws_recv -> OK flags=%s len=%zu", flagstr(meta->flags), n);
    if(meta->flags & CURLWS_CLOSE) {
      int code = n >= 2 ? (b[0] << 8 | b[1]) : -1;
      LOG("  CLOSE frame: code=%d reason='%.*s'", code, n > 2 ? (int)(n - 2) : 0, b + 2);
      if(!strcmp(mode, "reply") && !replied) {
        rc = curl_ws_send(e, b, n >= 2 ? 2 : 0, &s, 0, CURLWS_CLOSE);
        LOG("  replied curl_ws_send(CURLWS_CLOSE, code %d) -> %d", code, rc); replied = 1;
      }
    }
  }
  rc = curl_ws_send(e, "late", 4, &s, 0, CURLWS_TEXT);
  LOG("curl_ws_send after the end -> %d (%s) sent=%zu", rc, curl_easy_strerror(rc), s);
  rc = curl_ws_send(e, "late2", 5, &s, 0, CURLWS_TEXT);
  LOG("2nd curl_ws_send after the end -> %d (%s) sent=%zu", rc, curl_easy_strerror(rc), s);
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
