#!/usr/bin/env bash
# Installs the system packages the demo, the tests and the benchmarks need, if missing
# (Debian 12; needs root or sudo). Idempotent and quiet when everything is present.
set -euo pipefail

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

packages=(
  nginx-light libnginx-mod-http-echo libnginx-mod-http-brotli-filter  # test server
  openssl                                                              # test certificates
  gcc g++ make pkg-config                                              # C/C++ tests, curl-sys build
  libssl-dev zlib1g-dev ca-certificates                                # bundled libcurl's deps
  tinyproxy squid                                                      # forward proxies (usingProxy)
  dnsmasq-base dnsdist                                                 # DNS server, DoH server (dnsServers, dnsOverHttps)
  python3-venv                                                         # venv for httpbin (multiFormDataList)
  cmake binutils libcurl4-openssl-dev                                  # scripts/test-install.sh (CMake, objcopy, a second libcurl)
  socat netcat-openbsd iproute2                                        # socket peers, network namespaces (ip netns)
  libuv1-dev                                                           # the socket benchmark's C anchor (bench/sock)
  libc-ares-dev                                                        # the lookup benchmark's asynchronous anchor (bench/net_lookup)
  dante-server microsocks                                              # SOCKS5 proxies (UDP associate; username/password)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A venv tests/ffi.rs finds at target/test-venv: httpbin (multipart echo) under gunicorn,
# websockets for the WebSocket echo server (tests/servers/ws_echo.py) and kosoku, the Autobahn
# fuzzing server (scripts/autobahn.sh). An older venv lacking any of them is upgraded in place.
venv() {
  local v=target/test-venv
  if [ ! -x "$v/bin/gunicorn" ] || [ ! -x "$v/bin/kosoku" ] ||
     ! "$v/bin/python" -c 'import httpbin, websockets' 2>/dev/null; then
    echo "install-deps: creating $v with httpbin, gunicorn, websockets and kosoku (PyPI)"
    python3 -m venv "$v"
    "$v/bin/pip" install --quiet --disable-pip-version-check httpbin gunicorn 'websockets>=13' kosoku
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  venv
  exit 0
fi

# Packaged services must not start on install (nginx would take port 80): the tests start
# their own servers. policy-rc.d exiting 101 tells invoke-rc.d "not allowed".
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
venv
