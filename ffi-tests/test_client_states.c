/* http_client (poll-driven client): every status is reached honestly and observed between
 * polls. DISCONNECTED before connecting and after close; RESOLVING for a host name until the
 * first poll; CONNECTING against a listener whose accept queue is full (the TCP handshake
 * cannot complete); CONNECTED; REQUESTING while the fault server holds the response; BODY
 * while /slow trickles the body; CANT_RESOLVE for a .invalid name (2300006); CANT_CONNECT for
 * a refused port (2300007); CONNECTION_ERROR when the server drops the connection mid-body
 * (2300018); TLS_HANDSHAKE_ERROR for a self-signed certificate (2300060). After each error
 * the client connects again. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client_helpers.h"

/* A listening socket on 127.0.0.1 whose accept queue is full: a further connect stays in
 * SYN_SENT. Returns the listener; *filler gets the connection that fills the queue. */
static int stalled_listener(int *port, int *filler) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 0) != 0 ||
      getsockname(l, (struct sockaddr *)&a, &len) != 0) {
    perror("stalled listener");
    exit(1);
  }
  *port = ntohs(a.sin_port);
  *filler = socket(AF_INET, SOCK_STREAM, 0);
  if (*filler < 0 || connect(*filler, (struct sockaddr *)&a, sizeof a) != 0) {
    perror("filler connect");
    exit(1);
  }
  return l;
}

static void check_error(http_client *c, int status, int code) {
  CHECK_INT_EQ(http_client_get_status(c), status);
  CHECK_INT_EQ(http_client_poll(c), code); /* poll reports the error behind the status */
  const char *detail = NULL;
  CHECK_INT_EQ(http_client_get_error(c, &detail), code);
  CHECK(detail != NULL && detail[0] != '\0', "no detail for %d", code);
  CHECK_INT_EQ(http_client_get_status(c), status); /* terminal: polling changes nothing */
  /* no request in an error status */
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", NULL, 0, NULL), 401);
}

