//! In-process TCP fault proxy for soak tests: listens on 127.0.0.1 and relays every accepted
//! connection to one upstream address (tests/ffi.rs gives it nginx's HTTP/1.1 port), with a
//! fault chosen per connection. It knows nothing of HTTP: faults count the bytes going
//! downstream (upstream → client), so they land anywhere in a response (status line, headers,
//! body, between two keep-alive responses) or before it.
//!
//! One mix on one port. Connection number `n` (from 1) draws its fault and parameters from a
//! xorshift64* generator seeded with `SEED ^ n` (so a given connection number always gets the
//! same fault; which request rides on which connection depends on the client's timing):
//!
//! | share | fault | what happens |
//! |---|---|---|
//! | 40% | pass | relays both ways untouched |
//! | 15% | reset | after N downstream bytes: SO_LINGER 0, close both sockets (the client sees RST) |
//! | 15% | truncate | after N downstream bytes: clean close (FIN) of both sockets |
//! | 10% | stall | after N downstream bytes: stops relaying, keeps both sockets open until the client goes away or `STALL_CAP` passes, then closes (FIN) |
//! | 20% | delay | relays downstream in chunks of 1-16 KiB with 1-8 ms between them |
//!
//! N (downstream bytes before the fault): a third each from 0..=400 (before or inside the
//! first response head), 0..=150000 and 0..=1200000 (inside or after a body of nginx's files;
//! past the first response it hits a later one on the kept-alive connection).
//!
//! Bounds: a connection idle both ways for `IDLE_CAP` is closed (FIN), as a middlebox would,
//! so kept-alive connections do not outlive a test; every connection is closed after
//! `LIFETIME_CAP` whatever it does; a downstream write blocked for `WRITE_CAP` ends it.
//! Connecting upstream failing closes the client's connection at once (FIN). Dropping the
//! [`FaultProxy`] stops accepting, shuts every open connection down and waits (at most 5 s)
//! for the connection threads to end; it prints one line of counts when any connection came.

use crate::fault_server::set_linger_zero;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const IDLE_CAP: Duration = Duration::from_secs(2);
const STALL_CAP: Duration = Duration::from_secs(3);
const LIFETIME_CAP: Duration = Duration::from_secs(10);
const WRITE_CAP: Duration = Duration::from_secs(5);
const CONNECT_CAP: Duration = Duration::from_secs(2);
/// How often a connection thread looks at the stop flag and its deadlines.
const TICK_MS: i32 = 50;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    Pass,
    Reset,
    Truncate,
    Stall,
    Delay,
}

const FAULTS: [Fault; 5] = [
    Fault::Pass,
    Fault::Reset,
    Fault::Truncate,
    Fault::Stall,
    Fault::Delay,
];

pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    upstream: SocketAddr,
    stop: AtomicBool,
    accepted: AtomicU64,
    /// Per fault, in the order of `FAULTS`.
    chosen: [AtomicU64; 5],
    /// Connection threads still running.
    live: AtomicUsize,
    /// Clones of the open client-side and upstream sockets, so that stopping can shut them down.
    open: Mutex<HashMap<u64, Vec<TcpStream>>>,
}

