#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The srvsess configuration profile lands where Wireshark looks for profiles
# (cmake/SrvsessInstall.cmake), and Wireshark then finds it by name:
#   target install-personal         -> <personal configuration>/profiles/srvsess
#   cmake --install (DESTDIR, by a  -> <global configuration>/profiles/srvsess
#   normal user, --prefix /usr)
# "Personal/Global configuration" are what this Wireshark itself reports
# (tshark -G folders), not paths written down here. Every installed file must
# equal the one in profiles/srvsess, and `tshark -C srvsess` must then show the
# profile's columns (PSML column titles): from the personal folder, and from the
# global one (staged: WIRESHARK_DATA_DIR points tshark at the DESTDIR copy).
# The .deb's copy: tests/checkers/deb_test.sh (ctest package.deb).
set -eu
build=$1
src=$2
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
files="preferences colorfilters"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ "$(id -u)" -eq 0 ] || nobody=""
# No inherited choices: each case below sets what it needs.
clean="env -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME -u WIRESHARK_DATA_DIR"
fail() { echo "FAIL: $*"; exit 1; }

folder() {   # folder NAME HOME: a line of tshark -G folders
  $clean HOME="$2" tshark -G folders 2>/dev/null | sed -n "s/^$1:[[:space:]]*//p"
}
same_files() {   # same_files DIR WHAT
  for f in $files; do
    test -f "$1/$f" || fail "$2: no $1/$f"
    cmp -s "$src/profiles/srvsess/$f" "$1/$f" || fail "$2: $1/$f differs from profiles/srvsess/$f"
  done
}
shows_columns() {   # shows_columns WHAT ENV...: tshark -C srvsess, as the unprivileged user, shows the columns
  what=$1; shift
  out=$($nobody $clean "$@" LANG=C.UTF-8 tshark -C srvsess -T psml -c 1 -r - < "$src/pcaps/sample.pcap" 2>&1) \
    || fail "$what: tshark -C srvsess: $out"
  for t in "User" "Client host" "Idle" "User flags"; do
    case "$out" in
      *"<section>$t</section>"*) ;;
      *) fail "$what: tshark -C srvsess shows no column '$t': $out" ;;
    esac
  done
}

global=$(folder "Global configuration" "$tmp")
[ -n "$global" ] || fail "tshark -G folders names no global configuration folder"

# A build tree the normal user cannot read (e.g. under /root): root installs for it.
as=$nobody
if [ -n "$nobody" ] && ! $nobody test -r "$build/cmake_install.cmake"; then as=""; fi

# The personal folder (uid 65534 when the test runs as root), asked for explicitly.
home="$tmp/user"; mkdir "$home"
[ -z "$nobody" ] || chown 65534:65534 "$home"
personal=$(folder "Personal configuration" "$home")
$as $clean HOME="$home" cmake -P "$build/srvsess-install-personal.cmake" > /dev/null
[ -n "$as" ] || [ -z "$nobody" ] || chown -R 65534:65534 "$home"
same_files "$personal/profiles/srvsess" "install-personal"
shows_columns "install-personal" HOME="$home"
echo "install-personal: $personal/profiles/srvsess ($files), tshark -C srvsess shows its columns"

# cmake --install, DESTDIR-staged by the normal user: the global folder.
[ -z "$as" ] || { touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"; }
mkdir "$tmp/stage"; [ -z "$as" ] || chown 65534:65534 "$tmp/stage"
$as $clean HOME="$home" DESTDIR="$tmp/stage" cmake --install "$build" --prefix /usr > /dev/null
same_files "$tmp/stage$global/profiles/srvsess" "DESTDIR install"
test -z "$(find "$tmp/stage" -path '*/.config/*')" || fail "cmake --install also wrote a personal folder"
chmod -R a+rX "$tmp/stage"
home2="$tmp/home2"; mkdir "$home2"; [ -z "$nobody" ] || chown 65534:65534 "$home2"
shows_columns "DESTDIR install" HOME="$home2" WIRESHARK_DATA_DIR="$tmp/stage$global"
echo "DESTDIR install (--prefix /usr): $global/profiles/srvsess ($files), found as a global profile by tshark -C srvsess"
