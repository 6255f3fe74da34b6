//! The clients a user would pick instead of nethttp, as bench/run.sh peers: the same command
//! line as bench/raw_client.c and bench/nethttp_client.c, the same RESULT line
//! (bench/bench_common.h), measured the same way (only the workload phase: CLOCK_MONOTONIC wall
//! time, getrusage RUSAGE_SELF for every thread, resident set before the phase, peak).
//!
//! usage: peers_client MODE WORKLOAD URL N INFLIGHT WARMUP_N WARMUP_URL [CAFILE]
//!   MODE:
//!   reqwest-blocking  reqwest::blocking::Client (reused), one request after another on the
//!                     calling thread (reqwest runs its own tokio runtime on a thread of its own).
//!                     INFLIGHT must be 1.
//!   reqwest-async     reqwest::Client (reused) on a tokio multi-thread runtime, what
//!                     #[tokio::main] gives (worker threads: available_parallelism, 1 under the
//!                     bench's taskset). INFLIGHT 1: sequential awaits in the main future;
//!                     otherwise a JoinSet of spawned requests kept at INFLIGHT.
//!                     PEERS_TOKIO=current_thread: a current-thread runtime instead (a profiling
//!                     aid, not a bench client; the requests then run on the one thread).
//!   isahc             isahc::HttpClient (reused; its own libcurl, its agent thread driving a
//!                     curl multi). INFLIGHT 1: the blocking send (HttpClient::get), one after
//!                     another; otherwise the async API (get_async), INFLIGHT futures in a
//!                     FuturesUnordered polled by futures::executor::block_on.
//!   Every request is checked: status 200, a Content-Length header, and a body of that length;
//!   the body is read in full (bytes()), as an application would. CAFILE (https) becomes the
//!   only trusted root. Exit status 0 only when every request succeeded.

use std::fmt::Display;
use std::io::Write;
use std::process::exit;
use std::time::Instant;

struct Mark {
    t: Instant,
    ru: libc::rusage,
    rss_kib: i64,
}

fn rss_kib() -> i64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let resident: i64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    resident * (unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64 / 1024)
}

fn mark() -> Mark {
    let rss_kib = rss_kib();
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    Mark {
        t: Instant::now(),
        ru,
        rss_kib,
    }
}

fn tv(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

fn report(workload: &str, client: &str, n: u64, o: &Outcome, a: &Mark, b: &Mark) {
    let wall = b.t.duration_since(a.t).as_secs_f64();
    let user = tv(b.ru.ru_utime) - tv(a.ru.ru_utime);
    let sys = tv(b.ru.ru_stime) - tv(a.ru.ru_stime);
    println!(
        "RESULT workload={} client={} n={} ok={} bytes={} wall_s={:.6} cpu_s={:.6} user_s={:.6} \
         sys_s={:.6} base_rss_kib={} peak_rss_kib={} vcsw={} ivcsw={}",
        workload,
        client,
        n,
        o.ok,
        o.bytes,
        wall,
        user + sys,
        user,
        sys,
        a.rss_kib,
        b.ru.ru_maxrss,
        b.ru.ru_nvcsw - a.ru.ru_nvcsw,
        b.ru.ru_nivcsw - a.ru.ru_nivcsw
    );
    let _ = std::io::stdout().flush();
}

#[derive(Default)]
struct Outcome {
    ok: u64,
    failed: u64,
    bytes: u64,
    h2: u64, // responses over HTTP/2 (stderr, after the RESULT line: W3 must be all of them)
}

impl Outcome {
    /// Counts one finished request: Ok(body length) when its status, Content-Length and body
    /// were right, Err(why) otherwise (the first five failures are printed).
    fn count(&mut self, url: &str, r: Result<(u64, bool), String>) {
        match r {
            Ok((len, h2)) => {
                self.ok += 1;
                self.bytes += len;
                self.h2 += h2 as u64;
            }
            Err(e) => {
                self.failed += 1;
                if self.failed <= 5 {
                    eprintln!("peers_client: {url}: {e}");
                }
            }
        }
    }
}

/// The checks every request gets: 200, a Content-Length, and a body of exactly that length.
/// Also returns whether the response came over HTTP/2.
fn check(
    status: u16,
    version: http::Version,
    content_length: Option<&http::HeaderValue>,
    body_len: usize,
) -> Result<(u64, bool), String> {
    if status != 200 {
        return Err(format!("HTTP {status}"));
    }
    let want: u64 = content_length
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| "no Content-Length".to_string())?;
    if body_len as u64 != want {
        return Err(format!("body of {body_len} bytes, Content-Length {want}"));
    }
    Ok((want, version == http::Version::HTTP_2))
}

