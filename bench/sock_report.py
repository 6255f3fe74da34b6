#!/usr/bin/env python3
"""bench/sock_run.sh's results as a markdown section: medians of the interleaved rounds,
nethttp against libuv (the anchor) and the raw epoll loop (the limit), and the targets.

    sock_report.py RESULTS OUT.md [BENCHMARKS.md]   (with BENCHMARKS.md: the section goes
                                                     between its sockets markers, appended
                                                     when they are missing)
"""
import re
import statistics
import sys

BEGIN = "<!-- sockets:begin (bench/sock_run.sh) -->"
END = "<!-- sockets:end -->"


def parse(path):
    meta, runs, irs = {}, {}, {}
    for line in open(path):
        line = line.strip()
        if line.startswith("# "):
            k, _, v = line[2:].partition(" ")
            meta[k] = v
            continue
        kv = dict(re.findall(r"(\w+)=(\S+)", line))
        if line.startswith("RESULT"):
            runs.setdefault((kv["client"], kv["workload"]), []).append(kv)
        elif line.startswith("IR"):
            irs[(kv["client"], int(kv["n"]))] = int(kv["ir"])
    return meta, runs, irs


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    meta, runs, irs = parse(sys.argv[1])
    clients = ["raw", "libuv", "nethttp"]
    rows = []

    def rate(c, w, unit_div=1.0):
        rs = runs.get((c, w), [])
        return med([int(r["n"]) / float(r["secs"]) / unit_div for r in rs if float(r["secs"]) > 0])

    def cpu_per(c, w, scale=1e6):
        rs = runs.get((c, w), [])
        return med([float(r["cpu"]) / int(r["n"]) * scale for r in rs])

    out = []
    out.append(BEGIN)
    out.append("## Sockets (`nethttp_sock`)")
    out.append("")
    out.append(
        "bench/sock_run.sh: one raw epoll echo/discard server (bench/sock_server.c, CPU 0) and "
        "three clients with the same workloads (CPU 1): a raw non-blocking epoll loop in C (the "
        "limit), libuv %s (Debian's libuv1-dev, the C anchor) and nethttp through its C ABI "
        "(callbacks on its worker). Medians of %s interleaved rounds; %s; kernel %s; nethttp %s."
        % (meta.get("libuv", "?"), meta.get("rounds", "?"), meta.get("cpu", "?"),
           meta.get("kernel", "?"), meta.get("nethttp", "?"))
    )
    if meta.get("scale", "1") != "1":
        out.append("")
        out.append("**Scaled run (BENCH_SCALE=%s): counts divided.**" % meta["scale"])
    out.append("")
    out.append("| workload | raw epoll | libuv | nethttp | nethttp / libuv | nethttp CPU / raw CPU |")
    out.append("|---|---|---|---|---|---|")
    targets = []

    def row(name, w, fmt_rate, unit, cpu_scale):
        r = {c: rate(c, w) for c in clients}
        cpu = {c: cpu_per(c, w, cpu_scale) for c in clients}
        vs_uv = r["nethttp"] / r["libuv"] if r["libuv"] else float("nan")
        cpu_ratio = cpu["nethttp"] / cpu["raw"] if cpu["raw"] else float("nan")
        out.append(
            "| %s | %s | %s | %s | %.2f× | %.2f× |"
            % (name, fmt_rate(r["raw"]), fmt_rate(r["libuv"]), fmt_rate(r["nethttp"]), vs_uv, cpu_ratio)
        )
        targets.append((name, vs_uv, cpu_ratio))

    row("TCP ping-pong 64 B (round trips/s)", "pp64", lambda x: "%.0f" % x, "", 1e6)
    row("TCP stream 1 GiB (MB/s)", "stream", lambda x: "%.0f" % (x / 1e6), "", 1e9)
    row("UDP 64 B, 16 in flight (datagrams/s)", "udp64", lambda x: "%.0f" % x, "", 1e6)
    row("UDP 1,200 B, 16 in flight (datagrams/s)", "udp1200", lambda x: "%.0f" % x, "", 1e6)
    out.append("")
    lost = {c: sum(int(r.get("lost", 0)) for w in ("udp64", "udp1200") for r in runs.get((c, w), [])) for c in clients}
    out.append("UDP datagrams lost and resent (all rounds): %s." % ", ".join("%s %d" % (c, lost[c]) for c in clients))
    out.append("")
    # CPU per message, and instructions
    out.append("| CPU per message | raw epoll | libuv | nethttp |")
    out.append("|---|---|---|---|")
    for name, w, scale, unit in (("ping-pong round trip", "pp64", 1e6, "µs"),
                                 ("1 GiB streamed", "stream", 1.0 * (1 << 30), "s"),
                                 ("64 B datagram", "udp64", 1e6, "µs"),
                                 ("1,200 B datagram", "udp1200", 1e6, "µs")):
        vals = []
        for c in clients:
            rs = runs.get((c, w), [])
            if w == "stream":
                vals.append("%.3f s" % med([float(r["cpu"]) / int(r["n"]) * (1 << 30) for r in rs]))
            else:
                vals.append("%.2f µs" % med([float(r["cpu"]) / int(r["n"]) * 1e6 for r in rs]))
        out.append("| %s | %s |" % (name, " | ".join(vals)))
    ir = {}
    for c in clients:
        a, b = irs.get((c, 1000)), irs.get((c, 3000))
        if a and b:
            ir[c] = (b - a) / 2000.0
    if ir:
        out.append("| instructions per round trip (callgrind, every thread, 3,000 − 1,000 round trips) | %s |"
                   % " | ".join("%.0f" % ir.get(c, float("nan")) for c in clients))
    out.append("")
    idle = {}
    for c in clients:
        rs = runs.get((c, "idle"), [])
        if rs:
            idle[c] = int(rs[-1]["kib"]) * 1024.0 / int(rs[-1]["n"])
    if idle:
        out.append("Idle connections (%s held, resident memory per connection; socket buffers are the "
                   "kernel's and not in it): %s."
                   % (runs[("nethttp", "idle")][-1]["n"] if ("nethttp", "idle") in runs else "?",
                      ", ".join("%s %.0f B" % (c, idle[c]) for c in clients if c in idle)))
        out.append("")
    # targets
    out.append("Targets (issue 15): ≥ 0.95× libuv on each row, CPU per message ≤ 1.2× raw epoll, "
               "< 4 KiB per idle connection:")
    out.append("")
    for name, vs_uv, cpu_ratio in targets:
        out.append("- %s: %.2f× libuv (%s), CPU %.2f× raw (%s)" % (
            name, vs_uv, "met" if vs_uv >= 0.95 else "missed", cpu_ratio,
            "met" if cpu_ratio <= 1.2 else "missed"))
    if "nethttp" in idle:
        out.append("- idle: %.0f B per connection (%s)" % (idle["nethttp"], "met" if idle["nethttp"] < 4096 else "missed"))
    if "nethttp" in ir and "raw" in ir:
        out.append("- instructions per round trip: %.2f× raw epoll" % (ir["nethttp"] / ir["raw"]))
    out.append("")
    out.append(END)
    text = "\n".join(out) + "\n"
    open(sys.argv[2], "w").write(text)
    if len(sys.argv) > 3:
        bm = open(sys.argv[3]).read()
        if BEGIN in bm and END in bm:
            a = bm.index(BEGIN)
            b = bm.index(END) + len(END) + 1
            bm = bm[:a] + text + bm[b:]
        else:
            bm = bm.rstrip("\n") + "\n\n" + text
        open(sys.argv[3], "w").write(bm)


if __name__ == "__main__":
    main()
