#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake --install gives the distribution layout whoever runs it (cmake/SrvsessInstall.cmake):
#   1. a normal user stages it with DESTDIR and --prefix /usr: the plugin lands in
#      the folder this machine's tshark names "Global Plugins" (tshark -G folders,
#      not a path written here), and tshark loads it from the staged copy;
#   2. the same install under fakeroot, and by root, gives the same file list;
#   3. the personal folders are the explicit target install-personal
#      (build/srvsess-install-personal.cmake): ~/.local/lib/wireshark/plugins/<series>/epan,
#      which that user's tshark loads.
# The .deb: tests/checkers/deb_test.sh (ctest package.deb, label slow).
set -eu
build=$1
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
series=$(basename "$(dirname "$(ls -d "$build"/plugins/*/epan)")")
# The normal user: this one, or uid 65534 when the test runs as root.
nobody=""
if [ "$(id -u)" -eq 0 ]; then
  nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chmod 777 "$tmp"
fi
clean="env -u WIRESHARK_CONFIG_DIR -u WIRESHARK_DATA_DIR -u WIRESHARK_PLUGIN_DIR -u XDG_CONFIG_HOME"
global=$($clean HOME="$tmp" tshark -G folders 2>/dev/null | sed -n 's/^Global Plugins:[[:space:]]*//p')
case "$global" in
  /usr/*/"$series") ;;
  *) fail "tshark's global plugin folder '$global' is not under /usr or not for series $series" ;;
esac
so="$global/epan/srvsess.so"

# 1. A normal user, DESTDIR. cmake --install writes its manifest into the build
#    tree: made writable for that user first. A build tree out of that user's
#    reach (e.g. under /root) is staged by root instead: the layout does not
#    depend on who installs, which step 2 checks.
if [ -n "$nobody" ] && ! $nobody test -r "$build/cmake_install.cmake"; then
  who="root (the build tree is unreadable for uid 65534)"; as=""
else
  touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"
  who="$(id -un 2>/dev/null || id -u)"; [ -z "$nobody" ] || who="uid 65534"; as=$nobody
fi
$as $clean HOME="$tmp" DESTDIR="$tmp/user" cmake --install "$build" --prefix /usr > "$tmp/user.log" ||
  { cat "$tmp/user.log"; fail "DESTDIR install as $who"; }
test -f "$tmp/user$so" || { find "$tmp/user" -type f; fail "no $so in the DESTDIR staging"; }
(cd "$tmp/user" && find . | sort) > "$tmp/user.list"
chmod -R a+rX "$tmp/user"
mkdir "$tmp/h1"; [ -z "$nobody" ] || chown 65534 "$tmp/h1"
$nobody $clean HOME="$tmp/h1" WIRESHARK_PLUGIN_DIR="$tmp/user$global/.." tshark -G protocols |
  awk -F'\t' '$3 == "srvsess" { f = 1 } END { exit !f }' || fail "the staged plugin does not load"
echo "DESTDIR install by $who, --prefix /usr:"
(cd "$tmp/user" && find . -type f | sed 's|^\.|  |' | sort)
echo "  (tshark loads the staged $so)"

# 2. fakeroot, and root itself when the test is root: the same tree.
if command -v fakeroot > /dev/null; then
  $as $clean HOME="$tmp" DESTDIR="$tmp/fake" fakeroot cmake --install "$build" --prefix /usr > /dev/null
  (cd "$tmp/fake" && find . | sort) > "$tmp/fake.list"
  diff "$tmp/user.list" "$tmp/fake.list" || fail "fakeroot's DESTDIR install differs from the user's"
  echo "fakeroot: the same tree"
fi
if [ -n "$nobody" ]; then
  $clean HOME=/root DESTDIR="$tmp/root" cmake --install "$build" --prefix /usr > /dev/null
  (cd "$tmp/root" && find . | sort) > "$tmp/root.list"
  diff "$tmp/user.list" "$tmp/root.list" || fail "root's DESTDIR install differs from the user's"
  echo "root: the same tree"
fi

# 3. The personal folders, asked for explicitly.
home="$tmp/home"; mkdir "$home"; [ -z "$nobody" ] || chown 65534 "$home"
if [ -n "$nobody" ] && ! $nobody test -r "$build/srvsess-install-personal.cmake"; then
  $clean HOME="$home" cmake -P "$build/srvsess-install-personal.cmake" > /dev/null
  chown -R 65534 "$home"
else
  $nobody $clean HOME="$home" cmake -P "$build/srvsess-install-personal.cmake" > /dev/null
fi
test -f "$home/.local/lib/wireshark/plugins/$series/epan/srvsess.so" || fail "install-personal: no ~/.local/lib/wireshark/plugins/$series/epan/srvsess.so"
# An empty global plugin folder: only the personal copy can be what loads.
mkdir "$tmp/empty"
$nobody $clean HOME="$home" WIRESHARK_PLUGIN_DIR="$tmp/empty" tshark -G protocols |
  awk -F'\t' '$3 == "srvsess" { f = 1 } END { exit !f }' ||
  fail "install-personal: the user's tshark does not load the plugin"
echo "install-personal: ~/.local/lib/wireshark/plugins/$series/epan/srvsess.so, loaded by that user's tshark"
