"""Turns bench/run.sh's results into BENCHMARKS.md and a PNG bar chart.

usage: report.py RESULTS.txt BENCHMARKS.md CHART.png FINDINGS.md

RESULTS.txt holds '# key value' lines and one 'RESULT k=v ...' line per client run (see
bench/bench_common.h). Medians over the rounds, with min-max; ratios are paired: in every round
each client's result divided by the reference client's result of the same round (they ran next
to each other), and the median of those per-round ratios is shown, so a slow stretch of the
machine that hits one round does not move the ratio the way it moves the raw medians. FINDINGS.md (hand-written: what profiling found and what was
changed) is appended verbatim.
"""

import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WORKLOADS = {
    "W1": "5,000 sequential GETs of 100 B, one keep-alive connection (HTTP/1.1)",
    "W2": "50,000 GETs of 100 B, 64 in flight, HTTP/1.1 (64 connections)",
    "W3": "50,000 GETs of 100 B, TLS + HTTP/2, 64 streams on one connection",
    "W4": "one 1 GiB GET (nethttp: http_request_in_stream, DATA_RECEIVE events)",
    "W5": "10,000 GETs in flight at once, each held ~1 s by the server (HTTP/1.1)",
}
CLIENTS = {
    "raw": "raw libcurl: one thread, curl_multi_poll loop, reused easy handles",
    "raw-hdrs": "raw libcurl also sending the two request headers nethttp sends for a GET by the "
                "spec's defaults (Content-Type: application/x-www-form-urlencoded, Accept-Encoding): "
                "what those cost inside libcurl",
    "raw-spec": "raw libcurl doing all the libcurl-side work of a request with the spec's defaults: "
                "those two headers, the default 60 s read and connect timeouts, a header callback "
                "keeping every response header line, and the response's curl_easy_getinfo calls "
                "(seven timings, status, HTTP version, effective URL). What separates it from "
                "nethttp is nethttp's own work",
    "nethttp-cb": "nethttp, callbacks on the worker; next request started in the completion callback",
    "nethttp-sync": "nethttp, caller thread, blocking http_request_sync one after another",
    "nethttp-thread": "nethttp, caller thread keeps 64 in flight: completions (on the worker) count "
                      "and wake it when 8 slots are free, it starts the next ones",
    "nethttp-queue": "nethttp, queued delivery: caller thread polls http_queue_fd and dispatches",
    # Peers: what a user would pick instead of nethttp (bench/peers/, each with its default
    # features; W1-W3 only).
    "reqwest-blocking": "peer: reqwest::blocking::Client (reused), requests one after another on the "
                        "caller thread; reqwest runs them on a tokio runtime thread of its own (W1)",
    "reqwest-async": "peer: reqwest::Client (reused) on a tokio multi-thread runtime, as #[tokio::main] "
                     "builds it (1 worker thread: available_parallelism under the pinning); W1 "
                     "sequential awaits in the main future, W2/W3 a JoinSet of spawned requests kept "
                     "at 64 (hyper, rustls with aws-lc-rs, h2 by ALPN)",
    "isahc": "peer: isahc::HttpClient (reused) on its own libcurl (curl-sys from crates.io, TLS "
             "rustls-ffi; its agent thread drives a curl multi): W1 the blocking send one after "
             "another, W2/W3 the async API, 64 futures in a FuturesUnordered (futures block_on)",
}
PEERS = ["reqwest-blocking", "reqwest-async", "isahc"]
ORDER = ["raw", "raw-hdrs", "raw-spec", "nethttp-cb", "nethttp-sync", "nethttp-thread", "nethttp-queue"] + PEERS
# Speed targets (x raw, medians): callbacks on the worker 0.95; the blocking call (on the
# caller's thread since issue 19) 0.97; cross-thread and queued 0.90.
SPEED_TARGET = {
    ("W1", "nethttp-cb"): 0.95, ("W2", "nethttp-cb"): 0.95, ("W3", "nethttp-cb"): 0.95,
    ("W4", "nethttp-cb"): 0.95, ("W1", "nethttp-sync"): 0.97, ("W2", "nethttp-thread"): 0.90,
    ("W1", "nethttp-queue"): 0.90, ("W2", "nethttp-queue"): 0.90, ("W3", "nethttp-queue"): 0.90,
    ("W4", "nethttp-queue"): 0.90,
}
CPU_TARGET = {("W%d" % i, "nethttp-cb"): 1.2 for i in range(1, 5)}


