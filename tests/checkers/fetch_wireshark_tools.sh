#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints the folder holding tools/checkAPIs.pl, checkhf.pl and checkfiltername.pl
# of the Wireshark release this machine builds against (libwireshark-dev's source
# version), fetched once with `apt-get source --download-only` and cached in
# ${SRVSESS_CHECKERS_CACHE:-~/.cache/srvsess-checkers}/<version>.
#
# apt needs deb-src entries: they are derived at run time from this machine's own
# apt sources (each `deb` entry becomes a `deb-src` one, same URI, suites,
# components and keyring) into a private apt configuration inside the cache, so
# the machine's apt setup is left alone and no host name is written here. Works
# as a normal user (no apt lock, no sandbox user).
# Exit status: 0 (folder on stdout), 77 when the source cannot be had (reason on stderr).
set -eu
fail() { echo "fetch_wireshark_tools: $*" >&2; exit 77; }
command -v apt-get > /dev/null || fail "no apt-get on this machine"
ver=$(dpkg-query -W -f='${source:Version}' libwireshark-dev 2>/dev/null) || true
[ -n "$ver" ] || fail "libwireshark-dev is not installed"
root=${SRVSESS_CHECKERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/srvsess-checkers}
dir="$root/$ver"
tools="checkAPIs.pl checkhf.pl checkfiltername.pl"
have=1
for t in $tools; do [ -f "$dir/tools/$t" ] || have=0; done
if [ $have = 1 ]; then echo "$dir"; exit 0; fi

apt="$root/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dir.new"
# deb822 stanzas (*.sources, Types: deb) and one-line entries (*.list, sources.list).
{
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && uris != "" && suites != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            printf "deb-src %s%s %s %s\n", (key != "" ? "[signed-by=" key "] " : ""), u[i], s[j], comps
        }
        types = uris = suites = comps = key = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { v = $0; sub(/^[^:]*:[ \t]*/, "", v) }
      /^Types:/ { types = v } /^URIs:/ { uris = v } /^Suites:/ { suites = v }
      /^Components:/ { comps = v } /^Signed-By:/ { key = v }
      END { flush() }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -n 's/^[[:space:]]*deb[[:space:]]\+/deb-src /p'
} > "$apt/sources.list"
[ -s "$apt/sources.list" ] || fail "no deb entry in this machine's apt sources to derive a deb-src one from"
set -- -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
       -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1 \
       -o APT::Sandbox::User="$(id -un)" -o Acquire::Check-Valid-Until=false -q
apt-get "$@" update > "$apt/update.log" 2>&1 || { tail -n 5 "$apt/update.log" >&2; fail "apt-get update (deb-src) failed"; }
(cd "$dir.new" && apt-get "$@" source --download-only "wireshark=$ver") > "$apt/source.log" 2>&1 ||
  { tail -n 5 "$apt/source.log" >&2; fail "apt-get source wireshark=$ver failed"; }
orig=$(ls "$dir.new"/wireshark_*.orig.tar.* 2>/dev/null | head -n 1)
[ -n "$orig" ] || fail "apt-get source wireshark=$ver brought no .orig tarball"
# One pass over the tarball: only the three scripts.
mkdir -p "$dir.new/x" "$dir.new/tools"
set -f   # the patterns are tar's, not the shell's
# shellcheck disable=SC2046
tar -xf "$orig" -C "$dir.new/x" --wildcards $(for t in $tools; do echo "*/tools/$t"; done) ||
  fail "$orig lacks one of: $tools"
set +f
for t in $tools; do mv "$dir.new"/x/*/tools/"$t" "$dir.new/tools/$t" || fail "$orig has no tools/$t"; done
rm -rf "$dir.new/x" "$dir.new"/wireshark_*
rm -rf "$dir"; mv "$dir.new" "$dir"
echo "$dir"
