# nethttp as a C library: a release build, then an install under a prefix, the way cargo-c
# would lay it out (plus a CMake package). GNU make, GNU binutils, Linux.
#
#   make install PREFIX=/opt/nethttp     builds (if not built yet) and installs; the one command
#   make                                 only the release build and the files to install, in
#                                        $(CARGO_TARGET_DIR)/release/pkg/ (target/release/pkg/)
#   make install-debug PREFIX=...        also the separate debug info of the shared library
#   make uninstall PREFIX=...            removes what install put there
#   make test-install                    scripts/test-install.sh (installs into a temporary prefix,
#                                        builds a CMake C++ project and a pkg-config C program
#                                        against it, runs them and the dual-libcurl test)
#   make clean                           removes $(CARGO_TARGET_DIR)/release/pkg/ only
#
# Variables: PREFIX (/usr/local), LIBDIR ($(PREFIX)/lib), INCLUDEDIR ($(PREFIX)/include),
# DATADIR ($(PREFIX)/share), DESTDIR (staging root, prepended to every installed path, not
# written into the files), CARGO, CARGO_TARGET_DIR (target), CARGOFLAGS (e.g. --locked).
# Run `make` as the user who builds, then `sudo make install` (install does not rebuild once
# the package files exist; `make` again after changing the sources). After installing into a
# system directory, run ldconfig.
#
# Installed:
#   $(INCLUDEDIR)/nethttp/nethttp.h, nethttp.hpp
#   $(LIBDIR)/libnethttp.so.X.Y.Z        stripped; SONAME libnethttp.so.X
#   $(LIBDIR)/libnethttp.so.X -> libnethttp.so.X.Y.Z,  libnethttp.so -> libnethttp.so.X
#   $(LIBDIR)/libnethttp.a               one object; only the public API (the shared library's
#                                        exports, i.e. every function of nethttp.h) is global
#   $(LIBDIR)/pkgconfig/nethttp.pc       Libs.private: the archive's system libraries
#   $(LIBDIR)/cmake/nethttp/nethttpConfig.cmake, nethttpConfigVersion.cmake
#                                        targets nethttp::nethttp and nethttp::nethttp_static
#   $(DATADIR)/doc/nethttp/              README.md CHANGELOG.md THIRD-PARTY.md LICENSE-*
#   install-debug: $(LIBDIR)/.debug/libnethttp.so.X.Y.Z.debug (found by gdb via the debuglink)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
DOCDIR ?= $(DATADIR)/doc/nethttp
DESTDIR ?=
CARGO ?= cargo
CARGO_TARGET_DIR ?= target
CARGOFLAGS ?=
INSTALL ?= install
OBJCOPY ?= objcopy
READELF ?= readelf

