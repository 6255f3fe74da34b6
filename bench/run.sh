#!/usr/bin/env bash
# The benchmark: nethttp through its C ABI against raw libcurl (the same libcurl build), on a
# local nginx. One command:
#
#   bench/run.sh [ROUNDS]        (default 5 rounds, at least 3; a few minutes)
#
# 1. installs what it needs when missing (Debian: nginx-light, libnginx-mod-http-echo, openssl,
#    gcc, python3-venv; matplotlib from PyPI into target/bench/venv);
# 2. builds nethttp in release mode, then bench/raw_client.c against curl-sys's own libcurl.a
#    (the libcurl inside libnethttp) and bench/nethttp_client.c against include/nethttp.h and
#    libnethttp.so;
# 3. starts nginx (bench/nginx.conf.in: 1 worker, access_log off, long keep-alive, 100 B and
#    1 GiB files, TLS + HTTP/2, /hold answering after ~1 s) pinned to CPU 0, clients on CPU 1;
# 4. runs W1..W5 for every client, interleaved (round 1: A B C, round 2: C B A, ...), writing
#    one RESULT line per run to target/bench/results.txt;
# 5. stops nginx (also on error or Ctrl-C) and writes BENCHMARKS.md and bench/benchmarks.png
#    (bench/report.py; the hand-written findings come from bench/findings.md).
#
# Environment: BENCH_PORT (nginx HTTP port, HTTPS is +1; default 23480), BENCH_SCALE (divides the
# request counts, e.g. 10 for a quick try; the report then says so), BENCH_NO_REPORT=1.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-5}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/run.sh: at least 3 rounds" >&2; exit 2; }
PORT=${BENCH_PORT:-23480}
SCALE=${BENCH_SCALE:-1}
OUT=$ROOT/target/bench
RUN=$OUT/run
RESULTS=$OUT/results.txt
mkdir -p "$OUT"

# --- packages -------------------------------------------------------------------------------
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
packages=(nginx-light libnginx-mod-http-echo openssl gcc make pkg-config libssl-dev zlib1g-dev
          python3-venv util-linux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # packaged nginx must not start on port 80
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}"
fi
VENV=$OUT/venv
if ! "$VENV/bin/python" -c 'import matplotlib' 2>/dev/null; then
  echo "bench: installing matplotlib into $VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q matplotlib
fi

# --- build ----------------------------------------------------------------------------------
cargo build --release
LIB=$ROOT/target/release
# The libcurl.a curl-sys built for this release build (the newest, should several exist).
CURL_OUT=$(dirname "$(dirname "$(ls -t "$LIB"/build/curl-sys-*/out/build/libcurl.a | head -n 1)")")
NGHTTP2_A=$(ls -t "$LIB"/build/libnghttp2-sys-*/out/i/lib/libnghttp2.a | head -n 1)
[ -f "$CURL_OUT/build/libcurl.a" ] && [ -f "$NGHTTP2_A" ] || {
  echo "bench: curl-sys's static libcurl / libnghttp2 not found under $LIB/build" >&2; exit 1; }
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror)
cc "${CFLAGS[@]}" -I"$CURL_OUT/include" -o "$OUT/raw_client" bench/raw_client.c \
  "$CURL_OUT/build/libcurl.a" "$NGHTTP2_A" -lssl -lcrypto -lz -lpthread
cc "${CFLAGS[@]}" -Iinclude -o "$OUT/nethttp_client" bench/nethttp_client.c \
  -L"$LIB" -lnethttp -Wl,-rpath,"$LIB" -lpthread

# --- server ---------------------------------------------------------------------------------
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then
  SERVER_CPU=0 CLIENT_CPU=1
  PIN_SERVER=(taskset -c $SERVER_CPU) PIN_CLIENT=(taskset -c $CLIENT_CPU)
else
  echo "bench: one CPU only: server and clients share it (results are less meaningful)" >&2
  PIN_SERVER=() PIN_CLIENT=()
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 12000 ] || echo "bench: open-file limit $(ulimit -n) is too low for W5" >&2

