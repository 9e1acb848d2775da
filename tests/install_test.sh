#!/bin/sh
# cmake --install puts the plugin where Wireshark reads it: the personal folder
# for a user, the system folder with DESTDIR/root; cpack -G DEB packages the
# system folder. The installed plugin then really loads (tshark -G protocols).
set -eu
build=$1
tmp=$(mktemp -d); chmod 777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
so=lib/x86_64-linux-gnu/wireshark/plugins/4.0/epan/srvsess.so
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
[ "$(id -u)" -eq 0 ] || nobody=""

# A user: ~/.local/lib/wireshark/plugins/4.0/epan, which that user's tshark loads.
# As root the user is uid 65534; cmake --install writes its manifest into the
# build tree, so that file is made writable first.
if [ -n "$nobody" ] && ! $nobody test -r "$build/plugins/4.0/epan/srvsess.so"; then
  # The build tree is out of that user's reach (e.g. under /root): install for
  # it as root, asking for the personal folder, and hand the folder over.
  env HOME="$tmp" SRVSESS_INSTALL_PERSONAL=1 cmake --install "$build" > /dev/null
  chown -R 65534:65534 "$tmp/.local"
else
  touch "$build/install_manifest.txt" && chmod 666 "$build/install_manifest.txt"
  $nobody env HOME="$tmp" cmake --install "$build" > /dev/null
fi
test -f "$tmp/.local/lib/wireshark/plugins/4.0/epan/srvsess.so" || { echo "FAIL: no personal install"; exit 1; }
$nobody env HOME="$tmp" tshark -G protocols | grep -q "	srvsess$" || { echo "FAIL: personal install not loaded"; exit 1; }
echo "user install: ~/.local/lib/wireshark/plugins/4.0/epan/srvsess.so, loaded"

# The system folder (as root, or asked for), staged with DESTDIR.
DESTDIR="$tmp/stage" SRVSESS_INSTALL_SYSTEM=1 cmake --install "$build" > /dev/null
test -f "$tmp/stage/usr/$so" || { echo "FAIL: no system install in DESTDIR"; exit 1; }
echo "system install: /usr/$so"

# The .deb holds exactly the system plugin.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" > cpack.log 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/*.deb)
dpkg-deb -c "$deb" | grep -q "\./usr/$so$" || { echo "FAIL: .deb lacks the plugin"; dpkg-deb -c "$deb"; exit 1; }
test "$(dpkg-deb -c "$deb" | grep -c '^-')" -eq 1 || { echo "FAIL: .deb holds other files"; dpkg-deb -c "$deb"; exit 1; }
echo "cpack -G DEB: $(basename "$deb") with /usr/$so"
