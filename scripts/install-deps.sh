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
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
