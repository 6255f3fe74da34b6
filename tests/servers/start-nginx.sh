#!/usr/bin/env bash
# Start the nginx test server (see README.md beside this file) and wait until it accepts connections.
# Usage: start-nginx.sh RUNDIR BASEPORT
#   Uses 127.0.0.1 ports BASEPORT .. BASEPORT+7. Creates RUNDIR/{www,logs,tmp,conf,certs}; the nginx
#   master PID ends up in RUNDIR/nginx.pid. Stop with stop-nginx.sh RUNDIR.
#   Exits non-zero (printing the error log) when nginx does not come up within 10 s.
# Needs: nginx-light libnginx-mod-http-echo libnginx-mod-http-brotli-filter openssl gzip
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: start-nginx.sh RUNDIR BASEPORT" >&2; exit 2; }
mkdir -p "$1"
RUN=$(cd "$1" && pwd)
BASE=$2
case $BASE in ''|*[!0-9]*) echo "start-nginx.sh: BASEPORT must be a number" >&2; exit 2 ;; esac
mkdir -p "$RUN"/{www,logs,tmp,conf,certs}

command -v nginx >/dev/null || {
  echo "start-nginx.sh: nginx not found; apt-get install nginx-light libnginx-mod-http-echo libnginx-mod-http-brotli-filter" >&2
  exit 1
}
for m in ngx_http_echo_module ngx_http_brotli_filter_module; do
  [ -f "/usr/lib/nginx/modules/$m.so" ] || {
    echo "start-nginx.sh: /usr/lib/nginx/modules/$m.so missing; apt-get install libnginx-mod-http-echo libnginx-mod-http-brotli-filter" >&2
    exit 1
  }
done

"$HERE/gen-certs.sh" "$RUN/certs"

# --- static files ---------------------------------------------------------------------------
# Deterministic pseudo-random bytes (AES-CTR keystream over zeros): identical on every run.
keystream() {
  openssl enc -aes-128-ctr -nosalt -K 6e657468747470207465737420202020 -iv 0 -in /dev/zero 2>/dev/null || true
}
make_bin() {  # make_bin NAME BYTES (only when missing or of another size)
  local f=$RUN/www/$1
  [ -f "$f" ] && [ "$(stat -c %s "$f")" = "$2" ] && return 0
  keystream | head -c "$2" > "$f.part"
  mv "$f.part" "$f"
}
make_bin 0.bin 0
make_bin 100.bin 100
make_bin 1m.bin 1048576
make_bin 100m.bin 104857600
if [ ! -f "$RUN/www/text.txt" ]; then
  for i in $(seq 1 2000); do
    echo "line $i: the quick brown fox jumps over the lazy dog"
  done > "$RUN/www/text.txt"     # 108,893 bytes, compresses well
fi
gzip -9 -n -c "$RUN/www/text.txt" > "$RUN/www/text.txt.gz"
echo '{"name":"nethttp","version":1,"items":[1,2,3],"nested":{"ok":true,"text":"héllo"}}' \
  > "$RUN/www/data.json"
# Last modified long ago: heuristic freshness (10% of its age) makes it fresh for months
printf 'an old file\n' > "$RUN/www/old.txt"
touch -d '2020-01-01 00:00:00 UTC' "$RUN/www/old.txt"
# a valid 1x1 PNG
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' \
  | base64 -d > "$RUN/www/image.png"

printf 'user:%s\n' "$(openssl passwd -apr1 passwd)" > "$RUN/conf/htpasswd"

# --- config ---------------------------------------------------------------------------------
render() {
  sed -e "s|@RUN@|$RUN|g" -e "s|@P0@|$BASE|g" -e "s|@P1@|$((BASE + 1))|g" \
      -e "s|@P2@|$((BASE + 2))|g" -e "s|@P3@|$((BASE + 3))|g" -e "s|@P4@|$((BASE + 4))|g" \
      -e "s|@P5@|$((BASE + 5))|g" -e "s|@P6@|$((BASE + 6))|g" -e "s|@P7@|$((BASE + 7))|g" \
      "$1" > "$2"
}
render "$HERE/nginx.conf.in" "$RUN/conf/nginx.conf"
render "$HERE/locations.conf.in" "$RUN/conf/locations.conf"

# --- start and wait -------------------------------------------------------------------------
if [ -s "$RUN/nginx.pid" ] && [ "$(cat "/proc/$(cat "$RUN/nginx.pid")/comm" 2>/dev/null)" = nginx ]; then
  echo "start-nginx.sh: nginx $(cat "$RUN/nginx.pid") already runs for $RUN; stop-nginx.sh it first" >&2
  exit 1
fi
rm -f "$RUN/nginx.pid"
# Output to a file, not to our stdout: a caller reading our output until EOF must not wait for nginx.
nohup nginx -p "$RUN" -c "$RUN/conf/nginx.conf" -e "$RUN/logs/error.log" \
  </dev/null >"$RUN/logs/nginx.out" 2>&1 &
NGINX_PID=$!

fail() {
  echo "start-nginx.sh: $1" >&2
  for f in "$RUN/logs/nginx.out" "$RUN/logs/error.log"; do
    [ -s "$f" ] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }
  done
  kill "$NGINX_PID" 2>/dev/null || true
  exit 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

deadline=$((SECONDS + 10))
while :; do
  kill -0 "$NGINX_PID" 2>/dev/null || { wait "$NGINX_PID" || true; fail "nginx exited during startup"; }
  # The pid file is written only once every listen socket is bound, so a port answering before
  # that could be someone else's server.
  if [ -s "$RUN/nginx.pid" ]; then
    up=1
    for p in $(seq "$BASE" $((BASE + 7))); do port_open "$p" || { up=0; break; }; done
    [ $up = 1 ] && break
  fi
  [ $SECONDS -lt $deadline ] || fail "nginx did not accept connections on ports $BASE..$((BASE + 7)) within 10 s"
  sleep 0.05
done
[ "$(cat "$RUN/nginx.pid")" = "$NGINX_PID" ] || fail "pid file does not name the nginx we started"
echo "$NGINX_PID"
