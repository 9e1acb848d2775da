#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake --install puts the plugin where Wireshark reads it: the personal folder
# for a user, the system folder with DESTDIR/root; cpack -G DEB packages the
# system folder, depends on the libwireshark package this build linked against
# and is built for this machine's architecture. The installed plugin then
# really loads (tshark -G protocols). Works for whichever Wireshark series the
# build was made for (the build tree's plugins/<series> folder).
set -eu
build=$1
tmp=$(mktemp -d); chmod 777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
series=$(basename "$(dirname "$(ls -d "$build"/plugins/*/epan)")")
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ "$(id -u)" -eq 0 ] || nobody=""
# Where this Wireshark reads system plugins (tshark -G folders: "Global Plugins").
global=$(env HOME="$tmp" tshark -G folders 2>/dev/null | sed -n 's/^Global Plugins:[[:space:]]*//p')
case "$global" in
  */"$series") ;;
  *) echo "FAIL: tshark's global plugin folder '$global' is not for series $series"; exit 1 ;;
esac
so="${global#/}/epan/srvsess.so"

# A user: ~/.local/lib/wireshark/plugins/<series>/epan, which that user's tshark loads.
# As root the user is uid 65534; cmake --install writes its manifest into the
# build tree, so that file is made writable first.
if [ -n "$nobody" ] && ! $nobody test -r "$build/plugins/$series/epan/srvsess.so"; then
  # The build tree is out of that user's reach (e.g. under /root): install for
  # it as root, asking for the personal folder, and hand the folder over.
  env HOME="$tmp" SRVSESS_INSTALL_PERSONAL=1 cmake --install "$build" > /dev/null
  chown -R 65534:65534 "$tmp/.local"
else
  touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"
  $nobody env HOME="$tmp" cmake --install "$build" > /dev/null
fi
test -f "$tmp/.local/lib/wireshark/plugins/$series/epan/srvsess.so" || { echo "FAIL: no personal install"; exit 1; }
# -G protocols: full name, short name, filter name (4.4+ add enabled/heuristic columns).
$nobody env HOME="$tmp" tshark -G protocols | awk -F'\t' '$3 == "srvsess" { found = 1 } END { exit !found }' ||
  { echo "FAIL: personal install not loaded"; exit 1; }
echo "user install: ~/.local/lib/wireshark/plugins/$series/epan/srvsess.so, loaded"

# The system folder (as root, or asked for), staged with DESTDIR.
DESTDIR="$tmp/stage" SRVSESS_INSTALL_SYSTEM=1 cmake --install "$build" > /dev/null
test -f "$tmp/stage/$so" || { echo "FAIL: no system install in DESTDIR at /$so"; find "$tmp/stage" -type f; exit 1; }
echo "system install: /$so"

# The .deb: the system plugin, this machine's architecture, and a dependency on
# the package that owns the libwireshark this build linked against, bounded to
# this release series.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/*.deb)
dpkg-deb -c "$deb" > "$tmp/contents"
grep -q "\./$so$" "$tmp/contents" || { echo "FAIL: .deb lacks the plugin"; cat "$tmp/contents"; exit 1; }
arch=$(dpkg --print-architecture)
test "$(dpkg-deb -f "$deb" Architecture)" = "$arch" || { echo "FAIL: .deb architecture is not $arch"; exit 1; }
libpkg=$(dpkg-query -S "$(readlink -f "$(ldd "$build/plugins/$series/epan/srvsess.so" | awk '/libwireshark\.so/ { print $3 }')")" | cut -d: -f1)
major=${series%.*}; minor=${series#*.}
want="$libpkg (>= $(dpkg-query -W -f='${source:Upstream-Version}' "$libpkg" | sed 's/[~+-].*//')), $libpkg (<< $major.$((minor + 1)))"
depends=$(dpkg-deb -f "$deb" Depends)
test "$depends" = "$want" || { echo "FAIL: .deb Depends '$depends', want '$want'"; exit 1; }
echo "cpack -G DEB: $(basename "$deb") with /$so, Architecture $arch, Depends $depends"
