#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package, as a packager makes it: `dpkg-buildpackage -us -uc -b` on a
# copy of the source tree (debian/), then lintian (no error, no warning; overrides
# only with a reason), then what the .deb holds, checked against what this
# machine's Wireshark says, not against paths written here:
#   the plugin in tshark's "Global Plugins" folder, and it loads from there;
#   the profile in tshark's "Global configuration" folder, same files as profiles/;
#   /usr/bin/srvsess-scan, executable, the same file as tools/srvsess-scan;
#   /usr/share/doc/<package>/copyright and changelog.gz;
#   Architecture = dpkg --print-architecture;
#   Depends: the package owning the libwireshark the plugin links (ldd +
#   dpkg-query), from the shlibs lower bound up to (<<) its next release series;
#   debian/changelog's version = the CMake project's version (one version).
#   deb_test.sh SRC BUILD
# Needs no root (Rules-Requires-Root: no). Exit 77 (skip, reason printed) when the
# build dependencies or lintian are missing. The one-line result also goes to
# $SRVSESS_DEB_RESULT, or BUILD/package-deb.result (read by tests/matrix/matrix.sh).
set -u
src=$1
build=$2
out=${SRVSESS_DEB_RESULT:-$build/package-deb.result}
result() { echo "package: $1"; echo "$1" > "$out" 2>/dev/null || true; }
fail() { result "FAIL: $*"; exit 1; }
skip() { result "skipped: $*"; exit 77; }
for t in dpkg-buildpackage dpkg-checkbuilddeps lintian tshark; do
  command -v $t > /dev/null || skip "no $t (apt-get install dpkg-dev debhelper lintian tshark)"
done
missing=$(cd "$src" && dpkg-checkbuilddeps 2>&1) || skip "build dependencies missing: $missing"
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

# The tree a commit would hold (git), else everything but build output.
mkdir "$tmp/src"
if git -C "$src" rev-parse --git-dir > /dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -xf - -C "$tmp/src"
else
  (cd "$src" && tar --exclude=./build --exclude="./$(basename "$build")" --exclude='./obj-*' -cf - .) | tar -xf - -C "$tmp/src"
