#!/usr/bin/env bash
# The lookup benchmark (the connection module's getAddressesByName): 10,000 lookups of one
# cached name and of 10,000 distinct names against a local dnsmasq, through nethttp's
# asynchronous lookups (its C ABI), getaddrinfo in a thread pool of 4 that the caller feeds
# (what an application writes: the same design), getaddrinfo on 4 threads with no submission
# at all (the ideal bound) and c-ares' ares_getaddrinfo (Debian's libc-ares-dev, the
# asynchronous anchor); at most 64 lookups in flight each. One command, as root:
#
#   bench/net_lookup_run.sh [ROUNDS]     (default 5, at least 3; well under a minute)
#
# It runs in network and mount namespaces of its own (unshare): loopback up, a dnsmasq on
# 127.0.0.1 answering every name under bench.test, and /etc/resolv.conf bind-mounted to name
# it, so nothing of the host's resolver is touched or queried. Clients are interleaved per
# round (rotated each round); the medians go to target/bench/net_lookup_report.md
# and, unless BENCH_NO_REPORT=1, into BENCHMARKS.md between its lookups markers.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${1:-5}
case $ROUNDS in ''|*[!0-9]*) echo "usage: bench/net_lookup_run.sh [ROUNDS]" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 3 ] || { echo "bench/net_lookup_run.sh: at least 3 rounds" >&2; exit 2; }
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/target/bench
mkdir -p "$OUT"

if [ "${NETHTTP_LOOKUP_BENCH_INNER:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench/net_lookup_run.sh: needs root (namespaces)" >&2; exit 1; }
  cargo build --release --lib
  LIB=$TARGET/release/libnethttp.so
  "${CC:-cc}" -O2 -Wall -Wextra -Werror -Iinclude -o "$OUT/net_lookup_bench" \
    bench/net_lookup_bench.c "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -lcares -lpthread
  NETHTTP_LOOKUP_BENCH_INNER=1 exec unshare --net --mount "$0" "$ROUNDS"
fi

# Inside the namespaces.
mount --make-rprivate /
TMP=$(mktemp -d)
DNS_PID=""
cleanup() {
  if [ -n "$DNS_PID" ]; then { kill "$DNS_PID" && wait "$DNS_PID"; } 2>/dev/null || true; fi
  umount /etc/resolv.conf 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
echo "nameserver 127.0.0.1" > "$TMP/resolv.conf"
mount --bind "$TMP/resolv.conf" /etc/resolv.conf
ip link set lo up
dnsmasq --keep-in-foreground --no-resolv --no-hosts --listen-address=127.0.0.1 \
  --bind-interfaces --address=/bench.test/10.9.9.9 --cache-size=10000 \
  --log-facility=/dev/null &
DNS_PID=$!
for _ in $(seq 50); do
  getent ahosts cached.bench.test >/dev/null 2>&1 && break
  sleep 0.1
done

RESULTS=$OUT/net_lookup_results.txt
{
  echo "# date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# rounds $ROUNDS"
  echo "# cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x$(nproc)"
  echo "# c-ares $(dpkg-query -W -f '${Version}' libc-ares-dev 2>/dev/null || echo '?')"
  echo "# dnsmasq $(dnsmasq --version | head -1 | awk '{print $3}')"
} > "$RESULTS"
MODES=(tpool nethttp cares pool)
for r in $(seq "$ROUNDS"); do
  for i in 0 1 2 3; do
    m=${MODES[$(( (i + r) % 4 ))]}
    for c in cached distinct; do
      timeout 120 "$OUT/net_lookup_bench" "$m" "$c" 10000 | sed "s/^RESULT /RESULT round=$r /" |
        tee -a "$RESULTS"
    done
  done
done
# Instructions per lookup (every thread of the client; the marginal cost between 200 and
# 2,000 distinct lookups, so start-up is not counted), noise-free where the wall clock is not.
if command -v valgrind >/dev/null; then
  for m in tpool nethttp cares; do
    for n in 200 2000; do
      ir=$(valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$m.$n" \
             "$OUT/net_lookup_bench" "$m" distinct "$n" 2>&1 >/dev/null |
           sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1)
      echo "IR mode=$m n=$n ir=$ir" | tee -a "$RESULTS"
    done
  done
fi
python3 - "$RESULTS" "$OUT/net_lookup_report.md" <<'PY'
import re, statistics, sys
rows = {}
meta = {}
per_round = {}
for line in open(sys.argv[1]):
    if line.startswith("# "):
        k, _, v = line[2:].strip().partition(" ")
        meta[k] = v
    m = re.match(r"RESULT round=(\d+) mode=(\S+) case=(\S+) n=(\d+) secs=(\S+) per_s=(\S+) cpu_us=(\S+) failed=(\d+)", line)
    if m:
        rows.setdefault((m[2], m[3]), []).append((float(m[6]), float(m[7])))
        per_round.setdefault((int(m[1]), m[3]), {})[m[2]] = float(m[6])
med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for k, v in rows.items()}
irs = {}
for line in open(sys.argv[1]):
    m = re.match(r"IR mode=(\S+) n=(\d+) ir=(\d+)", line)
    if m:
        irs[(m[1], int(m[2]))] = int(m[3])