impl FaultProxy {
    /// Binds 127.0.0.1 on an ephemeral port and starts relaying to `upstream`.
    pub fn start(upstream: SocketAddr) -> io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            upstream,
            stop: AtomicBool::new(false),
            accepted: AtomicU64::new(0),
            chosen: Default::default(),
            live: AtomicUsize::new(0),
            open: Mutex::new(HashMap::new()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("fault-proxy-accept".into())
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(FaultProxy {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor blocked in accept().
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        for (_, socks) in self.shared.open.lock().unwrap().drain() {
            for s in socks {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
        // Connection threads see the stop flag within a tick; they own nothing of ours.
        let until = Instant::now() + Duration::from_secs(5);
        while self.shared.live.load(Ordering::SeqCst) > 0 && Instant::now() < until {
            thread::sleep(Duration::from_millis(10));
        }
        let accepted = self.shared.accepted.load(Ordering::SeqCst);
        if accepted > 0 {
            let counts: Vec<String> = FAULTS
                .iter()
                .zip(&self.shared.chosen)
                .map(|(f, n)| format!("{f:?} {}", n.load(Ordering::SeqCst)))
                .collect();
            println!(
                "ffi: fault proxy: {accepted} connections ({}), {} threads left",
                counts.join(", "),
                self.shared.live.load(Ordering::SeqCst)
            );
        }
    }
}

/// xorshift64* (Vigna): small, no crate, good enough to pick faults.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed | 1);
        for _ in 0..4 {
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform enough in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// What one connection does, drawn from its generator.
struct Plan {
    fault: Fault,
    /// Downstream bytes relayed before the fault (reset, truncate, stall).
    after: u64,
    /// Delay: chunk size and pause.
    chunk: usize,
    pause: Duration,
}

fn plan(index: u64) -> Plan {
    let mut r = Rng::new(SEED ^ index.wrapping_mul(0x1000_0000_01b3));
    let fault = match r.range(0, 99) {
        0..=39 => Fault::Pass,
        40..=54 => Fault::Reset,
        55..=69 => Fault::Truncate,
        70..=79 => Fault::Stall,
        _ => Fault::Delay,
    };
    let after = match r.range(0, 2) {
        0 => r.range(0, 400),
        1 => r.range(0, 150_000),
        _ => r.range(0, 1_200_000),
    };
    Plan {
        fault,
        after,
        chunk: r.range(1024, 16 * 1024) as usize,
        pause: Duration::from_millis(r.range(1, 8)),
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(client) = stream else { continue };
        let index = shared.accepted.fetch_add(1, Ordering::SeqCst) + 1;
        shared.live.fetch_add(1, Ordering::SeqCst);
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("fault-proxy-{index}"))
            .spawn(move || {
                let _ = relay(client, index, &conn_shared);
                conn_shared.open.lock().unwrap().remove(&index);
                conn_shared.live.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            shared.live.fetch_sub(1, Ordering::SeqCst);
            eprintln!("fault proxy: cannot spawn a connection thread");
        }
    }
}

/// poll(2) for readability of up to two sockets; returns (first readable, second readable).
/// Errors and hang-ups count as readable (the read then tells).
fn poll_readable(a: Option<&TcpStream>, b: Option<&TcpStream>, ms: i32) -> (bool, bool) {
    let fd = |s: Option<&TcpStream>| s.map_or(-1, |s| s.as_raw_fd());
    let mut fds = [
        libc::pollfd {
            fd: fd(a),
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: fd(b),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // SAFETY: fds is a valid array of two pollfd; negative fds are ignored by poll.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
    if n <= 0 {
        return (false, false);
    }
    (fds[0].revents != 0, fds[1].revents != 0)
}

/// How a connection ends.
enum End {
    /// FIN both ways.
    Close,
    /// RST to the client.
    Reset,
}

fn relay(client: TcpStream, index: u64, shared: &Shared) -> io::Result<()> {
    let p = plan(index);
    shared.chosen[FAULTS.iter().position(|f| *f == p.fault).unwrap_or(0)]
        .fetch_add(1, Ordering::SeqCst);
    let upstream = match TcpStream::connect_timeout(&shared.upstream, CONNECT_CAP) {
        Ok(u) => u,
        Err(e) => {
            let _ = client.shutdown(Shutdown::Both);
            return Err(e);
        }
    };
    {
        let mut open = shared.open.lock().unwrap();
        open.insert(index, vec![client.try_clone()?, upstream.try_clone()?]);
    }
    client.set_nodelay(true)?;
    upstream.set_nodelay(true)?;
    client.set_write_timeout(Some(WRITE_CAP))?;
    upstream.set_write_timeout(Some(WRITE_CAP))?;
    let end = pump(&client, &upstream, &p, shared);
    if matches!(end, End::Reset) {
        set_linger_zero(&client);
    } else {
        let _ = client.shutdown(Shutdown::Both);
    }
    let _ = upstream.shutdown(Shutdown::Both);
    Ok(())
}

fn pump(client: &TcpStream, upstream: &TcpStream, p: &Plan, shared: &Shared) -> End {
    let born = Instant::now();
    let mut last_io = born;
    let mut stalled_at: Option<Instant> = None;
    let mut sent_down: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    let faulty = matches!(p.fault, Fault::Reset | Fault::Truncate | Fault::Stall);
    loop {
        if shared.stop.load(Ordering::SeqCst) || born.elapsed() >= LIFETIME_CAP {
            return End::Close;
        }
        if let Some(t) = stalled_at {
            if t.elapsed() >= STALL_CAP {
                return End::Close;
            }
        } else if last_io.elapsed() >= IDLE_CAP {
            return End::Close;
        }
        if faulty && stalled_at.is_none() && sent_down >= p.after {
            match p.fault {
                Fault::Reset => return End::Reset,
                Fault::Truncate => return End::Close,
                _ => stalled_at = Some(Instant::now()),
            }
        }
        // While stalled only the client is watched (for it going away).
        let up = if stalled_at.is_some() {
            None
        } else {
            Some(upstream)
        };
        let (from_client, from_up) = poll_readable(Some(client), up, TICK_MS);
        if from_client {
            match (&*client).read(&mut buf) {
                Ok(0) | Err(_) => return End::Close,
                Ok(n) => {
                    last_io = Instant::now();
                    if stalled_at.is_none() && (&*upstream).write_all(&buf[..n]).is_err() {
                        return End::Close;
                    }
                }
            }
        }
        if from_up && stalled_at.is_none() {
            // Never past the fault point in one read.
            let mut want = buf.len();
            if faulty {
                want = want.min((p.after - sent_down) as usize).max(1);
            }
            if p.fault == Fault::Delay {
                want = want.min(p.chunk);
            }
            match (&*upstream).read(&mut buf[..want]) {
                Ok(0) | Err(_) => return End::Close,
                Ok(n) => {
                    last_io = Instant::now();
                    if p.fault == Fault::Delay {
                        thread::sleep(p.pause);
                    }
                    if (&*client).write_all(&buf[..n]).is_err() {
                        return End::Close;
                    }
                    sent_down += n as u64;
                }
            }
        }
    }
}
