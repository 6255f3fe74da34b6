/* WebSocket client against a server that misbehaves on purpose
 * (tests/support/ws_fault_server.rs, NETHTTP_TEST_WS_FAULT; what the server received from
 * us is at NETHTTP_TEST_WS_FAULT_LOG): fragments with pings between them, invalid UTF-8,
 * oversize and deflate-bomb messages, protocol violations, close frames valid and invalid,
 * no close reply, abrupt TCP ends, refused or botched upgrades, frames sent with the 101,
 * pings and pongs, a dead peer, backpressure. Every case asserts the exact event sequence. */
#define _POSIX_C_SOURCE 200809L
#include "ws_rec.h"

static const char *base, *log_url;

static char *u(const char *path) { return url_join(base, path); }

/* The fault server's line for the last connection to `path` (malloc'd, "" when none). */
static char *server_line(const char *path) {
  char *body = NULL;
  size_t len = 0;
  uint32_t status = 0;
  char *ret = NULL;
  for (int tries = 0; tries < 40 && !ret; tries++) {
    free(body);
    body = NULL;
    if (fetch_sync(log_url, NULL, &status, &body, &len) != 0 || !body) {
      sleep_ms(50);
      continue;
    }
    char want[256];
    snprintf(want, sizeof want, "path=%s ", path);
    char *last = NULL, *p = body;
    while ((p = strstr(p, want)) != NULL) {
      last = p;
      p++;
    }
    if (last && strstr(last, "tcp_closed_by=") && strchr(last, '\n') > strstr(last, "tcp_closed_by=")) {
      char *end = strchr(last, '\n');
      ret = strndup(last, (size_t)(end - last));
    } else {
      sleep_ms(50);
    }
  }
  free(body);
  return ret ? ret : strdup("");
}

/* Runs one connection to path with options o, waits for its end; returns the log. */
static char *run(const char *path, struct nethttp_ws_options *o, rec *r, int timeout_ms) {
  char *url = u(path);
  rec_init(r);
  CHECK_INT_EQ(rec_connect(r, url, o), 0);
  CHECK(rec_wait_done(r, timeout_ms), "%s ended: %s", path, r->log);
  free(url);
  return rec_log(r);
}

static void expect(const char *path, struct nethttp_ws_options *o, const char *want,
                   const char *server_has) {
  rec r;
  char *log = run(path, o, &r, 15000);
  CHECK(strcmp(log, want) == 0, "%s:\n   got  %s\n   want %s", path, log, want);
  if (server_has) {
    char *line = server_line(path);
    CHECK(strstr(line, server_has) != NULL, "%s: server log %s lacks %s", path, line, server_has);
    free(line);
  }
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
}

static const char *OPEN = "open:101:Switching Protocols;connect:0";

static void fragments(void) {
  rec r;
  char *url = u("/frag");
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, url, NULL), 0);
  CHECK(rec_wait_messages(&r, 2, 10000), "two messages: %s", r.log);
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"after", 5, NULL, NULL);
  CHECK(rec_wait_messages(&r, 3, 10000), "echo: %s", r.log);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  char *log = rec_log(&r);
  char want[256];
  snprintf(want, sizeof want, "%s;msg:t:héllo wörld;msg:b:", OPEN);
  CHECK(strncmp(log, want, strlen(want)) == 0 && strstr(log, ";msg:t:after;close:1000:") != NULL,
        "fragments reassembled: %s", log);
  free(log);
  char *line = server_line("/frag");
  CHECK(strstr(line, " pongs=1 last_pong=\"p1\"") != NULL,
        "the ping between fragments was answered with its payload: %s", line);
  free(line);
  rec_destroy(&r);
  rec_fini(&r);
  free(url);
}

static void invalid_data(void) {
  char want[512];
  snprintf(want, sizeof want, "%s;error:2302104;close:1007:", OPEN);
  rec r;
  char *log = run("/bad-utf8", NULL, &r, 15000);
  CHECK(strncmp(log, want, strlen(want)) == 0, "bad utf8: %s", log);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  char *line = server_line("/bad-utf8");
  CHECK(strstr(line, "client_close=1007") != NULL, "%s", line);
  free(line);

  /* Fail fast: the server sends a bad first fragment and never the rest, so only a client
   * that checks fragment by fragment closes with 1007 (others see 1006 at the server's
   * 10 s cap). */
  log = run("/bad-utf8-frag", NULL, &r, 15000);
  CHECK(strncmp(log, want, strlen(want)) == 0, "bad utf8 fragment: %s", log);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
}

