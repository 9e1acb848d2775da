#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The version matrix: the README's two commands (quickstart demo and test), the
# Debian package (dpkg-buildpackage -us -uc -b + lintian, tests/checkers/deb_test.sh),
# Wireshark's own checkers of that release on plugin/*.c (tests/checkers/run_checkers.sh)
# and the benchmark on every supported Wireshark, one Debian suite each:
#   bookworm = 4.0, trixie = 4.4, sid = 4.6.
#
#   tests/matrix/matrix.sh [--host-results FILE] [--no-bench] [SUITE...]
#   tests/matrix/matrix.sh --exec SUITE [COMMAND...]   a command (default: a shell) in
#                                                     the suite's chroot, in a copy of the tree
#
# A suite that is the host's own release runs on the host (CI has just run the
# suite there: --host-results names that run's ctest log, so it is not run twice);
# every other suite runs in a debootstrap chroot kept in $SRVSESS_MATRIX_CACHE
# (default /var/cache/srvsess-matrix) and reused by later runs on the same machine.
# A fresh machine makes them anew (about 2 minutes each, plus the packages).
# The package mirror is the one this machine's own apt sources name: no host name
# is written here. Each chroot runs in a private mount namespace (unshare), so its
# /proc and /dev mounts vanish with it, whatever happens.
#
# The package and checker results come from the ctests package.deb and
# checkers.wireshark of the suite's test run (their result files in the build
# tree); a suite whose run left none runs the scripts itself.
#
# Prints one table: suite, Wireshark version, ctest passed/failed, benchmark ratios
# (srvsess / built-in, medians; a: the anomaly-heavy workload), demo, .deb + lintian, checkers; and a line per
# phase with its duration. Exits non-zero if any suite failed or did not run, its
# package did not build or lintian complained, or its checkers found something not
# answered (a release whose source the mirror does not serve shows "skip", with why).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
cache=${SRVSESS_MATRIX_CACHE:-/var/cache/srvsess-matrix}
pairs=${SRVSESS_MATRIX_BENCH_PAIRS:-3}
host_results=""
bench=1
shell_suite=""
exec_cmd=()
suites=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host-results) host_results=$2; shift 2 ;;
    --no-bench) bench=0; shift ;;
    --exec) shell_suite=$2; shift 2; exec_cmd=("$@"); break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) suites+=("$1"); shift ;;
  esac
done
[ ${#suites[@]} -gt 0 ] || suites=(bookworm trixie sid)
[ "$(id -u)" -eq 0 ] || { echo "matrix: needs root (debootstrap, chroot)"; exit 2; }

host_codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

# The first Debian archive URI in this machine's apt sources (deb822 or one-line).
mirror() {
  local m=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$m" ] && break
  done
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }')
  fi
  [ -n "$m" ] || { echo "matrix: no Debian mirror in /etc/apt/sources*" >&2; return 1; }
  echo "$m"
}

# Run a command inside the suite's chroot, with /proc and /dev mounted privately.
in_chroot() {
  local dir=$1; shift
  unshare --mount --propagation private /bin/sh -c '
    dir=$1; shift
    mount -t proc proc "$dir/proc" &&
    mount --rbind /dev "$dir/dev" &&
    exec chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive CI="${CI:-}" "$@"' sh "$dir" "$@"
}

# Make (or reuse) the chroot of one suite.
provision() {
  local suite=$1 dir="$cache/$1" m
  if [ -f "$dir/.srvsess-ready" ]; then
    echo "matrix: reusing $dir"
    return 0
  fi
  m=$(mirror) || return 1
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null || return 1
  rm -rf "$dir.new"; mkdir -p "$cache"
  echo "matrix: debootstrap $suite (mirror from this machine's apt sources)"
  debootstrap --variant=minbase "$suite" "$dir.new" "$m" > "$cache/$suite.debootstrap.log" 2>&1 ||
    { tail -n 20 "$cache/$suite.debootstrap.log"; return 1; }
  echo "deb $m $suite main" > "$dir.new/etc/apt/sources.list"
  # sid's Release file may be past its Valid-Until date on a snapshot mirror.
  echo 'Acquire::Check-Valid-Until "false";' > "$dir.new/etc/apt/apt.conf.d/99srvsess-matrix"
  rm -rf "$dir"; mv "$dir.new" "$dir"
  touch "$dir/.srvsess-ready"
}

# Copy the tree (tracked files plus untracked, not ignored ones: what a commit would hold).
copy_tree() {
  local dir=$1 to=${2:-srvsess}
  rm -rf "$dir/srv/$to"; mkdir -p "$dir/srv/$to"
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) |
    tar -xf - -C "$dir/srv/$to"
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}

# Chroot suites: make or reuse the chroot, copy the tree in, install what the
# quickstart needs (network-bound: done for all suites at once, before any test).
prepare() {
  local suite=$1 log=$2 dir="$cache/$1"
  provision "$suite" > "$log.prepare" 2>&1 || return 1
  copy_tree "$dir"
  in_chroot "$dir" sh -c 'cd /srv/srvsess && sh cmake/quickstart.sh deps' >> "$log.prepare" 2>&1
}

