#!/usr/bin/env bash
# The benchmark: nethttp through its C ABI against raw libcurl (the same libcurl build), on a
# local nginx. One command:
#
#   bench/run.sh [ROUNDS]        (default 11 rounds, at least 3; about 12 minutes)
#
# 1. installs what it needs when missing (Debian: nginx-light, libnginx-mod-http-echo, openssl,
#    gcc, python3-venv; matplotlib from PyPI into target/bench/venv);
# 2. builds nethttp in release mode, then bench/raw_client.c against curl-sys's own libcurl.a
#    (the libcurl inside libnethttp) and bench/nethttp_client.c against include/nethttp.h and
#    libnethttp.so, and the peers, the Rust clients a user would pick instead of nethttp
#    (bench/peers/: reqwest blocking, reqwest async on tokio, isahc; W1-W3);
# 3. starts nginx (bench/nginx.conf.in: 1 worker, access_log off, long keep-alive, 100 B and
#    1 GiB files, TLS + HTTP/2, /hold answering after ~1 s) pinned to CPU 0, clients on CPU 1;
# 4. runs W1..W5 for every client, interleaved (round 1: A B C, round 2: C B A, ...), writing
#    one RESULT line per run to target/bench/results.txt. W2 and W3 run BENCH_SHORT_REPEAT (3)
#    times per round and W1 BENCH_W1_REPEAT (6) times, as sub-rounds of their own: a run of
#    them lasts under a second, and this machine's slow stretches move single runs of W1 by
#    up to 25 % (two runs next to each other differ by 0.87-1.07x at the quartiles), so their
#    medians need more pairs than W4 and W5 (seconds each) to settle;
# 5. stops nginx (also on error or Ctrl-C) and writes BENCHMARKS.md and bench/benchmarks.png
#    (bench/report.py; the hand-written findings come from bench/findings.md).
#
# Environment: BENCH_PORT (nginx HTTP port, HTTPS is +1; default 23480), BENCH_SCALE (divides the
# request counts, e.g. 10 for a quick try; the report then says so), BENCH_NO_REPORT=1,
# BENCH_NO_PEERS=1 (neither build nor run the peers).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-11}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/run.sh: at least 3 rounds" >&2; exit 2; }
SCALE=${BENCH_SCALE:-1}
SHORT=${BENCH_SHORT_REPEAT:-3}
W1_REPEAT=${BENCH_W1_REPEAT:-6}
for v in "$SHORT" "$W1_REPEAT"; do
  case $v in ''|*[!0-9]*|0)
    echo "bench/run.sh: BENCH_SHORT_REPEAT and BENCH_W1_REPEAT must be positive numbers" >&2; exit 2 ;;
  esac
done
SUB=$(( SHORT > W1_REPEAT ? SHORT : W1_REPEAT ))

source bench/lib.sh

# --- workloads ------------------------------------------------------------------------------
RESULTS=$OUT/results.txt
# name  N  in-flight  warm-up  URL  warm-up URL  clients
P1="" P23=""   # the peers (bench/peers/), interleaved with the others
[ -z "$PEERS_CLIENT" ] || { P1=" reqwest-blocking reqwest-async isahc" P23=" reqwest-async isahc"; }
W1=(5000 1 200 "$H/100.bin" "$H/100.bin" "raw raw-hdrs raw-spec cb sync queue$P1")
W2=(50000 64 2000 "$H/100.bin" "$H/100.bin" "raw raw-hdrs raw-spec cb thread queue$P23")
W3=(50000 64 2000 "$S/100.bin" "$S/100.bin" "raw raw-hdrs raw-spec cb thread queue$P23")
W4=(1 1 1 "$H/1g.bin" "$H/100.bin" "raw cb queue")
W5=(10000 10000 1 "$H/hold" "$H/100.bin" "raw cb")

{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $((ROUNDS * W1_REPEAT)) (W1) / $((ROUNDS * SHORT)) (W2, W3) / $ROUNDS (W4, W5)"
  echo "# scale $SCALE"
  echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x$NCPU"
  echo "# kernel $(uname -r)"
  echo "# nginx $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "# libcurl $(sed -n 's/^Version: //p' "$CURL_OUT/lib/pkgconfig/libcurl.pc")"
  echo "# nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"
  if [ -n "$PEERS_CLIENT" ]; then
    v() { awk -v n="$1" '$1 == "name" && $3 == "\"" n "\"" { getline; gsub(/"/, "", $3); print $3; exit }' \
        bench/peers/Cargo.lock; }
    echo "# peers reqwest $(v reqwest) (hyper $(v hyper), h2 $(v h2), rustls $(v rustls)), tokio $(v tokio), isahc $(v isahc) (curl-sys $(v curl-sys), rustls-ffi $(v rustls-ffi))"
  fi
} > "$RESULTS"

