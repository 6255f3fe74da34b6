/* Shared by the TLS socket benchmark's server and clients (bench/sock_tls_run.sh).
 *   hs N         N handshakes one after another: connect, TLS handshake (TLS 1.3, the
 *                test CA's leaf certificate, verified), close
 *   echo16k N    one connection, N round trips of 16 KiB: send, wait for all of it back */
#ifndef NETHTTP_SOCK_TLS_BENCH_COMMON_H
#define NETHTTP_SOCK_TLS_BENCH_COMMON_H
#include "sock_common.h"
#define TLS_MSG 16384
#endif
