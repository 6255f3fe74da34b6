//! The echo peer of bench/ws_run.sh: `ws-echo-server ADDR` (e.g. 127.0.0.1:23490).
//!
//! tungstenite, one thread per connection, no compression (no extension is negotiated),
//! messages up to 256 MiB. Each text or binary message is echoed with its type; pings are
//! answered (tungstenite queues the pong), a close is answered and ends the connection.
//! Prints "ready" once listening.
//!
//! So that the server is not what the benchmark measures, each connection runs non-blocking
//! after the handshake: it reads every message already received (tungstenite's 128 KiB read
//! buffer), queues each echo with `write`, and writes them out with one `flush` when nothing
//! more is readable; only then does it wait in poll(2) (for input, and for output while a
//! flush is incomplete).
use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::thread;

use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Error, Message};

const MAX: usize = 256 << 20;

fn would_block(e: &Error) -> bool {
    matches!(e, Error::Io(io) if io.kind() == io::ErrorKind::WouldBlock)
}

fn wait(fd: i32, out: bool) {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN | if out { libc::POLLOUT } else { 0 },
        revents: 0,
    };
    // 1 s at most: the loop then tries again (a dead peer shows up as an error or EOF).
    unsafe { libc::poll(&mut p, 1, 1000) };
}

fn serve(stream: TcpStream) -> Result<(), Error> {
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX))
        .max_frame_size(Some(MAX));
    let mut ws = tungstenite::accept_with_config(stream, Some(config))
        .map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
    ws.get_mut().set_nonblocking(true)?;
    let fd = ws.get_ref().as_raw_fd();
    let mut unflushed = false;
    loop {
        match ws.read() {
            Ok(m @ (Message::Text(_) | Message::Binary(_))) => {
                match ws.write(m) {
                    Ok(()) => {}
                    Err(e) if would_block(&e) => {} // queued; the flush below finishes it
                    Err(e) => return Err(e),
                }
                unflushed = true;
            }
            Ok(Message::Close(_)) | Ok(Message::Ping(_)) => unflushed = true, // reply queued
            Ok(_) => {}
            Err(e) if would_block(&e) => {
                let mut pending = false;
                if unflushed {
                    match ws.flush() {
                        Ok(()) => unflushed = false,
                        Err(e) if would_block(&e) => pending = true,
                        Err(Error::ConnectionClosed) => return Ok(()),
                        Err(e) => return Err(e),
                    }
                }
                wait(fd, pending);
            }
            Err(Error::ConnectionClosed) | Err(Error::AlreadyClosed) => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: ws-echo-server ADDR (e.g. 127.0.0.1:23490)");
        std::process::exit(2);
    });
    let listener = TcpListener::bind(&addr).unwrap_or_else(|e| {
        eprintln!("ws-echo-server: bind {addr}: {e}");
        std::process::exit(1);
    });
    println!("ready");
    io::stdout().flush().ok();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        thread::spawn(move || {
            if let Err(e) = serve(stream) {
                match e {
                    Error::Io(ref io) if io.kind() == io::ErrorKind::ConnectionReset => {}
                    Error::Protocol(_) => {} // e.g. a client that drops without closing
                    e => eprintln!("ws-echo-server: {e}"),
                }
            }
        });
    }
}
