#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# srvsess on a fresh Debian 12 (Wireshark 4.0), 13 (4.4) or sid (4.6) machine, in one command:
#   sh cmake/quickstart.sh        install what is missing, build, show the sessions
#                                 in the bundled sample capture through tshark
#   sh cmake/quickstart.sh test   the same install and build, then the whole test suite
#   sh cmake/quickstart.sh deps   only install what is missing (tests/matrix/matrix.sh)
set -eu
cd "$(dirname "$0")/.."
mode=${1:-demo}
build=${SRVSESS_BUILD_DIR:-build}

# Build tools, the release's Wireshark and its development files, Debian's python3 (the
# tests' runner), setpriv (tests run tshark unprivileged), valgrind (memcheck tests),
# python3-samba (the fuzzer marshals its seed calls with Samba's NDR code).
# srvsess-scan: parallel (runs its tshark jobs); openssh-server, openssh-client and rsync (its
# --sshlogin test starts an sshd on 127.0.0.1; parallel moves files with rsync); tcpdump and
# libpcap-dev (its prefilter: tcpdump finds DCE-RPC ports, tools/srvsess-prefilter links libpcap).
# The Debian package and its check (ctest package.deb): debhelper, dpkg-dev, fakeroot, lintian.
packages="build-essential cmake tshark libwireshark-dev wireshark-dev python3 util-linux valgrind python3-samba parallel openssh-server openssh-client rsync tcpdump libpcap-dev debhelper dpkg-dev fakeroot lintian"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "quickstart: installing$missing"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi
[ "$mode" = deps ] && exit 0

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSRVSESS_WERROR=ON
cmake --build "$build" -j"$(nproc)"

if [ "$mode" = test ]; then
  exec ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
fi

# Wireshark 4.0 run by root reads only the system plugin folder: show the
# sample as an unprivileged user with the plugin from the build tree.
run="env"
[ "$(id -u)" -eq 0 ] && run="setpriv --reuid=65534 --regid=65534 --clear-groups env"
home=$(mktemp -d); chmod 777 "$home"
ts() { $run HOME="$home" WIRESHARK_PLUGIN_DIR="$(pwd)/$build/plugins" tshark -r - "$@" < pcaps/sample.pcap; }
echo "== NetrSessionEnum / NetrSessionDel calls in pcaps/sample.pcap"
ts -Y srvsess
echo "== the sessions of the first level-2 response"
first=$(ts -Y 'srvsess.level == 2 && srvsess.session' -T fields -e frame.number | head -n 1)
ts -V -Y "frame.number == $first" | grep -E '^ +Session [0-9]+:'
rm -rf "$home"