int main(void) {
  const char *fault = env_or_die("NETHTTP_TEST_FAULT");
  const char *selfsigned = env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED");
  char host[256];
  int fport, sport;
  split_url(fault, host, sizeof host, &fport);
  split_url(selfsigned, host, sizeof host, &sport);

  http_client *c = http_client_new();
  if (!CHECK(c != NULL, "http_client_new")) return test_finish();

  /* DISCONNECTED: fresh, polling does nothing, no response, no error */
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK_INT_EQ(http_client_poll(c), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK(!http_client_has_response(c), "response before any request");
  CHECK_INT_EQ(http_client_get_error(c, NULL), 0);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", NULL, 0, NULL), 401);

  /* RESOLVING: a host name, nothing happens before the first poll; then CONNECTED */
  CHECK_INT_EQ(http_client_connect_to_host(c, "localhost", fport, NULL), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_RESOLVING);
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING),
               HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_poll(c), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* CONNECTING: an IP address starts there; against a full accept queue it stays there */
  int sport_stalled, filler;
  int listener = stalled_listener(&sport_stalled, &filler);
  CHECK_INT_EQ(http_client_connect_to_host(c, "127.0.0.1", sport_stalled, NULL), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTING);
  int connecting = 0;
  for (int i = 0; i < 20; i++) {
    http_client_poll(c);
    if (http_client_get_status(c) == HTTP_CLIENT_STATUS_CONNECTING) connecting++;
    sleep_ms(10);
  }
  CHECK_INT_EQ(connecting, 20);
  /* close() while connecting: DISCONNECTED at once */
  CHECK_INT_EQ(http_client_close(c), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK_INT_EQ(http_client_poll(c), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  close(filler);
  close(listener);

  /* REQUESTING: the fault server holds the response 500 ms */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/hold?ms=500", NULL, 0, NULL), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_REQUESTING);
  CHECK(!http_client_has_response(c), "response while requesting");
  http_client_poll(c);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_REQUESTING);
  /* a second request while one is in flight: refused */
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/", NULL, 0, NULL), 401);
  int s = poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_REQUESTING);
  CHECK(s == HTTP_CLIENT_STATUS_BODY || s == HTTP_CLIENT_STATUS_CONNECTED, "status %s",
        status_name(s));
  CHECK(http_client_has_response(c), "no response after REQUESTING");
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  size_t n;
  char *body = read_body(c, &n);
  CHECK_STR_EQ(body, "held");
  free(body);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK(http_client_has_response(c), "the response stays until the next request");

  /* BODY: 5 pieces of 100 bytes, 150 ms apart; the status stays BODY until all is read */
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/slow?chunks=5&delay_ms=150&size=100", NULL, 0,
                            NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 500);
  size_t total = 0;
  int reads = 0, body_polls = 0;
  uint64_t deadline = now_ms() + CLIENT_WAIT_MS;
  while (http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY && now_ms() < deadline) {
    uint8_t buf[1024];
    size_t got = 0;
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
    if (got > 0) {
      reads++;
      total += got;
    }
    if (http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY) {
      http_client_poll(c);
      if (http_client_get_status(c) == HTTP_CLIENT_STATUS_BODY) body_polls++;
      sleep_ms(2);
    }
  }
  CHECK_INT_EQ(total, 500);
  CHECK(reads >= 2, "the body came in %d reads", reads);
  CHECK(body_polls >= 2, "BODY seen in %d polls", body_polls);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* CANT_RESOLVE */
  CHECK_INT_EQ(http_client_connect_to_host(c, "nethttp-test.invalid", 80, NULL), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_RESOLVING);
  CHECK_INT_EQ(poll_while(c, HTTP_CLIENT_STATUS_RESOLVING, HTTP_CLIENT_STATUS_CONNECTING),
               HTTP_CLIENT_STATUS_CANT_RESOLVE);
  check_error(c, HTTP_CLIENT_STATUS_CANT_RESOLVE, NETHTTP_ERR_COULDNT_RESOLVE);

  /* CANT_CONNECT */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", unused_port(), NULL),
               HTTP_CLIENT_STATUS_CANT_CONNECT);
  check_error(c, HTTP_CLIENT_STATUS_CANT_CONNECT, NETHTTP_ERR_COULDNT_CONNECT);

  /* CONNECTION_ERROR: Content-Length 1000, 300 bytes, then the connection is closed */
  CHECK_INT_EQ(connect_wait(c, "127.0.0.1", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_request(c, HTTP_METHOD_GET, "/drop-mid-body", NULL, 0, NULL), 0);
  s = poll_while(c, HTTP_CLIENT_STATUS_REQUESTING, HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(s, HTTP_CLIENT_STATUS_CONNECTION_ERROR);
  CHECK(http_client_has_response(c), "the head had arrived");
  CHECK_INT_EQ(http_client_get_response_code(c), 200);
  CHECK_INT_EQ(http_client_get_response_body_length(c), 1000);
  check_error(c, HTTP_CLIENT_STATUS_CONNECTION_ERROR, NETHTTP_ERR_PARTIAL_FILE);
  {
    uint8_t buf[64];
    size_t got = 99;
    CHECK_INT_EQ(http_client_read_response_body_chunk(c, buf, sizeof buf, &got), 0);
    CHECK_INT_EQ(got, 0); /* nothing to read outside BODY */
  }

  /* TLS_HANDSHAKE_ERROR: a self-signed certificate, verified against the system's CAs */
  CHECK_INT_EQ(connect_wait(c, "https://localhost", sport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/json", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_TLS_HANDSHAKE_ERROR);
  check_error(c, HTTP_CLIENT_STATUS_TLS_HANDSHAKE_ERROR, NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  CHECK(!http_client_has_response(c), "no response without a handshake");

  /* after an error: connect again and work normally */
  CHECK_INT_EQ(connect_wait(c, "localhost", fport, NULL), HTTP_CLIENT_STATUS_CONNECTED);
  CHECK_INT_EQ(http_client_get_error(c, NULL), 0);
  CHECK_INT_EQ(request_wait(c, HTTP_METHOD_GET, "/status?code=201", NULL, 0, NULL),
               HTTP_CLIENT_STATUS_BODY);
  CHECK_INT_EQ(http_client_get_response_code(c), 201);
  body = read_body(c, &n);
  CHECK_STR_EQ(body, "status 201");
  free(body);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_CONNECTED);

  /* close(): DISCONNECTED, the response forgotten */
  CHECK_INT_EQ(http_client_close(c), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK(!http_client_has_response(c), "response after close");

  /* the process-wide policy applies to connect_to_host */
  const char *allowed[] = {"example.com"};
  CHECK_INT_EQ(http_policy_set_allowed_domains(allowed, 1), 0);
  CHECK_INT_EQ(http_client_connect_to_host(c, "localhost", fport, NULL),
               NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 0), 0);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(false), 0);
  CHECK_INT_EQ(http_client_connect_to_host(c, "127.0.0.1", fport, NULL),
               NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK_INT_EQ(http_client_connect_to_host(c, "https://localhost", sport, NULL), 0);
  CHECK_INT_EQ(http_client_get_status(c), HTTP_CLIENT_STATUS_RESOLVING);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(true), 0);

  http_client_free(c);
  http_client_free(NULL);
  /* NULL client: 401 or neutral values, no crash */
  CHECK_INT_EQ(http_client_poll(NULL), 401);
  CHECK_INT_EQ(http_client_get_status(NULL), HTTP_CLIENT_STATUS_DISCONNECTED);
  CHECK_INT_EQ(http_client_close(NULL), 401);
  CHECK_INT_EQ(http_client_connect_to_host(NULL, "localhost", 80, NULL), 401);
  return test_finish();
}
