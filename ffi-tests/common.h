/* Helpers shared by the C and C++ tests in ffi-tests/ (linked from common.c).
 *
 * How the tests run (tests/ffi.rs, started by `cargo test`): each ffi-tests/test_*.c is compiled
 * with `cc -std=c11 -Wall -Wextra -Werror` (test_*.cpp with `c++ -std=c++17`), linked against
 * libnethttp.so, and run once, sequentially, with the project root as working directory.
 * Exit status 0 = pass; anything else (a non-zero status, a signal, the timeout) = failure, and
 * then the test's stdout+stderr are printed. The default timeout is 60 s; a test that needs more
 * says so with a line containing `nethttp-test-timeout: SECONDS` anywhere in its source.
 *
 * Environment given to every test (servers are shared by all tests; see tests/servers/README.md):
 *   NETHTTP_TEST_HTTP            http://127.0.0.1:P      nginx, HTTP/1.1
 *   NETHTTP_TEST_H2C             http://127.0.0.1:P+1    nginx, HTTP/2 prior knowledge (no Upgrade)
 *   NETHTTP_TEST_HTTPS           https://localhost:P+2   nginx, h2 + http/1.1 via ALPN, cert from the CA
 *   NETHTTP_TEST_HTTPS_EXPIRED   https://localhost:P+3   expired cert (from the CA)
 *   NETHTTP_TEST_HTTPS_SELFSIGNED https://localhost:P+4  self-signed cert
 *   NETHTTP_TEST_HTTPS_MTLS      https://localhost:P+5   requires a client cert from the CA
 *   NETHTTP_TEST_HTTPS_WRONGHOST https://localhost:P+6   cert from the CA for wrong.host.example only
 *   NETHTTP_TEST_HTTPS_INCOMPLETE https://localhost:P+7  leaf from an intermediate CA, intermediate not sent
 *   NETHTTP_TEST_CA              CA certificate (PEM) that signed the HTTPS servers' certs
 *   NETHTTP_TEST_CERTS           the directory with ca.pem leaf.pem expired.pem selfsigned.pem
 *                                client.pem client.key leaf.pin (and their keys), client-enc.key
 *                                (pass "secret"), client.der client.key.der, client.p12 (pass
 *                                "secret"), client-nopass.p12, inter.pem, chain-full.pem, ca.pin
 *   NETHTTP_TEST_FAULT           http://127.0.0.1:Q      in-process fault server (tests/support/fault_server.rs)
 *   NETHTTP_TEST_FAULT_PROXY     http://127.0.0.1:R      in-process TCP fault proxy to NETHTTP_TEST_HTTP: per
 *                                connection pass, reset, truncate, stall or delay; idle connections
 *                                closed after 2 s (tests/support/fault_proxy.rs)
 *   NETHTTP_TEST_WS_FAULT        ws://127.0.0.1:S        in-process WebSocket server misbehaving by path
 *                                (/echo /frag /bad-utf8 /oversize /deflate /close?code=N ...; the table
 *                                is in tests/support/ws_fault_server.rs); connections capped at 10 s
 *   NETHTTP_TEST_WS_FAULT_LOG    http://127.0.0.1:S/log  what that server saw, one line per upgrade, oldest
 *                                first: "path=<path> full_path=<path?query> conn=<n> messages=<n> pongs=<n>
 *                                last_pong=\"..\" client_close=<code|none|1005|short> reason=\"..\"
 *                                [error=\"..\"] tcp_closed_by=<client|server|cap|stop>" (the last field
 *                                only once the connection has ended)
 *   NETHTTP_TEST_WWW             nginx's document root (0.bin 100.bin 1m.bin 100m.bin text.txt data.json image.png)
 *   NETHTTP_TEST_ACCESS_LOG      nginx's access log, one line per request, written unbuffered:
 *                                "<port> <method> <uri> <protocol> <status> <body bytes> proto=<protocol> conn=<n> reqs=<n>"
 *   NETHTTP_TEST_TMP             an empty directory for this test only
 *   NETHTTP_FETCH                the compiled examples-c/nethttp_fetch (unset when that file does not exist)
 *   NETHTTP_CLIENT_DOWNLOAD      the compiled examples-c/http_client_download (likewise)
 *   NETHTTP_SOCK                 the compiled examples-c/nethttp_sock (likewise)
 *
 * Started only when a selected test's source names their variable (tests/support/services.rs;
 * one that cannot start is reported by the runner and its variables stay unset, so env_or_die
 * fails the test that needs it):
 *   NETHTTP_TEST_TINYPROXY       127.0.0.1:P  tinyproxy; NETHTTP_TEST_TINYPROXY_LOG one line per request
 *   NETHTTP_TEST_TINYPROXY_AUTH  127.0.0.1:P  tinyproxy requiring Basic puser/ppass; *_LOG likewise
 *   NETHTTP_TEST_SQUID           127.0.0.1:P  squid; NETHTTP_TEST_SQUID_LOG its access.log (full URLs)
 *   NETHTTP_TEST_DNS_SERVER      127.0.0.2    dnsmasq on port 53, knows only-dnsmasq.nethttp.test
 *                                (A 127.0.0.1) and v6-dnsmasq.nethttp.test (AAAA ::1), NXDOMAIN for
 *                                the rest of nethttp.test; NETHTTP_TEST_DNS_SERVER_LOG its query log
 *   NETHTTP_TEST_DOH             https://127.0.0.1:P/dns-query  dnsdist DoH (cert from the test CA),
 *                                knows only-doh.nethttp.test (A 127.0.0.1); NETHTTP_TEST_DOH_LOG
 *   NETHTTP_TEST_HTTPBIN         http://127.0.0.1:P  httpbin under gunicorn (venv target/test-venv
 *                                or $NETHTTP_TEST_VENV)
 *   NETHTTP_TEST_WS              ws://127.0.0.1:P    WebSocket echo server tests/servers/ws_echo.py
 *                                (PyPI websockets, same venv): / echo, /close, /headers, /protocol,
 *                                /extensions, /close-code?code=N&reason=R, /stream?n=N&size=S;
 *                                permessage-deflate, subprotocols chat and superchat, 64 MiB messages
 *   NETHTTP_TEST_WSS             wss://localhost:P   the same over TLS (leaf.pem, from the CA)
 *   NETHTTP_TEST_WSS_MTLS        wss://localhost:P   the same, a client certificate from the CA required
 *                                (the three start together when a test names any of them)
 *
 * Output: prefer stderr or the CHECK macros; stdout is made unbuffered too, so nothing is lost
 * when a test is killed at its timeout.
 */