static void sizes(void) {
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_max_message_size(o, 1 << 20), 0);
  char want[512];
  snprintf(want, sizeof want, "%s;error:2302105;close:1009:", OPEN);
  rec r;
  char *log = run("/oversize?size=2097152", o, &r, 15000);
  CHECK(strncmp(log, want, strlen(want)) == 0, "oversize: %s", log);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  char *line = server_line("/oversize");
  CHECK(strstr(line, "client_close=1009") != NULL, "%s", line);
  free(line);
  /* Exactly at the limit is fine. */
  snprintf(want, sizeof want, "%s;msg:b:1048576", OPEN);
  log = run("/oversize?size=1048576", o, &r, 3000);
  CHECK(strncmp(log, want, strlen(want)) == 0, "at the limit: %s", log);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);

  /* A deflate bomb (64 MiB of zeros in a few KiB) stops at the limit; memory stays bounded. */
  long rss0 = rss_bytes();
  snprintf(want, sizeof want, "%s;error:2302105;close:1009:", OPEN);
  log = run("/deflate-bomb?size=67108864", o, &r, 15000);
  CHECK(strncmp(log, want, strlen(want)) == 0, "deflate bomb: %s", log);
  long rss1 = rss_bytes();
  CHECK(rss0 < 0 || rss1 - rss0 < 24L << 20, "RSS grew by %ld bytes", rss1 - rss0);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  nethttp_ws_options_free(o);
}

static void violations(void) {
  const char *paths[] = {"/masked", "/rsv", "/bad-opcode", "/big-ping", "/frag-ping",
                         "/cont-first", "/close-1byte", "/close?code=1005", "/close?code=999"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    char want[512];
    snprintf(want, sizeof want, "%s;error:2302103;close:1002:", OPEN);
    rec r;
    char *log = run(paths[i], NULL, &r, 15000);
    CHECK(strncmp(log, want, strlen(want)) == 0, "%s: %s", paths[i], log);
    CHECK(strstr(r.error_message, "protocol error") != NULL, "%s: %s", paths[i], r.error_message);
    free(log);
    rec_destroy(&r);
    rec_fini(&r);
  }
  char *line = server_line("/rsv");
  CHECK(strstr(line, "client_close=1002") != NULL, "%s", line);
  free(line);
}

static void closes(void) {
  char want[512];
  snprintf(want, sizeof want, "%s;close:4001:x y", OPEN);
  expect("/close?code=4001&reason=x%20y", NULL, want, "client_close=4001");
  snprintf(want, sizeof want, "%s;close:1005:", OPEN);
  expect("/close?code=0", NULL, want, NULL);

  /* The server never answers our close: dropped after the close timeout. */
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_close_timeout(o, 300), 0);
  rec r;
  char *url = u("/no-close-reply");
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, url, o), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  CHECK_INT_EQ(nethttp_ws_close(r.ws, 3001, "bye", rec_result, &r), 0);
  CHECK(rec_wait_done(&r, 10000), "done");
  snprintf(want, sizeof want, "%s;error:2302107;close:1006:", OPEN);
  CHECK_LOG(&r, want);
  CHECK_INT_EQ(r.results_ok, 1);
  rec_destroy(&r);
  rec_fini(&r);
  free(url);
  nethttp_ws_options_free(o);

  /* TCP ends without a close frame: 1006 after an ERROR. */
  snprintf(want, sizeof want, "%s;msg:t:bye;error:2302108;close:1006:", OPEN);
  expect("/abrupt", NULL, want, NULL);
  expect("/reset", NULL, want, NULL);
}

static void upgrades(void) {
  rec r;
  char *log = run("/status?code=403", NULL, &r, 15000);
  CHECK_STR_EQ(log, "error:2302102;connect:2302102");
  CHECK(strstr(r.connect_message, "403") != NULL, "detail: %s", r.connect_message);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  log = run("/status?code=302", NULL, &r, 15000);
  CHECK_STR_EQ(log, "error:2302102;connect:2302102");
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  log = run("/bad-accept", NULL, &r, 15000);
  CHECK_STR_EQ(log, "error:2302102;connect:2302102");
  CHECK(strstr(r.connect_message, "Sec-WebSocket-Accept") != NULL, "%s", r.connect_message);
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
  log = run("/no-upgrade-header", NULL, &r, 15000);
  CHECK_STR_EQ(log, "error:2302102;connect:2302102");
  free(log);
  rec_destroy(&r);
  rec_fini(&r);
}

