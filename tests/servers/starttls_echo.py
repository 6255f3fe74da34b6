#!/usr/bin/env python3
"""A STARTTLS echo server for the TLS-upgrade test: plain text until the client sends
"STARTTLS\\n", then "OK\\n" and a TLS handshake on the same connection (server cert and key
from argv), then echoes every line it reads over TLS until the client closes.

    starttls_echo.py CERT KEY PORTFILE     (binds 127.0.0.1:0, writes the port to PORTFILE,
                                            serves one connection, exits; at most 30 s)
"""
import socket
import ssl
import sys

cert, key, portfile = sys.argv[1:4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
srv.settimeout(30)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
conn, _ = srv.accept()
conn.settimeout(30)
buf = b""
while not buf.endswith(b"STARTTLS\n"):
    b = conn.recv(1)
    if not b:
        sys.exit(1)
    buf += b
conn.sendall(b"OK\n")
tls = ctx.wrap_socket(conn, server_side=True)
while True:
    d = tls.recv(65536)
    if not d:
        break
    tls.sendall(d)
try:
    tls.unwrap()
except (ssl.SSLError, OSError):
    pass
tls.close()
