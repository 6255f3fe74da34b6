/* http_client connection use, counted at the servers:
 * - the TCP connection made while CONNECTING is the one the requests use, and N sequential
 *   requests share it (fault server: /count from a second client, /conn's conn= and req=);
 * - the same through nginx (access log conn= and reqs=), plain HTTP/1.1 and TLS (HTTP/2);
 * - close() closes it: the next connect makes a new one;
 * - a connection the server closes while idle (before the first request, or after a response
 *   with Connection: close) is replaced by a new one at the next request;
 * - memory stays bounded while the application does not read an endless body (flow control
 *   through curl's pause), and each read returns at most read_chunk_size bytes.
 * nethttp-test-timeout: 90 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client_helpers.h"

/* client_get_ok; after the whole body the client is CONNECTED again. */
static char *get(http_client *c, const char *path) {
  char *body = client_get_ok(c, path);
  if (body != NULL) CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  return body;
}

static long get_count(http_client *observer) {
  char *b = get(observer, "/count");
  long n = b ? atol(b) : -1;
  free(b);
  return n;
}

/* A one-shot server: closes its first connection at once, answers one request on the second. */
struct closer {
  int listener;
  atomic_int accepted;
};

static void *closer_main(void *arg) {
  struct closer *cl = arg;
  int first = accept(cl->listener, NULL, NULL);
  cl->accepted++;
  close(first);
  int second = accept(cl->listener, NULL, NULL);
  cl->accepted++;
  char req[4096];
  size_t n = 0;
  while (n < sizeof req - 1) {
    ssize_t got = read(second, req + n, sizeof req - 1 - n);
    if (got <= 0) break;
    n += (size_t)got;
    req[n] = '\0';
    if (strstr(req, "\r\n\r\n") != NULL) break;
  }
  const char *resp = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond";
  if (write(second, resp, strlen(resp)) < 0) perror("write");
  close(second);
  return NULL;
}

static void closed_before_first_request(void) {
  struct closer cl;
  cl.listener = socket(AF_INET, SOCK_STREAM, 0);
  atomic_init(&cl.accepted, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(cl.listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(cl.listener, 4) != 0 ||
      getsockname(cl.listener, (struct sockaddr *)&a, &len) != 0) {
    perror("closer");
    exit(1);
  }
  pthread_t t;
  pthread_create(&t, NULL, closer_main, &cl);
  http_client *c = http_client_new();
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", ntohs(a.sin_port), NULL), HTTP_CLIENT_STATUS_CONNECTED);
  /* let the server's close arrive */
  for (int i = 0; i < 50 && atomic_load(&cl.accepted) < 1; i++) sleep_ms(2);
  sleep_ms(20);
  char *b = get(c, "/");
  CHECK_STR_EQ(b, "second");
  free(b);
  if (atomic_load(&cl.accepted) < 2) {
    /* the request did not reconnect: release the server thread's accept */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) shutdown(s, SHUT_WR);
    pthread_join(t, NULL);
    close(s);
  } else {
    pthread_join(t, NULL);
  }
  CHECK_INT_EQ(atomic_load(&cl.accepted), 2);
  close(cl.listener);
  http_client_free(c);
}

/* The access-log lines containing `marker` must carry one conn= value: returns their number,
 * -1 if they name different connections. */
static int log_connections(const char *log, const char *marker, char *conn, size_t cap) {
  size_t len;
  char *text = read_file(log, &len);
  if (text == NULL) return -1;
  int lines = 0;
  conn[0] = '\0';
  for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    if (strstr(line, marker) == NULL) continue;
    char *cp = strstr(line, " conn=");
    if (cp == NULL) continue;
    char this_conn[32];
    sscanf(cp + 6, "%31s", this_conn);
    if (conn[0] == '\0') snprintf(conn, cap, "%s", this_conn);
    if (strcmp(conn, this_conn) != 0) {
      fprintf(stderr, "different connections: %s and %s\n", conn, this_conn);
      free(text);
      return -1;
    }
    lines++;
  }
  free(text);
  return lines;
}

/* Whether the log line containing `marker` also contains `needle`. */
static bool line_has(const char *log, const char *marker, const char *needle) {
  char *text = read_file(log, NULL);
  bool found = false;
  for (char *line = text ? strtok(text, "\n") : NULL; line != NULL; line = strtok(NULL, "\n"))
    if (strstr(line, marker) != NULL && strstr(line, needle) != NULL) found = true;
  free(text);
  return found;
}