# phase SUITE NAME CMD...: runs CMD, prints its duration (on fd 3, the terminal,
# whatever CMD's output is redirected to).
exec 3>&1
phase() {
  local suite=$1 name=$2 t0 rc; shift 2
  t0=$(date +%s)
  "$@"; rc=$?
  echo "matrix: $suite: $name took $(( $(date +%s) - t0 )) s (exit $rc)" >&3
  return $rc
}

# The .deb and the checkers: the result lines the suite's ctests left in the build
# tree (BUILD is the tree as seen from outside the chroot), else run the scripts
# now (RUN: how to run a command in the suite: on the host, or in the chroot).
package_and_checkers() {
  local suite=$1 log=$2 build=$3 run=$4 srcdir=$5 bdir=$6
  if [ -s "$build/package-deb.result" ]; then
    cp "$build/package-deb.result" "$log.deb"
  else
    phase "$suite" "dpkg-buildpackage + lintian" $run sh -c \
      "cd $srcdir && SRVSESS_DEB_RESULT=$bdir/package-deb.result sh tests/checkers/deb_test.sh $srcdir $bdir" > "$log.deb.out" 2>&1
    cp "$build/package-deb.result" "$log.deb" 2>/dev/null || tail -n 5 "$log.deb.out" > "$log.deb"
  fi
  if [ -s "$build/checkers.result" ]; then
    cp "$build/checkers.result" "$log.checkers"
  else
    phase "$suite" "Wireshark's checkers" $run sh -c \
      "cd $srcdir && SRVSESS_CHECKERS_RESULT=$bdir/checkers.result sh tests/checkers/run_checkers.sh $srcdir" > "$log.checkers.out" 2>&1
    cp "$build/checkers.result" "$log.checkers" 2>/dev/null || tail -n 5 "$log.checkers.out" > "$log.checkers"
  fi
}
on_host() { "$@"; }
in_suite() { in_chroot "$cache/$suite_now" "$@"; }

# Suite runner: the README's two commands, the package and checkers, then the
# benchmark; logs under $log.
run_suite() {
  local suite=$1 log=$2 dir b
  suite_now=$suite
  if [ "$suite" = "$host_codename" ]; then
    b="$src/${SRVSESS_BUILD_DIR:-build}"
    if [ -n "$host_results" ] && [ -f "$host_results" ]; then
      cp "$host_results" "$log.test"
    else
      rm -f "$b/package-deb.result" "$b/checkers.result"
      (cd "$src" && phase "$suite" "quickstart test" sh cmake/quickstart.sh test) > "$log.test" 2>&1
    fi
    (cd "$src" && phase "$suite" "quickstart demo" sh cmake/quickstart.sh) > "$log.demo" 2>&1
    echo $? > "$log.demo.rc"
    tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9][0-9.]*[0-9]\).*/\1/p' > "$log.version"
    package_and_checkers "$suite" "$log" "$b" on_host "$src" "$b"
    if [ $bench = 1 ]; then
      phase "$suite" bench /usr/bin/python3 "$src/tests/bench/bench.py" --build "$b" --pairs "$pairs" --skip-scale > "$log.bench" 2>&1
    fi
    return 0
  fi
  dir="$cache/$suite"
  if [ "$(cat "$log.prepare.rc" 2>/dev/null)" != 0 ]; then
    { echo "matrix: preparing the $suite chroot failed:"; tail -n 30 "$log.prepare"; } > "$log.test"
    return 1
  fi
  phase "$suite" "quickstart test" in_chroot "$dir" sh -c 'cd /srv/srvsess && sh cmake/quickstart.sh test' > "$log.test" 2>&1
  phase "$suite" "quickstart demo" in_chroot "$dir" sh -c 'cd /srv/srvsess && sh cmake/quickstart.sh' > "$log.demo" 2>&1
  echo $? > "$log.demo.rc"
  in_chroot "$dir" sh -c "tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9][0-9.]*[0-9]\).*/\1/p'" > "$log.version"
  package_and_checkers "$suite" "$log" "$dir/srv/srvsess/build" in_suite /srv/srvsess /srv/srvsess/build
  if [ $bench = 1 ]; then
    phase "$suite" bench in_chroot "$dir" sh -c "cd /srv/srvsess && /usr/bin/python3 tests/bench/bench.py --build build --pairs $pairs --skip-scale" > "$log.bench" 2>&1
  fi
}

