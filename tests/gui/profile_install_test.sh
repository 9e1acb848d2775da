#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The srvsess configuration profile lands where Wireshark looks for profiles
# (cmake/SrvsessProfile.cmake), and Wireshark then finds it by name:
#   a user:  cmake --install  -> <personal configuration>/profiles/srvsess
#   root:    cmake --install  -> <global configuration>/profiles/srvsess (DESTDIR-staged)
#   the .deb (cpack -G DEB)   -> <global configuration>/profiles/srvsess
# "Personal/Global configuration" are what this Wireshark itself reports
# (tshark -G folders), not paths written down here. Every installed file must
# equal the one in profiles/srvsess, and `tshark -C srvsess` must then show the
# profile's columns (PSML column titles): from the personal folder, and from the
# global one (staged: WIRESHARK_DATA_DIR points tshark at the DESTDIR copy).
set -eu
build=$1
src=$2
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
files="preferences colorfilters"
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ "$(id -u)" -eq 0 ] || nobody=""
# No inherited choices: each case below sets what it needs.
clean="env -u SRVSESS_INSTALL_PERSONAL -u SRVSESS_INSTALL_SYSTEM -u WIRESHARK_CONFIG_DIR -u XDG_CONFIG_HOME -u WIRESHARK_DATA_DIR"
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

# A user (uid 65534 when the test runs as root): the personal folder.
if grep -q '^SRVSESS_INSTALL_SYSTEM:BOOL=ON$' "$build/CMakeCache.txt"; then
  echo "user install: skipped, this build was configured with -DSRVSESS_INSTALL_SYSTEM=ON"
else
  home="$tmp/user"; mkdir "$home"
  [ -z "$nobody" ] || chown 65534:65534 "$home"
  personal=$(folder "Personal configuration" "$home")
  if [ -n "$nobody" ] && ! $nobody test -w "$build"; then
    # The unprivileged user cannot write the install manifest into the build
    # tree: the manifest file is made writable for it first.
    touch "$build/install_manifest_user.txt" && chmod 666 "$build/install_manifest_user.txt"
  fi
  if [ -n "$nobody" ] && ! $nobody test -r "$build/CMakeCache.txt"; then
    # The build tree is out of that user's reach (e.g. under /root): root installs
    # into that home, asking for the personal folder, and hands it over.
    $clean HOME="$home" SRVSESS_INSTALL_PERSONAL=1 cmake --install "$build" --component user > /dev/null
    chown -R 65534:65534 "$home"
  else
    $nobody $clean HOME="$home" cmake --install "$build" --component user > /dev/null
  fi
  same_files "$personal/profiles/srvsess" "user install"
  shows_columns "user install" HOME="$home"
  echo "user install: $personal/profiles/srvsess ($files), tshark -C srvsess shows its columns"
fi

# Root (or SRVSESS_INSTALL_SYSTEM=1 when the test is not root): the global folder.
mode="as root"
if [ -n "$nobody" ]; then
  $clean DESTDIR="$tmp/stage" cmake --install "$build" --component user > /dev/null
else
  mode="with SRVSESS_INSTALL_SYSTEM=1"
  $clean DESTDIR="$tmp/stage" SRVSESS_INSTALL_SYSTEM=1 cmake --install "$build" --component user > /dev/null
fi
same_files "$tmp/stage$global/profiles/srvsess" "system install"
test -z "$(find "$tmp/stage" -path '*/.config/*')" || fail "system install also wrote a personal folder"
chmod -R a+rX "$tmp/stage"
home2="$tmp/home2"; mkdir "$home2"; [ -z "$nobody" ] || chown 65534:65534 "$home2"
shows_columns "system install" HOME="$home2" WIRESHARK_DATA_DIR="$tmp/stage$global"
echo "system install ($mode): $global/profiles/srvsess ($files), found as a global profile by tshark -C srvsess"

# The .deb: the global folder, world-readable files.
mkdir "$tmp/deb"
(cd "$tmp/deb" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$tmp/deb/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/deb/*.deb)
dpkg-deb -c "$deb" > "$tmp/contents"   # into a file: grep -q on a pipe would cut dpkg-deb short
for f in $files; do
  grep -q "^-rw-r--r-- .* \./${global#/}/profiles/srvsess/$f$" "$tmp/contents" \
    || { cat "$tmp/contents"; fail ".deb lacks $global/profiles/srvsess/$f (mode 644)"; }
done
dpkg-deb -x "$deb" "$tmp/debroot"
same_files "$tmp/debroot$global/profiles/srvsess" ".deb"
echo "cpack -G DEB: $(basename "$deb") holds $global/profiles/srvsess ($files)"
