#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_scan.py - srvsess-scan against the plain loop of the same tshark: one table.

Workloads (made here, kept in --work between runs):

  files      --files captures of mixed sizes (tests/scan/gen_captures.py: most
             hold a few sessions, some hundreds; a few none)
  one big    one capture with one response of --big sessions
             (tests/bench/make_capture.py, bench_scale_N.pcap)

Runs, one after the other, for each workload:

  loop       a plain serial shell loop, `for f in ...; do tshark -r "$f" ARGS; done`,
             with the very tshark arguments srvsess-scan gives each job
             (TSHARK_ARGS, read from tools/srvsess-scan itself)
  --jobs 1   srvsess-scan, one tshark at a time
  --jobs 2   srvsess-scan, two at a time

and prints one Markdown table: wall time, files/s, sessions/s, MB/s, the ratio
to the loop's speed, and peak RSS (srvsess-scan's own, and the largest tshark:
ru_maxrss). A header line says when, where (nproc, load average) and which
tshark. The scan's session count is checked against what the generator wrote.
As root everything runs as uid 65534 with the build tree's plugin
(tests/tshark_env.py explains why).

Usage: bench_scan.py --build BUILD --work DIR [--files 1000] [--max-sessions 300]
                     [--big 1000000] [--quick]
       --quick: 20 files and a 10,000-session capture (for .ci/run)
"""
import argparse
import datetime
import glob
import importlib.machinery
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, TESTS)

import gen_captures  # noqa: E402
from scan_test import NOBODY, Scanner, SCAN  # noqa: E402


def scan_module():
    """tools/srvsess-scan as a module: its TSHARK_ARGS are the loop's."""
    loader = importlib.machinery.SourceFileLoader("srvsess_scan", SCAN)
    spec = importlib.util.spec_from_loader("srvsess_scan", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def make_files(work, files, max_sessions):
    caps = os.path.join(work, f"files_{files}_{max_sessions}")
    stamp = caps + ".json"
    want = {"files": files, "max_sessions": max_sessions, "generator": os.path.getmtime(gen_captures.__file__)}
    if os.path.exists(stamp):
        with open(stamp) as f:
            have = json.load(f)
        if {k: have.get(k) for k in want} == want:
            return caps, have["sessions"]
    shutil.rmtree(caps, ignore_errors=True)
    sessions = gen_captures.generate(caps, files, seed=1000, max_sessions=max_sessions, prefix="bench")
    # the truth files stay apart: the loop should see captures only
    for t in glob.glob(os.path.join(caps, "*.truth.json")):
        os.unlink(t)
    with open(stamp, "w") as f:
        json.dump(dict(want, sessions=sessions), f)
    return caps, sessions


def make_big(work, n):
    out = os.path.join(work, "big")
    pcap = os.path.join(out, f"bench_scale_{n}.pcap")
    side = pcap[:-len(".pcap")] + ".json"
    if not (os.path.exists(pcap) and os.path.exists(side)):
        subprocess.run([sys.executable, os.path.join(TESTS, "bench", "make_capture.py"), "--out-dir", out,
                        "--only", "scale", "--scale", str(n)], check=True, stdout=subprocess.DEVNULL)
    # the loop and the scan see the capture only
    caps = os.path.join(out, "captures")
    os.makedirs(caps, exist_ok=True)
    link = os.path.join(caps, os.path.basename(pcap))
    if not os.path.exists(link):
        os.link(pcap, link)
    with open(side) as f:
        return caps, json.load(f)["sessions"]


def timed(cmd, env):
    """(wall seconds, peak RSS of the largest child in MB, stderr): through a
    small Python parent whose RUSAGE_CHILDREN is this command's alone."""
    wrap = [sys.executable, "-c",
            "import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:])\n"
            "sys.stderr.write('\\nbench-rss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.exit(r.returncode)\n"] + cmd
    t0 = time.monotonic()
    proc = subprocess.run(wrap, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.monotonic() - t0
    err = proc.stderr.decode(errors="replace")
    m = re.search(r"bench-rss (\d+)", err)
    if proc.returncode:
        raise SystemExit(f"{cmd[:4]}... exited {proc.returncode}: {err[-2000:]}")
    return took, (int(m.group(1)) / 1024 if m else None), err, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--max-sessions", type=int, default=300)
    ap.add_argument("--big", type=int, default=1000000, help="sessions of the one-big-response capture (0: none)")
    ap.add_argument("--quick", action="store_true", help="20 files and --big 10000")
    a = ap.parse_args()
    if a.quick:
        a.files, a.big = 20, 10000
    os.makedirs(a.work, exist_ok=True)
    os.chmod(a.work, 0o755)
    args = scan_module().TSHARK_ARGS
    workloads = [("files", *make_files(a.work, a.files, a.max_sessions))]
    if a.big:
        workloads.append((f"one response of {a.big:,} sessions", *make_big(a.work, a.big)))
    for dirpath, dirs, files in os.walk(a.work):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)

    version = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
                             ).stdout.decode().splitlines()[0]
    load = os.getloadavg()
    print(f"# srvsess-scan benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"{os.uname().nodename}: nproc {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{version}")
    sc = Scanner(a.build)
    rows = []
    try:
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if sc.as_nobody else []
        env = dict(sc.env, WIRESHARK_PLUGIN_DIR=sc.plugins)
        for name, caps, sessions in workloads:
            pcaps = sorted(glob.glob(os.path.join(caps, "*.pcap")))
            size = sum(os.path.getsize(p) for p in pcaps) / 1e6
            loop = ("for f in %s/*.pcap; do tshark -r \"$f\" %s; done > /dev/null"
                    % (shlex.quote(caps), " ".join(shlex.quote(x) for x in args)))
            took, rss, _, _ = timed(prefix + ["sh", "-c", loop], env)
            base = took
            rows.append((name, "loop `for f; do tshark …; done`", len(pcaps), sessions, size, took, None, rss, base))
            for jobs in (1, 2):
                took, rss, err, out = timed(prefix + [SCAN, "--plugin-dir", sc.plugins, "--jobs", str(jobs), caps],
                                            sc.env)
                got = out.count(b'{"record": "session"')
                if got != sessions:
                    raise SystemExit(f"{name}, --jobs {jobs}: {got} session records, the generator wrote {sessions}")
                m = re.search(r"peak RSS ([\d.]+) MB \(srvsess-scan\), ([\d.]+) MB", err)
                own, job = (float(m.group(1)), float(m.group(2))) if m else (None, rss)
                rows.append((name, f"srvsess-scan --jobs {jobs}", len(pcaps), sessions, size, took, own, job, base))
        print()
        print("| workload | run | files | sessions | MB | wall s | files/s | sessions/s | MB/s | vs loop "
              "| peak RSS scan MB | peak RSS tshark MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name, run, nf, ns, mb, took, own, job, base in rows:
            print(f"| {name} | {run} | {nf} | {ns:,} | {mb:.1f} | {took:.1f} | {nf / took:.3g} | {ns / took:,.0f} "
                  f"| {mb / took:.3g} | {base / took:.2f}× | {'' if own is None else f'{own:.1f}'} "
                  f"| {'' if job is None else f'{job:.1f}'} |")
        load = os.getloadavg()
        print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        sc.close()


if __name__ == "__main__":
    main()