per = {m: (irs[(m, 2000)] - irs[(m, 200)]) / 1800 for m in ("tpool", "nethttp", "cares") if (m, 200) in irs and (m, 2000) in irs}
out = []
out.append(f"Lookups (`bench/net_lookup_run.sh`, {meta.get('date','?')}, {meta.get('rounds','?')} interleaved rounds; rates are medians, ratios the median of each round's ratio; "
           f"{meta.get('cpu','?')}; dnsmasq {meta.get('dnsmasq','?')} on 127.0.0.1 in a namespace of the run's own; "
           f"c-ares {meta.get('c-ares','?')}). 10,000 lookups (family unspecified: A and AAAA), at most 64 in flight. "
           "Throughput is bounded by the one dnsmasq here; CPU is the client process's own (user + system, every thread) per lookup.")
out.append("")
out.append("| case | client | lookups/s | vs getaddrinfo thread pool | vs c-ares | client CPU µs/lookup |")
out.append("|---|---|---:|---:|---:|---:|")
for c in ("cached", "distinct"):
    for m, label in (("tpool", "getaddrinfo in a thread pool of 4 (work queue fed by the caller)"), ("nethttp", "**nethttp** (`nethttp_net_lookup_start`, 4 lookup threads)"), ("cares", "c-ares `ares_getaddrinfo`"), ("pool", "getaddrinfo on 4 threads taking indices themselves (no submission: ideal bound)")):
        if (m, c) not in med:
            continue
        rate, cpu = med[(m, c)]
        # Paired: each round's ratio (the clients ran back to back in it), median over rounds.
        def paired(base):
            rs = [d[m] / d[base] for (r, cc), d in per_round.items() if cc == c and m in d and base in d]
            return statistics.median(rs) if rs else float("nan")
        rp = paired("tpool")
        rc = paired("cares")
        out.append(f"| {c} | {label} | {rate:,.0f} | {rp:.2f}× | {rc:.2f}× | {cpu:.1f} |")
if per:
    out.append("")
    out.append("Client instructions per lookup (callgrind, every thread, the marginal cost between 200 and 2,000 distinct lookups): "
               + ", ".join(f"{label} {per[m]:,.0f}" for m, label in (("tpool", "getaddrinfo thread pool"), ("nethttp", "**nethttp**"), ("cares", "c-ares")) if m in per)
               + (f"; nethttp / thread pool = {per['nethttp'] / per['tpool']:.2f}× the instructions (the pool's throughput ratio is its inverse, "
                  f"{per['tpool'] / per['nethttp']:.2f}×, where the client's CPU is the limit)." if "nethttp" in per and "tpool" in per else "."))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
if [ "${BENCH_NO_REPORT:-}" != 1 ]; then
  python3 - "$OUT/net_lookup_report.md" "$ROOT/BENCHMARKS.md" <<'PY'
import sys
rep = open(sys.argv[1]).read()
path = sys.argv[2]
doc = open(path).read()
b, e = "<!-- lookups:begin (bench/net_lookup_run.sh writes this part) -->", "<!-- lookups:end -->"
if b in doc and e in doc:
    doc = doc[: doc.index(b) + len(b)] + "\n" + rep + doc[doc.index(e):]
else:
    doc = doc.rstrip("\n") + "\n\n## Connection: name lookups\n\n" + b + "\n" + rep + e + "\n"
open(path, "w").write(doc)
PY
fi
