/* Q4: permessage-deflate.
   usage: ws_deflate accept     - offer permessage-deflate via CURLOPT_HTTPHEADER, server agrees,
                                  then curl_ws_recv on a compressed (RSV1) frame
          ws_deflate raw [flag] - CURLWS_RAW_MODE (omit with 'noflag') + CONNECT_ONLY=2: we do all
                                  framing + deflate ourselves over curl_easy_send/curl_easy_recv  */
#define WANT_HDR_CB
#include <strings.h>
static size_t hdr_cb(char *p, size_t s, size_t n, void *u);
#include "common.h"
#include <zlib.h>
#include <curl/header.h>

static char ext_hdr[256];
static size_t hdr_cb(char *p, size_t s, size_t n, void *u) {
  (void)u; size_t len = s * n;
  if(len > 26 && !strncasecmp(p, "Sec-WebSocket-Extensions:", 25)) {
    size_t k = len - 25; if(k >= sizeof ext_hdr) k = sizeof ext_hdr - 1;
    memcpy(ext_hdr, p + 25, k); ext_hdr[k] = 0; ext_hdr[strcspn(ext_hdr, "\r\n")] = 0;
  }
  return len;
}
static void show_101(CURL *e) {
  long code; curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
  struct curl_header *h;
  CURLHcode hc = curl_easy_header(e, "Sec-WebSocket-Extensions", 0, CURLH_HEADER, -1, &h);
  LOG("response code %ld, curl_easy_header(Sec-WebSocket-Extensions) -> CURLHcode %d %s; via HEADERFUNCTION: '%s'", code, hc, hc == CURLHE_OK ? h->value : "", ext_hdr);
}

