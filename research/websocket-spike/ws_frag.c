/* Q5: fragmented messages and frame meta through curl_ws_recv with a small buffer.
   Server /frag sends TEXT "abc"+"defghij"+"klmnop" as 3 fragments, then a 100-byte BINARY frame.
   Then we send a fragmented message ourselves (CURLWS_CONT) and a big one with fragsize.
   usage: ws_frag [bufsize]  (default 4) */
#include "common.h"
int main(int argc, char **argv) {
  size_t bs = argc > 1 ? (size_t)atoi(argv[1]) : 4;
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m; CURLcode res;
  CURL *e = ws_connect_multi("ws://127.0.0.1:9101/frag", 0, NULL, &m, &res);
  LOG("connected -> %d, recv buffer = %zu bytes", res, bs);
  char b[4096]; size_t n; const struct curl_ws_frame *meta;
  size_t total_bin = 0;
  for(int i = 0; i < 60; i++) {
    CURLcode rc = ws_recv_wait(e, b, bs, &n, &meta, 500);
    if(rc == CURLE_AGAIN) { LOG("CURLE_AGAIN (drained)"); break; }
    if(rc) { print_frame(rc, n, meta, b); break; }
    if(meta->flags & CURLWS_BINARY) {
      total_bin += n;
      if(meta->offset == 0 || meta->bytesleft == 0 || meta->offset % 40 == 0)
        LOG("  BIN chunk len=%zu flags=%s offset=%lld bytesleft=%lld", n, flagstr(meta->flags), (long long)meta->offset, (long long)meta->bytesleft);
    } else
      LOG("  chunk len=%zu flags=%-10s offset=%lld bytesleft=%lld data='%.*s'", n, flagstr(meta->flags),
          (long long)meta->offset, (long long)meta->bytesleft, (int)n, b);
    if(total_bin == 100) { LOG("  binary frame complete (100 bytes)"); break; }
  }
  /* client-side fragmentation: first fragment TEXT|CONT, middle CONT, last 0-flags=>FIN continuation */
  size_t s; CURLcode rc;
  rc = curl_ws_send(e, "part1-", 6, &s, 0, CURLWS_TEXT | CURLWS_CONT);  LOG("send TEXT|CONT 'part1-' -> %d", rc);
  rc = curl_ws_send(e, "part2-", 6, &s, 0, CURLWS_CONT);                LOG("send CONT 'part2-' -> %d", rc);
  rc = curl_ws_send(e, "part3", 5, &s, 0, CURLWS_TEXT);                 LOG("send TEXT 'part3' (final) -> %d", rc);
  for(int i = 0; i < 10; i++) {
    rc = ws_recv_wait(e, b, sizeof b, &n, &meta, 500);
    if(rc == CURLE_AGAIN) break;
    print_frame(rc, n, meta, b); if(rc) break;
  }
  /* CURLWS_OFFSET: announce a 20-byte frame, send it in two calls */
  rc = curl_ws_send(e, "0123456789", 10, &s, 20, CURLWS_BINARY | CURLWS_OFFSET); LOG("send OFFSET first 10 of 20 -> %d sent=%zu", rc, s);
  rc = curl_ws_send(e, "abcdefghij", 10, &s, 0, CURLWS_BINARY | CURLWS_OFFSET);  LOG("send OFFSET next 10 -> %d sent=%zu", rc, s);
  for(int i = 0; i < 10; i++) {
    rc = ws_recv_wait(e, b, sizeof b, &n, &meta, 500);
    if(rc == CURLE_AGAIN) break;
    LOG("curl_ws_recv -> %d len=%zu flags=%s offset=%lld bytesleft=%lld data='%.*s'", rc, n, flagstr(meta->flags), (long long)meta->offset, (long long)meta->bytesleft, (int)n, b);
  }
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
