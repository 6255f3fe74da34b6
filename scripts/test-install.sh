#!/usr/bin/env bash
# nethttp as an installed C library, end to end (run by .ci/run after scripts/test.sh):
#
#   scripts/test-install.sh
#
#  1. `make` (the release build and the package files) and `make install PREFIX=<temp dir>`;
#  2. checks the installed layout: the SONAME chain, a stripped shared library whose exports
#     are exactly the functions of nethttp.h, a static archive whose only global symbols are
#     those same functions, nethttp.pc, the CMake package, the docs;
#  3. starts nginx on loopback (tests/servers/start-nginx.sh, stopped on exit) and runs against
#     it: a CMake C++ project (tests/install/cmake: find_package(nethttp), nethttp.hpp, linked
#     to nethttp::nethttp and nethttp::nethttp_static), a plain C program built with
#     `cc $(pkg-config --cflags --libs nethttp)` (and statically), and tests/install/dual_libcurl.c
#     linked with the static archive and the system libcurl (libcurl4-openssl-dev) in one
#     program (and, for comparison, with the shared library);
#     and builds the library with cargo from a directory outside the repository (so none of
#     its cargo configuration applies) and runs ffi-tests/test_many_fds.c against that build:
#     libcurl's settings (HAVE_POLL) come from the crate's own build;
#  4. `make uninstall` leaves nothing behind.
# Environment: CC (cc), CXX (c++), CARGO_TARGET_DIR (honoured by the Makefile), KEEP_TMP=1
# keeps the temporary directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CC=${CC:-cc}
CXX=${CXX:-c++}
export CC CXX
START_NGINX="$ROOT/tests/servers/start-nginx.sh"
STOP_NGINX="$ROOT/tests/servers/stop-nginx.sh"

"$ROOT/scripts/install-deps.sh"

TMP=""
RUN=""
NGINX_STARTED=0
FAILED=0
STARTED_AT=$SECONDS

say() { printf '\n== %s\n' "$*"; }
die() { printf 'test-install.sh: %s\n' "$*" >&2; exit 1; }
fail() { printf 'test-install.sh: FAILED: %s\n' "$*" >&2; FAILED=$((FAILED + 1)); }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local stopped=1
  if [ "$NGINX_STARTED" = 1 ]; then
    "$STOP_NGINX" "$RUN" >/dev/null 2>&1 || { stopped=0; echo "test-install.sh: stopping nginx failed; see $RUN" >&2; }
  fi
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ] || [ "$stopped" = 0 ] || [ "$status" != 0 ]; then
      echo "(kept $TMP)"
    else
      rm -rf -- "$TMP"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() {
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ] || return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
# A base port with BASE..BASE+9 free (start-nginx.sh uses BASE..BASE+7).
pick_base_port() {
  local _ base off ok
  for _ in $(seq 1 50); do
    base=$(( 20000 + (RANDOM % 4000) * 10 ))
    ok=1
    for off in $(seq 0 9); do
      port_free $((base + off)) || { ok=0; break; }
    done
    [ "$ok" = 1 ] && { echo "$base"; return 0; }
  done
  return 1
}

