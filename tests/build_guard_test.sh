#!/bin/sh
# Building srvsess against another Wireshark than 4.0 must fail with a clear
# message, at configure time (CMake) and at compile time (the headers).
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. CMake: a WiresharkConfig.cmake that says 4.2.
mkdir -p "$tmp/ws42"
cat > "$tmp/ws42/WiresharkConfig.cmake" <<'CFG'
set(Wireshark_VERSION "4.2.0")
set(Wireshark_MAJOR_VERSION 4)
set(Wireshark_MINOR_VERSION 2)
set(Wireshark_PLUGINS_ENABLED 1)
CFG
printf 'set(PACKAGE_VERSION "4.2.0")\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' > "$tmp/ws42/WiresharkConfigVersion.cmake"
if cmake -S "$src" -B "$tmp/build" -DWireshark_DIR="$tmp/ws42" > "$tmp/cmake.log" 2>&1; then
  echo "FAIL: configuring against Wireshark 4.2 succeeded"; exit 1
fi
grep -q "srvsess supports Wireshark 4.0.x only; found Wireshark 4.2.0" "$tmp/cmake.log" ||
  { echo "FAIL: no clear CMake message:"; cat "$tmp/cmake.log"; exit 1; }
echo "cmake refuses Wireshark 4.2 with a clear message"

# 2. Compiler: headers whose ws_version.h says 4.2.
mkdir -p "$tmp/inc"
printf '#define WIRESHARK_VERSION_MAJOR 4\n#define WIRESHARK_VERSION_MINOR 2\n#define WIRESHARK_VERSION_MICRO 0\n' > "$tmp/inc/ws_version.h"
if cc -fsyntax-only -I"$tmp/inc" -I/usr/include/wireshark $(pkg-config --cflags glib-2.0 2>/dev/null || echo -I/usr/include/glib-2.0 -I/usr/lib/x86_64-linux-gnu/glib-2.0/include) \
     "$src/plugin/srvsess-format.c" > "$tmp/cc.log" 2>&1; then
  echo "FAIL: compiling against 4.2 headers succeeded"; exit 1
fi
grep -q "srvsess supports Wireshark 4.0.x only" "$tmp/cc.log" ||
  { echo "FAIL: no clear compiler message:"; cat "$tmp/cc.log"; exit 1; }
echo "the compiler refuses Wireshark 4.2 headers with a clear message"
