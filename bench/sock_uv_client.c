/* The socket benchmark's C anchor: the workloads of sock_common.h on libuv (Debian's
 * libuv1-dev), the way a libuv application writes them.   sock_uv_client PORT WORKLOAD N */
#include <uv.h>

#include "sock_common.h"

static uv_loop_t *loop;
static long n, count, sent, lost;
static size_t dsize;
static char buf[SB_CHUNK];
static double t0, c0;
static const char *wl;
static uv_tcp_t tcp;
static uv_udp_t udp;
static struct sockaddr_in udp_to;

static void alloc_cb(uv_handle_t *h, size_t s, uv_buf_t *b) {
  (void)h;
  (void)s;
  static char rbuf[SB_CHUNK];
  *b = uv_buf_init(rbuf, sizeof rbuf);
}

static void write_cb(uv_write_t *r, int status) {
  (void)status;
  free(r);
}

static void ping(uv_stream_t *s) {
  uv_write_t *r = malloc(sizeof *r);
  uv_buf_t b = uv_buf_init(buf, 64);
  uv_write(r, s, &b, 1, write_cb);
}

static long got_bytes;
static void pp_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b) {
  (void)b;
  if (nread <= 0) return;
  got_bytes += nread;
  while (got_bytes >= 64) {
    got_bytes -= 64;
    if (++count == n) {
      sb_result("libuv", wl, n, sb_now() - t0, sb_cpu() - c0, NULL);
      uv_stop(loop);
      return;
    }
    ping(s);
  }
}

static void stream_fill(uv_stream_t *s);
static void stream_write_cb(uv_write_t *r, int status) {
  (void)status;
  uv_stream_t *s = r->handle;
  free(r);
  stream_fill(s);
}
static void shutdown_cb(uv_shutdown_t *r, int status) {
  (void)status;
  free(r);
}
static void stream_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b) {
  (void)s;
  (void)b;
  if (nread == UV_EOF) {
    sb_result("libuv", wl, n, sb_now() - t0, sb_cpu() - c0, NULL);
    uv_stop(loop);
  }
}
static int shut;
static void stream_fill(uv_stream_t *s) {
  /* Keep up to 1 MiB queued, as an application watching the write queue does. */
  while (sent < n && uv_stream_get_write_queue_size(s) < (1 << 20)) {
    size_t len = (size_t)(n - sent < SB_CHUNK ? n - sent : SB_CHUNK);
    uv_write_t *r = malloc(sizeof *r);
    uv_buf_t b = uv_buf_init(buf, (unsigned)len);
    uv_write(r, s, &b, 1, stream_write_cb);
    sent += (long)len;
  }
  if (sent >= n && !shut) {
    shut = 1;
    uv_shutdown_t *r = malloc(sizeof *r);
    uv_shutdown(r, s, shutdown_cb);
    uv_read_start(s, alloc_cb, stream_read);
  }
}

static void connect_cb(uv_connect_t *r, int status) {
  if (status != 0) {
    fprintf(stderr, "connect: %s\n", uv_strerror(status));
    exit(1);
  }
  uv_stream_t *s = r->handle;
  free(r);
  t0 = sb_now();
  c0 = sb_cpu();
  if (!strcmp(wl, "pp64")) {
    uv_read_start(s, alloc_cb, pp_read);
    ping(s);
  } else {
    stream_fill(s);
  }
}

static void udp_send_cb(uv_udp_send_t *r, int status) {
  (void)status;
  free(r);
}
static void udp_send(void) {
  uv_udp_send_t *r = malloc(sizeof *r);
  uv_buf_t b = uv_buf_init(buf, (unsigned)dsize);
  uv_udp_send(r, &udp, &b, 1, (const struct sockaddr *)&udp_to, udp_send_cb);
  sent++;
}
static uv_timer_t stall;
static long last_count;
static void udp_read(uv_udp_t *h, ssize_t nread, const uv_buf_t *b, const struct sockaddr *a,
                     unsigned flags) {
  (void)h;
  (void)b;
  (void)a;
  (void)flags;
  if (nread <= 0 || a == NULL) return;
  if (++count == n) {
    char extra[64];
    snprintf(extra, sizeof extra, "lost=%ld", lost);
    sb_result("libuv", wl, n, sb_now() - t0, sb_cpu() - c0, extra);
    uv_stop(loop);
    return;
  }
  if (sent < n + SB_WINDOW) udp_send();
}
static void stall_cb(uv_timer_t *t) {
  (void)t;
  if (count == last_count) {
    lost += sent - count;
    sent = count;
    for (int i = 0; i < SB_WINDOW; i++) udp_send();
  }
  last_count = count;
}

static void idle_connect_cb(uv_connect_t *r, int status) {
  (void)status;
  free(r);
  count++;
}

int main(int argc, char **argv) {
  if (argc != 4) sb_usage(argv[0]);
  int port = atoi(argv[1]);
  wl = argv[2];
  n = atol(argv[3]);
  sb_raise_nofile();
  loop = uv_default_loop();
  memset(buf, 'x', sizeof buf);
  struct sockaddr_in a;
  if (!strcmp(wl, "pp64") || !strcmp(wl, "stream")) {
    uv_ip4_addr("127.0.0.1", !strcmp(wl, "pp64") ? port : port + 1, &a);
    uv_tcp_init(loop, &tcp);
    uv_tcp_nodelay(&tcp, 1);
    uv_connect_t *r = malloc(sizeof *r);
    uv_tcp_connect(r, &tcp, (const struct sockaddr *)&a, connect_cb);
    uv_run(loop, UV_RUN_DEFAULT);
  } else if (!strcmp(wl, "udp64") || !strcmp(wl, "udp1200")) {
    dsize = !strcmp(wl, "udp64") ? 64 : 1200;
    uv_ip4_addr("127.0.0.1", port + 2, &udp_to);
    uv_udp_init(loop, &udp);
    uv_udp_recv_start(&udp, alloc_cb, udp_read);
    uv_timer_init(loop, &stall);
    uv_timer_start(&stall, stall_cb, 100, 100);
    t0 = sb_now();
    c0 = sb_cpu();
    for (int i = 0; i < SB_WINDOW; i++) udp_send();
    uv_run(loop, UV_RUN_DEFAULT);
  } else if (!strcmp(wl, "idle")) {
    long r0 = sb_rss_kib();
    uv_tcp_t *hs = malloc(sizeof(uv_tcp_t) * (size_t)n);
    uv_ip4_addr("127.0.0.1", port, &a);
    for (long i = 0; i < n; i++) {
      uv_tcp_init(loop, &hs[i]);
      uv_connect_t *r = malloc(sizeof *r);
      uv_tcp_connect(r, &hs[i], (const struct sockaddr *)&a, idle_connect_cb);
    }
    while (count < n) uv_run(loop, UV_RUN_ONCE);
    sleep(1);
    char extra[64];
    snprintf(extra, sizeof extra, "kib=%ld", sb_rss_kib() - r0);
    sb_result("libuv", wl, n, 0, 0, extra);
  } else {
    sb_usage(argv[0]);
  }
  return 0;
}