run_one() {  # run_one ROUND WORKLOAD CLIENT
  local w=$2 c=$3 n k warm url wurl tls=()
  local -n spec=$w
  n=${spec[0]} k=${spec[1]} warm=${spec[2]} url=${spec[3]} wurl=${spec[4]}
  if [ "$w" != W4 ] && [ "$SCALE" != 1 ]; then
    n=$(( n / SCALE > 1 ? n / SCALE : 1 )); warm=$(( warm / SCALE > 1 ? warm / SCALE : 1 ))
    [ "$k" -le "$n" ] || k=$n
  fi
  [[ $url == https* ]] && tls=("$CA")
  local cmd
  if [ "$c" = raw ]; then
    cmd=("$OUT/raw_client" "$w" "$url" "$n" "$k" "$warm" "$wurl" "${tls[@]}")
  elif [ "$c" = raw-spec ]; then   # raw libcurl doing the libcurl-side work of the spec's defaults
    cmd=(env RAW_SPEC=1 "$OUT/raw_client" "$w" "$url" "$n" "$k" "$warm" "$wurl" "${tls[@]}")
  elif [ "$c" = raw-hdrs ]; then   # raw libcurl sending nethttp's two default request headers
    cmd=(env RAW_NETHTTP_HEADERS=1 "$OUT/raw_client" "$w" "$url" "$n" "$k" "$warm" "$wurl" "${tls[@]}")
  elif [[ $c == reqwest-* || $c == isahc ]]; then   # the peers (bench/peers/src/main.rs)
    cmd=("$PEERS_CLIENT" "$c" "$w" "$url" "$n" "$k" "$warm" "$wurl" "${tls[@]}")
  else
    cmd=("$OUT/nethttp_client" "$c" "$w" "$url" "$n" "$k" "$warm" "$wurl" "${tls[@]}")
  fi
  local line
  if line=$(timeout 300 "${PIN_CLIENT[@]}" "${cmd[@]}" 2>"$OUT/last-stderr.txt" | grep '^RESULT'); then
    echo "$line round=$1" | tee -a "$RESULTS"
  else
    echo "FAILED workload=$w client=$c round=$1" | tee -a "$RESULTS"
    cat "$OUT/last-stderr.txt" >&2
    [ -z "$line" ] || echo "$line round=$1 failed=1" >> "$RESULTS"
  fi
}

run_round() {  # run_round ROUND-ID ORDER(0: A B C, 1: C B A) WORKLOAD...
  local id=$1 rev=$2 w i
  shift 2
  for w in "$@"; do
    declare -n spec=$w
    read -r -a clients <<< "${spec[5]}"
    unset -n spec
    if [ "$rev" = 1 ]; then   # A B C, then C B A: no client always runs first
      for ((i = ${#clients[@]} - 1; i >= 0; i--)); do run_one "$id" "$w" "${clients[$i]}"; done
    else
      for c in "${clients[@]}"; do run_one "$id" "$w" "$c"; done
    fi
  done
}

for r in $(seq 1 "$ROUNDS"); do
  echo "--- round $r of $ROUNDS"
  for s in $(seq 1 "$SUB"); do
    # Each workload alternates A B C / C B A over its own sub-rounds, so that every client
    # runs as often in one order as in the other (where it runs in a sub-round moves its
    # result by several per cent).
    [ "$s" -le "$W1_REPEAT" ] && run_round "$r.$s" $((((r - 1) * W1_REPEAT + s - 1) % 2)) W1
    [ "$s" -le "$SHORT" ] && run_round "$r.$s" $((((r - 1) * SHORT + s - 1) % 2)) W2 W3
  done
  # The 1 GiB file back into memory first: this kind of VM pages out memory not accessed for
  # 30 s (DAMON reclaim), so the file's page cache is gone after the minute W1-W3 take (cat:
  # 1.9 s, then 0.2 s), and whichever W4 client ran first in a round spent 2-3.5 s waiting
  # for it at 0.2 s of CPU.
  cat "$RUN/www/1g.bin" > /dev/null
  run_round "$r" $(((r - 1) % 2)) W4 W5
done

stop_nginx
if [ "${BENCH_NO_REPORT:-}" != 1 ]; then
  "$VENV/bin/python" bench/report.py "$RESULTS" BENCHMARKS.md bench/benchmarks.png bench/findings.md
  echo "bench: wrote BENCHMARKS.md and bench/benchmarks.png"
fi