static void nginx_reuse(const char *url, const http_client_tls *tls, const char *log,
                        const char *tag, const char *version) {
  char host[256], path[128], marker[160];
  int port;
  split_url(url, host, sizeof host, &port);
  http_client *c = http_client_new();
  CHECK_INT_EQ(connect_wait(c, strncmp(url, "https", 5) == 0 ? "https://localhost" : host, port,
                            tls),
               HTTP_CLIENT_STATUS_CONNECTED);
  for (int i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "/100.bin?reuse=%s&i=%d", tag, i);
    char *b = get(c, path);
    CHECK(b != NULL, "%s request %d", tag, i);
    CHECK_STR_EQ(http_client_get_response_http_version(c), version);
    free(b);
  }
  http_client_free(c);
  snprintf(marker, sizeof marker, "reuse=%s&i=", tag);
  char conn[32];
  wait_lines_matching(log, marker, 4, 2000);
  CHECK_INT_EQ(log_connections(log, marker, conn, sizeof conn), 4);
  if (strcmp(version, "1.1") == 0) {
    /* the last request was the 4th on its connection */
    snprintf(marker, sizeof marker, "reuse=%s&i=3 ", tag);
    CHECK(line_has(log, marker, " reqs=4"), "reqs of the last request");
  }
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  char host[256];
  int fport;
  split_url(fault, host, sizeof host, &fport);

  http_client *observer = http_client_new();
  http_client *c = http_client_new();
  CHECK_INT_EQ(connect_wait(observer, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  long before = get_count(observer);
  CHECK(before >= 1, "count %ld", before);

  /* one connect, five requests: one connection, the one made while CONNECTING */
  CHECK_INT_EQ(connect_wait(c, "localhost", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(get_count(observer), before + 1); /* connected before any request */
  for (int i = 1; i <= 5; i++) {
    char *b = get(c, "/conn");
    char want[64];
    snprintf(want, sizeof want, "conn=%ld req=%d", before + 1, i);
    CHECK_STR_EQ(b, want);
    free(b);
  }
  CHECK_INT_EQ(get_count(observer), before + 1);

  /* close(), connect again: a new connection */
  CHECK_INT_EQ(http_client_close(c), 0);
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  char *b = get(c, "/conn");
  char want[64];
  snprintf(want, sizeof want, "conn=%ld req=1", before + 2);
  CHECK_STR_EQ(b, want);
  free(b);
  CHECK_INT_EQ(get_count(observer), before + 2);

  /* nginx, HTTP/1.1 and HTTPS with HTTP/2: one connection for every request */
  nginx_reuse(http, NULL, log, "plain", "1.1");
  http_client_tls *tls = NULL;
  CHECK_INT_EQ(http_client_tls_client(ca, NULL, &tls), 0);
  nginx_reuse(https, tls, log, "tls", "2");
  http_client_tls_free(tls);

  /* the server closes the connection after a response: the next request reconnects */
  {
    http_client *n = http_client_new();
    char host2[256];
    int nport;
    split_url(http, host2, sizeof host2, &nport);
    CHECK_INT_EQ(connect_wait(n, host2, nport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
    char *body = get(n, "/close?reconnect=1");
    CHECK_STR_EQ(body, "connection will close\n");
    free(body);
    CHECK_INT_EQ(http_client_get_status(n), HTTP_CLIENT_STATUS_CONNECTED);
    body = get(n, "/100.bin?reconnect=2");
    CHECK(body != NULL, "request after the server closed");
    CHECK_INT_EQ(http_client_get_response_code(n), 200);
    free(body);
    http_client_free(n);
    char conn1[32], conn2[32];
    wait_lines_matching(log, "reconnect=2", 1, 2000);
    CHECK_INT_EQ(log_connections(log, "reconnect=1", conn1, sizeof conn1), 1);
    CHECK_INT_EQ(log_connections(log, "reconnect=2", conn2, sizeof conn2), 1);
    CHECK(strcmp(conn1, conn2) != 0, "same connection %s after Connection: close", conn1);
  }

  closed_before_first_request();

  /* bounded memory: an endless body nobody reads */
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/infinite", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK(http_client_is_response_chunked(c), "/infinite is chunked");
  long rss0 = rss_bytes();
  uint64_t until = now_ms() + 2000;
  int polls = 0;
  while (now_ms() < until && polls < 100000) {
    CHECK_INT_EQ(http_client_poll(c), 0);
    polls++;
    sleep_ms(1);
  }
  long rss1 = rss_bytes();
  fprintf(stderr, "rss %ld -> %ld after %d polls without reading\n", rss0, rss1, polls);
  /* unbounded buffering would take ~16 MB/s here */
  CHECK(rss1 - rss0 < 6L * 1024 * 1024, "RSS grew by %ld bytes", rss1 - rss0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_BODY);
  /* reads return at most read_chunk_size, and the stream flows again */
  static uint8_t big[1 << 20];
  size_t got = 0, total = 0;
  for (int i = 0; i < 40; i++) {
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, big, sizeof big, &got), 0);
    CHECK(got <= 65536, "read %zu bytes", got);
    total += got;
    http_client_poll(c);
  }
  CHECK(total > 65536, "only %zu bytes after unpausing", total);
  CHECK(big[0] == 'i', "body byte %d", big[0]);

  /* a smaller read_chunk_size bounds each read (and the buffer) */
  CHECK_INT_EQ(http_client_close(c), 0);
  CHECK_INT_EQ(http_client_set_read_chunk_size(c, 4096), 0);
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/infinite", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  for (int i = 0; i < 50; i++) {
    http_client_poll(c);
    sleep_ms(1);
  }
  int full = 0;
  for (int i = 0; i < 20; i++) {
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, big, sizeof big, &got), 0);
    CHECK(got <= 4096, "read %zu bytes with read_chunk_size 4096", got);
    if (got == 4096) full++;
  }
  CHECK(full > 0, "no full 4096-byte read");

  http_client_free(c);
  http_client_free(observer);
  return test_finish();
}
