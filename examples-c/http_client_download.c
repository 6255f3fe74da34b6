/*
 * http_client_download: downloads a file with the poll-driven http_client, the way Godot's
 * HTTPClient tutorial does: connect, poll until connected, request, poll until the response
 * head is there, then read the body chunk by chunk until the status is CONNECTED again. Every
 * status transition is printed, as the loop sees it.
 *
 *   http_client_download [--ca FILE] [--insecure] [--chunk BYTES] [--repeat N] [-o FILE] URL
 *
 *   URL          http://host[:port]/path or https://host[:port]/path
 *   --ca FILE    trust this CA certificate (PEM) for https
 *   --insecure   https without certificate verification
 *   --chunk N    read_chunk_size (256 .. 16777216, default 65536)
 *   --repeat N   download N times over the same connection (default 1)
 *   -o FILE      write the body there (default: count the bytes only)
 *
 * stdout: the status transitions, the response code and headers, the byte counts.
 * exit:   0 when every download got a 2xx response and its whole body, 1 otherwise, 2 usage.
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -Iinclude examples-c/http_client_download.c \
 *           -Ltarget/debug -lnethttp -lpthread
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nethttp.h"

static const char *status_name(int s) {
  static const char *const names[] = {
      "DISCONNECTED", "RESOLVING", "CANT_RESOLVE", "CONNECTING",       "CANT_CONNECT",
      "CONNECTED",    "REQUESTING", "BODY",      "CONNECTION_ERROR", "TLS_HANDSHAKE_ERROR"};
  return s >= 0 && s < 10 ? names[s] : "?";
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Prints the status when it differs from the last one printed. */
static int show_status(http_client *c, int *last) {
  int s = http_client_get_status(c);
  if (s != *last) {
    printf("status: %s -> %s\n", status_name(*last), status_name(s));
    *last = s;
  }
  return s;
}

/* Polls while the status is one of a, b; a frame every millisecond, like a game loop. */
static int poll_while(http_client *c, int *last, int a, int b) {
  int s = show_status(c, last);
  while (s == a || s == b) {
    http_client_poll(c);
    s = show_status(c, last);
    if (s == a || s == b) sleep_ms(1);
  }
  return s;
}

static int fail(http_client *c, const char *what) {
  const char *detail = "";
  int code = http_client_get_error(c, &detail);
  printf("%s failed: %s (error %d: %s; %s)\n", what, status_name(http_client_get_status(c)), code,
         http_error_message(code), detail);
  return 1;
}

static int usage(void) {
  fprintf(stderr,
          "usage: http_client_download [--ca FILE] [--insecure] [--chunk BYTES] [--repeat N] "
          "[-o FILE] URL\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *url = NULL, *ca = NULL, *out_path = NULL;
  bool insecure = false;
  long chunk = 65536, repeat = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc) ca = argv[++i];
    else if (strcmp(argv[i], "--insecure") == 0) insecure = true;
    else if (strcmp(argv[i], "--chunk") == 0 && i + 1 < argc) chunk = atol(argv[++i]);
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = atol(argv[++i]);
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out_path = argv[++i];
    else if (argv[i][0] == '-' || url != NULL) return usage();
    else url = argv[i];
  }
  if (url == NULL || repeat < 1) return usage();

  /* Split URL into "scheme://host" (what connect_to_host takes), port and path. */
  const char *after_scheme = strstr(url, "://");
  if (after_scheme == NULL) return usage();
  after_scheme += 3;
  const char *slash = strchr(after_scheme, '/');
  const char *path = slash != NULL ? slash : "/";
  size_t authority_len =
      (size_t)((slash != NULL ? slash : after_scheme + strlen(after_scheme)) - url);
  char host[512];
  if (authority_len >= sizeof host) return usage();
  memcpy(host, url, authority_len);
  host[authority_len] = '\0';
  int port = -1; /* the scheme's default */
  char *colon = strrchr(host + (after_scheme - url), ':');
  char *bracket = strrchr(host, ']');
  if (colon != NULL && (bracket == NULL || colon > bracket)) {
    port = atoi(colon + 1);
    *colon = '\0';
  }

  http_client_tls *tls = NULL;
  if (insecure) {
    tls = http_client_tls_client_unsafe();
  } else if (ca != NULL && http_client_tls_client(ca, NULL, &tls) != 0) {
    fprintf(stderr, "--ca: %s\n", http_last_error_detail());
    return 2;
  }

  http_client *c = http_client_new();
  if (http_client_set_read_chunk_size(c, (size_t)chunk) != 0) {
    fprintf(stderr, "--chunk: %s\n", http_last_error_detail());
    return 2;
  }
  int last = HTTP_CLIENT_STATUS_DISCONNECTED;
  int rc = 0;

  printf("connecting to %s port %d\n", host, port);
  if (http_client_connect_to_host(c, host, port, tls) != 0) {
    printf("connect_to_host: %s\n", http_last_error_detail());
    rc = 1;
    goto done;
  }
  if (poll_while(c, &last, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING) !=
      HTTP_CLIENT_STATUS_CONNECTED) {
    rc = fail(c, "connect");
    goto done;
  }

  for (long n = 1; n <= repeat; n++) {
    const char *headers[] = {"Accept: */*"};
    printf("request %ld: GET %s\n", n, path);
    if (http_client_request(c, HTTP_METHOD_GET, path, headers, 1, NULL) != 0) {
      printf("request: %s\n", http_last_error_detail());
      rc = 1;
      break;
    }
    int s = poll_while(c, &last, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING);
    if (!http_client_has_response(c)) {
      rc = fail(c, "request");
      break;
    }
    printf("response: %d (HTTP/%s)\n", http_client_get_response_code(c),
           http_client_get_response_http_version(c));
    printf("headers: %s\n", http_client_get_response_headers_as_dictionary(c));
    int64_t expected = http_client_get_response_body_length(c);
    if (http_client_is_response_chunked(c)) printf("the response is chunked\n");
    else printf("body length: %" PRId64 "\n", expected);

    FILE *out = NULL;
    if (out_path != NULL && (out = fopen(out_path, "wb")) == NULL) {
      perror(out_path);
      rc = 1;
      break;
    }
    static uint8_t buf[1 << 16];
    uint64_t got = 0;
    long reads = 0;
    while (s == HTTP_CLIENT_STATUS_BODY) {
      size_t len = 0;
      if (http_client_read_response_body_chunk(c, buf, sizeof buf, &len) != 0) break;
      if (len == 0) {
        /* nothing buffered: let the next frame come */
        http_client_poll(c);
        sleep_ms(1);
      } else {
        got += len;
        reads++;
        if (out != NULL && fwrite(buf, 1, len, out) != len) {
          perror(out_path);
          rc = 1;
        }
      }
      s = show_status(c, &last);
    }
    if (out != NULL && fclose(out) != 0) rc = 1;
    printf("bytes got: %" PRIu64 " in %ld reads\n", got, reads);
    if (s != HTTP_CLIENT_STATUS_CONNECTED) {
      rc = fail(c, "body");
      break;
    }
    int code = http_client_get_response_code(c);
    if (code < 200 || code > 299 || (expected >= 0 && (uint64_t)expected != got)) rc = 1;
  }

done:
  http_client_close(c);
  show_status(c, &last);
  http_client_free(c);
  http_client_tls_free(tls);
  return rc;
}
