#!/usr/bin/env bash
# Where the time goes, in numbers that do not depend on a noisy machine: instructions per request
# (valgrind --tool=callgrind) and system calls per request (strace -c -f), raw libcurl against
# nethttp's client modes, on the bench nginx (bench/lib.sh builds and starts it; it is stopped
# at the end).
#
#   bench/profile.sh [WORKLOAD ...]      (default: W1 W2 W3)
#   PROFILE_OPTIONS='{"remoteValidation":"skip"}' bench/profile.sh W3   (options for nethttp's
#   clients, as JSON: the option paths an application sets)
#   PROFILE_CLIENTS="raw-spec cb" bench/profile.sh W3                    (only these clients;
#   also the peers of bench/peers/: reqwest-blocking (W1), reqwest-async, isahc)
#   PROFILE_NO_CA=1: no caPath for nethttp's clients (PROFILE_OPTIONS sets caData instead);
#   RAW_INSECURE=1: the raw client skips certificate checks (remoteValidation "skip" by hand);
#   http_proxy / https_proxy in the environment: the raw client goes through that proxy.
#
# Each client runs twice under callgrind, with N1 and N2 requests after the same warm-up; the
# difference of the totals divided by N2 - N1 is the cost of one request without start-up and
# warm-up. callgrind.out files of the N2 runs stay in target/bench/profile/ for
# callgrind_annotate. Needs valgrind and strace (installed when missing).
# Last, the cost of one hand-off between two threads on the client's CPU (bench/switch_cost.c).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
for tool in valgrind strace; do
  command -v $tool >/dev/null || {
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends valgrind strace
  }
done
source bench/lib.sh
P=$OUT/profile
mkdir -p "$P"
N1=${PROFILE_N1:-500}
N2=${PROFILE_N2:-2500}
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(W1 W2 W3)

spec() {  # spec WORKLOAD -> "K URL CLIENTS..."
  case $1 in
    W1) echo "1 $H/100.bin raw raw-hdrs raw-spec cb sync queue" ;;
    W2) echo "64 $H/100.bin raw raw-hdrs raw-spec cb thread queue" ;;
    W3) echo "64 $S/100.bin raw raw-hdrs raw-spec cb thread queue" ;;
    *) echo "profile.sh: $1: only W1 W2 W3" >&2; exit 2 ;;
  esac
}
cmd_for() {  # cmd_for CLIENT WORKLOAD URL N K
  local tls=()
  [[ $3 == https* ]] && tls=("$CA")
  # PROFILE_NO_CA=1: nethttp's clients get no caPath (the options JSON brings its own trust).
  [[ $1 == raw* || -z ${PROFILE_NO_CA:-} ]] || tls=()
  if [ "$1" = raw ] || [ "$1" = raw-hdrs ] || [ "$1" = raw-spec ]; then
    echo "$OUT/raw_client $2 $3 $4 $5 200 $3 ${tls[*]}"
  elif [[ $1 == reqwest-* || $1 == isahc ]]; then
    echo "$PEERS_CLIENT $1 $2 $3 $4 $5 200 $3 ${tls[*]}"
  else
    echo "$OUT/nethttp_client $1 $2 $3 $4 $5 200 $3 ${tls[*]}"
  fi
}
irs() {  # irs CALLGRIND_OUT -> total instructions
  sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n 1
}

printf '%-4s %-16s %12s %10s %s\n' workload client "Ir/request" "sys/req" "top syscalls per request"
for w in "${WORKLOADS[@]}"; do
  read -r k url clients <<< "$(spec "$w")"
  [ -n "${PROFILE_CLIENTS:-}" ] && clients=$PROFILE_CLIENTS
  export NETHTTP_BENCH_OPTIONS=${PROFILE_OPTIONS:-}
  for c in $clients; do
    if [ "$c" = raw-hdrs ]; then export RAW_NETHTTP_HEADERS=1; else unset RAW_NETHTTP_HEADERS; fi
    if [ "$c" = raw-spec ]; then export RAW_SPEC=1; else unset RAW_SPEC; fi
    tot=()
    for n in $N1 $N2; do
      f=$P/callgrind.$w.$c.$n
      # shellcheck disable=SC2046
      "${PIN_CLIENT[@]}" valgrind --tool=callgrind --callgrind-out-file="$f" \
        $(cmd_for "$c" "$w" "$url" "$n" "$k") >/dev/null 2>"$P/valgrind.log" ||
        { cat "$P/valgrind.log" >&2; exit 1; }
      tot+=("$(irs "$f")")
    done
    ir=$(( (tot[1] - tot[0]) / (N2 - N1) ))
    # shellcheck disable=SC2046
    "${PIN_CLIENT[@]}" strace -f -c -o "$P/strace.$w.$c" $(cmd_for "$c" "$w" "$url" "$N2" "$k") >/dev/null
    sc=$(awk -v n="$N2" '$NF ~ /^total$/ {printf "%.1f", $4 / n}' "$P/strace.$w.$c")
    top=$(awk -v n="$N2" 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" {
            calls = (NF == 6) ? $4 : $4; printf "%s %.2f\n", $NF, calls / n }' "$P/strace.$w.$c" |
          sort -k2 -nr | head -n 5 | tr '\n' ' ')
    printf '%-4s %-16s %12s %10s %s\n' "$w" "$c" "$ir" "$sc" "$top"
  done
done

# What a hand-off between two threads on the client's CPU costs (the floor of the cross-thread
# modes' extra time per sequential request): bench/switch_cost.c, best of three.
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$OUT/switch_cost" bench/switch_cost.c -lpthread
best=""
for _ in 1 2 3; do
  us=$("${PIN_CLIENT[@]}" "$OUT/switch_cost" | sed -n 's/.*switch_round_trip_us=\([0-9.]*\).*/\1/p')
  if [ -z "$best" ] || awk -v a="$us" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$us; fi
done
echo "thread hand-off round trip on the client CPU (futex wait + wake, 2 context switches): $best us"
