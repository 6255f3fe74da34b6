/* The TLS benchmark's limit: a blocking OpenSSL client doing the workloads directly.
 *   sock_tls_raw_client PORT CA WORKLOAD N */
#include "sock_tls_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

static SSL *open_tls(SSL_CTX *ctx, int port, int *fdp) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) exit(1);
  SSL *ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, "localhost");
  SSL_set1_host(ssl, "localhost");
  if (SSL_connect(ssl) != 1) exit(1);
  *fdp = fd;
  return ssl;
}

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  int port = atoi(argv[1]);
  const char *w = argv[3];
  long n = atol(argv[4]);
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_load_verify_locations(ctx, argv[2], NULL);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
  int fd;
  if (!strcmp(w, "hs")) {
    double t0 = sb_now(), c0 = sb_cpu();
    for (long i = 0; i < n; i++) {
      SSL *ssl = open_tls(ctx, port, &fd);
      SSL_shutdown(ssl);
      SSL_free(ssl);
      close(fd);
    }
    sb_result("raw-openssl", w, n, sb_now() - t0, sb_cpu() - c0, NULL);
  } else if (!strcmp(w, "echo16k")) {
    SSL *ssl = open_tls(ctx, port, &fd);
    static char buf[TLS_MSG];
    memset(buf, 'x', sizeof buf);
    double t0 = sb_now(), c0 = sb_cpu();
    for (long i = 0; i < n; i++) {
      if (SSL_write(ssl, buf, TLS_MSG) != TLS_MSG) return 1;
      int got = 0;
      while (got < TLS_MSG) {
        int r = SSL_read(ssl, buf, TLS_MSG - got);
        if (r <= 0) return 1;
        got += r;
      }
    }
    sb_result("raw-openssl", w, n, sb_now() - t0, sb_cpu() - c0, NULL);
  }
  return 0;
}
