#!/usr/bin/env bash
# The WebSocket benchmark: nethttp's WebSocket client through its C ABI against raw libcurl's
# WebSocket API (the same libcurl build) and tungstenite's blocking client, on a local
# tungstenite echo server. One command:
#
#   bench/ws_run.sh [ROUNDS]        (default 7 rounds, at least 3; about 8 minutes)
#
# 1. builds nethttp in release mode, the tungstenite echo server and client (bench/ws/, a
#    cargo project of its own), bench/ws_raw_client.c against curl-sys's own libcurl.a (the
#    libcurl inside libnethttp, found as bench/lib.sh finds it) and bench/ws_nethttp_client.c
#    against include/nethttp.h and libnethttp.so (bench/ws_lib.sh);
# 2. starts ws-echo-server pinned to CPU 0 (clients on CPU 1);
# 3. runs rtt32, tput1k and tput64k (bench/ws_common.h) for every client, interleaved
#    (round 1: A B C, round 2: C B A, ...), one RESULT line per run into
#    target/bench/ws_results.txt;
# 4. then the idle test once, on the Python websockets server (ws_echo.py): nethttp and raw
#    libcurl each open BENCH_WS_IDLE (10,000) connections and hold them; the resident set
#    per connection (IDLE lines);
# 5. stops the servers (also on error or Ctrl-C) and writes target/bench/ws_report.md
#    (bench/ws_report.py) and, unless BENCH_NO_REPORT=1, puts it into BENCHMARKS.md between
#    its websocket markers (bench/ws_splice.py; bench/run.sh keeps that section).
#
# Environment: BENCH_WS_PORT (default 23490), BENCH_SCALE (divides N and the warm-up, e.g. 10
# for a quick try; the report says so), BENCH_WS_IDLE (connections for the idle test, 0 to
# skip it), CARGO_TARGET_DIR (honoured).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-7}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/ws_run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/ws_run.sh: at least 3 rounds" >&2; exit 2; }
SCALE=${BENCH_SCALE:-1}
case $SCALE in ''|*[!0-9]*|0) echo "bench/ws_run.sh: BENCH_SCALE must be a positive number" >&2; exit 2 ;; esac
IDLE_N=${BENCH_WS_IDLE:-10000}

source bench/ws_lib.sh

# N per workload: a run takes about 0.4-4 s on this machine (raw libcurl is the slowest at
# tput1k and tput64k; see the report); warm-up messages before each run
declare -A N=([rtt32]=20000 [tput1k]=150000 [tput64k]=6000)
WARM=200
WORKLOADS=(rtt32 tput1k tput64k)
CLIENTS=(raw nethttp tungstenite)
RESULTS=$OUT/ws_results.txt

{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $ROUNDS"
  echo "# scale $SCALE"
  echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x$NCPU"
  echo "# kernel $(uname -r)"
  echo "# libcurl $(sed -n 's/^Version: //p' "$CURL_OUT/lib/pkgconfig/libcurl.pc")"
  echo "# tungstenite $(sed -n '/^name = "tungstenite"/{n;s/version = "\(.*\)"/\1/p}' bench/ws/Cargo.lock)"
  echo "# nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"
} > "$RESULTS"

run_one() {  # run_one ROUND WORKLOAD CLIENT
  local w=$2 c=$3 n warm cmd line
  n=$(( N[$w] / SCALE > 1 ? N[$w] / SCALE : 1 ))
  warm=$(( WARM / SCALE > 10 ? WARM / SCALE : 10 ))
  case $c in
    raw) cmd=("$OUT/ws_raw_client" "$w" "$n" "$warm" "$URL") ;;
    nethttp) cmd=("$OUT/ws_nethttp_client" "$w" "$n" "$warm" "$URL") ;;
    tungstenite) cmd=("$WSBIN/ws-tungstenite-client" "$w" "$n" "$warm" "$URL") ;;
  esac
  if line=$(timeout 120 "${PIN_CLIENT[@]}" "${cmd[@]}" 2>"$OUT/ws-last-stderr.txt" | grep '^RESULT'); then
    echo "$line round=$1" | tee -a "$RESULTS"
  else
    echo "FAILED workload=$w client=$c round=$1" | tee -a "$RESULTS"
    cat "$OUT/ws-last-stderr.txt" >&2
    [ -z "$line" ] || echo "$line round=$1 failed=1" >> "$RESULTS"
  fi
}

start_echo
for r in $(seq 1 "$ROUNDS"); do
  echo "--- round $r of $ROUNDS"
  for w in "${WORKLOADS[@]}"; do
    if [ $(( r % 2 )) = 1 ]; then order=("${CLIENTS[@]}"); else order=(tungstenite nethttp raw); fi
    for c in "${order[@]}"; do run_one "$r" "$w" "$c"; done
  done
done

if [ "$IDLE_N" -gt 0 ]; then
  echo "--- idle: $IDLE_N connections (hard open-file limit $(ulimit -Hn), soft $(ulimit -n))"
  echo "# idle_nofile_hard $(ulimit -Hn)" >> "$RESULTS"
  for c in nethttp raw; do
    if start_idle_server; then
      bin=$OUT/ws_${c}_client
      if out=$(timeout 600 "${PIN_CLIENT[@]}" "$bin" idle "$IDLE_N" "$URL" 2>"$OUT/ws-last-stderr.txt"); then :; else
        echo "FAILED workload=idle client=$c" | tee -a "$RESULTS"; cat "$OUT/ws-last-stderr.txt" >&2
      fi
      grep '^IDLE' <<< "$out" | tee -a "$RESULTS" || true
      stop_servers
    fi
  done
fi

stop_servers
/usr/bin/python3 bench/ws_report.py "$RESULTS" "$OUT/ws_report.md"
if [ "${BENCH_NO_REPORT:-0}" != 1 ]; then
  # The section of BENCHMARKS.md between its websocket markers (bench/report.py keeps it).
  /usr/bin/python3 bench/ws_splice.py BENCHMARKS.md "$OUT/ws_report.md" "$RESULTS"
fi
echo "bench: wrote $RESULTS, $OUT/ws_report.md and the WebSocket section of BENCHMARKS.md"
