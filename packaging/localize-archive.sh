#!/usr/bin/env bash
# Makes a static archive safe to link next to any other libcurl, nghttp2, zstd, mimalloc or
# Rust user: one relocatable object (ld -r of every member) in which only the symbols named in
# KEEP stay global; everything else (the bundled libcurl, nghttp2, zstd, mimalloc, Rust's std,
# nethttp's internals) becomes local, so it neither clashes with nor binds to another copy.
# References between the bundled parts were resolved by the partial link, so the bundled
# libcurl's own symbols (curl_global_init_mem from nethttp's load-time constructor, ...) always
# reach the bundled copy. Debug info, embedded LLVM bitcode (which LTO linker plugins try to
# read) and unneeded local symbols are dropped; COMDAT group signatures get a .nethttp suffix so
# another Rust static library's groups of the same name are not merged with these.
#
#   packaging/localize-archive.sh IN.a KEEP-LIST OUT.a
#
# KEEP-LIST: one symbol per line (the Makefile writes the shared library's dynamic exports).
# Exits non-zero unless OUT.a defines exactly the symbols of KEEP-LIST as globals.
# Environment: LD, OBJCOPY, AR, NM, READELF (GNU binutils).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: localize-archive.sh IN.a KEEP-LIST OUT.a" >&2; exit 2; }
in=$1 keep=$2 out=$3
LD=${LD:-ld} OBJCOPY=${OBJCOPY:-objcopy} AR=${AR:-ar} NM=${NM:-nm} READELF=${READELF:-readelf}
[ -s "$keep" ] || { echo "localize-archive.sh: empty keep list $keep" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nethttp-localize.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

"$LD" -r --whole-archive "$in" -o "$tmp/all.o"

# COMDAT group signatures, renamed.
"$READELF" -g -W "$tmp/all.o" |
  sed -n "s/^COMDAT group section \[ *[0-9]*\] \`[^']*' \[\(.*\)\] contains.*/\1 \1.nethttp/p" |
  sort -u >"$tmp/groups"

"$OBJCOPY" --keep-global-symbols="$keep" --redefine-syms="$tmp/groups" \
  --strip-debug --strip-unneeded \
  --remove-section=.llvmbc --remove-section=.llvmcmd --remove-section=.llvm_addrsig \
  "$tmp/all.o" "$tmp/nethttp.o"

rm -f "$out"
"$AR" crsD "$out" "$tmp/nethttp.o"

# Exactly the keep list is global and defined.
"$NM" -g --defined-only "$out" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/defined"
sort -u "$keep" >"$tmp/wanted"
if ! cmp -s "$tmp/defined" "$tmp/wanted"; then
  echo "localize-archive.sh: the global symbols of $out differ from $keep:" >&2
  diff "$tmp/wanted" "$tmp/defined" | head -n 40 >&2
  exit 1
fi
