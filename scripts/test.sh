#!/usr/bin/env bash
# The whole test suite: installs missing system packages, then `cargo test` (Rust unit
# tests + the C programs in ffi-tests/ against nginx, the WebSocket servers and an in-process
# fault server on loopback), then, when run without arguments, the Autobahn WebSocket
# conformance suite (scripts/autobahn.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cargo test "$@"
if [ $# -eq 0 ]; then
  scripts/autobahn.sh
fi
