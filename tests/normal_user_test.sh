#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# tiers.normal_user: the README's test path works for a normal account, not only
# for root (issue 14, part 4). Run as root, it makes a throwaway user with its own
# HOME, gives it a copy of the source tree, and as that user (setpriv, the user's
# own groups, a login-like environment) configures, builds and runs:
#   ctest -L fast    every test passes, none is skipped (the developer's loop runs
#                    for everyone);
#   ctest -L root    every test is reported skipped (exit 77 with its reason),
#                    none failed, none passed (a root test that "passes" without
#                    root checked nothing).
# Run by anyone else, it is skipped (exit 77): that user is the normal user
# already, and `ctest -L fast` / the whole ctest run are this check.
#   normal_user_test.sh SOURCE_DIR BINARY_DIR
set -eu
src=$1
bin=$2
SKIP=77
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: tiers.normal_user makes a throwaway user and runs the fast tier as it; it needs root." \
       "You (uid $(id -u)) are a normal user already: this ctest run is that check."
  exit $SKIP
fi
for tool in useradd userdel setpriv cmake ctest tar; do
  command -v "$tool" > /dev/null 2>&1 || {
    echo "SKIPPED: $tool not found (useradd/userdel: Debian's passwd, setpriv: util-linux)"; exit $SKIP; }
done
fail() { echo "FAIL: $*"; exit 1; }

tmp=$(mktemp -d /tmp/srvsess-normal-user.XXXXXX)
chmod 755 "$tmp"
user="srvsessu$$"          # from the pid: several runs side by side do not collide
home="$tmp/home"
made=""
cleanup() {
  # --force: a process the user left behind must not keep the account alive
  [ -z "$made" ] || userdel --force "$user" 2> /dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
useradd --home-dir "$home" --create-home --shell /bin/sh --user-group "$user"
made=1

# The source tree without .git and build folders, as a clone would give it.
mkdir "$home/src"
rel=""
case "$bin" in "$src"/*) rel="./${bin#"$src"/}" ;; esac
tar -C "$src" --exclude=./.git --exclude='./build*' ${rel:+--exclude="$rel"} -cf - . | tar -C "$home/src" -xf -
chown -R "$user:$user" "$home"

# A login-like environment: the user's PATH (no sbin), HOME, no variables of root's.
as_user() {
  setpriv --reuid="$user" --regid="$user" --init-groups \
    env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/sh LANG=C.UTF-8 \
        PATH=/usr/local/bin:/usr/bin:/bin TMPDIR="$home/tmp" sh -c "mkdir -p \"\$TMPDIR\" && cd \"\$HOME/src\" && $1"
}
echo "== as $(id "$user")"
as_user 'cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > configure.log 2>&1 || { cat configure.log; exit 1; }
         cmake --build build -j2 > build.log 2>&1 || { tail -n 40 build.log; exit 1; }' \
  || fail "$user cannot configure and build srvsess"

fast="$tmp/fast.log"
as_user 'ctest --test-dir build -L fast -j2 --output-on-failure' > "$fast" 2>&1 && rc=0 || rc=$?
grep -E '% tests passed|Total Test time' "$fast" || true
[ "$rc" -eq 0 ] || { cat "$fast"; fail "ctest -L fast as $user exited $rc"; }
grep -q '100% tests passed, 0 tests failed' "$fast" || { cat "$fast"; fail "ctest -L fast as $user: not every test passed"; }
if grep -q 'Skipped' "$fast"; then
  cat "$fast"; fail "ctest -L fast as $user skipped tests: the fast tier must run for everyone"
fi

root="$tmp/root.log"
as_user 'ctest --test-dir build -L root -j2 -V' > "$root" 2>&1 && rc=0 || rc=$?
want=$(as_user 'ctest --test-dir build -N -L root' | sed -n 's/^Total Tests: //p')
skipped=$(grep -c '\*\*\*Skipped' "$root" || true)
grep -E '% tests passed|Total Test time' "$root" || true
[ "$rc" -eq 0 ] || { cat "$root"; fail "ctest -L root as $user exited $rc: a root test failed instead of skipping"; }
[ -n "$want" ] && [ "$want" -gt 0 ] || { cat "$root"; fail "no test labelled root"; }
[ "$skipped" -eq "$want" ] || { cat "$root"; fail "ctest -L root as $user: $skipped of $want skipped"; }
grep -h 'SKIPPED: ' "$root" | sed 's/^[0-9]*: //' | sort -u || true
echo "as $user: the fast tier all passed, the $want root tests all skipped with their reason"
