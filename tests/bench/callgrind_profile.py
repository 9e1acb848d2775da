#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""callgrind_profile.py - callgrind instruction counts of tshark with srvsess enabled, as
the built-in (srvsess disabled) and as the floor (srvsvc disabled too).

    callgrind_profile.py --build BUILD_DIR [--capture PCAP] [--modes summary,fields,-V]
                         [--arms srvsess,built-in,floor] [--top 15] [--keep DIR]

A --modes value that starts with "-" needs the "=": --modes=-V,fields.
--arms srvsess alone measures a change to the plugin (the other two arms do
not load its code); the Ir of each arm is printed as "Ir <mode> <arm> N".

Runs `valgrind --tool=callgrind tshark -r - ARGS` as uid 65534 with the
hermetic environment of tests/tshark_env.py (capture on stdin), once per arm
and mode; instruction counts are deterministic, so one run per arm suffices.
Prints the Ir totals and their ratios, then, for the srvsess runs, the
srvsess.so functions by inclusive and self Ir, and the functions outside
srvsess.so that srvsess code calls directly, by the inclusive Ir of those
calls (where the plugin's time goes).

Inlined functions are charged to their caller (in the RelWithDebInfo build
has_lone_surrogate is part of srvsess_ndr_string); for a finer breakdown
profile a second build configured with -DCMAKE_C_FLAGS=-fno-inline.

Default capture: BUILD/tests/bench/bench_small.pcap (make_capture.py
--only small): 20 responses x 250 level-2 sessions.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from tshark_env import Tshark, _as_nobody  # noqa: E402

import bench  # noqa: E402

PLUGIN_OBJ = "srvsess.so"


def parse_callgrind(path):
    """-> (total Ir, self{(obj, fn): Ir}, calls{((obj, fn), (cobj, cfn)): inclusive Ir})."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    kind_of = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl",
               "cfl": "fl", "fn": "fn", "cfn": "fn"}
    self_cost = collections.Counter()
    call_cost = collections.Counter()
    total = 0
    ob = fn = cob = cfn = None
    pending_call = False
    rx = re.compile(r"^(\w+)=(?:\((\d+)\))?\s*(.*)$")

    def name(key, ident, text):
        table = names[kind_of[key]]
        if ident is None:
            return text
        if text:
            table[ident] = text
        return table.get(ident, "?")

    with open(path, errors="replace") as f:
        for line in f:
            if not line or line == "\n":
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                if pending_call:
                    parts = line.split()
                    if len(parts) > 1:
                        call_cost[((ob, fn), (cob or ob, cfn))] += int(parts[1])
                    pending_call = False
                    cob = None
                    continue
                parts = line.split()
                if len(parts) > 1:
                    self_cost[(ob, fn)] += int(parts[1])
                continue
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
                continue
            m = rx.match(line.rstrip("\n"))
            if not m:
                continue
            key, ident, text = m.groups()
            if key == "ob":
                ob = name(key, ident, text)
            elif key == "cob":
                cob = name(key, ident, text)
            elif key == "fn":
                fn = name(key, ident, text)
                cob = None
            elif key == "cfn":
                cfn = name(key, ident, text)
            elif key in ("fl", "fi", "fe", "cfi", "cfl"):
                name(key, ident, text)
            elif key == "calls":
                pending_call = True
    return total, self_cost, call_cost


def base(obj):
    return os.path.basename(obj or "?")


def run_callgrind(ts, pcap, args, out):
    cmd = _as_nobody(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + ["tshark", "-r", "-"] + args)
    with open(pcap, "rb") as f:
        p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ts.env)
    if p.returncode != 0:
        raise SystemExit("callgrind tshark %s failed: %s" % (" ".join(args), p.stderr.decode()[-2000:]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--capture")
    ap.add_argument("--modes", default="summary,fields,-V", help="comma list of summary, fields, -V")
    ap.add_argument("--arms", default="srvsess,built-in,floor", help="comma list of srvsess, built-in, floor")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--keep", help="keep the callgrind.out files in this directory")
    args = ap.parse_args(argv)
    build = os.path.abspath(args.build)
    pcap = args.capture or os.path.join(build, "tests", "bench", "bench_small.pcap")
    if not os.path.exists(pcap):
        subprocess.run([sys.executable, os.path.join(HERE, "make_capture.py"), "--out-dir",
                        os.path.dirname(pcap), "--only", "small"], check=True)
    work = tempfile.mkdtemp(prefix="srvsess-cg-")
    os.chmod(work, 0o777)
    ts = Tshark(build, plugin=True)
    try:
        print("callgrind, capture %s, plugin %s" % (pcap, ts.plugin_dir))
        for mode in args.modes.split(","):
            en, dis, floor = bench.MODES[mode]
            files = {}
            arms = args.arms.split(",")
            for arm, a in (("srvsess", en), ("built-in", dis), ("floor", floor)):
                if arm not in arms:
                    continue
                files[arm] = os.path.join(work, "callgrind.%s.%s" % (mode.strip("-"), arm))
                run_callgrind(ts, pcap, a, files[arm])
            parsed = {arm: parse_callgrind(p) for arm, p in files.items()}
            t = {arm: parsed[arm][0] for arm in parsed}
            print()
            for arm in parsed:
                print("Ir %s %s %s" % (mode, arm, f"{t[arm]:,}"))
            if "srvsess" not in parsed:
                continue
            if len(parsed) == 3:
                print("== mode %s: Ir srvsess %s, built-in %s, floor %s; srvsess/built-in %.3f, "
                      "floor/built-in %.3f; stub dissection srvsess %s vs built-in %s (%.2fx)"
                      % (mode, f"{t['srvsess']:,}", f"{t['built-in']:,}", f"{t['floor']:,}",
                         t["srvsess"] / t["built-in"], t["floor"] / t["built-in"],
                         f"{t['srvsess'] - t['floor']:,}", f"{t['built-in'] - t['floor']:,}",
                         (t["srvsess"] - t["floor"]) / max(1, t["built-in"] - t["floor"])))

            total, self_cost, call_cost = parsed["srvsess"]
            incl = collections.Counter()
            for key, v in self_cost.items():
                if base(key[0]) == PLUGIN_OBJ:
                    incl[key] += v
            for (caller, callee), v in call_cost.items():
                if base(caller[0]) == PLUGIN_OBJ and caller != callee:
                    incl[caller] += v
            print("srvsess.so functions (inclusive Ir, self Ir, %% of run):")
            for key, v in incl.most_common(args.top):
                print("  %14s %14s %6.2f%%  %s" % (f"{v:,}", f"{self_cost.get(key, 0):,}", 100 * v / total, key[1]))
            out = collections.Counter()
            for (caller, callee), v in call_cost.items():
                if base(caller[0]) == PLUGIN_OBJ and base(callee[0]) != PLUGIN_OBJ:
                    out[(base(callee[0]), callee[1])] += v
            print("called from srvsess.so (inclusive Ir of those calls):")
            for (obj, fn), v in out.most_common(args.top):
                print("  %14s %6.2f%%  %s [%s]" % (f"{v:,}", 100 * v / total, fn, obj))
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                for p in files.values():
                    shutil.copy(p, args.keep)
    finally:
        ts.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
