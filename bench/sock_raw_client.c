/* The socket benchmark's limit: the workloads of sock_common.h on a raw non-blocking epoll
 * loop in C, one thread, nothing else.   sock_raw_client PORT WORKLOAD N */
#include "sock_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>


static struct sockaddr_in addr(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  return a;
}

/* A connected non-blocking TCP socket (connect waited for with epoll). */
static int tcp(int ep, int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = addr(port);
  connect(fd, (struct sockaddr *)&a, sizeof a);
  struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd}, out;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  epoll_wait(ep, &out, 1, 5000);
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 4) sb_usage(argv[0]);
  int port = atoi(argv[1]);
  const char *w = argv[2];
  long n = atol(argv[3]);
  sb_raise_nofile();
  int ep = epoll_create1(0);
  static char buf[SB_CHUNK];
  memset(buf, 'x', sizeof buf);
  struct epoll_event evs[64];
  if (!strcmp(w, "pp64")) {
    int fd = tcp(ep, port);
    double t0 = sb_now(), c0 = sb_cpu();
    for (long i = 0; i < n; i++) {
      if (write(fd, buf, 64) != 64) return 1;
      int got = 0;
      while (got < 64) {
        epoll_wait(ep, evs, 64, -1);
        ssize_t r = read(fd, buf, (size_t)(64 - got));
        if (r > 0) got += (int)r;
        else if (r == 0) return 1;
      }
    }
    sb_result("raw", w, n, sb_now() - t0, sb_cpu() - c0, NULL);
  } else if (!strcmp(w, "stream")) {
    int fd = tcp(ep, port + 1);
    double t0 = sb_now(), c0 = sb_cpu();
    long sent = 0;
    struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    while (sent < n) {
      size_t len = (size_t)(n - sent < SB_CHUNK ? n - sent : SB_CHUNK);
      ssize_t x = write(fd, buf, len);
      if (x > 0) sent += x;
      else if (errno == EAGAIN) epoll_wait(ep, evs, 64, -1);
      else return 1;
    }
    shutdown(fd, SHUT_WR);
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    for (;;) {
      epoll_wait(ep, evs, 64, -1);
      if (read(fd, buf, sizeof buf) == 0) break;
    }
    sb_result("raw", w, n, sb_now() - t0, sb_cpu() - c0, NULL);
  } else if (!strcmp(w, "udp64") || !strcmp(w, "udp1200")) {
    size_t size = !strcmp(w, "udp64") ? 64 : 1200;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = addr(port + 2);
    connect(fd, (struct sockaddr *)&a, sizeof a);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    double t0 = sb_now(), c0 = sb_cpu();
    long got = 0, sent = 0, lost = 0;
    for (int i = 0; i < SB_WINDOW; i++, sent++) send(fd, buf, size, 0);
    while (got < n) {
      int k = epoll_wait(ep, evs, 64, 100);
      if (k == 0) { /* refill a stalled window */
        lost += sent - got;
        for (int i = 0; i < SB_WINDOW; i++, sent++) send(fd, buf, size, 0);
        got = sent - SB_WINDOW;
        continue;
      }
      for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0) break;
        got++;
        if (sent < n + SB_WINDOW) {
          send(fd, buf, size, 0);
          sent++;
        }
      }
    }
    char extra[64];
    snprintf(extra, sizeof extra, "lost=%ld", lost);
    sb_result("raw", w, n, sb_now() - t0, sb_cpu() - c0, extra);
  } else if (!strcmp(w, "idle")) {
    long r0 = sb_rss_kib();
    int *fds = malloc(sizeof(int) * (size_t)n);
    for (long i = 0; i < n; i++) fds[i] = tcp(ep, port);
    sleep(1);
    char extra[64];
    snprintf(extra, sizeof extra, "kib=%ld", sb_rss_kib() - r0);
    sb_result("raw", w, n, 0, 0, extra);
  } else {
    sb_usage(argv[0]);
  }
  return 0;
}