#ifndef NETHTTP_FFI_TESTS_COMMON_H
#define NETHTTP_FFI_TESTS_COMMON_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nethttp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* getenv(name), or print a message and exit(1) when it is unset or empty. */
const char *env_or_die(const char *name);

/* base + path with exactly one '/' between them (malloc'd; free() it). */
char *url_join(const char *base, const char *path);

/* CHECK(cond, fmt, ...): when cond is false, prints "file:line: CHECK(cond) failed: <message>"
 * to stderr and counts a failure. Evaluates to cond (as 0/1), so it can guard code that needs it:
 *     if (CHECK(resp != NULL, "rc=%d", rc)) { ... }
 * Thread-safe: may be used inside nethttp callbacks. */
#define CHECK(cond, ...) check_impl(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
/* Integer and string (NULL-safe) equality with both values in the message. */
#define CHECK_INT_EQ(actual, expected)                                                         \
  check_int_eq_impl((long long)(actual), (long long)(expected), __FILE__, __LINE__, #actual, \
                    #expected)
#define CHECK_STR_EQ(actual, expected) \
  check_str_eq_impl((actual), (expected), __FILE__, __LINE__, #actual, #expected)

int check_impl(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int check_int_eq_impl(long long actual, long long expected, const char *file, int line,
                      const char *actual_expr, const char *expected_expr);
int check_str_eq_impl(const char *actual, const char *expected, const char *file, int line,
                      const char *actual_expr, const char *expected_expr);

/* Number of failed checks so far. */
int check_failures(void);

/* Prints a summary line; returns the exit status for main: 0 when no check failed, else 1. */
int test_finish(void);

/* A counting waiter for asynchronous callbacks: waiter_signal() adds one, waiter_wait()
 * waits until the count is positive and takes one. */
typedef struct waiter {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  unsigned count;
} waiter;
void waiter_init(waiter *w);
void waiter_destroy(waiter *w);
void waiter_signal(waiter *w);
/* true when a signal was taken, false when timeout_ms passed first (timeout_ms < 0: no limit). */
bool waiter_wait(waiter *w, int timeout_ms);

/* The completion of one asynchronous request: pass completion_cb and a completion as the
 * callback and userdata of http_request / http_request_in_stream, then completion_wait.
 * completion_cb checks that error_message is not NULL (the API never passes NULL); its first
 * call keeps code, msg (a copy; "(null)" for NULL), the request handle and the response (freed
 * by completion_fini); every call counts in `calls` (read it with completion_calls), and the
 * response of any later call (there must be none) is freed at once. */
typedef struct completion {
  waiter w;
  int calls; /* under w.mu */
  int32_t code;
  char msg[512];
  struct http_handle *handle;
  struct http_response *resp;
} completion;
void completion_init(completion *c);
void completion_fini(completion *c);
void completion_cb(void *userdata, struct http_handle *request, int32_t code, const char *msg,
                   struct http_response *resp);
/* waiter_wait on the completion: true when a completion arrived within timeout_ms. */
bool completion_wait(completion *c, int timeout_ms);
/* How many times completion_cb ran for c so far. */
int completion_calls(completion *c);

/* One blocking request on a new handle (http_create, http_request_sync, http_destroy); *out as
 * http_request_sync leaves it. A failure is printed ("  url -> rc (detail)") to stderr. */
int32_t request_sync(const char *url, const struct http_options *o, struct http_response **out);

/* request_sync, keeping what the caller asks for. On success *status gets the response code
 * and *body a malloc'd copy of the result with a NUL after it (binary-safe; *len its length);
 * on failure *status = 0, *body = NULL, *len = 0. status, body and len may each be NULL.
 * Checks that the result is NUL-terminated (http_response_result's promise). */
int32_t fetch_sync(const char *url, const struct http_options *o, uint32_t *status, char **body,
                   size_t *len);

/* Milliseconds on a monotonic clock. */
uint64_t now_ms(void);

/* Sleeps ms milliseconds. */
void sleep_ms(long ms);

/* This process's resident set size in bytes (from /proc/self/statm); -1 when unknown. */
long rss_bytes(void);

/* A TCP port on 127.0.0.1 that was free a moment ago (bound, read back, closed), so connecting
 * to it is refused. Prints a message and exits(1) when no socket can be bound. */
int unused_port(void);

/* ---- small JSON probes (no JSON library; the texts checked are compact and known) ---- */

/* Pointer to the value of the first occurrence of "key" used as an object key (white space
 * around the ':' skipped), or NULL; json may be NULL. */
const char *json_value(const char *json, const char *key);
/* The first "key" has exactly the string value `value` (compared as written, escapes and all). */
bool json_has_str(const char *json, const char *key, const char *value);
/* The first "key" has an integer value equal to `value`. */
bool json_has_num(const char *json, const char *key, long long value);

/* Standard base64 (with '=' padding) of len bytes; malloc'd, NUL-terminated. */
char *base64_encode(const uint8_t *data, size_t len);

/* The whole file, malloc'd and NUL-terminated (the NUL is not counted in *len); NULL on error.
 * len may be NULL. */
char *read_file(const char *path, size_t *len);

/* read_file of $NETHTTP_TEST_WWW/name, a file of nginx's document root (see above). */
char *read_www_file(const char *name, size_t *len);

/* Number of lines of the file that contain substring; -1 when the file cannot be read. */
long count_lines_matching(const char *path, const char *substring);

/* Polls count_lines_matching until it reaches at least `at_least` or timeout_ms passes; returns
 * the last count. nginx writes its access-log line right after sending the response, so a
 * client can in rare cases read the log a moment before the line is there: use this (with a
 * timeout of a second or so) rather than count_lines_matching for "this request was logged". */
long wait_lines_matching(const char *path, const char *substring, long at_least, int timeout_ms);

/* true when both files can be read and have the same bytes (compared in 1 MiB blocks, so large
 * files are never whole in memory). */
bool files_equal(const char *a, const char *b);

/* true when the file at path holds exactly the len bytes at data. */
bool file_equals_bytes(const char *path, const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
