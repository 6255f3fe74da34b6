/* The TLS benchmark's peer: OpenSSL, one connection at a time (the workloads are
 * sequential): handshake, then echo until the client closes.
 *   sock_tls_server PORT CERT KEY */
#include "sock_tls_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  signal(SIGPIPE, SIG_IGN);
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1)
    return 1;
  int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0) return 1;
  listen(lfd, 128);
  static char buf[65536];
  for (;;) {
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      int r;
      while ((r = SSL_read(ssl, buf, sizeof buf)) > 0)
        if (SSL_write(ssl, buf, r) != r) break;
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    close(fd);
  }
}
