#!/usr/bin/env bash
# Showcase of examples-c/nethttp_fetch, examples-c/http_client_download,
# examples-c/nethttp_fetch_cpp (the C++ wrapper) against a local nginx, examples-c/nethttp_ws
# against a local WebSocket echo server (tests/servers/ws_echo.py), examples-c/nethttp_net
# (lookups) and examples-c/nethttp_sock (TCP, UDP and local sockets against its own listener);
# no internet needed.
#
#   scripts/demo.sh
#
# Builds libnethttp (cargo build), compiles the tools into target/debug/,
# starts nginx from tests/servers/start-nginx.sh on a free base port in a
# temporary directory, runs a few commands, and always stops nginx on exit.
# Environment: CC (default cc), CXX (default c++), CARGO (default cargo), KEEP_TMP=1 keeps the
# temporary directory. Exits non-zero when a command's exit status is not the
# expected one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CC=${CC:-cc}
CXX=${CXX:-c++}
CARGO=${CARGO:-cargo}
LIBDIR="$ROOT/target/debug"
FETCH="$LIBDIR/nethttp_fetch"
DOWNLOAD="$LIBDIR/http_client_download"
FETCH_CPP="$LIBDIR/nethttp_fetch_cpp"
WS="$LIBDIR/nethttp_ws"
NET="$LIBDIR/nethttp_net"
SOCK="$LIBDIR/nethttp_sock"
SOCK_PIDS=()
VENV="$ROOT/target/test-venv"
WS_PID=""
START_NGINX="$ROOT/tests/servers/start-nginx.sh"
STOP_NGINX="$ROOT/tests/servers/stop-nginx.sh"

# nginx, openssl and a C compiler, if missing (Debian packages).
"$ROOT/scripts/install-deps.sh"

TMP=""
RUN=""
NGINX_STARTED=0
UNEXPECTED=0

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'demo.sh: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local stopped=1
  local p
  for p in "${SOCK_PIDS[@]}"; do
    { kill "$p" && wait "$p"; } 2>/dev/null || true
  done
  if [ -n "$WS_PID" ]; then
    { kill "$WS_PID" && wait "$WS_PID"; } 2>/dev/null || true
    printf '\n(WebSocket echo server stopped)\n'
  fi
  if [ "$NGINX_STARTED" = 1 ]; then
    if "$STOP_NGINX" "$RUN" >/dev/null 2>&1; then
      printf '\n(nginx stopped)\n'
    else
      stopped=0
      printf '\ndemo.sh: stopping nginx failed; see %s\n' "$RUN" >&2
    fi
  fi
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ] || [ "$stopped" = 0 ]; then
      printf '(kept %s)\n' "$TMP"
    else
      rm -rf -- "$TMP"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True when nothing accepts connections on 127.0.0.1:$1.
