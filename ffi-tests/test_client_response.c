/* http_client responses: has_response, the code, headers as lines (names as received, in
 * order) and as a JSON dictionary (exact repeats joined with "; "), the body length
 * (Content-Length, -1 when chunked, 0 for HEAD and 204), is_response_chunked, the HTTP
 * version, read_chunk_size (default, bounds, each read at most that), blocking mode (a read
 * waits to fill its chunk) against non-blocking reads, status back to CONNECTED after the
 * body, and bodies byte-identical to nginx's files. */
#define _POSIX_C_SOURCE 200809L
#include "client_helpers.h"

static bool has_line(const char *const *lines, size_t n, const char *want) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(lines[i], want) == 0) return true;
  return false;
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  char host[256], path[512];
  int fport, nport;
  split_url(fault, host, sizeof host, &fport);
  split_url(http, host, sizeof host, &nport);

  http_client *c = http_client_new();
  const char *const *lines = NULL;
  size_t count = 99;

  /* no response yet */
  CHECK_INT_EQ(http_client_get_response_headers(c, &lines, &count), 0);
  CHECK(lines == NULL && count == 0, "lines without a response");
  CHECK(http_client_get_response_headers_as_dictionary(c) == NULL, "dictionary without response");
  CHECK_INT_EQ(http_client_get_response_code(c), 0);
  CHECK_INT_EQ(http_client_get_response_body_length(c), -1);
  CHECK(!http_client_is_response_chunked(c), "chunked without response");
  CHECK_STR_EQ(http_client_get_response_http_version(c), "");
  CHECK_INT_EQ(http_client_get_response_headers(c, NULL, &count), 401);
  CHECK_INT_EQ(http_client_get_response_headers(NULL, &lines, &count), 401);

  /* header shapes: mixed case, two Set-Cookie spelled differently, two X-Multi, empty X-Empty */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/headers-shape", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK(http_client_has_response(c), "has_response in BODY");
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  CHECK_STR_EQ(http_client_get_response_http_version(c), "1.1");
  CHECK_INT_EQ(http_client_get_response_headers(c, &lines, &count), 0);
  CHECK_INT_EQ(count, 9);
  if (count == 9) {
    CHECK_STR_EQ(lines[0], "Content-Type: text/plain");
    CHECK_STR_EQ(lines[1], "X-MiXeD-CaSe: MixedValue");
    CHECK_STR_EQ(lines[2], "set-cookie: a=1; Path=/");
    CHECK_STR_EQ(lines[3], "Set-Cookie: b=2; Path=/; HttpOnly");
    CHECK_STR_EQ(lines[4], "X-Multi: one");
    CHECK_STR_EQ(lines[5], "X-Multi: two");
    CHECK_STR_EQ(lines[6], "X-Empty:");
    CHECK_STR_EQ(lines[7], "x-lower: lower");
    CHECK_STR_EQ(lines[8], "Content-Length: 2");
  }
  CHECK_STR_EQ(http_client_get_response_headers_as_dictionary(c),
               "{\"Content-Type\":\"text/plain\",\"X-MiXeD-CaSe\":\"MixedValue\","
               "\"set-cookie\":\"a=1; Path=/\",\"Set-Cookie\":\"b=2; Path=/; HttpOnly\","
               "\"X-Multi\":\"one; two\",\"X-Empty\":\"\",\"x-lower\":\"lower\","
               "\"Content-Length\":\"2\"}");
  CHECK_INT_EQ(http_client_get_response_body_length(c), 2);
  CHECK(!http_client_is_response_chunked(c), "not chunked");
  size_t n;
  char *b = read_body(c, &n);
  CHECK_STR_EQ(b, "ok");
  free(b);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  /* the head stays readable until the next request */
  CHECK(http_client_has_response(c), "has_response after the body");
  CHECK_INT_EQ(http_client_get_response_code(c), 200);

  /* chunked: length -1 */
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/chunked?chunks=3&size=16", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK(http_client_is_response_chunked(c), "chunked");
  CHECK_INT_EQ(http_client_get_response_body_length(c), -1);
  b = read_body(c, &n);
  CHECK_STR_EQ(b, "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbcccccccccccccccc");
  free(b);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* a new request forgets the previous response until its own head arrives */
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/hold?ms=200", NULL, 0, NULL), 0);
  CHECK(!http_client_has_response(c), "old response still there");
  CHECK_INT_EQ(http_client_get_response_code(c), 0);
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING),
               HTTP_CLIENT_STATUS_BODY);
  free(read_body(c, NULL));

  /* non-blocking reads return what has arrived: 4 pieces of 100 bytes, 100 ms apart */
  CHECK(!http_client_is_blocking_mode_enabled(c), "blocking by default");
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/slow?chunks=4&delay_ms=100&size=100", NULL, 0,
                            NULL),
               HTTP_CLIENT_STATUS_BODY);
  uint8_t buf[65536];
  size_t got = 0;
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
  CHECK(got < 400, "a non-blocking read returned %zu bytes at once", got);
  free(read_body(c, NULL));
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* blocking mode: a read waits until it fills its chunk or the body ends */
  CHECK_INT_EQ(http_client_set_blocking_mode(c, true), 0);
  CHECK(http_client_is_blocking_mode_enabled(c), "blocking on");
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/slow?chunks=4&delay_ms=100&size=100", NULL, 0,
                            NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, 150, &got), 0);
  CHECK_INT_EQ(got, 150);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
  CHECK_INT_EQ(got, 250);
  CHECK(buf[0] == '.' && buf[249] == '.', "body bytes");
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_set_blocking_mode(c, false), 0);
  CHECK(!http_client_is_blocking_mode_enabled(c), "blocking off");
  CHECK_INT_EQ(http_client_set_blocking_mode(NULL, true), 401);
  CHECK(!http_client_is_blocking_mode_enabled(NULL), "NULL");

  /* read arguments */
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, NULL), 401);
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, NULL, 10, &got), 401);
  CHECK_INT_EQ(http_client_read_response_body_chunk(NULL, buf, 10, &got), 401);
  got = 7;
  CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
  CHECK_INT_EQ(got, 0); /* CONNECTED: nothing to read */

  /* nginx: files byte for byte, HEAD, 204 */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", nport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/100.bin", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 100);
  b = read_body(c, &n);
  snprintf(path, sizeof path, "%s/100.bin", www);
  CHECK(file_equals_bytes(path, (const uint8_t *)b, n), "100.bin differs (%zu bytes)", n);
  free(b);

  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_HEAD, "/100.bin", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_CONNECTED);
  CHECK(http_client_has_response(c), "HEAD has a response");
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 0);
  CHECK_INT_EQ(http_client_get_response_headers(c, &lines, &count), 0);
  CHECK(has_line(lines, count, "Content-Length: 100"), "HEAD keeps the Content-Length header");

  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/status/204", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_get_response_code(c), 204);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 0);

  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/status/404", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_code(c), 404);
  b = read_body(c, NULL);
  CHECK_STR_EQ(b, "status 404\n");
  free(b);

  /* read_chunk_size: default, bounds, every read at most that */
  CHECK_INT_EQ(http_client_get_read_chunk_size(c), 65536);
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 255), 401);
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 16777217), 401);
  CHECK_INT_EQ(http_client_get_read_chunk_size(c), 65536);
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 16384), 0);
  CHECK_INT_EQ(http_client_get_read_chunk_size(c), 16384);
  CHECK_INT_EQ(http_client_set_read_chunk_size(NULL, 16384), 401);
  CHECK_INT_EQ(http_client_get_read_chunk_size(NULL), 0);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/1m.bin", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 1048576);
  uint8_t *all = malloc(1048576);
  size_t total = 0;
  int reads = 0, over = 0;
  uint64_t deadline = now_ms() + CLIENT_WAIT_MS;
  while (http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY && now_ms() < deadline) {
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
    if (got > 16384) over++;
    if (got > 0 && total + got <= 1048576) memcpy(all + total, buf, got);
    total += got;
    if (got > 0) reads++;
    else http_client_poll(c);
  }
  CHECK_INT_EQ(over, 0);
  CHECK_INT_EQ(total, 1048576);
  CHECK(reads >= 64, "%d reads", reads);
  snprintf(path, sizeof path, "%s/1m.bin", www);
  CHECK(file_equals_bytes(path, all, total), "1m.bin differs");
  free(all);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* blocking reads after read_chunk_size grew during a transfer: the buffer keeps the
   * request's bound, and a read returns what fits instead of waiting for data that cannot come */
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 4096), 0);
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/bytes?n=200000", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 65536), 0);
  CHECK_INT_EQ(http_client_set_blocking_mode(c, true), 0);
  for (int i = 0; i < 20; i++) {
    http_client_poll(c);
    sleep_ms(2);
  }
  total = 0;
  int bad = 0;
  deadline = now_ms() + CLIENT_WAIT_MS;
  while (http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY && now_ms() < deadline) {
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
    for (size_t i = 0; i < got; i++)
      if (buf[i] != (uint8_t)((total + i) % 251)) bad++;
    total += got;
  }
  CHECK_INT_EQ(total, 200000);
  CHECK_INT_EQ(bad, 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  http_client_free(c);
  return test_finish();
}
