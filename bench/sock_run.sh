#!/usr/bin/env bash
# The socket benchmark: nethttp's sockets through its C ABI against a raw epoll loop in C (the
# limit) and libuv (Debian's libuv1-dev, the C anchor), all on one raw epoll echo/discard
# server (bench/sock_server.c). One command:
#
#   bench/sock_run.sh [ROUNDS]        (default 5 rounds, at least 3; about 3 minutes)
#
# 1. builds nethttp in release mode and bench/sock_{server,raw_client,uv_client,
#    nethttp_client}.c into target/bench/;
# 2. starts the server pinned to CPU 0 (clients on CPU 1);
# 3. runs pp64, stream (1 GiB), udp64 and udp1200 (bench/sock_common.h) for every client,
#    interleaved (round 1: raw libuv nethttp, round 2: nethttp libuv raw, ...), one RESULT
#    line per run into target/bench/sock_results.txt; then idle (10,000 connections) once
#    per client, and pp64 under callgrind (instructions per round trip, every thread);
# 4. stops the server (also on error or Ctrl-C), writes target/bench/sock_report.md
#    (bench/sock_report.py) and, unless BENCH_NO_REPORT=1, puts it into BENCHMARKS.md
#    between its sockets markers.
# Environment: BENCH_SOCK_PORT (default 24600; uses it and the next two), BENCH_SCALE (divides
# the counts, e.g. 10 for a quick try), CARGO_TARGET_DIR (honoured).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-5}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/sock_run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/sock_run.sh: at least 3 rounds" >&2; exit 2; }
SCALE=${BENCH_SCALE:-1}
PORT=${BENCH_SOCK_PORT:-24600}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/target/bench
mkdir -p "$OUT"
NCPU=$(nproc)
SRV_CPU=0
CLI_CPU=$(( NCPU > 1 ? 1 : 0 ))

cargo build --release --lib
LIB=$TARGET/release/libnethttp.so
[ -f "$LIB" ] || { echo "bench/sock_run.sh: no $LIB" >&2; exit 1; }
CC=${CC:-cc}
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/sock_server" bench/sock_server.c
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/sock_raw" bench/sock_raw_client.c
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/sock_libuv" bench/sock_uv_client.c -luv
"$CC" -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/sock_nethttp" bench/sock_nethttp_client.c \
  "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -lpthread

SRV_PID=""
cleanup() {
  if [ -n "$SRV_PID" ]; then { kill "$SRV_PID" && wait "$SRV_PID"; } 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
taskset -c $SRV_CPU "$OUT/sock_server" "$PORT" &
SRV_PID=$!
sleep 0.3
kill -0 "$SRV_PID" || { echo "bench/sock_run.sh: the server did not start" >&2; exit 1; }

RESULTS=$OUT/sock_results.txt
{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $ROUNDS"
  echo "# scale $SCALE"
  echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x$NCPU"
  echo "# kernel $(uname -r)"
  echo "# libuv $(pkg-config --modversion libuv 2>/dev/null || echo '?')"
  echo "# nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"
} > "$RESULTS"

declare -A N=([pp64]=20000 [stream]=1073741824 [udp64]=200000 [udp1200]=200000)
CLIENTS=(raw libuv nethttp)
for r in $(seq 1 "$ROUNDS"); do
  order=("${CLIENTS[@]}")
  if [ $((r % 2)) = 0 ]; then order=(nethttp libuv raw); fi
  if [ $((r % 3)) = 0 ]; then order=(libuv nethttp raw); fi
  for w in pp64 stream udp64 udp1200; do
    n=$(( N[$w] / SCALE ))
    for c in "${order[@]}"; do
      timeout 120 taskset -c $CLI_CPU "$OUT/sock_$c" "$PORT" "$w" "$n" | sed "s/^RESULT /RESULT round=$r /" >> "$RESULTS"
    done
  done
  echo "round $r done" >&2
done
IDLE=$(( 10000 / SCALE ))
for c in "${CLIENTS[@]}"; do
  timeout 120 taskset -c $CLI_CPU "$OUT/sock_$c" "$PORT" idle "$IDLE" >> "$RESULTS"
  sleep 1
done
# Instructions per round trip, every thread (callgrind counts them all): the difference of
# two runs (3,000 and 1,000 round trips), so start-up and connect do not count.
for c in "${CLIENTS[@]}"; do
  for n in 1000 3000; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/sock_cg_${c}_$n.out" \
      "$OUT/sock_$c" "$PORT" pp64 "$n" > /dev/null 2> "$OUT/sock_cg_${c}_$n.log" || true
    ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$OUT/sock_cg_${c}_$n.out" | head -1)
    echo "IR client=$c workload=pp64 n=$n ir=${ir:-0}" >> "$RESULTS"
  done
done
cleanup
SRV_PID=""
python3 bench/sock_report.py "$RESULTS" "$OUT/sock_report.md"
if [ "${BENCH_NO_REPORT:-}" != 1 ]; then
  python3 bench/sock_report.py "$RESULTS" "$OUT/sock_report.md" BENCHMARKS.md
fi
cat "$OUT/sock_report.md"
