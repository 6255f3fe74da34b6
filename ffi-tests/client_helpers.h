/* Helpers for the http_client (poll-driven client) tests: bounded poll loops, GET, URL parsing.
 * Header-only (static inline), included by ffi-tests/test_client_*.c after common.h. */
#ifndef NETHTTP_FFI_TESTS_CLIENT_HELPERS_H
#define NETHTTP_FFI_TESTS_CLIENT_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "nethttp.h"

/* Upper bound of every wait loop below (a sanity bound, not a timing assertion). */
#define CLIENT_WAIT_MS 15000

static inline const char *status_name(int s) {
  static const char *const names[] = {"DISCONNECTED", "RESOLVING",  "CANT_RESOLVE",
                                      "CONNECTING",   "CANT_CONNECT", "CONNECTED",
                                      "REQUESTING",   "BODY",        "CONNECTION_ERROR",
                                      "TLS_HANDSHAKE_ERROR"};
  return s >= 0 && s < 10 ? names[s] : "?";
}

/* Polls (1 ms apart) while the status is `a` or `b`, at most CLIENT_WAIT_MS; returns the
 * status it ends in. */
static inline int poll_while(http_client *c, int a, int b) {
  uint64_t deadline = now_ms() + CLIENT_WAIT_MS;
  int s = http_client_get_status(c);
  while ((s == a || s == b) && now_ms() < deadline) {
    http_client_poll(c);
    s = http_client_get_status(c);
    if (s == a || s == b) sleep_ms(1);
  }
  return s;
}

/* connect_to_host, then polls through RESOLVING/CONNECTING; returns the final status
 * (or -rc when connect_to_host itself failed). */
static inline int connect_wait(http_client *c, const char *host, int port,
                               const http_client_tls *tls) {
  int rc = http_client_connect_to_host(c, host, port, tls);
  if (rc != 0) {
    fprintf(stderr, "connect_to_host(%s, %d): %d %s\n", host, port, rc, http_last_error_detail());
    return -rc;
  }
  return poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING);
}

/* request (text body, may be NULL), then polls through REQUESTING; returns the final status
 * (or -rc when the request call failed). */
static inline int request_wait(http_client *c, int method, const char *url, const char **headers,
                               size_t n, const char *body) {
  int rc = http_client_request(c, method, url, headers, n, body);
  if (rc != 0) {
    fprintf(stderr, "request(%d, %s): %d %s\n", method, url, rc, http_last_error_detail());
    return -rc;
  }
  return poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING);
}

/* Reads the body while the status is BODY (polling when nothing is there yet), into a
 * malloc'd NUL-terminated buffer; *len gets its length. Stops at CLIENT_WAIT_MS. */
static inline char *read_body(http_client *c, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  uint8_t chunk[8192];
  uint64_t deadline = now_ms() + CLIENT_WAIT_MS;
  while (buf != NULL && http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY &&
         now_ms() < deadline) {
    size_t got = 0;
    int rc = http_client_read_response_body_chunk(c, chunk, sizeof chunk, &got);
    if (rc != 0) break;
    if (got == 0) {
      http_client_poll(c);
      sleep_ms(1);
      continue;
    }
    if (n + got > cap) {
      while (n + got > cap) cap *= 2;
      char *bigger = realloc(buf, cap + 1);
      if (bigger == NULL) {
        free(buf);
        return NULL;
      }
      buf = bigger;
    }
    memcpy(buf + n, chunk, got);
    n += got;
  }
  if (buf != NULL) buf[n] = '\0';
  if (len != NULL) *len = n;
  return buf;
}

/* GET path on a connected, idle client: request_wait, then the whole body through read_body
 * (malloc'd, NUL-terminated). *status (may be NULL) gets the status the request ended in; the
 * result is NULL, nothing read, unless that is BODY or CONNECTED. */
static inline char *client_get(http_client *c, const char *path, int *status) {
  int s = request_wait(c, HTTP_METHOD_GET, path, NULL, 0, NULL);
  if (status != NULL) *status = s;
  if (s != HTTP_CLIENT_STATUS_BODY && s != HTTP_CLIENT_STATUS_CONNECTED) return NULL;
  return read_body(c, NULL);
}

/* client_get where the request must end in BODY or CONNECTED (a failed CHECK otherwise). */
static inline char *client_get_ok(http_client *c, const char *path) {
  int s = 0;
  char *body = client_get(c, path, &s);
  CHECK(s == HTTP_CLIENT_STATUS_BODY || s == HTTP_CLIENT_STATUS_CONNECTED, "GET %s: %s", path,
        status_name(s));
  return body;
}

/* Splits "scheme://host:port" into host (with brackets removed) and port. */
static inline void split_url(const char *url, char *host, size_t host_cap, int *port) {
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  const char *colon = strrchr(p, ':');
  size_t hl = colon ? (size_t)(colon - p) : strlen(p);
  if (p[0] == '[' && hl >= 2) {
    p++;
    hl -= 2;
  }
  if (hl >= host_cap) hl = host_cap - 1;
  memcpy(host, p, hl);
  host[hl] = '\0';
  *port = colon ? atoi(colon + 1) : -1;
}

#endif