fi
start=$(date +%s)
(cd "$tmp/src" && dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1 ||
  { tail -n 40 "$tmp/build.log"; fail "dpkg-buildpackage -us -uc -b"; }
secs=$(( $(date +%s) - start ))
pkg=$(sed -n 's/^Package: //p' "$src/debian/control" | head -n 1)
deb=$(ls "$tmp/${pkg}"_*.deb)
changes=$(ls "$tmp"/*.changes)

# lintian: errors and warnings fail; overrides must say why (a comment line above).
lintian --fail-on error,warning --info "$changes" > "$tmp/lintian.log" 2>&1
lrc=$?
grep -v '^running with root privileges' "$tmp/lintian.log" | sed 's/^/lintian: /'
[ $lrc -eq 0 ] || fail "lintian exit $lrc on $(basename "$changes")"
lint_e=$(grep -c '^E:' "$tmp/lintian.log"); lint_w=$(grep -c '^W:' "$tmp/lintian.log")
for o in "$src"/debian/*lintian-overrides "$src"/debian/source/lintian-overrides; do
  [ -f "$o" ] || continue
  awk '/^#/ { c = 1; next } /^[[:space:]]*$/ { next } { if (!c) { print FILENAME ": override without a reason: " $0; bad = 1 } c = 0 }
       END { exit bad }' "$o" || fail "lintian override without a reason comment"
done

dpkg-deb -c "$deb" > "$tmp/contents"
dpkg-deb -x "$deb" "$tmp/root"
home="$tmp/home"; mkdir "$home"
folder() { env -u WIRESHARK_CONFIG_DIR -u WIRESHARK_DATA_DIR -u WIRESHARK_PLUGIN_DIR HOME="$home" tshark -G folders 2>/dev/null | sed -n "s/^$1:[[:space:]]*//p"; }
plugins=$(folder "Global Plugins"); conf=$(folder "Global configuration")
[ -n "$plugins" ] && [ -n "$conf" ] || fail "tshark -G folders names no global plugin or configuration folder"
so="$plugins/epan/srvsess.so"
test -f "$tmp/root$so" || { cat "$tmp/contents"; fail ".deb lacks $so"; }
for f in preferences colorfilters; do
  grep -q "^-rw-r--r-- .* \.$conf/profiles/srvsess/$f\$" "$tmp/contents" || fail ".deb lacks $conf/profiles/srvsess/$f (0644)"
  cmp -s "$tmp/root$conf/profiles/srvsess/$f" "$src/profiles/srvsess/$f" || fail ".deb's profile $f differs from profiles/srvsess/$f"
done
grep -q '^-rwxr-xr-x .* \./usr/bin/srvsess-scan$' "$tmp/contents" || fail ".deb lacks an executable /usr/bin/srvsess-scan"
cmp -s "$tmp/root/usr/bin/srvsess-scan" "$src/tools/srvsess-scan" || fail ".deb holds another srvsess-scan"
"$tmp/root/usr/bin/srvsess-scan" --help > /dev/null || fail "the packaged srvsess-scan does not run"
# srvsess-scan's prefilter helper, where the packaged srvsess-scan looks for it
helper=/usr/libexec/srvsess/srvsess-prefilter
grep -q "^-rwxr-xr-x .* \.$helper\$" "$tmp/contents" || fail ".deb lacks an executable $helper"
"$tmp/root$helper" 2>&1 | grep -q '^usage: srvsess-prefilter' || fail "the packaged $helper does not run"
doc="$tmp/root/usr/share/doc/$pkg"
test -f "$doc/copyright" && grep -q '^License: GPL-2+' "$doc/copyright" || fail ".deb lacks /usr/share/doc/$pkg/copyright (GPL-2+)"
test -f "$doc/changelog.gz" || fail ".deb lacks /usr/share/doc/$pkg/changelog.gz"
# The packaged plugin loads (as an unprivileged user when root: Wireshark as root
# reads only the system folder).
nobody=""; [ "$(id -u)" -ne 0 ] || { nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"; chown 65534 "$home"; chmod -R a+rX "$tmp/root"; }
$nobody env HOME="$home" WIRESHARK_PLUGIN_DIR="$tmp/root$plugins/.." tshark -G protocols |
  awk -F'\t' '$3 == "srvsess" { f = 1 } END { exit !f }' || fail "the packaged plugin does not load"

arch=$(dpkg --print-architecture)
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail ".deb Architecture is not $arch"
lib=$(ldd "$tmp/root$so" | awk '/libwireshark\.so/ { print $3 }')
libpkg=$(dpkg-query -S "$(readlink -f "$lib")" | cut -d: -f1)
series=$(dpkg-query -W -f='${Version}' "$libpkg" | sed -E 's/^([0-9]+:)?([0-9]+)\.([0-9]+).*/\2.\3/')
next="${series%.*}.$(( ${series#*.} + 1 ))~"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$depends" | tr ',' '\n' | grep -q -x " *$libpkg (>= [^)]*)" || fail "Depends '$depends' lacks $libpkg (>= ...)"
echo "$depends" | tr ',' '\n' | grep -q -x " *$libpkg (<< $next)" || fail "Depends '$depends' lacks $libpkg (<< $next)"
pcappkg=$(dpkg-query -S "$(readlink -f "$(ldd "$tmp/root$helper" | awk '/libpcap\.so/ { print $3 }')")" | cut -d: -f1)
echo "$depends" | tr ',' '\n' | grep -q -x " *$pcappkg (>= [^)]*)" || fail "Depends '$depends' lacks $pcappkg (>= ...), which $helper links"
debver=$(cd "$src" && dpkg-parsechangelog -S Version)
cmakever=$(sed -n 's/^project(srvsess VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ "${debver%%-*}" = "$cmakever" ] || fail "debian/changelog says $debver, CMakeLists.txt project() says $cmakever"
result "$(basename "$deb") built in ${secs} s; lintian ${lint_e} errors ${lint_w} warnings; $so, $conf/profiles/srvsess, /usr/bin/srvsess-scan, $helper, copyright, changelog; Depends $depends"
