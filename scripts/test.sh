#!/usr/bin/env bash
# The whole test suite: installs missing system packages, then `cargo test` (Rust unit
# tests + the C programs in ffi-tests/ against nginx and an in-process server on loopback).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
exec cargo test "$@"
