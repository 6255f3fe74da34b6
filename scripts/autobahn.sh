#!/usr/bin/env bash
# The Autobahn testsuite's 517 client cases against nethttp's WebSocket client, driven by
# `kosoku -m fuzzingserver` (PyPI; Autobahn's own case files on Python 3) on 127.0.0.1.
# Builds libnethttp (debug) and tests/autobahn/autobahn_client.c, runs every case, then
# checks the report: no FAILED, no UNIMPLEMENTED, NON-STRICT only for the cases listed in
# tests/autobahn/expected.txt (each explained there), every closing behaviour OK.
# Reports go to target/autobahn/ (index.json, one HTML page per case).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=${NETHTTP_TEST_VENV:-$ROOT/target/test-venv}
OUT=$ROOT/target/autobahn
[ -x "$VENV/bin/kosoku" ] || scripts/install-deps.sh
cargo build --quiet --lib
CC=${CC:-cc}
mkdir -p "$OUT"
rm -rf "$OUT/reports"
"$CC" -std=c11 -O1 -Wall -Wextra -Werror -I"$ROOT/include" tests/autobahn/autobahn_client.c \
  -L"$ROOT/target/debug" -lnethttp -Wl,-rpath,"$ROOT/target/debug" -o "$OUT/autobahn_client"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VENV/bin/kosoku" -m fuzzingserver -o "$OUT/reports" "127.0.0.1:$PORT" >"$OUT/kosoku.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),0.2)" 2>/dev/null && break
  sleep 0.1
done
start=$(date +%s)
# No proxy: the fuzzing server is on loopback.
env -u http_proxy -u https_proxy -u all_proxy -u HTTP_PROXY -u HTTPS_PROXY -u ALL_PROXY \
  timeout 1500 "$OUT/autobahn_client" "ws://127.0.0.1:$PORT" nethttp
echo "autobahn: cases ran in $(( $(date +%s) - start )) s"
# The server writes index.json after updateReports' connection ends: wait for it (bounded).
for _ in $(seq 1 600); do
  [ -s "$OUT/reports/index.json" ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" \
    "$OUT/reports/index.json" 2>/dev/null && break
  sleep 0.1
done
python3 - "$OUT/reports/index.json" tests/autobahn/expected.txt <<'PY'
import collections, json, sys
index = json.load(open(sys.argv[1]))["nethttp"]
allowed = {}
for line in open(sys.argv[2]):
    line = line.split("#", 1)[0].split()
    if line:
        allowed[line[0]] = line[1]
counts = collections.Counter(v["behavior"] for v in index.values())
bad = []
for case, v in sorted(index.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]):
    b, c = v["behavior"], v["behaviorClose"]
    if b in ("FAILED", "UNIMPLEMENTED") or c not in ("OK", "INFORMATIONAL"):
        bad.append(f"{case}: {b} / close {c}")
    elif b in ("NON-STRICT", "INFORMATIONAL") and allowed.get(case) != b:
        bad.append(f"{case}: {b} is not in tests/autobahn/expected.txt")
print("autobahn:", len(index), "cases:", dict(counts))
if len(index) != 517:
    bad.append(f"{len(index)} cases in the report, not 517")
if bad:
    print("autobahn: FAILED\n  " + "\n  ".join(bad))
    sys.exit(1)
print("autobahn: OK (0 FAILED, 0 UNIMPLEMENTED; notes as expected)")
PY
