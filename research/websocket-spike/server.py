#!/usr/bin/env python3
"""Tiny WebSocket test server for the libcurl spike. 127.0.0.1 only.
usage: server.py PORT [deflate]
Paths: /echo  echo everything
       /greet send text "hello-from-server" right after the handshake, then echo
       /ping  send PING b"ping-123", wait up to 3 s for PONG, then send text "pong-ok"/"pong-timeout", then echo
       /frag  send a text message in 3 fragments, then a 100-byte binary frame, then echo
       /close send CLOSE 4001 "bye" and log whether the client replied with CLOSE
       /abort after first message, transport.abort()
       /rst   after first message, SO_LINGER 0 + close -> TCP RST
       /http  (no upgrade) plain HTTP 200 body, for a concurrent transfer
"""
import asyncio, sys, socket, struct, logging
from http import HTTPStatus
from websockets.asyncio.server import serve
from websockets.frames import Frame, Opcode

PORT = int(sys.argv[1])
DEFLATE = len(sys.argv) > 2 and sys.argv[2] == "deflate"
def log(*a): print(f"[srv:{PORT}]", *a, flush=True)

async def echo(ws):
    async for m in ws:
        log("echo", repr(m)[:80])
        await ws.send(m)

async def handler(ws):
    p = ws.request.path
    log("connected", p, "extensions:", [e.name for e in ws.protocol.extensions])
    try:
        if p == "/greet":
            await ws.send("hello-from-server")
            await echo(ws)
        elif p == "/ping":
            w = await ws.ping(b"ping-123")
            try:
                lat = await asyncio.wait_for(w, 3)
                log("got PONG, latency", lat); await ws.send("pong-ok")
            except asyncio.TimeoutError:
                log("PONG timeout"); await ws.send("pong-timeout")
            await echo(ws)
        elif p == "/frag":
            await ws.send(["abc", "defghij", "klmnop"])
            await ws.send(bytes(range(100)))
            await echo(ws)
        elif p == "/close":
            await ws.close(4001, "bye")
            log("close done: rcvd=", ws.protocol.close_rcvd, "rcvd_then_sent=", ws.protocol.close_rcvd_then_sent)
        elif p == "/abort":
            m = await ws.recv(); log("got", m, "-> abort")
            ws.transport.abort()
        elif p == "/rst":
            m = await ws.recv(); log("got", m, "-> RST")
            s = ws.transport.get_extra_info("socket")
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            ws.transport.abort()
        else:
            await echo(ws)
    except Exception as e:
        log("handler exit:", type(e).__name__, e)
    log("closed", p, "code", ws.close_code, "reason", ws.close_reason)

def process_request(conn, req):
    if req.path == "/http":
        return conn.respond(HTTPStatus.OK, "plain-http-body\n")

async def main():
    async with serve(handler, "127.0.0.1", PORT, process_request=process_request,
                     compression="deflate" if DEFLATE else None, ping_interval=None, close_timeout=2, max_size=None) as s:
        log("listening deflate=", DEFLATE)
        await s.serve_forever()
asyncio.run(main())