/// An error with its chain of causes on one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

fn die(what: impl Display) -> ! {
    eprintln!("peers_client: {what}");
    exit(1)
}

fn number(s: &str, what: &str) -> u64 {
    s.parse().unwrap_or_else(|_| {
        eprintln!("bad {what}: {s}");
        exit(2)
    })
}

struct Args {
    mode: String,
    workload: String,
    url: String,
    n: u64,
    k: u64,
    warm: u64,
    warm_url: String,
    cafile: Option<String>,
}

/// Warm-up (connections established), then the measured phase; the RESULT line; exit status.
fn measure(args: &Args, mut run: impl FnMut(&str, u64, u64) -> Outcome) -> ! {
    let wk = args.warm.min(args.k);
    let w = run(&args.warm_url, args.warm, wk);
    if w.ok != args.warm {
        die(format_args!("warm-up: {} of {} succeeded", w.ok, args.warm));
    }
    let a = mark();
    let o = run(&args.url, args.n, args.k);
    let b = mark();
    report(&args.workload, &args.mode, args.n, &o, &a, &b);
    eprintln!("peers_client: {} of {} responses over HTTP/2", o.h2, o.ok);
    exit(if o.ok == args.n { 0 } else { 1 })
}

// --- reqwest ---------------------------------------------------------------------------------

fn reqwest_cert(cafile: &Option<String>) -> Option<reqwest::Certificate> {
    cafile.as_ref().map(|f| {
        let pem = std::fs::read(f).unwrap_or_else(|e| die(format_args!("{f}: {e}")));
        reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| die(format_args!("{f}: {e}")))
    })
}

fn reqwest_blocking(args: &Args) -> ! {
    if args.k != 1 {
        die("reqwest-blocking: one request at a time (INFLIGHT 1) only");
    }
    let mut b = reqwest::blocking::Client::builder();
    if let Some(c) = reqwest_cert(&args.cafile) {
        b = b.tls_certs_only([c]);
    }
    let client = b.build().unwrap_or_else(|e| die(chain(&e)));
    let one = |url: &str| -> Result<(u64, bool), String> {
        let r = client.get(url).send().map_err(|e| chain(&e))?;
        let (status, version) = (r.status().as_u16(), r.version());
        let cl = r.headers().get(http::header::CONTENT_LENGTH).cloned();
        let body = r.bytes().map_err(|e| chain(&e))?;
        check(status, version, cl.as_ref(), body.len())
    };
    measure(args, |url, n, _k| {
        let mut o = Outcome::default();
        for _ in 0..n {
            o.count(url, one(url));
        }
        o
    })
}

async fn reqwest_one(client: &reqwest::Client, url: &str) -> Result<(u64, bool), String> {
    let r = client.get(url).send().await.map_err(|e| chain(&e))?;
    let (status, version) = (r.status().as_u16(), r.version());
    let cl = r.headers().get(http::header::CONTENT_LENGTH).cloned();
    let body = r.bytes().await.map_err(|e| chain(&e))?;
    check(status, version, cl.as_ref(), body.len())
}

