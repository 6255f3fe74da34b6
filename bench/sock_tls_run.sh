#!/usr/bin/env bash
# The TLS socket benchmark: nethttp's TLS sockets through the C ABI against a raw blocking
# OpenSSL client (the limit: the same OpenSSL, nothing else), both against one OpenSSL echo
# server (bench/sock_tls_server.c) with the test CA's leaf certificate, TLS 1.3, verified.
#
#   bench/sock_tls_run.sh [ROUNDS]      (default 5, at least 3; about a minute)
#
# Workloads (bench/sock_tls_common.h): hs (handshakes one after another: connect, handshake,
# close) and echo16k (16 KiB round trips on one connection). Interleaved rounds, medians,
# into target/bench/sock_tls_results.txt and, unless BENCH_NO_REPORT=1, BENCHMARKS.md
# between its tls-sockets markers. Environment: BENCH_TLS_PORT (default 24620),
# BENCH_SCALE, CARGO_TARGET_DIR.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-5}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/sock_tls_run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/sock_tls_run.sh: at least 3 rounds" >&2; exit 2; }
SCALE=${BENCH_SCALE:-1}
PORT=${BENCH_TLS_PORT:-24620}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/target/bench
mkdir -p "$OUT"
CLI_CPU=$(( $(nproc) > 1 ? 1 : 0 ))
cargo build --release --lib
LIB=$TARGET/release/libnethttp.so
CC=${CC:-cc}
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/tls_server" bench/sock_tls_server.c -lssl -lcrypto
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/tls_raw-openssl" bench/sock_tls_raw_client.c -lssl -lcrypto
"$CC" -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/tls_nethttp" bench/sock_tls_nethttp_client.c \
  "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -lpthread
CERTS=$OUT/tls-certs
tests/servers/gen-certs.sh "$CERTS" >/dev/null 2>&1
SRV=""
cleanup() { if [ -n "$SRV" ]; then { kill "$SRV" && wait "$SRV"; } 2>/dev/null || true; fi; }
trap cleanup EXIT INT TERM
taskset -c 0 "$OUT/tls_server" "$PORT" "$CERTS/leaf.pem" "$CERTS/leaf.key" &
SRV=$!
sleep 0.3
RESULTS=$OUT/sock_tls_results.txt
{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $ROUNDS scale $SCALE"
  echo "# openssl $(openssl version)"
  echo "# nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"
} > "$RESULTS"
declare -A N=([hs]=1000 [echo16k]=20000)
for r in $(seq 1 "$ROUNDS"); do
  order=(raw-openssl nethttp)
  [ $((r % 2)) = 0 ] && order=(nethttp raw-openssl)
  for w in hs echo16k; do
    for c in "${order[@]}"; do
      timeout 120 taskset -c $CLI_CPU "$OUT/tls_$c" "$PORT" "$CERTS/ca.pem" "$w" $(( N[$w] / SCALE )) >> "$RESULTS"
    done
  done
done
cleanup
SRV=""
python3 - "$RESULTS" "$OUT/sock_tls_report.md" <<'PY'
import re, statistics, sys
meta, runs = {}, {}
for line in open(sys.argv[1]):
    if line.startswith("# "):
        k, _, v = line[2:].strip().partition(" "); meta[k] = v; continue
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    if line.startswith("RESULT"):
        runs.setdefault((kv["client"], kv["workload"]), []).append(kv)
med = lambda xs: statistics.median(xs)
def rate(c, w, div=1.0): return med([int(r["n"]) / float(r["secs"]) / div for r in runs[(c, w)]])
def cpu(c, w): return med([float(r["cpu"]) / int(r["n"]) * 1e6 for r in runs[(c, w)]])
L = ["<!-- tls-sockets:begin (bench/sock_tls_run.sh) -->", "## TLS sockets", "",
     "bench/sock_tls_run.sh: an OpenSSL echo server (bench/sock_tls_server.c, CPU 0), TLS 1.3 with the "
     "test CA's leaf, verified by name; a raw blocking OpenSSL client (the limit) and nethttp's TLS socket "
     "(CPU 1). Medians of %s interleaved rounds; %s; nethttp %s." % (meta.get("rounds", "?").split()[0],
     meta.get("openssl", "?"), meta.get("nethttp", "?")), "",
     "| workload | raw OpenSSL | nethttp | nethttp / raw | CPU per operation (raw / nethttp) |", "|---|---|---|---|---|"]
for name, w, div, unit in (("handshakes/s (connect, TLS 1.3 handshake, close)", "hs", 1.0, ""),
                           ("16 KiB echo round trips (MB/s both ways)", "echo16k", 1e6 / 32768, "")):
    a, b = rate("raw-openssl", w, div), rate("nethttp", w, div)
    L.append("| %s | %.0f | %.0f | %.2f× | %.0f µs / %.0f µs |" % (name, a, b, b / a, cpu("raw-openssl", w), cpu("nethttp", w)))
L += ["", "Target (issue 16): ≥ 0.9× the raw OpenSSL loop on both rows. Contexts are cached per options "
      "(a minute), so a socket does not reload the CA store for each handshake.", "", "<!-- tls-sockets:end -->"]
open(sys.argv[2], "w").write("\n".join(L) + "\n")
PY
if [ "${BENCH_NO_REPORT:-}" != 1 ]; then
  python3 - "$OUT/sock_tls_report.md" BENCHMARKS.md <<'PY'
import sys
text = open(sys.argv[1]).read(); bm = open(sys.argv[2]).read()
B, E = "<!-- tls-sockets:begin (bench/sock_tls_run.sh) -->", "<!-- tls-sockets:end -->"
if B in bm and E in bm:
    bm = bm[:bm.index(B)] + text + bm[bm.index(E) + len(E) + 1:]
else:
    bm = bm.rstrip("\n") + "\n\n" + text
open(sys.argv[2], "w").write(bm)
PY
fi
cat "$OUT/sock_tls_report.md"
