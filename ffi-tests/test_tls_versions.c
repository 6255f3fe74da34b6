/* TLS 1.0 and 1.1 (documented at http_options_set_tls_options): with OpenSSL 3 at its default
 * security level they cannot be negotiated, whatever tlsOptions says. A server that speaks
 * only TLS 1.1 (openssl s_server, its own security level lowered so that it offers it) fails
 * with 2300035, also with tlsOptions {TLS_V_1_0, TLS_V_1_1}; tlsOptions whose max is 1.0 or
 * 1.1 fail against a modern server too; a min of 1.0 or 1.1 works as 1.2. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *ca;

static int32_t get(const char *url, int min, int max, uint32_t *status) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  CHECK_INT_EQ(http_options_set_connect_timeout(o, 5000), 0);
  if (min != 0) CHECK_INT_EQ(http_options_set_tls_options(o, min, max, NULL, 0), 0);
  int32_t rc = fetch_sync(url, o, status, NULL, NULL);
  http_options_free(o);
  return rc;
}

static bool port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
  close(fd);
  return ok;
}

int main(void) {
  ca = env_or_die("NETHTTP_TEST_CA");
  const char *certs = env_or_die("NETHTTP_TEST_CERTS");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  char url[512];
  uint32_t st = 0;

  /* A modern server: min 1.0/1.1 is fine, max 1.0/1.1 is not. */
  snprintf(url, sizeof url, "%s/json", https);
  CHECK_INT_EQ(get(url, HTTP_TLS_V_1_0, HTTP_TLS_V_1_3, &st), 0);
  CHECK_INT_EQ(get(url, HTTP_TLS_V_1_1, HTTP_TLS_V_1_2, &st), 0);
  CHECK_INT_EQ(get(url, HTTP_TLS_V_1_0, HTTP_TLS_V_1_1, &st), NETHTTP_ERR_CURL_BASE + 35);
  CHECK_INT_EQ(get(url, HTTP_TLS_V_1_0, HTTP_TLS_V_1_0, &st), NETHTTP_ERR_CURL_BASE + 35);

  /* A TLS 1.1-only server. */
  int port = unused_port();
  char accept_arg[64], cert[512], key[512];
  snprintf(accept_arg, sizeof accept_arg, "127.0.0.1:%d", port);
  snprintf(cert, sizeof cert, "%s/leaf.pem", certs);
  snprintf(key, sizeof key, "%s/leaf.key", certs);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    execlp("openssl", "openssl", "s_server", "-accept", accept_arg, "-cert", cert, "-key", key,
           "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-www", "-quiet", (char *)NULL);
    _exit(127);
  }
  bool up = false;
  for (int i = 0; i < 200 && !up; i++) {
    sleep_ms(25);
    up = port_open(port);
  }
  if (CHECK(up, "openssl s_server did not start on %d", port)) {
    snprintf(url, sizeof url, "https://localhost:%d/", port);
    /* Control: the server does answer TLS 1.1 to a client that lowers its own level. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "echo | openssl s_client -connect 127.0.0.1:%d -tls1_1 -cipher DEFAULT:@SECLEVEL=0 "
             "</dev/null 2>/dev/null | grep -q 'Protocol *: TLSv1.1'",
             port);
    CHECK(system(cmd) == 0, "control: s_client could not speak TLS 1.1 to the server");
    CHECK_INT_EQ(get(url, 0, 0, &st), NETHTTP_ERR_CURL_BASE + 35);
    CHECK_INT_EQ(get(url, HTTP_TLS_V_1_0, HTTP_TLS_V_1_1, &st), NETHTTP_ERR_CURL_BASE + 35);
    CHECK_INT_EQ(get(url, HTTP_TLS_V_1_1, HTTP_TLS_V_1_1, &st), NETHTTP_ERR_CURL_BASE + 35);
  }
  kill(-pid, SIGTERM);
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
  return test_finish();
}