if [ -n "$shell_suite" ]; then
  # Its own copy (/srv/srvsess-exec-PID), so a matrix run, or another --exec, in the
  # same chroot is left alone; removed afterwards unless SRVSESS_MATRIX_KEEP is set.
  exec_dir=srvsess-exec-$$
  provision "$shell_suite" && copy_tree "$cache/$shell_suite" "$exec_dir" || exit 1
  [ ${#exec_cmd[@]} -gt 0 ] || exec_cmd=(/bin/bash)
  in_chroot "$cache/$shell_suite" sh -c 'cd "/srv/$1" && shift && exec "$@"' sh "$exec_dir" "${exec_cmd[@]}"
  rc=$?
  [ -n "${SRVSESS_MATRIX_KEEP:-}" ] || rm -rf "${cache:?}/$shell_suite/srv/$exec_dir"
  exit $rc
fi

logs=$(mktemp -d /tmp/srvsess-matrix.XXXXXX)
status=0
start=$(date +%s)
for s in "${suites[@]}"; do
  [ "$s" = "$host_codename" ] && continue
  ( prepare "$s" "$logs/$s"; echo $? > "$logs/$s.prepare.rc" ) &
done
wait
echo "matrix: chroots ready in $(( $(date +%s) - start )) s"
for s in "${suites[@]}"; do
  echo "matrix: == $s"
  start=$(date +%s)
  run_suite "$s" "$logs/$s"
  echo "matrix: $s took $(( $(date +%s) - start )) s (logs: $logs/$s.*)"
done

total_passed=0; total_failed=0
printf '\n%-10s %-10s %7s %7s %7s %7s %7s %7s %7s %7s %7s  %-5s %-5s %s\n' suite wireshark passed failed summary fields "-V" a:summ a:flds "a:-V" rss demo deb checkers
for s in "${suites[@]}"; do
  log="$logs/$s"
  ver=$(cat "$log.version" 2>/dev/null); ver=${ver:-?}
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log.test" 2>/dev/null | tail -n 1)
  if [ -n "$line" ]; then
    failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
    total=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
    passed=$((total - failed))
  else
    passed=0; failed="-"
  fi
  total_passed=$((total_passed + passed))
  case "$failed" in ''|*[!0-9]*) total_failed=$((total_failed + 1)) ;; *) total_failed=$((total_failed + failed)) ;; esac
  ratio() { sed -nE "s/^ratios:(.* )?$1=([0-9.]+).*/\2/p" "$log.bench" 2>/dev/null | tail -n 1; }
  r_sum=$(ratio summary); r_fld=$(ratio fields); r_v=$(ratio -V); r_rss=$(ratio rss)
  a_sum=$(ratio anomaly:summary); a_fld=$(ratio anomaly:fields); a_v=$(ratio anomaly:-V)
  demo=fail; [ "$(cat "$log.demo.rc" 2>/dev/null)" = 0 ] && grep -q 'Session 1:' "$log.demo" && demo=ok
  # deb: "<name>.deb built ...; lintian 0 errors 0 warnings; ..." is the only success line.
  deb=fail; grep -q '^[^ ]*\.deb built in .*; lintian 0 errors 0 warnings;' "$log.deb" 2>/dev/null && deb=ok
  chk=fail; grep -q '^Wireshark [^ ]*: clean ' "$log.checkers" 2>/dev/null && chk=ok
  grep -q '^skipped' "$log.checkers" 2>/dev/null && chk=skip
  printf '%-10s %-10s %7s %7s %7s %7s %7s %7s %7s %7s %7s  %-5s %-5s %s\n' "$s" "$ver" "$passed" "$failed" \
    "${r_sum:--}" "${r_fld:--}" "${r_v:--}" "${a_sum:--}" "${a_fld:--}" "${a_v:--}" "${r_rss:--}" "$demo" "$deb" "$chk"
  printf '           .deb: %s\n           checkers: %s\n' "$(head -c 400 "$log.deb" 2>/dev/null)" "$(head -c 300 "$log.checkers" 2>/dev/null)"
  # A release whose source the mirror does not serve cannot run its checkers: said
  # loudly (the reason is the result line above), not counted as a failure of srvsess.
  [ "$chk" = skip ] && echo "matrix: $s: Wireshark's checkers SKIPPED: $(head -c 300 "$log.checkers")" >&2
  if [ "$failed" != 0 ] || [ "$passed" = 0 ] || [ "$demo" != ok ] || [ "$deb" != ok ] || [ "$chk" = fail ]; then
    status=1
    echo "matrix: $s FAILED; what failed (full log: $log.test):" >&2
    if grep -q '\*\*\*' "$log.test"; then
      grep -A 20 '\*\*\*' "$log.test" | grep -v '^ *Start \|Test *#.*Passed' >&2
    else
      tail -n 30 "$log.test" >&2
    fi
    [ "$demo" = ok ] || { echo "matrix: $s demo (sh cmake/quickstart.sh):" >&2; tail -n 15 "$log.demo" >&2; }
    [ "$deb" = ok ] || { echo "matrix: $s .deb (tests/checkers/deb_test.sh):" >&2; cat "$log.deb" "$log.deb.out" 2>/dev/null | tail -n 30 >&2; }
    [ "$chk" != fail ] || { echo "matrix: $s checkers (tests/checkers/run_checkers.sh):" >&2; cat "$log.checkers" "$log.checkers.out" 2>/dev/null | tail -n 30 >&2; }
  fi
done
echo "matrix: $total_passed passed, $total_failed failed"
exit $status
