/* Shared by the WebSocket benchmark clients (ws_raw_client.c, ws_nethttp_client.c; the
 * tungstenite client has the same in Rust): the workloads. The RESULT line is
 * bench_common.h's (bytes = echoed payload received in the measured phase).
 *
 *   rtt32    one 32-byte binary message at a time: send, wait for the echo, repeat
 *   tput1k   1 KiB binary messages, up to 16 in flight (each echo lets the next one go)
 *   tput64k  64 KiB binary messages, up to 16 in flight */
#ifndef NETHTTP_WS_BENCH_COMMON_H
#define NETHTTP_WS_BENCH_COMMON_H

#include <string.h>

#define WS_BENCH_INFLIGHT 16

typedef struct ws_workload {
  const char *name;
  size_t size;
  long inflight;
} ws_workload;

static inline int ws_workload_find(const char *name, ws_workload *w) {
  static const ws_workload all[] = {
      {"rtt32", 32, 1}, {"tput1k", 1024, WS_BENCH_INFLIGHT}, {"tput64k", 65536, WS_BENCH_INFLIGHT}};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (strcmp(all[i].name, name) == 0) {
      *w = all[i];
      return 1;
    }
  }
  return 0;
}

/* The payload every client sends (the tungstenite client uses the same bytes). */
static inline void ws_fill(unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 7 + 1);
}

#endif
