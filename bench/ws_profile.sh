#!/usr/bin/env bash
# Where the WebSocket client's time goes, in numbers that do not depend on a noisy machine:
# instructions per message (valgrind --tool=callgrind, all threads of the process together),
# nethttp against raw libcurl (and tungstenite), on the bench echo server (bench/ws_lib.sh
# builds everything and starts it; it is stopped at the end).
#
#   bench/ws_profile.sh [WORKLOAD ...]     (default: rtt32; also tput1k, tput64k)
#   PROFILE_CLIENTS="nethttp raw" bench/ws_profile.sh   (default: raw nethttp tungstenite)
#
# Each client runs twice under callgrind with N1 and N2 messages (PROFILE_N1 200, PROFILE_N2
# 2000) after the same 200-message warm-up; (Ir(N2) - Ir(N1)) / (N2 - N1) is the cost of one
# message (one round trip for rtt32) without start-up, upgrade and warm-up. The callgrind.out
# files of the N2 runs stay in target/bench/ws_profile/, and the top functions of each
# (callgrind_annotate, exclusive Ir) are written next to them (*.top.txt).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
command -v valgrind >/dev/null || {
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends valgrind
}
source bench/ws_lib.sh
P=$OUT/ws_profile
mkdir -p "$P"
N1=${PROFILE_N1:-200}
N2=${PROFILE_N2:-2000}
[ "$N2" -gt "$N1" ] || { echo "ws_profile.sh: PROFILE_N2 must be larger than PROFILE_N1" >&2; exit 2; }
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(rtt32)
read -r -a CLIENTS <<< "${PROFILE_CLIENTS:-raw nethttp tungstenite}"

cmd_for() {  # cmd_for CLIENT WORKLOAD N
  case $1 in
    raw) echo "$OUT/ws_raw_client $2 $3 200 $URL" ;;
    nethttp) echo "$OUT/ws_nethttp_client $2 $3 200 $URL" ;;
    tungstenite) echo "$WSBIN/ws-tungstenite-client $2 $3 200 $URL" ;;
    *) echo "ws_profile.sh: unknown client $1" >&2; exit 2 ;;
  esac
}
irs() {  # irs CALLGRIND_OUT -> total instructions (every thread: one output file)
  sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n 1
}

start_echo
printf '%-8s %-12s %14s %14s %12s\n' workload client "Ir(N=$N1)" "Ir(N=$N2)" "Ir/message"
for w in "${WORKLOADS[@]}"; do
  for c in "${CLIENTS[@]}"; do
    tot=()
    for n in $N1 $N2; do
      f=$P/callgrind.$w.$c.$n
      # shellcheck disable=SC2046
      timeout 600 "${PIN_CLIENT[@]}" valgrind --tool=callgrind --callgrind-out-file="$f" \
        $(cmd_for "$c" "$w" "$n") >/dev/null 2>"$P/valgrind.log" ||
        { cat "$P/valgrind.log" >&2; exit 1; }
      tot+=("$(irs "$f")")
    done
    printf '%-8s %-12s %14s %14s %12s\n' "$w" "$c" "${tot[0]}" "${tot[1]}" \
      "$(( (tot[1] - tot[0]) / (N2 - N1) ))"
    callgrind_annotate "$P/callgrind.$w.$c.$N2" 2>/dev/null | sed -n '/^Ir /,$p' | head -n 40 \
      > "$P/callgrind.$w.$c.$N2.top.txt" || true
  done
done
echo "top functions: $P/callgrind.WORKLOAD.CLIENT.$N2.top.txt"
