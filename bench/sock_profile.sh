#!/usr/bin/env bash
# Where the socket benchmark's time goes, in numbers a noisy machine does not move:
# instructions per message (valgrind --tool=callgrind, every thread of the client) and system
# calls per message (strace -c -f), for the raw epoll loop, libuv and nethttp on the workloads
# of bench/sock_common.h, against bench/sock_server.c.
#
#   bench/sock_profile.sh [WORKLOAD ...]     (default: pp64 udp64 udp1200 stream)
#   PROFILE_CLIENTS="nethttp" bench/sock_profile.sh udp64   (only these clients)
#
# Each client runs twice under callgrind (N1 and N2 messages; stream: bytes) and the
# difference of the totals divided by N2 - N1 is the cost of one message (stream: of one MiB)
# without start-up and connect. Then once under strace -c -f with N2: system calls per
# message (start-up included; small next to N2). Lines "IR ..." and "SYSCALLS ..." go to
# stdout and target/bench/sock_profile.txt; the callgrind files of the N2 runs stay in
# target/bench/sock_profile/ for callgrind_annotate. Builds like bench/sock_run.sh.
# Environment: BENCH_SOCK_PORT (default 24610), CARGO_TARGET_DIR (honoured).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PORT=${BENCH_SOCK_PORT:-24610}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/target/bench
P=$OUT/sock_profile
mkdir -p "$P"
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(pp64 udp64 udp1200 stream)
read -r -a CLIENTS <<< "${PROFILE_CLIENTS:-raw libuv nethttp}"

cargo build --release --lib
LIB=$TARGET/release/libnethttp.so
CC=${CC:-cc}
"$CC" -O2 -Wall -Wextra -Werror -o "$OUT/sock_server" bench/sock_server.c
"$CC" -O2 -g -Wall -Wextra -Werror -o "$OUT/sock_raw" bench/sock_raw_client.c
"$CC" -O2 -g -Wall -Wextra -Werror -o "$OUT/sock_libuv" bench/sock_uv_client.c -luv
"$CC" -O2 -g -Wall -Wextra -Werror -Iinclude -o "$OUT/sock_nethttp" bench/sock_nethttp_client.c \
  "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -lpthread

SRV_PID=""
cleanup() {
  if [ -n "$SRV_PID" ]; then { kill "$SRV_PID" && wait "$SRV_PID"; } 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
"$OUT/sock_server" "$PORT" &
SRV_PID=$!
sleep 0.3
kill -0 "$SRV_PID" || { echo "sock_profile.sh: the server did not start" >&2; exit 1; }

RES=$OUT/sock_profile.txt
echo "# $(date -u +%Y-%m-%dT%H:%MZ) nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')" >> "$RES"
for w in "${WORKLOADS[@]}"; do
  case $w in
    pp64) N1=1000 N2=3000 UNIT=1 ;;
    udp64|udp1200) N1=2000 N2=6000 UNIT=1 ;;
    stream) N1=$((16 << 20)) N2=$((80 << 20)) UNIT=$((1 << 20)) ;;
    *) echo "sock_profile.sh: $w: pp64 udp64 udp1200 stream" >&2; exit 2 ;;
  esac
  for c in "${CLIENTS[@]}"; do
    declare -A IR=()
    for n in $N1 $N2; do
      f=$P/cg_${c}_${w}_$n.out
      valgrind --tool=callgrind --callgrind-out-file="$f" \
        "$OUT/sock_$c" "$PORT" "$w" "$n" > "$P/cg_${c}_${w}_$n.stdout" 2> "$P/cg_${c}_${w}_$n.log" || true
      IR[$n]=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$f" | head -1)
    done
    per=$(( (IR[$N2] - IR[$N1]) * UNIT / (N2 - N1) ))
    echo "IR client=$c workload=$w n1=$N1 n2=$N2 ir1=${IR[$N1]} ir2=${IR[$N2]} per_msg=$per" | tee -a "$RES"
    s=$P/strace_${c}_$w.txt
    strace -c -f -o "$s" "$OUT/sock_$c" "$PORT" "$w" "$N2" > /dev/null 2>&1 || true
    # Columns: % time, seconds, usecs/call, calls, [errors,] syscall.
    calls=$(awk '$NF=="total" {print $4}' "$s")
    top=$(awk 'NR>2 && $1 ~ /^[0-9]/ && $NF!="total" {printf "%s=%s\n", $NF, $4}' "$s" | sort -t= -k2 -nr | head -6 | tr '\n' ' ')
    per_s=$(awk -v c="$calls" -v n="$N2" -v u="$UNIT" 'BEGIN {printf "%.2f", c * u / n}')
    echo "SYSCALLS client=$c workload=$w n=$N2 total=$calls per_msg=$per_s top: $top" | tee -a "$RES"
  done
done
