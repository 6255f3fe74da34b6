#!/usr/bin/env python3
"""WebSocket echo server for the client tests (PyPI `websockets` >= 13, new asyncio API).

Started by tests/support/services.rs (NETHTTP_TEST_WS, NETHTTP_TEST_WSS, NETHTTP_TEST_WSS_MTLS)
with ports it picked, and by scripts/demo.sh. Listens on 127.0.0.1 only:

  ws://127.0.0.1:PORT/                  always
  wss://localhost:TLS_PORT/             with --tls-port, --cert and --key
  wss://localhost:MTLS_PORT/            with --mtls-port, --cert, --key and --ca: the same, but a
                                        client certificate signed by --ca is required (the TLS
                                        handshake fails without one)

Every listener: messages up to 64 MiB, permessage-deflate negotiated when the client offers it
(websockets' default: the response says server_max_window_bits=12; client_max_window_bits=12
when the offer allows it), no pings of its own, subprotocols "chat" and "superchat" (the first of
them the client offers, in the server's order; a client offering none or only others is
accepted without a subprotocol).

Behaviour by path (query parameters as shown):
  /                         echo every text/binary message back unchanged
  /close                    send the text "bye", then close with 4000 "test close"
  /headers                  send the request headers as one text message ("Name: value" lines
                            joined by \\n), then echo
  /protocol                 send the negotiated subprotocol ("" when none) as one text message,
                            then echo
  /extensions               send the response's Sec-WebSocket-Extensions value ("" when none) as
                            one text message, then echo
  /close-code?code=N&reason=R   close with code N and reason R right after the opening handshake
  /stream?n=N&size=S        send N binary messages of S bytes each (byte i = i % 256), then
                            wait for the client to close (its messages are ignored)
  anything else             like /

Prints one line "ready" to stdout once every listener accepts connections.
Usage: ws_echo.py [--host 127.0.0.1] [--port 18470] [--tls-port P --cert leaf.pem --key leaf.key]
                  [--mtls-port P --ca ca.pem]
Stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import signal
import ssl
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

MAX_SIZE = 64 * 1024 * 1024
SUBPROTOCOLS = ["chat", "superchat"]


def select_subprotocol(connection, offered):
    """The first of SUBPROTOCOLS the client offered; None (accepted, no subprotocol) otherwise."""
    for p in SUBPROTOCOLS:
        if p in offered:
            return p
    return None


async def echo(ws):
    async for msg in ws:  # ends when the client closes
        await ws.send(msg)


async def handler(ws):
    try:
        await behave(ws)
    except ConnectionClosed:
        pass  # the client went away without a close handshake: nothing to report


async def behave(ws):
    url = urlsplit(ws.request.path)
    path = url.path
    query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
    if path == "/close":
        await ws.send("bye")
        await ws.close(code=4000, reason="test close")
        return
    if path == "/close-code":
        await ws.close(code=int(query.get("code", "1000")), reason=query.get("reason", ""))
        return
    if path == "/stream":
        n = int(query.get("n", "1"))
        size = int(query.get("size", "1024"))
        block = bytes(i % 256 for i in range(min(size, 256)))
        data = (block * (size // 256 + 1))[:size]
        for _ in range(n):
            await ws.send(data)
        async for _ in ws:  # until the client closes
            pass
        return
    if path == "/headers":
        await ws.send("\n".join(f"{k}: {v}" for k, v in ws.request.headers.raw_items()))
    elif path == "/protocol":
        await ws.send(ws.subprotocol or "")
    elif path == "/extensions":
        await ws.send(ws.response.headers.get("Sec-WebSocket-Extensions", ""))
    await echo(ws)


def listen(host, port, tls=None):
    return serve(
        handler,
        host,
        port,
        ssl=tls,
        max_size=MAX_SIZE,
        compression="deflate",
        select_subprotocol=select_subprotocol,
        subprotocols=SUBPROTOCOLS,
        ping_interval=None,
    )


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=18470)
    ap.add_argument("--tls-port", type=int, default=18471)
    ap.add_argument("--mtls-port", type=int)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--ca")
    a = ap.parse_args()
    if a.mtls_port and not (a.cert and a.ca):
        ap.error("--mtls-port needs --cert, --key and --ca")
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, lambda: stop.done() or stop.set_result(None))
    servers = [await listen(a.host, a.port)]
    urls = [f"ws://{a.host}:{a.port}/"]
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        servers.append(await listen(a.host, a.tls_port, ctx))
        urls.append(f"wss://localhost:{a.tls_port}/")
    if a.mtls_port:
        mctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        mctx.load_cert_chain(a.cert, a.key)
        mctx.load_verify_locations(a.ca)
        mctx.verify_mode = ssl.CERT_REQUIRED
        servers.append(await listen(a.host, a.mtls_port, mctx))
        urls.append(f"wss://localhost:{a.mtls_port}/ (client certificate required)")
    print("ws echo on " + ", ".join(urls), flush=True)
    print("ready", flush=True)
    await stop
    for srv in servers:
        srv.close()
    for srv in servers:
        await srv.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
