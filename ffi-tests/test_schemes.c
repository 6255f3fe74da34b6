/* Only http:// and https:// leave the library: a request URL with any other scheme (file,
 * mqtt, ws, wss, ftp, gopher, dict, ...) fails with 2300001 before any I/O, through the C API
 * and through nethttp_fetch, while a listener on the named port counts zero connections; a
 * redirect to such a scheme fails the request with 2300001; the cleartext switch does not
 * let ws:// through; the poll client refuses such a prefix; a URL without a scheme is
 * http:// (never libcurl's ftp:// guess for an ftp.* host); the bundled libcurl has neither
 * file nor mqtt compiled in. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

/* A non-blocking listener on 127.0.0.1 with a free port. */
static int listen_any(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
    perror("listener");
    exit(1);
  }
  *port = ntohs(a.sin_port);
  return fd;
}

/* Connections that reached the listener since the last call (accepted and closed). */
static int accepts(int fd) {
  int n = 0;
  for (;;) {
    int c = accept(fd, NULL, NULL);
    if (c < 0) break;
    close(c);
    n++;
  }
  return n;
}

/* Runs nethttp_fetch URL; returns its exit status and the stdout text (malloc'd) in *out. */
static int fetch(const char *url, char **out) {
  const char *tool = env_or_die("NETHTTP_FETCH");
  char path[512];
  snprintf(path, sizeof path, "%s/fetch.out", env_or_die("NETHTTP_TEST_TMP"));
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "'%s' '%s' >'%s' 2>/dev/null", tool, url, path);
  int st = system(cmd);
  *out = read_file(path, NULL);
  return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void on_done(void *userdata, struct http_handle *req, int32_t code, const char *msg,
                    struct http_response *resp) {
  (void)req;
  completion_cb(userdata, req, code, msg, resp);
}

/* http_request with a completion; returns the code (0 when started and completed OK: then
 * *status is the response code). The start's own code when nothing started. */