VERSION := $(shell sed -n 's/^version = "\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
MAJOR := $(word 1,$(subst ., ,$(VERSION)))
MINOR := $(word 2,$(subst ., ,$(VERSION)))
DESCRIPTION := $(shell sed -n 's/^description = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
SONAME := libnethttp.so.$(MAJOR)
REALNAME := libnethttp.so.$(VERSION)

OUT := $(abspath $(CARGO_TARGET_DIR))/release
PKG := $(OUT)/pkg
STAMP := $(PKG)/.built
DOCS := README.md CHANGELOG.md THIRD-PARTY.md LICENSE-MIT LICENSE-APACHE

.PHONY: all build install install-debug uninstall test-install clean

all: build

# Always asks cargo (it rebuilds only what changed), then remakes the package files. The
# SONAME and --print native-static-libs are given to the library's rustc only, so a plain
# `cargo build --release` in the same target directory relinks the library (cargo-c avoids that
# with a target directory of its own).
build:
	@[ -n "$(VERSION)" ] || { echo "Makefile: no version in Cargo.toml" >&2; exit 1; }
	mkdir -p "$(PKG)"
	rm -f "$(STAMP)"
	CARGO_TARGET_DIR="$(abspath $(CARGO_TARGET_DIR))" $(CARGO) rustc --release --lib $(CARGOFLAGS) -- \
	  -C link-arg=-Wl,-soname,$(SONAME) --print native-static-libs 2>&1 | tee "$(PKG)/cargo.log"
	@# The archive's system libraries (cargo replays the note when nothing was rebuilt).
	sed -n 's/^note: native-static-libs: //p' "$(PKG)/cargo.log" | tail -n 1 > "$(PKG)/libs-private"
	@[ -s "$(PKG)/libs-private" ] || { echo "Makefile: rustc printed no native-static-libs" >&2; exit 1; }
	$(READELF) -d "$(OUT)/libnethttp.so" | grep -q "Library soname: \[$(SONAME)\]" \
	  || { echo "Makefile: $(OUT)/libnethttp.so has no SONAME $(SONAME)" >&2; exit 1; }
	@# The public API: the shared library's defined dynamic symbols.
	$(READELF) --dyn-syms -W "$(OUT)/libnethttp.so" \
	  | awk '$$7 != "UND" && $$7 != "Ndx" && ($$5 == "GLOBAL" || $$5 == "WEAK") && ($$4 == "FUNC" || $$4 == "OBJECT") { sub(/@.*/, "", $$8); print $$8 }' \
	  | sort -u > "$(PKG)/public-symbols"
	@echo "public symbols: $$(wc -l < "$(PKG)/public-symbols")"
	@# Stripped shared library, debug info apart (linked by .gnu_debuglink).
	$(OBJCOPY) --only-keep-debug "$(OUT)/libnethttp.so" "$(PKG)/$(REALNAME).debug"
	cd "$(PKG)" && $(OBJCOPY) --strip-debug --strip-unneeded --add-gnu-debuglink="$(REALNAME).debug" \
	  "$(OUT)/libnethttp.so" "$(REALNAME)"
	@# Static archive with everything but the public API made local.
	packaging/localize-archive.sh "$(OUT)/libnethttp.a" "$(PKG)/public-symbols" "$(PKG)/libnethttp.a"
	cp include/nethttp.h include/nethttp.hpp "$(PKG)/"
	@ls -l "$(PKG)/$(REALNAME)" "$(PKG)/libnethttp.a"
	touch "$(STAMP)"

$(STAMP):
	$(MAKE) --no-print-directory build

SUBST = -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
        -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g' -e 's|@MINOR@|$(MINOR)|g' \
        -e 's|@DESCRIPTION@|$(DESCRIPTION)|g' -e "s|@POINTER_BITS@|$$(getconf LONG_BIT)|g" \
        -e "s|@SIZEOF_VOID_P@|$$(( $$(getconf LONG_BIT) / 8 ))|g" \
        -e "s|@LIBS_PRIVATE@|$$(cat "$(PKG)/libs-private")|g" \
        -e "s|@CMAKE_LIBS_PRIVATE@|$$(tr ' ' ';' < "$(PKG)/libs-private")|g"

install: $(STAMP)
	$(INSTALL) -d "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(LIBDIR)/pkgconfig" "$(DESTDIR)$(LIBDIR)/cmake/nethttp" \
	  "$(DESTDIR)$(INCLUDEDIR)/nethttp" "$(DESTDIR)$(DOCDIR)"
	$(INSTALL) -m 644 "$(PKG)/nethttp.h" "$(PKG)/nethttp.hpp" "$(DESTDIR)$(INCLUDEDIR)/nethttp/"
	$(INSTALL) -m 755 "$(PKG)/$(REALNAME)" "$(DESTDIR)$(LIBDIR)/"
	ln -sfn "$(REALNAME)" "$(DESTDIR)$(LIBDIR)/$(SONAME)"
	ln -sfn "$(SONAME)" "$(DESTDIR)$(LIBDIR)/libnethttp.so"
	$(INSTALL) -m 644 "$(PKG)/libnethttp.a" "$(DESTDIR)$(LIBDIR)/"
	sed $(SUBST) packaging/nethttp.pc.in > "$(DESTDIR)$(LIBDIR)/pkgconfig/nethttp.pc"
	sed $(SUBST) packaging/nethttpConfig.cmake.in > "$(DESTDIR)$(LIBDIR)/cmake/nethttp/nethttpConfig.cmake"
	sed $(SUBST) packaging/nethttpConfigVersion.cmake.in \
	  > "$(DESTDIR)$(LIBDIR)/cmake/nethttp/nethttpConfigVersion.cmake"
	chmod 644 "$(DESTDIR)$(LIBDIR)/pkgconfig/nethttp.pc" "$(DESTDIR)$(LIBDIR)/cmake/nethttp/"*.cmake
	$(INSTALL) -m 644 $(DOCS) "$(DESTDIR)$(DOCDIR)/"

install-debug: install
	$(INSTALL) -d "$(DESTDIR)$(LIBDIR)/.debug"
	$(INSTALL) -m 644 "$(PKG)/$(REALNAME).debug" "$(DESTDIR)$(LIBDIR)/.debug/"

uninstall:
	rm -f "$(DESTDIR)$(LIBDIR)/$(REALNAME)" "$(DESTDIR)$(LIBDIR)/$(SONAME)" "$(DESTDIR)$(LIBDIR)/libnethttp.so" \
	  "$(DESTDIR)$(LIBDIR)/libnethttp.a" "$(DESTDIR)$(LIBDIR)/pkgconfig/nethttp.pc" \
	  "$(DESTDIR)$(LIBDIR)/cmake/nethttp/nethttpConfig.cmake" \
	  "$(DESTDIR)$(LIBDIR)/cmake/nethttp/nethttpConfigVersion.cmake" \
	  "$(DESTDIR)$(LIBDIR)/.debug/$(REALNAME).debug" \
	  "$(DESTDIR)$(INCLUDEDIR)/nethttp/nethttp.h" "$(DESTDIR)$(INCLUDEDIR)/nethttp/nethttp.hpp" \
	  $(addprefix "$(DESTDIR)$(DOCDIR)/,$(addsuffix ",$(DOCS)))
	for d in "$(DESTDIR)$(LIBDIR)/cmake/nethttp" "$(DESTDIR)$(INCLUDEDIR)/nethttp" "$(DESTDIR)$(DOCDIR)" \
	  "$(DESTDIR)$(LIBDIR)/.debug"; do [ ! -d "$$d" ] || rmdir --ignore-fail-on-non-empty "$$d"; done

test-install:
	scripts/test-install.sh

clean:
	rm -rf "$(PKG)"
