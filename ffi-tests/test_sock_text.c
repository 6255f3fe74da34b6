/* nethttp_sock_send_text over TCP (nethttp's own server on 127.0.0.1): every encoding of the
 * contract, from the client to the server's connection and back, the receiver getting exactly
 * the expected bytes: UTF-8 (NULL and explicit), UTF-16BE, UTF-16LE, UTF-16 (big-endian after
 * the byte-order mark FE FF), US-ASCII, ISO-8859-1, each name in other cases too; characters
 * outside BMP as surrogate pairs; a long text (queued past what the kernel takes at once).
 * Refusals: a character the encoding cannot carry (non-ASCII for US-ASCII, above U+00FF for
 * ISO-8859-1) and an unknown encoding -> 401 with nothing sent and no result callback (checked
 * by the exact byte count and content of the next accepted text); NULL or invalid UTF-8 text ->
 * 401; a socket that does not stream -> 401; not connected -> 2301107; closed -> 2301009. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sock_rec.h"

static srec sr, cr, *connr;
static struct nethttp_sock *srv, *cli, *conn;

static size_t rec_len(srec *r) {
  pthread_mutex_lock(&r->mu);
  size_t n = r->len;
  pthread_mutex_unlock(&r->mu);
  return n;
}

static void hex(char *out, size_t cap, const uint8_t *b, size_t n) {
  size_t at = 0;
  out[0] = 0;
  for (size_t i = 0; i < n && at + 4 < cap; i++) at += (size_t)snprintf(out + at, cap - at, "%02X ", b[i]);
}

/* from sends text in enc: 0, and `to` receives exactly want (n bytes), then from's result 0. */
static void sends(struct nethttp_sock *from, srec *fr, srec *to, const char *text,
                  const char *enc, const uint8_t *want, size_t n) {
  size_t before = rec_len(to);
  int ok_before = fr->results_ok;
  int32_t rc = nethttp_sock_send_text(from, text, enc, srec_result, fr);
  if (!CHECK(rc == 0, "send_text(%.20s, %s) = %d", text, enc ? enc : "NULL", rc)) return;
  CHECK(SREC_WAIT(to, to->len >= before + n, 10000), "%s: %zu of %zu bytes", enc ? enc : "NULL",
        rec_len(to) - before, n);
  CHECK(SREC_WAIT(fr, fr->results_ok == ok_before + 1, 10000), "%s: the result",
        enc ? enc : "NULL");
  pthread_mutex_lock(&to->mu);
  int same = to->len == before + n && memcmp(to->data + before, want, n) == 0;
  if (!same) {
    char got[256], exp[256];
    hex(got, sizeof got, to->data + before, to->len - before < 40 ? to->len - before : 40);
    hex(exp, sizeof exp, want, n < 40 ? n : 40);
    CHECK(same, "%s: got %zu bytes [%s], want %zu [%s]", enc ? enc : "NULL", to->len - before,
          got, n, exp);
  }
  pthread_mutex_unlock(&to->mu);
}

/* 401 at once, no result callback (what was sent shows in the next `sends`). */
static void refused(struct nethttp_sock *from, srec *fr, const char *text, const char *enc) {
  int results = fr->results_ok + fr->results_err;
  CHECK(nethttp_sock_send_text(from, text, enc, srec_result, fr) == 401,
        "send_text(%s, %s) not refused", text ? text : "NULL", enc ? enc : "NULL");
  CHECK_INT_EQ(nethttp_sock_send_queue_size(from), 0);
  CHECK_INT_EQ(fr->results_ok + fr->results_err, results);
}

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* "Aé€😀": U+0041 U+00E9 U+20AC U+1F600. */
static const char *MIX = "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";

