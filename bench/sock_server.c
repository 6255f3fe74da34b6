/* The socket benchmark's peer: one thread, level-triggered epoll. TCP echo on PORT, TCP
 * discard on PORT+1 (closes when the client half-closes), UDP echo on PORT+2.
 *   sock_server PORT        (runs until killed) */
#include "sock_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>


static int listener(int type, int port) {
  int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    perror("bind");
    exit(1);
  }
  if (type == SOCK_STREAM) listen(fd, 4096);
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 2) sb_usage(argv[0]);
  sb_raise_nofile();
  int port = atoi(argv[1]);
  int echo = listener(SOCK_STREAM, port), discard = listener(SOCK_STREAM, port + 1),
      udp = listener(SOCK_DGRAM, port + 2);
  int ep = epoll_create1(0);
  /* data.u64: fd | kind << 32 (0 echo listener, 1 discard listener, 2 udp, 3 echo conn,
   * 4 discard conn) */
  int fds[3] = {echo, discard, udp};
  for (int k = 0; k < 3; k++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)fds[k] | ((uint64_t)k << 32)};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[k], &ev);
  }
  static char buf[256 * 1024];
  struct epoll_event evs[512];
  for (;;) {
    int n = epoll_wait(ep, evs, 512, -1);
    for (int i = 0; i < n; i++) {
      int fd = (int)(evs[i].data.u64 & 0xffffffff), kind = (int)(evs[i].data.u64 >> 32);
      if (kind <= 1) {
        int c;
        while ((c = accept4(fd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)c | ((uint64_t)(kind + 3) << 32)};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
        }
      } else if (kind == 2) {
        for (int k = 0; k < 64; k++) {
          struct sockaddr_storage from;
          socklen_t fl = sizeof from;
          ssize_t r = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
          if (r < 0) break;
          sendto(fd, buf, (size_t)r, 0, (struct sockaddr *)&from, fl);
        }
      } else {
        ssize_t r = read(fd, buf, kind == 3 ? 65536 : sizeof buf);
        static long long discarded[65536];
        if (r > 0 && kind == 4 && fd < 65536) discarded[fd] += r;
        if (r == 0 && kind == 4 && fd < 65536 && getenv("SOCK_SERVER_VERBOSE")) {
          fprintf(stderr, "discard: %lld bytes\n", discarded[fd]);
        }
        if (r <= 0 && fd < 65536) discarded[fd] = 0;
        if (r > 0) {
          if (kind == 3) {
            /* Echo: small messages in this benchmark; a short write would be a bug here. */
            ssize_t w = 0;
            while (w < r) {
              ssize_t x = write(fd, buf + w, (size_t)(r - w));
              if (x < 0) {
                if (errno == EAGAIN) continue;
                break;
              }
              w += x;
            }
          }
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          close(fd);
        }
      }
    }
  }
}
