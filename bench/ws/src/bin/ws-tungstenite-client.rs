//! The independent peer of bench/ws_run.sh: the WebSocket workloads on tungstenite's blocking
//! client, printing the same RESULT line as bench/ws_raw_client.c and bench/ws_nethttp_client.c.
//!
//!   ws-tungstenite-client WORKLOAD N WARMUP URL
//!
//! WORKLOAD rtt32 (one 32-byte binary message at a time), tput1k or tput64k (1 KiB / 64 KiB
//! binary messages, 16 in flight: each echo received lets the next message go). WARMUP
//! messages of the same kind run first on the same connection; then N are measured. The
//! natural blocking pattern: write + flush each message, read the echoes one by one.
//! Exit status 0 only when every echo came back whole.
use std::io;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Bytes, Message, WebSocket};

struct Mark {
    t: Instant,
    ru: libc::rusage,
    rss_kib: i64,
}

fn rss_kib() -> i64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: i64 = s.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
    pages * (unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64 / 1024)
}

fn mark() -> Mark {
    let rss = rss_kib();
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    Mark { t: Instant::now(), ru, rss_kib: rss }
}

fn tv(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

fn parse_hostport(url: &str) -> Option<String> {
    let rest = url.strip_prefix("ws://")?;
    let hp = rest.split('/').next()?;
    Some(if hp.contains(':') { hp.to_string() } else { format!("{hp}:80") })
}

/// Sends n messages of `payload` with up to k in flight; returns (echoes ok, bytes received).
fn phase(ws: &mut WebSocket<TcpStream>, payload: &Bytes, n: u64, k: u64) -> io::Result<(u64, u64)> {
    let err = |e: tungstenite::Error| io::Error::other(e.to_string());
    let (mut sent, mut recv, mut ok, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    while sent < k.min(n) {
        ws.write(Message::Binary(payload.clone())).map_err(err)?;
        sent += 1;
    }
    ws.flush().map_err(err)?;
    while recv < n {
        match ws.read().map_err(err)? {
            Message::Binary(b) => {
                recv += 1;
                bytes += b.len() as u64;
                if b.len() == payload.len() {
                    ok += 1;
                }
                if sent < n {
                    ws.send(Message::Binary(payload.clone())).map_err(err)?; // write + flush
                    sent += 1;
                }
            }
            Message::Text(_) => recv += 1, // counted, not ok
            Message::Close(_) => return Err(io::Error::other("server closed")),
            _ => {}
        }
    }
    Ok((ok, bytes))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: ws-tungstenite-client WORKLOAD N WARMUP URL");
        std::process::exit(2);
    }
    let (workload, url) = (args[1].as_str(), args[4].as_str());
    let n: u64 = args[2].parse().expect("N");
    let warm: u64 = args[3].parse().expect("WARMUP");
    let (size, k) = match workload {
        "rtt32" => (32usize, 1u64),
        "tput1k" => (1024, 16),
        "tput64k" => (65536, 16),
        _ => {
            eprintln!("ws-tungstenite-client: unknown workload {workload}");
            std::process::exit(2);
        }
    };
    let addr = parse_hostport(url).unwrap_or_else(|| {
        eprintln!("ws-tungstenite-client: only ws://host:port/ URLs");
        std::process::exit(2);
    });
    let stream = TcpStream::connect(&addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let config = WebSocketConfig::default().max_message_size(Some(256 << 20));
    let (mut ws, _resp) = tungstenite::client::client_with_config(url, stream, Some(config))
        .unwrap_or_else(|e| {
            eprintln!("ws-tungstenite-client: handshake: {e}");
            std::process::exit(1);
        });
    let payload = Bytes::from((0..size).map(|i| (i * 7 + 1) as u8).collect::<Vec<u8>>());

    match phase(&mut ws, &payload, warm, k) {
        Ok((ok, _)) if ok == warm => {}
        r => {
            eprintln!("ws-tungstenite-client: warm-up failed: {r:?}");
            std::process::exit(1);
        }
    }
    let a = mark();
    let r = phase(&mut ws, &payload, n, k);
    let b = mark();
    let (ok, bytes) = r.unwrap_or_else(|e| {
        eprintln!("ws-tungstenite-client: {e}");
        (0, 0)
    });
    let wall = (b.t - a.t).as_secs_f64();
    let user = tv(b.ru.ru_utime) - tv(a.ru.ru_utime);
    let sys = tv(b.ru.ru_stime) - tv(a.ru.ru_stime);
    println!(
        "RESULT workload={workload} client=tungstenite n={n} ok={ok} bytes={bytes} wall_s={wall:.6} \
         cpu_s={:.6} user_s={user:.6} sys_s={sys:.6} base_rss_kib={} peak_rss_kib={} vcsw={} ivcsw={}",
        user + sys,
        a.rss_kib,
        b.ru.ru_maxrss,
        b.ru.ru_nvcsw - a.ru.ru_nvcsw,
        b.ru.ru_nivcsw - a.ru.ru_nivcsw
    );
    let _ = ws.close(None);
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if ws.read().is_err() {
            break;
        }
    }
    std::process::exit(if ok == n { 0 } else { 1 });
}