stop_nginx() {
  if [ -s "$RUN/nginx.pid" ]; then
    local pid
    pid=$(cat "$RUN/nginx.pid")
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ]; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ] || break
        sleep 0.05
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/nginx.pid"
  fi
  if [ -n "${NGINX_PID:-}" ]; then wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""; fi
}
trap stop_nginx EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" $((PORT + 1)); do
  ! port_open "$p" || { echo "bench: port $p is in use; set BENCH_PORT" >&2; exit 1; }
done
stop_nginx
mkdir -p "$RUN"/{www,logs,tmp,conf}
tests/servers/gen-certs.sh "$RUN/certs"
head -c 100 /dev/urandom > "$RUN/www/100.bin"
# 1 GiB, sparse: served from the page cache, no disk space, no disk reads.
[ "$(stat -c %s "$RUN/www/1g.bin" 2>/dev/null)" = 1073741824 ] || truncate -s 1G "$RUN/www/1g.bin"
cat "$RUN/www/1g.bin" > /dev/null   # into the page cache before the first W4
USER_LINE=""   # as root, workers would run as nobody and miss files under a 0700 home
[ "$(id -u)" != 0 ] || USER_LINE="user root root;"
sed -e "s|@RUN@|$RUN|g" -e "s|@USER@|$USER_LINE|g" -e "s|@HTTP@|$PORT|g" -e "s|@HTTPS@|$((PORT + 1))|g" \
  bench/nginx.conf.in > "$RUN/conf/nginx.conf"
"${PIN_SERVER[@]}" nginx -p "$RUN" -c "$RUN/conf/nginx.conf" -e "$RUN/logs/error.log" \
  </dev/null >"$RUN/logs/nginx.out" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 200); do
  [ -s "$RUN/nginx.pid" ] && port_open "$PORT" && port_open $((PORT + 1)) && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$RUN/logs/error.log" >&2; exit 1; }
  sleep 0.05
done
port_open "$PORT" || { echo "bench: nginx did not start" >&2; cat "$RUN/logs/error.log" >&2; exit 1; }

# --- workloads ------------------------------------------------------------------------------
H=http://127.0.0.1:$PORT
S=https://localhost:$((PORT + 1))
CA=$RUN/certs/ca.pem
# name  N  in-flight  warm-up  URL  warm-up URL  clients
W1=(5000 1 200 "$H/100.bin" "$H/100.bin" "raw cb sync queue")
W2=(50000 64 2000 "$H/100.bin" "$H/100.bin" "raw cb thread queue")
W3=(50000 64 2000 "$S/100.bin" "$S/100.bin" "raw cb thread queue")
W4=(1 1 1 "$H/1g.bin" "$H/100.bin" "raw cb queue")
W5=(10000 10000 1 "$H/hold" "$H/100.bin" "raw cb")

{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $ROUNDS"
  echo "# scale $SCALE"
  echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x$NCPU"
  echo "# kernel $(uname -r)"
  echo "# nginx $(nginx -v 2>&1 | sed 's/.*nginx\///')"
  echo "# libcurl $(sed -n 's/^Version: //p' "$CURL_OUT/lib/pkgconfig/libcurl.pc")"
  echo "# nethttp $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')"
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

for r in $(seq 1 "$ROUNDS"); do
  echo "--- round $r of $ROUNDS"
  for w in W1 W2 W3 W4 W5; do
    declare -n spec=$w
    read -r -a clients <<< "${spec[5]}"
    unset -n spec
    if [ $((r % 2)) = 0 ]; then   # A B C, then C B A: no client always runs first
      for ((i = ${#clients[@]} - 1; i >= 0; i--)); do run_one "$r" "$w" "${clients[$i]}"; done
    else
      for c in "${clients[@]}"; do run_one "$r" "$w" "$c"; done
    fi
  done
done

stop_nginx
if [ "${BENCH_NO_REPORT:-}" != 1 ]; then
  "$VENV/bin/python" bench/report.py "$RESULTS" BENCHMARKS.md bench/benchmarks.png bench/findings.md
  echo "bench: wrote BENCHMARKS.md and bench/benchmarks.png"
fi
