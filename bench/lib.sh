# Shared by bench/run.sh and bench/profile.sh (sourced, not run): installs what is missing,
# builds nethttp (release) and the two clients into target/bench, and the peers (bench/peers/:
# reqwest, isahc; its own crate and target dir, target/bench/peers-target) unless
# BENCH_NO_PEERS=1, starts and stops the bench nginx. Expects ROOT (the repository) and sets OUT,
# RUN, LIB, CURL_OUT, PEERS_CLIENT (empty without peers), PIN_SERVER, PIN_CLIENT,
# H (http://127.0.0.1:PORT), S (https://localhost:PORT+1), CA.
PORT=${BENCH_PORT:-23480}
OUT=$ROOT/target/bench
RUN=$OUT/run
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
# The peers: a crate of their own (its empty [workspace] keeps the root package out), its
# Cargo.lock fixing their versions; not dependencies of nethttp.
PEERS_CLIENT=""
if [ "${BENCH_NO_PEERS:-}" != 1 ]; then
  cargo build --release --locked --manifest-path bench/peers/Cargo.toml \
    --target-dir "$OUT/peers-target"
  PEERS_CLIENT=$OUT/peers-target/release/peers_client
fi

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
# BENCH_VERIFY_CLIENT=1: the TLS server asks for a client certificate (optional, from the CA).
VERIFY_LINE=""
[ -z "${BENCH_VERIFY_CLIENT:-}" ] ||
  VERIFY_LINE="ssl_verify_client optional; ssl_client_certificate $RUN/certs/ca.pem;"
sed -e "s|@RUN@|$RUN|g" -e "s|@USER@|$USER_LINE|g" -e "s|@HTTP@|$PORT|g" -e "s|@HTTPS@|$((PORT + 1))|g" \
  -e "s|@VERIFY_CLIENT@|$VERIFY_LINE|g" bench/nginx.conf.in > "$RUN/conf/nginx.conf"
"${PIN_SERVER[@]}" nginx -p "$RUN" -c "$RUN/conf/nginx.conf" -e "$RUN/logs/error.log" \
  </dev/null >"$RUN/logs/nginx.out" 2>&1 &
NGINX_PID=$!
for _ in $(seq 1 200); do
  [ -s "$RUN/nginx.pid" ] && port_open "$PORT" && port_open $((PORT + 1)) && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$RUN/logs/error.log" >&2; exit 1; }
  sleep 0.05
done
port_open "$PORT" || { echo "bench: nginx did not start" >&2; cat "$RUN/logs/error.log" >&2; exit 1; }

H=http://127.0.0.1:$PORT
S=https://localhost:$((PORT + 1))
CA=$RUN/certs/ca.pem