def parse(path):
    meta, rows = {}, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("# "):
                k, _, v = line[2:].partition(" ")
                meta[k] = v
            elif line.startswith("RESULT "):
                kv = dict(p.split("=", 1) for p in line.split()[1:])
                rows.append(kv)
            elif line.startswith("FAILED "):
                kv = dict(p.split("=", 1) for p in line.split()[1:])
                kv["crashed"] = "1"
                rows.append(kv)
    return meta, rows


def speed(w, r):
    """Higher is better: W1 requests/s (shown as us/request), W2/W3 req/s, W4 MiB/s, W5 1/s."""
    wall = float(r["wall_s"])
    if w == "W4":
        return int(r["bytes"]) / 2**20 / wall
    return int(r["n"]) / wall


def shown(w, v):
    if w == "W1":
        return "%.1f us" % (1e6 / v)
    if w in ("W2", "W3"):
        return "%s req/s" % format(round(v), ",")
    if w == "W4":
        return "%s MiB/s" % format(round(v), ",")
    return "%.2f s" % (10000 / v if v else 0)


def bare(w, v):
    """shown() without the unit, for min-max."""
    return shown(w, v).split()[0]


def main():
    results, out_md, out_png, findings = sys.argv[1:5]
    meta, rows = parse(results)
    groups = {}
    for r in rows:
        groups.setdefault((r["workload"], r["client"]), []).append(r)

    def good(rs):
        return [r for r in rs if "crashed" not in r and "failed" not in r and r["ok"] == r["n"]]

    # Per-round results, for paired ratios.
    per_round = {}
    for (w, c), rs in groups.items():
        for r in good(rs):
            per_round.setdefault((w, r.get("round")), {})[c] = r

    def paired_all(w, c, ref, key):
        """Per round: c's speed (or CPU per request) over ref's in the same round."""
        rs = []
        for (ww, _), d in per_round.items():
            if ww == w and c in d and ref in d:
                a, b = d[c], d[ref]
                if key == "speed":
                    rs.append(speed(w, a) / speed(w, b))
                else:
                    rs.append((float(a["cpu_s"]) / int(a["n"])) / (float(b["cpu_s"]) / int(b["n"])))
        return rs

    def paired(w, c, ref, key):
        """Median over the rounds of paired_all."""
        rs = paired_all(w, c, ref, key)
        return statistics.median(rs) if rs else None

    stats = {}
    for (w, c), rs in groups.items():
        ok = good(rs)
        s = {"runs": len(rs), "good": len(ok)}
        if ok:
            sp = [speed(w, r) for r in ok]
            cpu = [float(r["cpu_s"]) / int(r["n"]) for r in ok]
            peak = [int(r["peak_rss_kib"]) for r in ok]
            above = [max(0, int(r["peak_rss_kib"]) - int(r["base_rss_kib"])) / int(r["n"]) for r in ok]
            wall = [float(r["wall_s"]) for r in ok]
            s.update(speed=statistics.median(sp), smin=min(sp), smax=max(sp),
                     cpu=statistics.median(cpu), cmin=min(cpu), cmax=max(cpu),
                     peak=statistics.median(peak), above=statistics.median(above),
                     wall=statistics.median(wall), wmin=min(wall), wmax=max(wall))
        stats[(w, c)] = s

    lines = []
    add = lines.append
    add("# Benchmarks: nethttp through its C ABI vs raw libcurl%s" % (
        " and the Rust clients reqwest and isahc" if any(c in PEERS for _, c in groups) else ""))
    add("")
    add("Generated by `bench/run.sh` (see [bench/](bench/)); do not edit the tables by hand.")
    add("")
    add("| | |")
    add("|---|---|")
    add("| run | %s, %s rounds, interleaved (A B C, then C B A, ...) |" % (meta.get("date", "?"), meta.get("rounds", "?")))
    if meta.get("scale", "1") != "1":
        add("| scale | **request counts divided by %s** (BENCH_SCALE): not the benchmark's workloads |" % meta["scale"])
    add("| machine | %s, kernel %s |" % (meta.get("cpu", "?"), meta.get("kernel", "?")))
    add("| pinning | nginx (1 worker) on CPU 0, the client process (all its threads) on CPU 1 (taskset) |")
    add("| libcurl | %s, curl-sys's bundled static build (nghttp2, system OpenSSL): the raw client links the same libcurl.a that is inside libnethttp |" % meta.get("libcurl", "?"))
    add("| nginx | %s, access_log off, keep-alive 600 s |" % meta.get("nginx", "?"))
    add("| nethttp | commit %s, release build |" % meta.get("nethttp", "?"))
    if "peers" in meta:
        add("| peers | %s; release build of bench/peers/, default features |" % meta["peers"])
    add("")
    add("Workloads:")
    add("")
    for w, d in WORKLOADS.items():
        add("- **%s** %s" % (w, d))
    add("")
    add("Clients:")
    add("")
    for c, d in CLIENTS.items():
        add("- `%s`: %s" % (c, d))
    add("")
    add("## Results")
    add("")
    add("Medians over the rounds (min–max in brackets). *× raw*: throughput relative to raw libcurl "
        "(higher is better), paired: the median over the rounds of this client's result divided by "
        "raw's in the same round (the two ran next to each other; this machine's slow stretches "
        "move whole rounds); *× spec*: relative to `raw-spec`, raw libcurl doing the same "
        "libcurl-side work as nethttp, so what it shows is nethttp's own cost; *CPU × raw*: CPU time "
        "per request (user + system, every thread of the process, getrusage) relative to raw's "
        "(lower is better). *vs raw* / *vs spec*: the target met against raw libcurl / against "
        "`raw-spec` (same target numbers; CPU against raw-spec's CPU).")
    add("")
    add("| workload | client | throughput | × raw | × spec | CPU per request | CPU × raw | peak RSS | target | vs raw | vs spec |")
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    verdicts, spec_verdicts = [], []
    for w in WORKLOADS:
        raw = stats.get((w, "raw"), {})
        rspec = stats.get((w, "raw-spec"), {})
        for c in ORDER:
            s = stats.get((w, c))
            if not s:
                continue
            if "speed" not in s:
                add("| %s | %s | **failed** (%d of %d runs) | | | | | | | ✗ | ✗ |" % (w, c, s["runs"] - s["good"], s["runs"]))
                verdicts.append(False)
                spec_verdicts.append(False)
                continue
            ratio = paired(w, c, "raw", "speed")
            cratio = paired(w, c, "raw", "cpu")
            ratio = float("nan") if ratio is None else ratio
            cratio = float("nan") if cratio is None else cratio
            sratio = paired(w, c, "raw-spec", "speed") if rspec.get("speed") else None
            scratio = paired(w, c, "raw-spec", "cpu") if rspec.get("cpu") else None
            if w == "W5":
                thr = "%.2f s (%.2f–%.2f)" % (s["wall"], s["wmin"], s["wmax"])
            else:
                lo, hi = (s["smax"], s["smin"]) if w == "W1" else (s["smin"], s["smax"])
                thr = "%s (%s–%s)" % (shown(w, s["speed"]), bare(w, lo), bare(w, hi))
            cpu = "%.1f us (%.1f–%.1f)" % (s["cpu"] * 1e6, s["cmin"] * 1e6, s["cmax"] * 1e6)
            if w == "W4":
                cpu = "%.3f s (%.3f–%.3f)" % (s["cpu"], s["cmin"], s["cmax"])
            peak = "%.1f MiB" % (s["peak"] / 1024)
            if w == "W5":
                peak += ", %.1f KiB/request above idle" % s["above"]
            tgt, ok, sok = [], True, sratio is not None
            if not c.startswith("raw"):
                if (w, c) in SPEED_TARGET:
                    t = SPEED_TARGET[(w, c)]
                    tgt.append("≥ %.2f×" % t)
                    ok &= ratio >= t
                    sok &= sratio is not None and sratio >= t
                if (w, c) in CPU_TARGET:
                    t = CPU_TARGET[(w, c)]
                    tgt.append("CPU ≤ %.1f×" % t)
                    ok &= cratio <= t
                    sok &= scratio is not None and scratio <= t
                if w == "W4":
                    tgt.append("RSS < 16 MiB")
                    ok &= s["peak"] < 16 * 1024
                if w == "W5":
                    tgt.append("all done, < 32 KiB/req")
                    ok &= s["good"] == s["runs"] and s["above"] < 32
            if s["good"] != s["runs"]:
                ok = sok = False
            if w in ("W4", "W5"):
                sok = ok  # no raw-spec client: nothing of the spec's per-request work to separate
            mark = "" if not tgt else ("✓" if ok else "✗")
            smark = "" if not tgt else ("✓" if sok else "✗")
            if tgt:
                verdicts.append(ok)
                spec_verdicts.append(sok)
            add("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                w, c, thr, "1.00" if c == "raw" else "%.2f" % ratio,
                "" if sratio is None or c.startswith("raw") and c != "raw-spec" or c in PEERS
                else "%.2f" % sratio,
                cpu, "1.00" if c == "raw" else "%.2f" % cratio, peak, ", ".join(tgt), mark, smark))
    add("")
    add("Targets met against raw libcurl: **%d of %d**; against `raw-spec` (nethttp's own cost; "
        "W4 and W5 against raw): **%d of %d**." % (sum(verdicts), len(verdicts),
                                                   sum(spec_verdicts), len(spec_verdicts)))
    add("")
    add("![throughput relative to raw libcurl](bench/%s)" % os.path.basename(out_png))
    add("")
    with open(findings) as f:
        add(f.read().rstrip())
    add("")
    add("<details><summary>Raw results of this run</summary>")
    add("")
    add("```")
    with open(results) as f:
        add(f.read().rstrip())
    add("```")
    add("</details>")
    # What follows the HTTP part stays as it was: the WebSocket section (bench/ws_run.sh) and
    # every section after it (sockets, TLS sockets, lookups: their own scripts; notes).
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import ws_splice
    try:
        old = open(out_md).read()
        start = old.find(ws_splice.BEGIN)
        kept = old[start:].rstrip() if start >= 0 else None
    except FileNotFoundError:
        kept = None
    if kept:
        add("")
        add(kept)
    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")

    # Chart: throughput and CPU per request relative to raw, per workload and client.
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    present = {c for _, c in groups}
    clients = [c for c in ORDER if c != "raw" and c in present]
    colors = {"raw-hdrs": "#bbbbbb", "raw-spec": "#777777", "nethttp-cb": "#1f77b4", "nethttp-sync": "#ff7f0e", "nethttp-thread": "#2ca02c",
              "nethttp-queue": "#9467bd", "reqwest-blocking": "#d62728", "reqwest-async": "#e377c2",
              "isahc": "#8c564b"}
    width = 0.8 / len(clients)
    for ax, key, title in ((axes[0], "speed", "throughput × raw libcurl (higher is better)"),
                           (axes[1], "cpu", "CPU per request × raw libcurl (lower is better)")):
        for i, c in enumerate(clients):
            xs, ys, lo, hi = [], [], [], []
            for j, w in enumerate(WORKLOADS):
                rs = paired_all(w, c, "raw", key)
                if not rs:
                    continue
                v, vmin, vmax = statistics.median(rs), min(rs), max(rs)
                xs.append(j + (i - (len(clients) - 1) / 2) * width)
                ys.append(v)
                lo.append(v - vmin)
                hi.append(vmax - v)
            if xs:
                ax.bar(xs, ys, width, yerr=[lo, hi], capsize=2, label=c, color=colors[c])
        ax.axhline(1.0, color="black", linewidth=0.8)
        if key == "speed":
            ax.axhline(0.95, color="gray", linestyle="--", linewidth=0.8)
            ax.axhline(0.90, color="gray", linestyle=":", linewidth=0.8)
        else:
            ax.axhline(1.2, color="gray", linestyle="--", linewidth=0.8)
        ax.set_xticks(range(len(WORKLOADS)))
        ax.set_xticklabels(list(WORKLOADS))
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
    # Below the plots, where no bar is (nine clients fill W1's group).
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="lower center", ncol=len(labels))
    fig.suptitle("nethttp (C ABI)%s vs raw libcurl %s — medians of per-round ratios, min–max bars"
                 % (" and peers" if present & set(PEERS) else "", meta.get("libcurl", "")),
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(out_png, dpi=110)


if __name__ == "__main__":
    main()
