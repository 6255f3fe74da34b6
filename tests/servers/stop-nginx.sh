#!/usr/bin/env bash
# Stop the nginx started by start-nginx.sh RUNDIR: SIGTERM to the master, up to 5 s, then SIGKILL
# to the master and its workers. Succeeds when nothing is running.
# Usage: stop-nginx.sh RUNDIR
set -euo pipefail
RUN=${1:?usage: stop-nginx.sh RUNDIR}
[ -s "$RUN/nginx.pid" ] || exit 0
pid=$(cat "$RUN/nginx.pid")
case $pid in ''|*[!0-9]*) echo "stop-nginx.sh: bad pid file $RUN/nginx.pid" >&2; exit 1 ;; esac
# Only signal the process if it still is an nginx (the pid may have been reused since). A zombie
# (exited, not yet reaped by init) counts as stopped.
is_nginx() {
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}
is_nginx || { rm -f "$RUN/nginx.pid"; exit 0; }

kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 100); do
  is_nginx || { rm -f "$RUN/nginx.pid"; exit 0; }
  sleep 0.05
done
echo "stop-nginx.sh: nginx $pid ignored SIGTERM for 5 s; killing it" >&2
workers=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
# shellcheck disable=SC2086  # $workers: one argument per PID
kill -KILL "$pid" $workers 2>/dev/null || true
rm -f "$RUN/nginx.pid"