static void encodings(struct nethttp_sock *from, srec *fr, srec *to) {
  /* UTF-8: NULL and by name, any case. */
  const uint8_t *u8 = (const uint8_t *)MIX;
  sends(from, fr, to, MIX, NULL, u8, 10);
  sends(from, fr, to, MIX, "UTF-8", u8, 10);
  sends(from, fr, to, MIX, "utf-8", u8, 10);
  sends(from, fr, to, MIX, "UtF-8", u8, 10);
  /* UTF-16BE / LE: the emoji as a surrogate pair. */
  sends(from, fr, to, MIX, "UTF-16BE", B(0x00, 0x41, 0x00, 0xE9, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00));
  sends(from, fr, to, MIX, "utf-16be", B(0x00, 0x41, 0x00, 0xE9, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00));
  sends(from, fr, to, MIX, "UTF-16LE", B(0x41, 0x00, 0xE9, 0x00, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE));
  sends(from, fr, to, MIX, "Utf-16Le", B(0x41, 0x00, 0xE9, 0x00, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE));
  /* UTF-16: FE FF, then big-endian. */
  sends(from, fr, to, MIX, "UTF-16",
        B(0xFE, 0xFF, 0x00, 0x41, 0x00, 0xE9, 0x20, 0xAC, 0xD8, 0x3D, 0xDE, 0x00));
  sends(from, fr, to, "hi", "utf-16", B(0xFE, 0xFF, 0x00, 'h', 0x00, 'i'));
  /* US-ASCII: the bytes as they are, every printable one and controls. */
  const char *ascii = "Plain ASCII ~!\t\x01\x7F";
  sends(from, fr, to, ascii, "US-ASCII", (const uint8_t *)ascii, strlen(ascii));
  sends(from, fr, to, ascii, "us-ascii", (const uint8_t *)ascii, strlen(ascii));
  /* ISO-8859-1: one byte per character up to U+00FF. "Aé ÿ£" */
  const char *latin = "A\xC3\xA9 \xC3\xBF\xC2\xA3";
  sends(from, fr, to, latin, "ISO-8859-1", B(0x41, 0xE9, 0x20, 0xFF, 0xA3));
  sends(from, fr, to, latin, "iso-8859-1", B(0x41, 0xE9, 0x20, 0xFF, 0xA3));

  /* Refused: characters the encoding cannot carry, unknown encodings, bad text. */
  refused(from, fr, "caf\xC3\xA9", "US-ASCII");        /* é */
  refused(from, fr, "ok then \xE2\x82\xAC", "us-ascii"); /* € at the end */
  refused(from, fr, "abc\xE2\x82\xAC", "ISO-8859-1");     /* € */
  refused(from, fr, "\xF0\x9F\x98\x80", "ISO-8859-1");    /* 😀 */
  refused(from, fr, "\xC3\xBF\xC4\x80", "iso-8859-1");    /* ÿ then U+0100 */
  refused(from, fr, "plain", "EBCDIC");
  refused(from, fr, "plain", "UTF-32");
  refused(from, fr, "plain", "UTF-7");
  refused(from, fr, "plain", "Shift_JIS");
  refused(from, fr, "plain", "");
  refused(from, fr, NULL, NULL);
  refused(from, fr, "bad \xFF utf-8", NULL);
  refused(from, fr, "bad \xC3", "UTF-16BE");
  /* Nothing of the refused ones was sent: the next text's bytes come right after the last. */
  sends(from, fr, to, "after", "UTF-16LE", B('a', 0, 'f', 0, 't', 0, 'e', 0, 'r', 0));

  /* A long text: 65536 euro signs in UTF-16BE (128 KiB, more than one write). */
  size_t count = 65536;
  char *text = malloc(count * 3 + 1);
  uint8_t *want = malloc(count * 2);
  for (size_t i = 0; i < count; i++) {
    memcpy(text + i * 3, "\xE2\x82\xAC", 3);
    want[i * 2] = 0x20;
    want[i * 2 + 1] = 0xAC;
  }
  text[count * 3] = 0;
  sends(from, fr, to, text, "UTF-16BE", want, count * 2);
  free(text);
  free(want);
}

int main(void) {
  srec_init(&sr);
  srec_init(&cr);
  sr.keep_conns = 1;
  srv = nethttp_sock_create(NETHTTP_SOCK_TCP_SERVER);
  srec_attach(&sr, srv);
  CHECK_INT_EQ(nethttp_sock_listen(srv, "127.0.0.1", 0, 1), 0);
  struct nethttp_net_address a;
  CHECK_INT_EQ(nethttp_sock_get_local_address(srv, &a), 0);
  /* A server does not send text. */
  CHECK_INT_EQ(nethttp_sock_send_text(srv, "x", NULL, NULL, NULL), 401);

  cli = nethttp_sock_create(NETHTTP_SOCK_TCP);
  srec_attach(&cr, cli);
  CHECK_INT_EQ(nethttp_sock_send_text(cli, "x", NULL, NULL, NULL), NETHTTP_ERR_SOCK_NOT_CONNECTED);
  CHECK_INT_EQ(nethttp_sock_send_text(cli, "x", "EBCDIC", NULL, NULL), 401);
  CHECK_INT_EQ(nethttp_sock_connect(cli, "127.0.0.1", a.port, 1, 5000, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.connects == 1, 5000), "connected: %s", cr.log);
  CHECK(SREC_WAIT(&sr, sr.nconns == 1, 5000), "accepted: %s", sr.log);
  if (sr.nconns == 1) {
    conn = sr.conns[0];
    connr = sr.conn_recs[0];
    fprintf(stderr, "-- client to connection\n");
    encodings(cli, &cr, connr);
    fprintf(stderr, "-- connection (kind 7) to client\n");
    encodings(conn, connr, &cr);
  }

  /* A UDP socket does not send text. */
  struct nethttp_sock *u = nethttp_sock_create(NETHTTP_SOCK_UDP);
  CHECK_INT_EQ(nethttp_sock_bind(u, "127.0.0.1", 0, 1), 0);
  CHECK_INT_EQ(nethttp_sock_send_text(u, "x", NULL, NULL, NULL), 401);
  nethttp_sock_destroy(u);

  /* Closed: 2301009. */
  CHECK_INT_EQ(nethttp_sock_close(cli, NULL, NULL), 0);
  CHECK(SREC_WAIT(&cr, cr.closes == 1, 5000), "closed: %s", cr.log);
  CHECK_INT_EQ(nethttp_sock_send_text(cli, "x", NULL, NULL, NULL), NETHTTP_ERR_SOCK_CLOSED);
  CHECK_INT_EQ(cr.errors, 0);
  CHECK_INT_EQ(cr.results_err, 0);
  if (connr) CHECK_INT_EQ(connr->results_err, 0);

  nethttp_sock_destroy(cli);
  nethttp_sock_destroy(srv);
  srec_fini(&cr);
  srec_fini(&sr);
  return test_finish();
}
