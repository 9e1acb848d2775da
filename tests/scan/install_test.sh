#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# srvsess-scan is installed like the plugin (cmake/SrvsessScan.cmake):
# cmake --install as a user -> ~/.local/bin, as root / SRVSESS_INSTALL_SYSTEM ->
# <prefix>/bin, and the .deb holds /usr/bin/srvsess-scan. Each installed copy runs.
set -eu
build=$1
tmp=$(mktemp -d); chmod 777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ "$(id -u)" -eq 0 ] || nobody=""
fail() { echo "FAIL: $*"; exit 1; }

# A user: ~/.local/bin. As root the user is uid 65534 (as in tests/install_test.sh).
if [ -n "$nobody" ] && ! $nobody test -r "$build/cmake_install.cmake"; then
  env HOME="$tmp" SRVSESS_INSTALL_PERSONAL=1 cmake --install "$build" > /dev/null
  chown -R 65534:65534 "$tmp/.local"
else
  touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"
  $nobody env HOME="$tmp" cmake --install "$build" > /dev/null
fi
test -x "$tmp/.local/bin/srvsess-scan" || fail "no ~/.local/bin/srvsess-scan after a user's cmake --install"
$nobody env HOME="$tmp" "$tmp/.local/bin/srvsess-scan" --help | grep -q "CAPTURE_OR_FOLDER" \
  || fail "the personal srvsess-scan does not run"
echo "user install: ~/.local/bin/srvsess-scan"

# The system folder (as root, or asked for), staged with DESTDIR, at a given prefix.
DESTDIR="$tmp/stage" SRVSESS_INSTALL_SYSTEM=1 cmake --install "$build" --prefix /opt/srvsess > /dev/null
test -x "$tmp/stage/opt/srvsess/bin/srvsess-scan" || fail "no <prefix>/bin/srvsess-scan in DESTDIR"
"$tmp/stage/opt/srvsess/bin/srvsess-scan" --help > /dev/null || fail "the system srvsess-scan does not run"
echo "system install: <prefix>/bin/srvsess-scan"

# The .deb: /usr/bin/srvsess-scan, executable.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/*.deb)
dpkg-deb -c "$deb" > "$tmp/contents"   # a file, not a pipe: grep -q would cut dpkg-deb short
grep -q '^-rwxr-xr-x .* \./usr/bin/srvsess-scan$' "$tmp/contents" \
  || { cat "$tmp/contents"; fail ".deb lacks an executable /usr/bin/srvsess-scan"; }
mkdir "$tmp/deb" && dpkg-deb -x "$deb" "$tmp/deb"
cmp "$tmp/deb/usr/bin/srvsess-scan" "$(dirname "$0")/../../tools/srvsess-scan" || fail ".deb holds another srvsess-scan"
echo "cpack -G DEB: $(basename "$deb") with /usr/bin/srvsess-scan"
