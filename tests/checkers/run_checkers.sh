#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Wireshark's own source checkers, from the source of the release this machine
# builds against (fetch_wireshark_tools.sh: apt-get source, cached), on every
# plugin/*.c that exists when it runs:
#   checkAPIs.pl --group dissectors-prohibited --group dissectors-restricted
#                      (the switches Wireshark's own build gives its dissectors)
#   checkhf.pl         hf_/ei_ defined, registered and used
#   checkfiltername.pl filter names under the protocol's abbreviation
# Each line a checker prints is a finding. A finding is answered when a line of
# tests/checkers/allowlist.txt matches it (CHECKER | extended regex | reason);
# anything else fails. First each checker must fire on known_bad.c (a file
# written to break each of them), so a checker that stopped reporting cannot
# pass as "clean".
#   run_checkers.sh [SRC]        SRC: the source tree (default: this one)
# Exit status: 0 clean or all answered, 1 unanswered findings, 77 (skip) when
# the release's source cannot be fetched (reason printed).
# With SRVSESS_CHECKERS_RESULT=FILE, the one-line result also goes to FILE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$(cd "$here/../.." && pwd)}
allow="$here/allowlist.txt"
result() {
  echo "checkers: $1"
  [ -z "${SRVSESS_CHECKERS_RESULT:-}" ] || echo "$1" > "$SRVSESS_CHECKERS_RESULT"
}
command -v perl > /dev/null || { result "skipped: no perl"; exit 77; }
dir=$(sh "$here/fetch_wireshark_tools.sh")
rc=$?
if [ $rc -ne 0 ]; then result "skipped: the Wireshark source could not be fetched (exit $rc)"; exit 77; fi
ver=$(basename "$dir")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every allow-list entry carries a reason.
bad_allow=$(grep -v '^[[:space:]]*\(#\|$\)' "$allow" | awk -F'|' 'NF < 3 || $3 ~ /^[[:space:]]*$/')
if [ -n "$bad_allow" ]; then
  echo "checkers: allow-list entries without a reason (CHECKER | regex | reason):"; echo "$bad_allow"
  result "Wireshark $ver: bad allow-list"; exit 1
fi

# run CHECKER FOLDER FILE...: its output lines (stdout and stderr) on the files
# (names relative to FOLDER, so findings name files as the allow-list does),
# minus headers, totals and empty summary sections; a non-zero exit without a
# line is a finding too.
run() {
  c=$1; d=$2; shift 2
  opts=""
  [ "$c" != checkAPIs.pl ] || opts="--group dissectors-prohibited --group dissectors-restricted"
  # shellcheck disable=SC2086
  out=$(cd "$d" && perl "$dir/tools/$c" $opts "$@" 2>&1)
  st=$?
  printf '%s\n' "$out" | grep -v '^[[:space:]]*$' |
    grep -v -E '^TOTAL ERRORS: [0-9]+|^[^ ]+\.c \([0-9]+ \(of [0-9]+\) fields\)$|^[A-Z0-9 .]+: 0$|FILE LIST$' |
    sed "s|^|$c: |"
  [ $st -eq 0 ] || [ -n "$(printf '%s' "$out" | tr -d '[:space:]')" ] || echo "$c: exit $st without a message"
}

checkers="checkAPIs.pl checkhf.pl checkfiltername.pl"
for c in $checkers; do
  n=$(run "$c" "$here" known_bad.c | wc -l)
  if [ "$n" -eq 0 ]; then
    result "Wireshark $ver: $c reports nothing on known_bad.c: the checker does not run"; exit 1
  fi
done

files=$(cd "$src/plugin" && ls *.c)
nfiles=$(echo "$files" | wc -l)
status=0; summary=""
for c in $checkers; do
  run "$c" "$src/plugin" $files > "$tmp/$c.findings"
  total=$(wc -l < "$tmp/$c.findings")
  unanswered=0
  while IFS= read -r f; do
    if grep -v '^[[:space:]]*\(#\|$\)' "$allow" | awk -F'|' -v c="$c" '
         { gsub(/^[ \t]+|[ \t]+$/, "", $1); gsub(/^[ \t]+|[ \t]+$/, "", $2) }
         $1 == c { print $2 }' | while IFS= read -r re; do
           printf '%s\n' "$f" | grep -q -E -- "$re" && echo hit && break
         done | grep -q hit; then
      echo "checkers: $f  (answered in allowlist.txt)"
    else
      echo "checkers: UNANSWERED $f"
      unanswered=$((unanswered + 1))
    fi
  done < "$tmp/$c.findings"
  [ $unanswered -eq 0 ] || status=1
  summary="$summary $c $total/$unanswered"
done
echo "checkers: per checker, findings/unanswered:$summary"
if [ $status -eq 0 ]; then
  result "Wireshark $ver: clean ($nfiles files;$summary)"
else
  result "Wireshark $ver: UNANSWERED findings ($nfiles files;$summary)"
fi
exit $status
