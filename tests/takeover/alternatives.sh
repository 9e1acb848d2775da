#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Why srvsess swaps the built-in's operation table instead of registering srvsvc
# again with the public API: builds tests/takeover/alternative.c both ways for the
# Wireshark on this system and runs tshark on a capture under valgrind memcheck.
# On 4.4 and 4.6 (the versions that have dcerpc_init_from_handle) both report
# invalid reads of freed memory during registration; srvsess's own swap is
# memcheck-clean (ctest fuzz.valgrind_pcaps). Run it in a chroot of the matrix:
#   sudo bash tests/matrix/matrix.sh --exec trixie sh tests/takeover/alternatives.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pcap=$here/../../pcaps/samba_smb2.pcap
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
series=$(pkg-config --modversion wireshark | cut -d. -f1,2)
cp "$pcap" "$tmp/capture.pcap"; chmod 644 "$tmp/capture.pcap"
mkdir -m 777 "$tmp/home"
run=""; [ "$(id -u)" -eq 0 ] && run="setpriv --reuid=65534 --regid=65534 --clear-groups"
for mode in 1 2; do
  mkdir -p "$tmp/p$mode/$series/epan"
  if ! cc -shared -fPIC -DMODE=$mode -o "$tmp/p$mode/$series/epan/alternative.so" "$here/alternative.c" \
       $(pkg-config --cflags --libs wireshark) 2> "$tmp/cc.log"; then
    echo "mode $mode: does not build against Wireshark $series ($(head -n 1 "$tmp/cc.log"))"; continue
  fi
  chmod -R a+rX "$tmp/p$mode"
  summary=$($run env HOME="$tmp/home" WIRESHARK_PLUGIN_DIR="$tmp/p$mode" valgrind tshark -r "$tmp/capture.pcap" -c 40 2>&1 >/dev/null |
            grep -E "ERROR SUMMARY|Invalid (read|write)" | sort | uniq -c | sed 's/==[0-9]*== //')
  echo "Wireshark $series, mode $mode ($( [ $mode = 1 ] && echo 'second dcerpc_init_uuid()' || echo 'dcerpc_init_from_handle()')):"
  echo "$summary"
done
