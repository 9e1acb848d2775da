#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Building srvsess against a Wireshark series it does not support (older than
# 4.0 or newer than 4.6) must fail with a clear message, at configure time
# (CMake) and at compile time (the headers); the supported bounds configure.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A WiresharkConfig.cmake that says MAJOR.MINOR.0.
fake_config() {
  mkdir -p "$tmp/ws$1$2"
  cat > "$tmp/ws$1$2/WiresharkConfig.cmake" <<CFG
set(Wireshark_VERSION "$1.$2.0")
set(Wireshark_MAJOR_VERSION $1)
set(Wireshark_MINOR_VERSION $2)
set(Wireshark_PLUGINS_ENABLED 1)
CFG
  printf 'set(PACKAGE_VERSION "%s.%s.0")\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' "$1" "$2" > "$tmp/ws$1$2/WiresharkConfigVersion.cmake"
}

# 1. CMake refuses 3.6 and 4.8 by name.
for v in "3 6" "4 8"; do
  set -- $v
  fake_config "$1" "$2"
  if cmake -S "$src" -B "$tmp/build$1$2" -DWireshark_DIR="$tmp/ws$1$2" > "$tmp/cmake.log" 2>&1; then
    echo "FAIL: configuring against Wireshark $1.$2 succeeded"; exit 1
  fi
  grep -q "srvsess supports Wireshark 4.0 through 4.6; found Wireshark $1.$2.0" "$tmp/cmake.log" ||
    { echo "FAIL: no clear CMake message for $1.$2:"; cat "$tmp/cmake.log"; exit 1; }
  echo "cmake refuses Wireshark $1.$2 with a clear message"
done

# 1b. No Wireshark development files (CMake told not to find them, as on a machine
#     without libwireshark-dev): one line naming the package, not CMake's page
#     about package configuration files.
if cmake -S "$src" -B "$tmp/buildnone" -DCMAKE_DISABLE_FIND_PACKAGE_Wireshark=TRUE > "$tmp/cmake.log" 2>&1; then
  echo "FAIL: configuring without Wireshark's development files succeeded"; exit 1
fi
grep -q "^  srvsess needs libwireshark-dev: apt-get install libwireshark-dev$" "$tmp/cmake.log" && ! grep -q "Could not find a package configuration file" "$tmp/cmake.log" ||
  { echo "FAIL: no one-line message naming libwireshark-dev:"; cat "$tmp/cmake.log"; exit 1; }
echo "cmake without libwireshark-dev: $(grep "libwireshark-dev" "$tmp/cmake.log" | sed 's/^ *//')"

# 2. The compiler refuses headers whose ws_version.h says 4.8 (the rest of the
#    headers are this machine's own; the real build covers the accepted series).
mkdir -p "$tmp/inc"
cflags="-I$tmp/inc -I/usr/include/wireshark $(pkg-config --cflags glib-2.0 2>/dev/null || echo -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include)"
printf '#define WIRESHARK_VERSION_MAJOR 4\n#define WIRESHARK_VERSION_MINOR 8\n#define WIRESHARK_VERSION_MICRO 0\n' > "$tmp/inc/ws_version.h"
if cc -fsyntax-only $cflags "$src/plugin/srvsess-format.c" > "$tmp/cc.log" 2>&1; then
  echo "FAIL: compiling against 4.8 headers succeeded"; exit 1
fi
grep -q "srvsess supports Wireshark 4.0 through 4.6" "$tmp/cc.log" ||
  { echo "FAIL: no clear compiler message:"; cat "$tmp/cc.log"; exit 1; }
echo "the compiler refuses Wireshark 4.8 headers with a clear message"
