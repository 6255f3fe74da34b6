#!/usr/bin/env python3
"""Raw-socket WS server on 127.0.0.1:PORT for the "frame coalesced with the 101" case:
it writes the 101 response AND a text frame "coalesced-frame" in ONE send(), then echoes
unmasked copies of whatever frames arrive (tiny parser, no fragmentation support)."""
import socket, sys, base64, hashlib, threading
PORT = int(sys.argv[1])
def log(*a): print(f"[raw:{PORT}]", *a, flush=True)
def frame(op, payload): 
    n = len(payload); assert n < 126
    return bytes([0x80 | op, n]) + payload
def serve(c):
    data = b""
    while b"\r\n\r\n" not in data:
        d = c.recv(4096)
        if not d: return
        data += d
    key = [l.split(b":",1)[1].strip() for l in data.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key")][0]
    acc = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    resp = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + acc + b"\r\n\r\n")
    c.sendall(resp + frame(1, b"coalesced-frame") + frame(9, b"early-ping"))
    log("sent 101 + text frame + ping in one write")
    buf = b""
    while True:
        d = c.recv(4096)
        if not d: log("client closed TCP"); return
        buf += d
        while len(buf) >= 6:
            b0, b1 = buf[0], buf[1]; n = b1 & 0x7f; assert n < 126
            if len(buf) < 6 + n: break
            mask = buf[2:6]; p = bytes(x ^ mask[i % 4] for i, x in enumerate(buf[6:6+n])); buf = buf[6+n:]
            log("got opcode", b0 & 0xf, p)
            if (b0 & 0xf) == 8: c.sendall(frame(8, p)); c.close(); return
            if (b0 & 0xf) in (1, 2): c.sendall(frame(b0 & 0xf, p))
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", PORT)); s.listen(8); log("listening")
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