static int32_t request(const char *url, uint32_t *status, int *completions) {
  completion c;
  completion_init(&c);
  struct http_handle *h = http_create();
  int32_t rc = http_request(h, url, NULL, on_done, &c);
  *status = 0;
  if (rc == 0) {
    CHECK(completion_wait(&c, 20000), "no completion for %s", url);
    rc = c.code;
    if (c.resp != NULL) *status = http_response_code(c.resp);
  }
  http_destroy(h);
  *completions = completion_calls(&c);
  completion_fini(&c);
  return rc;
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  int port;
  int lfd = listen_any(&port);
  char url[1024];
  char *out = NULL;

  /* The bundled libcurl: no file, no mqtt. */
  const char *info = http_version_info();
  CHECK(strstr(info, "\"file\"") == NULL, "file compiled in: %s", info);
  CHECK(strstr(info, "\"mqtt\"") == NULL, "mqtt compiled in: %s", info);
  CHECK(strstr(info, "\"https\"") != NULL, "%s", info);

  /* nethttp_fetch: file:///etc/passwd is not read. */
  int st = fetch("file:///etc/passwd", &out);
  CHECK_INT_EQ(st, 1);
  CHECK(out != NULL && strstr(out, "\"code\":2300001") != NULL, "out: %s", out ? out : "");
  CHECK(out != NULL && strstr(out, "root:") == NULL, "the file was read: %s", out ? out : "");
  CHECK(out != NULL && strstr(out, "file") != NULL, "the message names the scheme: %s",
        out ? out : "");
  free(out);

  /* Schemes that would connect: no connection is made. */
  const char *schemes[] = {"mqtt", "mqtts", "ws", "wss", "WS", "ftp", "ftps", "gopher",
                           "dict", "telnet", "smtp", "imap", "ldap", "tftp", "rtsp", "x-custom"};
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
    snprintf(url, sizeof url, "%s://127.0.0.1:%d/t", schemes[i], port);
    st = fetch(url, &out);
    CHECK(st == 1, "%s: exit %d", url, st);
    CHECK(out != NULL && strstr(out, "\"code\":2300001") != NULL, "%s: %s", url, out ? out : "");
    free(out);
    uint32_t status;
    int calls;
    int32_t rc = request(url, &status, &calls);
    CHECK(rc == NETHTTP_ERR_UNSUPPORTED_PROTOCOL, "%s: rc %d", url, rc);
    CHECK(calls == 0, "%s: %d completions for a request that did not start", url, calls);
    CHECK(strstr(http_last_error_detail(), schemes[i]) != NULL, "%s: detail %s", url,
          http_last_error_detail());
    CHECK(accepts(lfd) == 0, "%s reached the listener", url);
  }

  /* Case does not matter for the allowed ones. */
  snprintf(url, sizeof url, "HTTP://%s/text.txt", http + strlen("http://"));
  uint32_t status;
  int calls;
  CHECK_INT_EQ(request(url, &status, &calls), 0);
  CHECK_INT_EQ(status, 200);

  /* No scheme: http://, even for a host named ftp.* (libcurl alone would guess ftp://). */
  snprintf(url, sizeof url, "ftp.localhost:%d/x", port);
  completion c;
  completion_init(&c);
  struct http_handle *h = http_create();
  struct http_options *o = http_options_new();
  http_options_set_read_timeout(o, 2000);
  CHECK_INT_EQ(http_request(h, url, o, on_done, &c), 0);
  int conn = -1;
  for (int i = 0; i < 250 && conn < 0; i++) {
    sleep_ms(20);
    conn = accept(lfd, NULL, NULL);
  }
  if (CHECK(conn >= 0, "%s did not connect", url)) {
    char req[256] = "";
    size_t n = 0;
    for (int i = 0; i < 250 && n < 16; i++) {
      ssize_t r = recv(conn, req + n, sizeof req - 1 - n, MSG_DONTWAIT);
      if (r > 0) n += (size_t)r;
      else sleep_ms(20);
    }
    req[n] = '\0';
    CHECK(strncmp(req, "GET /x HTTP/1.1\r\n", 17) == 0, "not an HTTP request: %s", req);
    close(conn);
  }
  CHECK(completion_wait(&c, 20000), "no completion");
  CHECK(c.code != 0, "%d", c.code); /* closed without an answer */
  http_destroy(h);
  completion_fini(&c);
  snprintf(url, sizeof url, "%s/text.txt", http + strlen("http://"));
  CHECK_INT_EQ(request(url, &status, &calls), 0);
  CHECK_INT_EQ(status, 200);

  /* Redirects to other schemes fail the request; the listener sees nothing. */
  const char *targets[] = {"file:///etc/passwd", "ws://127.0.0.1:%d/", "mqtt://127.0.0.1:%d/t",
                           "ftp://127.0.0.1:%d/f"};
  for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
    char to[256];
    snprintf(to, sizeof to, targets[i], port);
    snprintf(url, sizeof url, "%s/redirect?to=%s", fault, to);
    int32_t rc = request(url, &status, &calls);
    CHECK(rc == NETHTTP_ERR_UNSUPPORTED_PROTOCOL, "redirect to %s: %d", to, rc);
    CHECK_INT_EQ(calls, 1);
    CHECK(accepts(lfd) == 0, "redirect to %s reached the listener", to);
  }

  /* Cleartext forbidden: http:// is 2300997, ws:// is still refused for its scheme. */
  http_policy_set_cleartext_permitted(false);
  snprintf(url, sizeof url, "ws://127.0.0.1:%d/", port);
  CHECK_INT_EQ(request(url, &status, &calls), NETHTTP_ERR_UNSUPPORTED_PROTOCOL);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
  CHECK_INT_EQ(request(url, &status, &calls), NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  CHECK_INT_EQ(calls, 1);
  http_policy_set_cleartext_permitted(true);
  CHECK(accepts(lfd) == 0, "a refused request reached the listener");

  /* The poll client. */
  struct http_client *cl = http_client_new();
  CHECK_INT_EQ(http_client_connect_to_host(cl, "ws://127.0.0.1", port, NULL),
               NETHTTP_ERR_UNSUPPORTED_PROTOCOL);
  CHECK_INT_EQ(http_client_connect_to_host(cl, "file:///etc/passwd", -1, NULL),
               NETHTTP_ERR_UNSUPPORTED_PROTOCOL);
  CHECK_INT_EQ(http_client_get_status(cl), HTTP_CLIENT_STATUS_DISCONNECTED);
  http_client_free(cl);
  CHECK(accepts(lfd) == 0, "the client reached the listener");

  http_options_free(o);
  close(lfd);
  return test_finish();
}