# The functions nethttp.h declares (one per line, sorted).
header_functions() {
  sed -n 's/^[a-z][a-z0-9_ ]*[ *]\(\(http\|nethttp\)_[a-z0-9_]*\)(.*/\1/p' "$1" | sort -u
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/nethttp-install.XXXXXX")
PREFIX="$TMP/prefix"
LIB="$PREFIX/lib"

# ---------------------------------------------------------------------------------------------
say "make (release build, stripped library, localized archive)"
make --no-print-directory
say "make install PREFIX=$PREFIX"
make --no-print-directory install PREFIX="$PREFIX"
(cd "$PREFIX" && find . \( -type f -o -type l \) | sort | sed 's/^/  /')

# ---------------------------------------------------------------------------------------------
say "the installed layout"
VERSION=$(sed -n 's/^version = "\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
MAJOR=${VERSION%%.*}
REAL="$LIB/libnethttp.so.$VERSION"
for f in "$REAL" "$LIB/libnethttp.a" "$PREFIX/include/nethttp/nethttp.h" "$PREFIX/include/nethttp/nethttp.hpp" \
         "$LIB/pkgconfig/nethttp.pc" "$LIB/cmake/nethttp/nethttpConfig.cmake" \
         "$LIB/cmake/nethttp/nethttpConfigVersion.cmake" "$PREFIX/share/doc/nethttp/THIRD-PARTY.md" \
         "$PREFIX/share/doc/nethttp/LICENSE-MIT" "$PREFIX/share/doc/nethttp/LICENSE-APACHE" \
         "$PREFIX/share/doc/nethttp/CHANGELOG.md"; do
  [ -f "$f" ] || fail "missing $f"
done
[ "$(readlink "$LIB/libnethttp.so.$MAJOR")" = "libnethttp.so.$VERSION" ] || fail "libnethttp.so.$MAJOR does not point to libnethttp.so.$VERSION"
[ "$(readlink "$LIB/libnethttp.so")" = "libnethttp.so.$MAJOR" ] || fail "libnethttp.so does not point to libnethttp.so.$MAJOR"
readelf -d "$REAL" | grep -q "Library soname: \[libnethttp.so.$MAJOR\]" || fail "SONAME is not libnethttp.so.$MAJOR"
if readelf -S -W "$REAL" | grep -q '\.debug_info'; then fail "the installed shared library has debug info"; fi
if readelf -S -W "$REAL" | grep -q ' \.symtab '; then fail "the installed shared library has a symbol table"; fi
readelf -S -W "$REAL" | grep -q '\.gnu_debuglink' || fail "no .gnu_debuglink to the separate debug info"

header_functions "$PREFIX/include/nethttp/nethttp.h" > "$TMP/header-functions"
readelf --dyn-syms -W "$REAL" \
  | awk '$7 != "UND" && $7 != "Ndx" && ($5 == "GLOBAL" || $5 == "WEAK") && ($4 == "FUNC" || $4 == "OBJECT") { sub(/@.*/, "", $8); print $8 }' \
  | sort -u > "$TMP/so-exports"
nm -g --defined-only "$LIB/libnethttp.a" | awk 'NF == 3 { print $3 }' | sort -u > "$TMP/a-globals"
[ -s "$TMP/header-functions" ] || fail "no functions found in nethttp.h"
cmp -s "$TMP/header-functions" "$TMP/so-exports" \
  || { fail "the shared library's exports differ from nethttp.h's functions"; diff "$TMP/header-functions" "$TMP/so-exports" | head -20 >&2 || true; }
cmp -s "$TMP/header-functions" "$TMP/a-globals" \
  || { fail "the archive's global symbols differ from nethttp.h's functions"; diff "$TMP/header-functions" "$TMP/a-globals" | head -20 >&2 || true; }
BUNDLED_GLOBAL=$(nm -g --defined-only "$LIB/libnethttp.a" | grep -cE ' (curl_|Curl_|nghttp2_|ZSTD_|mi_|rust_)' || true)
[ "$BUNDLED_GLOBAL" = 0 ] || fail "$BUNDLED_GLOBAL bundled symbols are global in the archive"
echo "  functions in nethttp.h: $(wc -l < "$TMP/header-functions"); exported by the .so: $(wc -l < "$TMP/so-exports"); global in the .a: $(wc -l < "$TMP/a-globals")"

export PKG_CONFIG_PATH="$LIB/pkgconfig"
pkg-config --exists --print-errors nethttp || fail "pkg-config does not find nethttp"
[ "$(pkg-config --modversion nethttp)" = "$VERSION" ] || fail "pkg-config --modversion: $(pkg-config --modversion nethttp)"
echo "  pkg-config --cflags --libs nethttp: $(pkg-config --cflags --libs nethttp)"
echo "  pkg-config --static --libs nethttp: $(pkg-config --static --libs nethttp)"

# The bundled libcurl's version, as Cargo.lock pins it (curl-sys 0.4.91+curl-8.22.0 -> 8.22.0).
BUNDLED_CURL=$(sed -n '/^name = "curl-sys"$/{n;s/^version = ".*+curl-\(.*\)"$/\1/p}' Cargo.lock | head -n 1)
[ -n "$BUNDLED_CURL" ] || die "no curl-sys version in Cargo.lock"

# ---------------------------------------------------------------------------------------------
say "building against the installed copy"
B="$TMP/build"
mkdir -p "$B"
# CMake C++ project: find_package(nethttp) + nethttp::nethttp / nethttp::nethttp_static.
cmake -S tests/install/cmake -B "$B/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$B/cmake" -j 2 >/dev/null || { cmake --build "$B/cmake" -j 1 || true; die "the CMake project does not build"; }
# Plain cc with pkg-config: shared (the documented one-liner), then static.
# shellcheck disable=SC2046  # pkg-config's output is a list of flags
"$CC" -std=c11 -Wall -Wextra -Werror tests/install/pkgconfig_app.c $(pkg-config --cflags --libs nethttp) -o "$B/pkgconfig_app"
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror tests/install/pkgconfig_app.c $(pkg-config --cflags nethttp) \
  $(pkg-config --variable=static_libs nethttp) -o "$B/pkgconfig_app_static"
# The static archive next to the system libcurl, and the shared library next to it.
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror tests/install/dual_libcurl.c $(pkg-config --cflags nethttp) \
  $(pkg-config --variable=static_libs nethttp) $(pkg-config --cflags --libs libcurl) -ldl -o "$B/dual_static"
# shellcheck disable=SC2046
"$CC" -std=c11 -Wall -Wextra -Werror tests/install/dual_libcurl.c $(pkg-config --cflags --libs nethttp) \
  $(pkg-config --cflags --libs libcurl) -ldl -o "$B/dual_shared"
for exe in "$B/cmake/app_static" "$B/pkgconfig_app_static" "$B/dual_static"; do
  if readelf -d "$exe" | grep -q 'libnethttp'; then fail "$(basename "$exe") needs libnethttp.so"; fi
done
readelf -d "$B/dual_static" | grep -q 'NEEDED.*libcurl\.so' || fail "dual_static does not link the system libcurl"
# The program linked with the archive defines none of the bundled libraries' names globally.
LEAKED=$(nm -g --defined-only "$B/dual_static" | grep -cE ' (curl_|Curl_|nghttp2_|ZSTD_|mi_)' || true)
[ "$LEAKED" = 0 ] || fail "dual_static defines $LEAKED bundled symbols globally"

# ---------------------------------------------------------------------------------------------
[ -x "$START_NGINX" ] || die "missing $START_NGINX"
RUN="$TMP/run"
NGINX_STARTED=1 # from here on the trap stops it, even if a start fails half-way
for attempt in 1 2 3; do # a free port can be taken by another program before nginx binds it
  BASE_PORT=$(pick_base_port) || die "no free base port found"
  say "starting nginx in $RUN (base port $BASE_PORT)"
  if "$START_NGINX" "$RUN" "$BASE_PORT" >/dev/null; then break; fi
  "$STOP_NGINX" "$RUN" >/dev/null 2>&1 || true
  [ "$attempt" -lt 3 ] || die "nginx did not start"
done
URL="http://127.0.0.1:$BASE_PORT"

run() { # run NAME COMMAND...: runs a program, counts a failure on a non-zero status
  local name=$1 status=0
  shift
  printf '\n$ %s %s\n' "$name" "$URL"
  "$@" || status=$?
  [ "$status" = 0 ] || fail "$name exited with status $status"
}
say "running them against $URL"
run "app_shared (CMake, nethttp::nethttp)" "$B/cmake/app_shared" "$URL"
run "app_static (CMake, nethttp::nethttp_static)" "$B/cmake/app_static" "$URL"
run "pkgconfig_app (cc \$(pkg-config --cflags --libs nethttp))" env LD_LIBRARY_PATH="$LIB" "$B/pkgconfig_app" "$URL"
run "pkgconfig_app_static" "$B/pkgconfig_app_static" "$URL"
run "dual_static (libnethttp.a + the system libcurl)" "$B/dual_static" "$URL" "$BUNDLED_CURL"
run "dual_shared (libnethttp.so + the system libcurl)" env LD_LIBRARY_PATH="$LIB" "$B/dual_shared" "$URL" "$BUNDLED_CURL"

# ---------------------------------------------------------------------------------------------
# Every libcurl build setting comes from the crate's own build (vendor/curl-sys/build.rs), not
# from this repository's cargo configuration: built from another directory, the library still
# has libcurl waiting with poll() (test_many_fds fails without HAVE_POLL).
say "cargo build from outside the repository, and test_many_fds against that library"
OUTSIDE="$TMP/outside"
mkdir -p "$OUTSIDE"
(cd "$OUTSIDE" && env -u CARGO_TARGET_DIR cargo build --lib --manifest-path "$ROOT/Cargo.toml" \
  --target-dir "$OUTSIDE/target" >"$OUTSIDE/build.log" 2>&1) ||
  { tail -20 "$OUTSIDE/build.log" >&2; die "cargo build from $OUTSIDE failed"; }
"$CC" -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" -I"$ROOT/ffi-tests" \
  "$ROOT/ffi-tests/test_many_fds.c" "$ROOT/ffi-tests/common.c" -L"$OUTSIDE/target/debug" \
  -Wl,-rpath,"$OUTSIDE/target/debug" -lnethttp -lpthread -o "$B/many_fds"
run "many_fds (libnethttp built from $OUTSIDE)" env NETHTTP_TEST_HTTP="$URL" \
  NETHTTP_TEST_HTTPS="https://localhost:$((BASE_PORT + 2))" NETHTTP_TEST_CA="$RUN/certs/ca.pem" \
  "$B/many_fds"

# ---------------------------------------------------------------------------------------------
say "make uninstall"
make --no-print-directory uninstall PREFIX="$PREFIX" >/dev/null
LEFT=$(find "$PREFIX" \( -type f -o -type l \) | wc -l)
[ "$LEFT" = 0 ] || { fail "make uninstall left $LEFT files"; find "$PREFIX" \( -type f -o -type l \) >&2; }

say "sizes"
OUT=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release
ls -l "$OUT/libnethttp.so" "$OUT/libnethttp.a" "$OUT/pkg/libnethttp.so.$VERSION" "$OUT/pkg/libnethttp.a" \
  "$OUT/pkg/libnethttp.so.$VERSION.debug" 2>/dev/null | awk '{ printf "  %12d  %s\n", $5, $9 }'

if [ "$FAILED" -ne 0 ]; then
  printf '\ntest-install.sh: %s check(s) failed (%ss)\n' "$FAILED" $((SECONDS - STARTED_AT)) >&2
  exit 1
fi
printf '\ntest-install.sh: install, CMake, pkg-config and dual-libcurl checks passed (%ss)\n' $((SECONDS - STARTED_AT))
