# Shared by bench/ws_run.sh and bench/ws_profile.sh (sourced, not run): builds nethttp (release),
# the tungstenite peers (bench/ws/) and the two C clients into target/bench, and starts and stops
# the echo servers. Expects ROOT (the repository); sets OUT, LIB, WSBIN, CURL_OUT, PIN_SERVER,
# PIN_CLIENT, PORT, URL, and start_echo / start_idle_server / stop_servers.
#
# CARGO_TARGET_DIR is honoured (default: the repository's target/); the clients and the
# results go to the repository's target/bench either way.
PORT=${BENCH_WS_PORT:-23490}
OUT=$ROOT/target/bench
mkdir -p "$OUT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
export CARGO_TARGET_DIR=$TARGET

for p in gcc valgrind python3-venv util-linux libssl-dev zlib1g-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "bench: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -o DPkg::Lock::Timeout=300 --no-install-recommends $missing
fi

# --- build ----------------------------------------------------------------------------------
(cd "$ROOT" && cargo build --release --lib)
(cd "$ROOT/bench/ws" && cargo build --release)
LIB=$TARGET/release
WSBIN=$TARGET/release
# The libcurl.a curl-sys built for this release build (the newest, should several exist): the
# libcurl inside libnethttp, as bench/lib.sh finds it.
CURL_OUT=$(dirname "$(dirname "$(ls -t "$LIB"/build/curl-sys-*/out/build/libcurl.a | head -n 1)")")
NGHTTP2_A=$(ls -t "$LIB"/build/libnghttp2-sys-*/out/i/lib/libnghttp2.a | head -n 1)
[ -f "$CURL_OUT/build/libcurl.a" ] && [ -f "$NGHTTP2_A" ] || {
  echo "bench: curl-sys's static libcurl / libnghttp2 not found under $LIB/build" >&2; exit 1; }
CFLAGS=(-std=c11 -O2 -g -Wall -Wextra -Werror)
cc "${CFLAGS[@]}" -I"$CURL_OUT/include" -o "$OUT/ws_raw_client" bench/ws_raw_client.c \
  "$CURL_OUT/build/libcurl.a" "$NGHTTP2_A" -lssl -lcrypto -lz -lpthread
cc "${CFLAGS[@]}" -Iinclude -o "$OUT/ws_nethttp_client" bench/ws_nethttp_client.c \
  -L"$LIB" -lnethttp -Wl,-rpath,"$LIB" -lpthread

# --- servers --------------------------------------------------------------------------------
NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0) PIN_CLIENT=(taskset -c 1)
else
  echo "bench: one CPU only: server and clients share it (results are less meaningful)" >&2
  PIN_SERVER=() PIN_CLIENT=()
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # for the idle test: server and client
URL=ws://127.0.0.1:$PORT/
SERVER_PID=""

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_servers() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

wait_port() {  # wait_port WHAT LOG
  for _ in $(seq 1 200); do
    port_open "$PORT" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: $1 did not start" >&2; cat "$2" >&2; exit 1
}

start_echo() {  # the tungstenite echo server, pinned to the server CPU
  stop_servers
  ! port_open "$PORT" || { echo "bench: port $PORT is in use; set BENCH_WS_PORT" >&2; exit 1; }
  "${PIN_SERVER[@]}" "$WSBIN/ws-echo-server" "127.0.0.1:$PORT" </dev/null >"$OUT/ws-echo.log" 2>&1 &
  SERVER_PID=$!
  wait_port ws-echo-server "$OUT/ws-echo.log"
}

# The idle test's server: Python websockets (asyncio: 10,000 connections cost it little), from
# the shared testbed; run from target/test-venv when it has websockets, else from a venv of
# its own under target/bench.
IDLE_SERVER_PY=""
for f in "$ROOT/tests/servers/ws_echo.py" "$ROOT/../shared/testbed/websocket/ws_echo.py"; do
  [ -f "$f" ] && { IDLE_SERVER_PY=$f; break; }
done
start_idle_server() {
  stop_servers
  [ -n "$IDLE_SERVER_PY" ] || { echo "bench: no ws_echo.py for the idle test" >&2; return 1; }
  local py=$ROOT/target/test-venv/bin/python
  if ! "$py" -c 'import websockets' 2>/dev/null; then
    py=$OUT/ws-venv/bin/python
    if ! "$py" -c 'import websockets' 2>/dev/null; then
      /usr/bin/python3 -m venv "$OUT/ws-venv"
      "$OUT/ws-venv/bin/pip" install -q 'websockets>=13'
    fi
  fi
  ! port_open "$PORT" || { echo "bench: port $PORT is in use; set BENCH_WS_PORT" >&2; exit 1; }
  "${PIN_SERVER[@]}" "$py" "$IDLE_SERVER_PY" --port "$PORT" --tls-port $((PORT + 1)) \
    </dev/null >"$OUT/ws-idle-server.log" 2>&1 &
  SERVER_PID=$!
  wait_port ws_echo.py "$OUT/ws-idle-server.log"
}
