#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# srvsess-scan is installed with the plugin (cmake/SrvsessInstall.cmake):
#   cmake --install, DESTDIR, by a normal user   <prefix>/bin/srvsess-scan (--prefix /usr
#                                                and another prefix), the same file
#                                                as tools/srvsess-scan, and it runs
#   target install-personal                      ~/.local/bin/srvsess-scan, and it runs
# The .deb's /usr/bin/srvsess-scan: tests/checkers/deb_test.sh (ctest package.deb).
set -eu
build=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
nobody=""
if [ "$(id -u)" -eq 0 ]; then nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"; chmod 777 "$tmp"; fi
# A build tree the normal user cannot read (e.g. under /root): root installs instead.
as=$nobody
if [ -n "$nobody" ] && ! $nobody test -r "$build/cmake_install.cmake"; then as=""; fi
[ -n "$as" ] || [ -z "$nobody" ] || echo "(the build tree is unreadable for uid 65534: root installs)"
[ -z "$as" ] || { touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"; }

for prefix in /usr /opt/srvsess; do
  $as env HOME="$tmp" DESTDIR="$tmp/stage" cmake --install "$build" --prefix "$prefix" > /dev/null
  scan="$tmp/stage$prefix/bin/srvsess-scan"
  test -x "$scan" || fail "no executable $prefix/bin/srvsess-scan in the DESTDIR staging"
  cmp -s "$scan" "$src/tools/srvsess-scan" || fail "$prefix/bin/srvsess-scan is not tools/srvsess-scan"
  $nobody env HOME="$tmp" "$scan" --help | grep -q "CAPTURE_OR_FOLDER" || fail "$prefix/bin/srvsess-scan does not run"
  echo "DESTDIR install: $prefix/bin/srvsess-scan"
done

home="$tmp/home"; mkdir "$home"; [ -z "$nobody" ] || chown 65534 "$home"
$as env HOME="$home" cmake -P "$build/srvsess-install-personal.cmake" > /dev/null
[ -n "$as" ] || [ -z "$nobody" ] || chown -R 65534 "$home"
test -x "$home/.local/bin/srvsess-scan" || fail "install-personal: no ~/.local/bin/srvsess-scan"
$nobody env HOME="$home" "$home/.local/bin/srvsess-scan" --help | grep -q "CAPTURE_OR_FOLDER" ||
  fail "install-personal: ~/.local/bin/srvsess-scan does not run"
echo "install-personal: ~/.local/bin/srvsess-scan"