async fn reqwest_run(client: &reqwest::Client, url: &str, n: u64, k: u64) -> Outcome {
    let mut o = Outcome::default();
    if k <= 1 {
        for _ in 0..n {
            o.count(url, reqwest_one(client, url).await);
        }
        return o;
    }
    let mut set = tokio::task::JoinSet::new();
    let mut started = 0;
    let spawn = |set: &mut tokio::task::JoinSet<Result<(u64, bool), String>>| {
        let (c, u) = (client.clone(), url.to_string());
        set.spawn(async move { reqwest_one(&c, &u).await });
    };
    while started < k.min(n) {
        spawn(&mut set);
        started += 1;
    }
    while let Some(r) = set.join_next().await {
        o.count(url, r.unwrap_or_else(|e| Err(format!("task: {e}"))));
        if started < n {
            spawn(&mut set);
            started += 1;
        }
    }
    o
}

fn reqwest_async(args: &Args) -> ! {
    let rt = match std::env::var("PEERS_TOKIO").as_deref() {
        Ok("current_thread") => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
    }
    .unwrap_or_else(|e| die(e));
    let mut b = reqwest::Client::builder();
    if let Some(c) = reqwest_cert(&args.cafile) {
        b = b.tls_certs_only([c]);
    }
    let client = rt
        .block_on(async { b.build() })
        .unwrap_or_else(|e| die(chain(&e)));
    measure(args, |url, n, k| {
        rt.block_on(reqwest_run(&client, url, n, k))
    })
}

// --- isahc -----------------------------------------------------------------------------------

fn isahc_main(args: &Args) -> ! {
    use futures::stream::{FuturesUnordered, StreamExt};
    use isahc::config::Configurable;
    use isahc::{AsyncReadResponseExt, ReadResponseExt};

    let mut b = isahc::HttpClient::builder();
    if let Some(f) = &args.cafile {
        let tls = isahc::tls::TlsConfig::builder()
            .trust_store(isahc::tls::TrustStore::from_file(f))
            .build();
        b = b.tls_config(tls);
    }
    let client = b.build().unwrap_or_else(|e| die(chain(&e)));
    let blocking = |url: &str| -> Result<(u64, bool), String> {
        let mut r = client.get(url).map_err(|e| chain(&e))?;
        let body = r.bytes().map_err(|e| chain(&e))?;
        check(
            r.status().as_u16(),
            r.version(),
            r.headers().get(http::header::CONTENT_LENGTH),
            body.len(),
        )
    };
    let one = |url: String| {
        let client = &client;
        async move {
            let mut r = client
                .get_async(url.as_str())
                .await
                .map_err(|e| chain(&e))?;
            let body = r.bytes().await.map_err(|e| chain(&e))?;
            check(
                r.status().as_u16(),
                r.version(),
                r.headers().get(http::header::CONTENT_LENGTH),
                body.len(),
            )
        }
    };
    measure(args, |url, n, k| {
        let mut o = Outcome::default();
        if k <= 1 {
            for _ in 0..n {
                o.count(url, blocking(url));
            }
            return o;
        }
        futures::executor::block_on(async {
            let mut set = FuturesUnordered::new();
            let mut started = 0;
            while started < k.min(n) {
                set.push(one(url.to_string()));
                started += 1;
            }
            while let Some(r) = set.next().await {
                o.count(url, r);
                if started < n {
                    set.push(one(url.to_string()));
                    started += 1;
                }
            }
        });
        o
    })
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() < 8 || argv.len() > 9 {
        eprintln!(
            "usage: peers_client reqwest-blocking|reqwest-async|isahc WORKLOAD URL N INFLIGHT \
             WARMUP_N WARMUP_URL [CAFILE]"
        );
        exit(2);
    }
    let args = Args {
        mode: argv[1].clone(),
        workload: argv[2].clone(),
        url: argv[3].clone(),
        n: number(&argv[4], "N"),
        k: number(&argv[5], "INFLIGHT").max(1),
        warm: number(&argv[6], "WARMUP_N"),
        warm_url: argv[7].clone(),
        cafile: argv.get(8).cloned(),
    };
    match args.mode.as_str() {
        "reqwest-blocking" => reqwest_blocking(&args),
        "reqwest-async" => reqwest_async(&args),
        "isahc" => isahc_main(&args),
        m => {
            eprintln!("peers_client: unknown mode {m}");
            exit(2)
        }
    }
}