/* ---- our own framing ---- */
static z_stream zc, zd; static int zc_bits = 15;
static size_t deflate_msg(const char *in, size_t n, unsigned char *out, size_t cap) {
  zc.next_in = (Bytef *)in; zc.avail_in = n; zc.next_out = out; zc.avail_out = cap;
  deflate(&zc, Z_SYNC_FLUSH);
  size_t len = cap - zc.avail_out;
  if(len >= 4 && !memcmp(out + len - 4, "\x00\x00\xff\xff", 4)) len -= 4;  /* RFC 7692 7.2.1 */
  return len;
}
static size_t inflate_msg(const unsigned char *in, size_t n, char *out, size_t cap) {
  unsigned char tmp[4096]; memcpy(tmp, in, n); memcpy(tmp + n, "\x00\x00\xff\xff", 4);
  zd.next_in = tmp; zd.avail_in = n + 4; zd.next_out = (Bytef *)out; zd.avail_out = cap;
  int r = inflate(&zd, Z_SYNC_FLUSH);
  if(r != Z_OK && r != Z_BUF_ERROR) LOG("inflate error %d", r);
  return cap - zd.avail_out;
}
static size_t build_frame(unsigned char *f, int fin, int rsv1, int op, const unsigned char *p, size_t n) {
  size_t i = 0; unsigned char mask[4] = { 0x12, 0x34, 0x56, 0x78 };
  f[i++] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | op;
  if(n < 126) f[i++] = 0x80 | n; else { f[i++] = 0x80 | 126; f[i++] = n >> 8; f[i++] = n & 0xff; }
  memcpy(f + i, mask, 4); i += 4;
  for(size_t k = 0; k < n; k++) f[i + k] = p[k] ^ mask[k % 4];
  return i + n;
}
static CURLcode send_all(CURL *e, const unsigned char *p, size_t n) {
  curl_socket_t fd; curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &fd);
  while(n) {
    size_t s = 0; CURLcode rc = curl_easy_send(e, p, n, &s);
    if(rc == CURLE_AGAIN) { struct pollfd pf = { fd, POLLOUT, 0 }; poll(&pf, 1, 1000); continue; }
    if(rc) return rc;
    p += s; n -= s;
  }
  return CURLE_OK;
}
/* read exactly one server frame (unmasked, payload < 64K) raw via curl_easy_recv */
static unsigned char rbuf[65536]; static size_t rlen;
static int read_frame(CURL *e, int *b0, unsigned char **payload, size_t *plen) {
  curl_socket_t fd; curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &fd);
  double end = now_ms() + 3000;
  for(;;) {
    if(rlen >= 2) {
      size_t n = rbuf[1] & 0x7f, h = 2;
      if(n == 126 && rlen >= 4) { n = (rbuf[2] << 8) | rbuf[3]; h = 4; }
      if(rlen >= h + n && !(n == 126 && h == 2)) {
        *b0 = rbuf[0]; *payload = malloc(n + 1); memcpy(*payload, rbuf + h, n); *plen = n;
        memmove(rbuf, rbuf + h + n, rlen - h - n); rlen -= h + n; return 1;
      }
    }
    size_t got = 0; CURLcode rc = curl_easy_recv(e, rbuf + rlen, sizeof rbuf - rlen, &got);
    if(rc == CURLE_AGAIN) { if(now_ms() > end) return 0; wait_readable(fd, 200); continue; }
    if(rc || !got) { LOG("curl_easy_recv -> %d got=%zu", rc, got); return 0; }
    hexdump("curl_easy_recv raw", rbuf + rlen, got);
    rlen += got;
  }
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "accept";
  T0 = now_ms(); curl_global_init(CURL_GLOBAL_DEFAULT);
  struct curl_slist *hdrs = curl_slist_append(NULL, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
  CURLM *m; CURLcode res;
  if(!strcmp(mode, "accept")) {
    CURL *e = ws_connect_multi("ws://127.0.0.1:9102/greet", 0, hdrs, &m, &res);
    LOG("connect with permessage-deflate offer -> %d (%s)", res, curl_easy_strerror(res));
    show_101(e);
    char b[256]; size_t n; const struct curl_ws_frame *meta;
    CURLcode rc = ws_recv_wait(e, b, sizeof b, &n, &meta, 2000);
    print_frame(rc, n, meta, b);
    rc = ws_recv_wait(e, b, sizeof b, &n, &meta, 500);
    LOG("next curl_ws_recv -> %d (%s)", rc, curl_easy_strerror(rc));
    size_t s; rc = curl_ws_send(e, "x", 1, &s, 0, CURLWS_TEXT);
    LOG("curl_ws_send afterwards -> %d (%s)", rc, curl_easy_strerror(rc));
    curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
    return 0;
  }
  /* raw */
  int flag = !(argc > 2 && !strcmp(argv[2], "noflag"));
  CURL *e = ws_connect_multi("ws://127.0.0.1:9102/greet", flag ? CURLWS_RAW_MODE : 0, hdrs, &m, &res);
  LOG("raw mode (CURLWS_RAW_MODE %s) connect -> %d", flag ? "set" : "NOT set", res);
  show_101(e);
  /* parse client_max_window_bits from the agreed header */
  { char *p = strstr(ext_hdr, "client_max_window_bits=");
    if(p) zc_bits = atoi(p + 23); }
  deflateInit2(&zc, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -zc_bits, 8, Z_DEFAULT_STRATEGY);
  inflateInit2(&zd, -15);
  LOG("using client window bits %d, context takeover kept across messages", zc_bits);

  int b0; unsigned char *pl; size_t pn; char txt[4096];
  if(read_frame(e, &b0, &pl, &pn)) {
    size_t tn = inflate_msg(pl, pn, txt, sizeof txt);
    LOG("server greet frame: byte0=0x%02x (FIN=%d RSV1=%d op=%d), %zu payload bytes -> inflated '%.*s'",
        b0, !!(b0 & 0x80), !!(b0 & 0x40), b0 & 0xf, pn, (int)tn, txt); free(pl);
  }
  const char *msgs[2] = { "compressed hello hello hello hello", "compressed hello hello hello hello again" };
  for(int i = 0; i < 2; i++) {
    unsigned char z[1024], fr[1100];
    size_t zn = deflate_msg(msgs[i], strlen(msgs[i]), z, sizeof z);
    size_t fn = build_frame(fr, 1, 1, 1, z, zn);
    CURLcode rc;
    if(i == 0) rc = send_all(e, fr, fn);
    else { size_t s = 0; rc = curl_ws_send(e, fr, fn, &s, 0, 0);  /* raw-mode curl_ws_send = write bytes as-is */
           LOG("curl_ws_send(raw bytes, flags=0) -> %d (%s) sent=%zu", rc, curl_easy_strerror(rc), s); }
    LOG("sent our own RSV1 frame #%d (%zu plain -> %zu deflated bytes) via %s -> %d", i, strlen(msgs[i]), zn,
        i == 0 ? "curl_easy_send" : "curl_ws_send raw", rc);
    if(read_frame(e, &b0, &pl, &pn)) {
      size_t tn = inflate_msg(pl, pn, txt, sizeof txt);
      LOG("echo frame: byte0=0x%02x (RSV1=%d op=%d) %zu bytes -> inflated '%.*s'", b0, !!(b0 & 0x40), b0 & 0xf, pn, (int)tn, txt);
      free(pl);
    }
  }
  /* close frame, raw */
  unsigned char cp[2] = { 0x03, 0xe8 }, fr[16];
  send_all(e, fr, build_frame(fr, 1, 0, 8, cp, 2));
  if(read_frame(e, &b0, &pl, &pn)) { LOG("server close frame byte0=0x%02x code=%d", b0, pn >= 2 ? (pl[0] << 8 | pl[1]) : -1); free(pl); }
  curl_multi_remove_handle(m, e); curl_easy_cleanup(e); curl_multi_cleanup(m);
  return 0;
}