static void early_and_deflate(void) {
  rec r;
  char *url = u("/early");
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, url, NULL), 0);
  CHECK(rec_wait_messages(&r, 1, 10000), "early frame: %s", r.log);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  char want[256];
  snprintf(want, sizeof want, "%s;msg:t:early;close:1000:", OPEN);
  CHECK_LOG(&r, want);
  rec_destroy(&r);
  rec_fini(&r);
  free(url);

  const char *paths[] = {"/deflate", "/deflate?nct=1"};
  for (int i = 0; i < 2; i++) {
    url = u(paths[i]);
    rec_init(&r);
    CHECK_INT_EQ(rec_connect(&r, url, NULL), 0);
    CHECK(rec_wait_messages(&r, 1, 10000), "compressed hello: %s", r.log);
    for (int k = 0; k < 3; k++)
      nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"echo me, echo me", 16, NULL, NULL);
    nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"", 0, NULL, NULL);
    CHECK(rec_wait_messages(&r, 5, 10000), "echoes: %s", r.log);
    nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
    CHECK(rec_wait_done(&r, 10000), "done");
    snprintf(want, sizeof want,
             "%s;msg:t:compressed hello;msg:t:echo me, echo me;msg:t:echo me, echo me;"
             "msg:t:echo me, echo me;msg:t:;close:1000:",
             OPEN);
    CHECK_LOG(&r, want);
    CHECK(strstr(r.headers, "permessage-deflate") != NULL, "%s", r.headers);
    rec_destroy(&r);
    rec_fini(&r);
    free(url);
  }
}

static void pings(void) {
  /* The server pings us: the pong carries its payload. */
  rec r;
  char *url = u("/echo");
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, url, NULL), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"ping-me", 7, NULL, NULL);
  sleep_ms(200);
  nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"pongs?", 6, NULL, NULL);
  CHECK(rec_wait_messages(&r, 1, 10000), "pongs answer: %s", r.log);
  CHECK(r.last_data && strcmp((char *)r.last_data, "pongs:1:hello") == 0, "got %s",
        r.last_data ? (char *)r.last_data : "(none)");
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  rec_destroy(&r);
  rec_fini(&r);
  free(url);

  /* A peer that stops reading does not answer our ping: dropped after the pong timeout. */
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_ping(o, 1, 1), 0);
  char want[256];
  snprintf(want, sizeof want, "%s;error:2302106;close:1006:", OPEN);
  expect("/slow-read", o, want, NULL);
  nethttp_ws_options_free(o);
}

/* A server that does not read for 3 s: sends queue up (buffered amount rises), then drain
 * in order once it reads; every result arrives. */
static void backpressure(void) {
  rec r;
  char *url = u("/slow-read");
  rec_init(&r);
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  nethttp_ws_options_set_permessage_deflate(o, false);
  CHECK_INT_EQ(rec_connect(&r, url, o), 0);
  CHECK(rec_wait_open(&r, 10000), "open");
  size_t n = 256 * 1024;
  uint8_t *d = calloc(1, n);
  for (int i = 0; i < 32; i++)
    CHECK_INT_EQ(nethttp_ws_send(r.ws, NETHTTP_WS_BINARY, d, n, rec_result, &r), 0);
  sleep_ms(500);
  uint64_t queued = nethttp_ws_buffered_amount(r.ws);
  CHECK(queued > 1024 * 1024, "sends back up while the peer does not read (%llu bytes)",
        (unsigned long long)queued);
  CHECK(rec_wait_messages(&r, 32, 20000), "all echoed: %ld", r.messages);
  CHECK_INT_EQ(nethttp_ws_buffered_amount(r.ws), 0);
  CHECK_INT_EQ(r.results_ok, 32);
  nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  CHECK(rec_wait_done(&r, 10000), "done");
  rec_destroy(&r);
  rec_fini(&r);
  free(d);
  free(url);
  nethttp_ws_options_free(o);
}

int main(void) {
  base = env_or_die("NETHTTP_TEST_WS_FAULT");
  log_url = env_or_die("NETHTTP_TEST_WS_FAULT_LOG");
  fragments();
  invalid_data();
  sizes();
  violations();
  closes();
  upgrades();
  early_and_deflate();
  pings();
  backpressure();
  return test_finish();
}