port_free() {
  if command -v ss >/dev/null 2>&1; then
    # Any socket on the port, not only listeners: a connection's local port blocks a bind too.
    [ -z "$(ss -Htan "sport = :$1" 2>/dev/null)" ] || return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A base port with BASE..BASE+9 free (start-nginx.sh uses BASE and BASE+2, and
# may take a few neighbours).
pick_base_port() {
  local _ base off ok
  for _ in $(seq 1 50); do
    # Below the kernel's ephemeral range (32768-60999), where connections take their ports.
    base=$(( 20000 + (RANDOM % 1200) * 10 ))
    ok=1
    for off in $(seq 0 9); do
      port_free $((base + off)) || { ok=0; break; }
    done
    [ "$ok" = 1 ] && { echo "$base"; return 0; }
  done
  return 1
}

# Waits (bounded) until 127.0.0.1:$1 accepts connections.
wait_port() {
  local _
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Prints one argument the way a shell user would type it.
shell_word() {
  local q="'\\''"
  if [[ $1 =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
    printf ' %s' "$1"
  else
    printf " '%s'" "${1//\'/$q}"
  fi
}

# run_ws EXPECTED_STATUS ARGS... [< input]: prints the command, runs nethttp_ws, checks its status.
run_ws() {
  local expected=$1 status=0 arg
  shift
  printf '\n$ nethttp_ws'
  for arg in "$@"; do shell_word "$arg"; done
  printf '\n'
  "$WS" "$@" || status=$?
  if [ "$status" = "$expected" ]; then
    printf '(exit status %s)\n' "$status"
  else
    printf '(exit status %s, expected %s)\n' "$status" "$expected" >&2
    UNEXPECTED=$((UNEXPECTED + 1))
  fi
}

# run EXPECTED_STATUS ARGS...: prints the command, runs nethttp_fetch, checks its status.
run() {
  local expected=$1 status=0 arg
  shift
  printf '\n$ nethttp_fetch'
  for arg in "$@"; do shell_word "$arg"; done
  printf '\n'
  "$FETCH" "$@" || status=$?
  if [ "$status" = "$expected" ]; then
    printf '(exit status %s)\n' "$status"
  else
    printf '(exit status %s, expected %s)\n' "$status" "$expected" >&2
    UNEXPECTED=$((UNEXPECTED + 1))
  fi
}

# ---------------------------------------------------------------------------
say "building libnethttp (cargo build)"
(cd "$ROOT" && "$CARGO" build)
[ -f "$LIBDIR/libnethttp.so" ] || die "cargo build did not produce $LIBDIR/libnethttp.so"

say "compiling examples-c/nethttp_fetch.c -> target/debug/nethttp_fetch"
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/nethttp_fetch.c" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$FETCH"
echo "$FETCH"

say "compiling examples-c/http_client_download.c -> target/debug/http_client_download"
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/http_client_download.c" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$DOWNLOAD"
echo "$DOWNLOAD"

say "compiling examples-c/nethttp_fetch_cpp.cpp (include/nethttp.hpp) -> target/debug/nethttp_fetch_cpp"
"$CXX" -std=c++17 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/nethttp_fetch_cpp.cpp" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$FETCH_CPP"
echo "$FETCH_CPP"

say "compiling examples-c/nethttp_net.c -> target/debug/nethttp_net"
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/nethttp_net.c" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$NET"
echo "$NET"

say "compiling examples-c/nethttp_sock.c -> target/debug/nethttp_sock"
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/nethttp_sock.c" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$SOCK"
echo "$SOCK"

say "compiling examples-c/nethttp_ws.c -> target/debug/nethttp_ws"
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples-c/nethttp_ws.c" \
  -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lnethttp -lpthread -o "$WS"
echo "$WS"

# ---------------------------------------------------------------------------
[ -x "$START_NGINX" ] || die "missing $START_NGINX"
[ -x "$STOP_NGINX" ] || die "missing $STOP_NGINX"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nethttp-demo.XXXXXX")
RUN="$TMP/run"
BASE=$(pick_base_port) || die "no free base port found"
HTTP_URL="http://127.0.0.1:$BASE"
HTTPS_URL="https://127.0.0.1:$((BASE + 2))" # the leaf has IP:127.0.0.1 in its SAN

say "starting nginx in $RUN (base port $BASE)"
NGINX_STARTED=1 # from here on the trap stops it, even if the start fails half-way
"$START_NGINX" "$RUN" "$BASE" >/dev/null
wait_port "$BASE" || die "nginx does not answer on port $BASE"
echo "plain HTTP/1.1: $HTTP_URL   HTTPS: $HTTPS_URL (CA $RUN/certs/ca.pem)"

# ---------------------------------------------------------------------------
say "1. a GET with every event printed on stderr"
run 0 --events "$HTTP_URL/data.json"

say "2. a POST with a string body; nginx's /echo sends it back"
run 0 -X post -H 'Content-Type: text/plain' -d 'hello from nethttp_fetch' "$HTTP_URL/echo"

say "3. a 1 MiB download streamed to a file chunk by chunk (requestInStream)"
run 0 --stream -o "$TMP/1m.bin" "$HTTP_URL/1m.bin"
if cmp -s "$TMP/1m.bin" "$RUN/www/1m.bin"; then
  echo "(the file matches the served 1m.bin byte for byte)"
else
  echo "(the downloaded file differs from the served 1m.bin)" >&2
  UNEXPECTED=$((UNEXPECTED + 1))
fi

say "4. a redirect chain: /redirect/3 -> 302 -> 301 -> 307 -> 200"
run 0 "$HTTP_URL/redirect/3"

say "5. HTTPS with a request option from JSON (caPath), a flag overriding the method"
run 0 --options "{\"method\":\"POST\",\"caPath\":\"$RUN/certs/ca.pem\"}" -X GET "$HTTPS_URL/data.json"

say "6. the same request three times, a fresh handle each time"
run 0 --repeat 3 -o "$TMP/100.bin" "$HTTP_URL/100.bin"

say "6a. server-sent events: nginx's /sse stream, each event printed as it is parsed"
run 0 --sse "$HTTP_URL/sse"

say "6b. a cookie jar kept across processes (--cookie-jar, libcurl's Netscape file)"
run 0 --cookie-jar "$TMP/cookies.txt" "$HTTP_URL/cookies/set"
run 0 --cookie-jar "$TMP/cookies.txt" "$HTTP_URL/cookies/echo"
printf '\n$ cat cookies.txt\n'
cat "$TMP/cookies.txt"

say "6c. HSTS (--hsts): once the TLS port sent Strict-Transport-Security, http:// goes to https://"
# (a host name: HSTS is never noted for an IP address)
run 0 --hsts "$TMP/hsts.txt" --options "{\"caPath\":\"$RUN/certs/ca.pem\"}" "https://localhost:$((BASE + 2))/hsts/set"
run 0 --hsts "$TMP/hsts.txt" --options "{\"caPath\":\"$RUN/certs/ca.pem\"}" "http://localhost:$((BASE + 2))/scheme"

say "7. a failure: nothing listens on 127.0.0.1:1 (error line on stdout, exit status 1)"
run 1 http://127.0.0.1:1/

say "8. a usage error (exit status 2)"
run 2 -X FETCH "$HTTP_URL/"

say "8a. only http:// and https:// leave the library: file:// is refused (2300001), nothing is read"
run 1 file:///etc/passwd

say "8b. NETHTTP_DEBUG=1: libcurl's verbose lines and nethttp's events on stderr"
printf '\n$ NETHTTP_DEBUG=1 nethttp_fetch -o /dev/null %s\n' "$HTTP_URL/100.bin"
if NETHTTP_DEBUG=1 "$FETCH" -o /dev/null "$HTTP_URL/100.bin"; then
  echo "(exit status 0)"
else
  echo "(exit status $?, expected 0)" >&2
  UNEXPECTED=$((UNEXPECTED + 1))
fi

say "9. the poll-driven client (Godot HTTPClient): two downloads over one connection, each status transition printed"
status=0
printf '\n$ http_client_download --repeat 2 -o %s %s\n' "$TMP/poll-1m.bin" "$HTTP_URL/1m.bin"
"$DOWNLOAD" --repeat 2 -o "$TMP/poll-1m.bin" "$HTTP_URL/1m.bin" || status=$?
if [ "$status" = 0 ] && cmp -s "$TMP/poll-1m.bin" "$RUN/www/1m.bin"; then
  echo "(exit status 0; the file matches the served 1m.bin byte for byte)"
else
  echo "(exit status $status, or the file differs from the served 1m.bin)" >&2
  UNEXPECTED=$((UNEXPECTED + 1))
fi

say "10. the C++ wrapper: a POST whose lambdas run on the main thread (--queue), then a stream to a file"
for args in "--queue -H Content-Type:text/plain -d hello-from-C++ $HTTP_URL/echo" \
            "--stream -o $TMP/cpp-1m.bin $HTTP_URL/1m.bin"; do
  status=0
  printf '\n$ nethttp_fetch_cpp %s\n' "$args"
  # shellcheck disable=SC2086  # $args: the words above
  "$FETCH_CPP" $args || status=$?
  printf '\n(exit status %s)\n' "$status"
  [ "$status" = 0 ] || UNEXPECTED=$((UNEXPECTED + 1))
done
if ! cmp -s "$TMP/cpp-1m.bin" "$RUN/www/1m.bin"; then
  echo "(the streamed file differs from the served 1m.bin)" >&2
  UNEXPECTED=$((UNEXPECTED + 1))
fi

# ---------------------------------------------------------------------------
WS_PORT=$((BASE + 8))
WSS_PORT=$((BASE + 9))
say "starting the WebSocket echo server (tests/servers/ws_echo.py, PyPI websockets) on ws://127.0.0.1:$WS_PORT and wss://localhost:$WSS_PORT"
"$VENV/bin/python" "$ROOT/tests/servers/ws_echo.py" --port "$WS_PORT" --tls-port "$WSS_PORT" \
  --cert "$RUN/certs/leaf.pem" --key "$RUN/certs/leaf.key" >"$TMP/ws_echo.log" 2>&1 &
WS_PID=$!
wait_port "$WS_PORT" && wait_port "$WSS_PORT" || die "the WebSocket echo server did not start (see $TMP/ws_echo.log)"

say "11. WebSocket: two text messages and a binary file echoed, then close 4000 (every event a JSON line)"
printf 'bytes\0with\0NULs' >"$TMP/blob.bin"
run_ws 0 --send hello --send 'wörld' --binary "$TMP/blob.bin" --count 3 --close 4000 done "ws://127.0.0.1:$WS_PORT/" </dev/null

say "12. WebSocket over TLS (wss, caPath), the messages from stdin, a header of our own"
printf 'line one\nline two\n' | run_ws 0 -H 'X-Demo: yes' --cacert "$RUN/certs/ca.pem" --count 2 "wss://localhost:$WSS_PORT/"

say "13. the server says bye and closes (code 4000): a clean close, exit status 0"
run_ws 0 --count 1 "ws://127.0.0.1:$WS_PORT/close" </dev/null

say "14. nothing listens on 127.0.0.1:1: an error event and exit status 1; an http:// URL is a usage error (2)"
run_ws 1 ws://127.0.0.1:1/ </dev/null
run_ws 2 "http://127.0.0.1:$WS_PORT/" </dev/null

say "15. connection: name lookups (system resolver, /etc/hosts), IDNA, networks and their events"
# watch: the first event for VPN networks: "unavailable" after 0.5 s when there is none.
for args in "0 lookup localhost" "0 lookup localhost --family 4" "0 ascii bücher.example" \
            "0 unicode xn--bcher-kva.example" "1 lookup no-such-host.invalid" "2 lookup" \
            "0 nets" "0 watch --count 1 --net-timeout 500 --bearer 4" "2 lookup localhost --net 0"; do
  expected=${args%% *}
  # shellcheck disable=SC2086  # the words above
  set -- ${args#* }
  status=0
  printf '\n$ nethttp_net'
  for arg in "$@"; do shell_word "$arg"; done
  printf '\n'
  "$NET" "$@" || status=$?
  if [ "$status" = "$expected" ]; then
    printf '(exit status %s)\n' "$status"
  else
    printf '(exit status %s, expected %s)\n' "$status" "$expected" >&2
    UNEXPECTED=$((UNEXPECTED + 1))
  fi
done

# run_sock EXPECTED_STATUS ARGS... [< input]: prints the command, runs nethttp_sock, checks its status.
run_sock() {
  local expected=$1 status=0 arg
  shift
  printf '\n$ nethttp_sock'
  for arg in "$@"; do shell_word "$arg"; done
  printf '\n'
  "$SOCK" "$@" || status=$?
  if [ "$status" = "$expected" ]; then
    printf '(exit status %s)\n' "$status"
  else
    printf '(exit status %s, expected %s)\n' "$status" "$expected" >&2
    UNEXPECTED=$((UNEXPECTED + 1))
  fi
}

# listener NAME ARGS...: starts `nethttp_sock --events ARGS` in the background (its events in
# $TMP/NAME.events, what it prints in $TMP/NAME.out), waits for its listening event and sets
# LISTEN_PORT (port 0 takes a free one) and LISTEN_PID.
listener() {
  local name=$1 _
  shift
  printf '\n$ nethttp_sock --events'
  for arg in "$@"; do shell_word "$arg"; done
  printf ' &\n'
  "$SOCK" --events "$@" >"$TMP/$name.out" 2>"$TMP/$name.events" &
  LISTEN_PID=$!
  SOCK_PIDS+=("$LISTEN_PID")
  LISTEN_PORT=""
  for _ in $(seq 1 100); do
    LISTEN_PORT=$(sed -n 's/.*"listening","port":\([0-9]*\).*/\1/p' "$TMP/$name.events" | head -1)
    [ -n "$LISTEN_PORT" ] && return 0
    sleep 0.05
  done
  die "nethttp_sock $* did not start listening"
}

# finish_listener NAME EXPECTED_STATUS: waits (bounded) for the listener, shows what it saw.
finish_listener() {
  local name=$1 expected=$2 status=0 _
  for _ in $(seq 1 100); do
    kill -0 "$LISTEN_PID" 2>/dev/null || break
    sleep 0.05
  done
  wait "$LISTEN_PID" || status=$?
  printf -- '--- the listener printed:\n'
  cat "$TMP/$name.out"
  printf -- '--- and its events (stderr):\n'
  cat "$TMP/$name.events"
  if [ "$status" = "$expected" ]; then
    printf '(listener exit status %s)\n' "$status"
  else
    printf '(listener exit status %s, expected %s)\n' "$status" "$expected" >&2
    UNEXPECTED=$((UNEXPECTED + 1))
  fi
}

say "16. sockets: a TCP echo listener (nethttp's TCP server) and a client; stdin goes out, the echo comes back, at stdin's end the client half-closes and both exit 0"
listener tcp --echo --bind 127.0.0.1 listen tcp 0
printf 'hello over TCP\nsecond line\n' | run_sock 0 --events --options '{"TCPNoDelay":true}' tcp 127.0.0.1 "$LISTEN_PORT"
finish_listener tcp 0

say "17. sockets: UDP, each stdin line one datagram, echoed back to the sender"
listener udp --echo --count 2 --bind 127.0.0.1 listen udp 0
printf 'first datagram\nsecond datagram\n' | run_sock 0 --events --count 2 --timeout 5000 udp 127.0.0.1 "$LISTEN_PORT"
finish_listener udp 0

say "18. sockets: a Unix-domain (local) socket; then a refused connect (exit 1) and a usage error (exit 2)"
listener local --echo listen local "$TMP/demo.sock"
printf 'over a local socket\n' | run_sock 0 local "$TMP/demo.sock"
finish_listener local 0
run_sock 1 tcp 127.0.0.1 1 </dev/null
run_sock 2 tcp 127.0.0.1 </dev/null

say "19. TLS sockets: a TLS echo listener (the test CA's leaf certificate) and a client verifying it; then a client that does not trust the CA (exit 1)"
listener tls --echo --cert "$RUN/certs/leaf.pem" --key "$RUN/certs/leaf.key" --bind 127.0.0.1 listen tls 0
printf 'over TLS\n' | run_sock 0 --events --cacert "$RUN/certs/ca.pem" tls localhost "$LISTEN_PORT"
finish_listener tls 0
listener tls2 --cert "$RUN/certs/leaf.pem" --key "$RUN/certs/leaf.key" --bind 127.0.0.1 listen tls 0
run_sock 1 --events tls localhost "$LISTEN_PORT" </dev/null
kill "$LISTEN_PID" 2>/dev/null || true
wait "$LISTEN_PID" 2>/dev/null || true

if [ "$UNEXPECTED" -ne 0 ]; then
  printf '\ndemo.sh: %s unexpected result(s)\n' "$UNEXPECTED" >&2
  exit 1
fi
printf '\ndemo.sh: all showcase commands behaved as expected\n'
