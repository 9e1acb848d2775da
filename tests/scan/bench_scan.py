#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_scan.py - srvsess-scan over many captures: files/s and sessions/s.

Makes --files captures of mixed sizes (tests/scan/gen_captures.py: most hold a
few sessions, some hundreds; a few none), then times, one after the other:

  loop       a plain serial shell loop, `for f in DIR/*.pcap; do tshark -r "$f" ...; done`,
             with the very tshark arguments srvsess-scan gives each job
  --jobs 1   srvsess-scan DIR, one tshark at a time (parallel's and the script's cost)
  --jobs 2   srvsess-scan DIR, two at a time (this machine has 2 cores)

and prints a Markdown table. The scan's session count is checked against what
the generator wrote. As root everything runs as uid 65534 with the build
tree's plugin (tests/tshark_env.py explains why).

Usage: bench_scan.py --build BUILD --work DIR [--files 1000] [--max-sessions 300]
"""
import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import gen_captures  # noqa: E402
from scan_test import NOBODY, Scanner, SCAN  # noqa: E402

# keep in step with TSHARK_ARGS in tools/srvsess-scan
TSHARK_ARGS = ["-n", "-T", "json", "--no-duplicate-keys", "-J", "frame ip ipv6 tcp dcerpc srvsvc", "-Y", "srvsess"]


def make(work, files, max_sessions):
    caps = os.path.join(work, "captures")
    stamp = os.path.join(work, "captures.json")
    want = {"files": files, "max_sessions": max_sessions,
            "generator": os.path.getmtime(gen_captures.__file__)}
    if os.path.exists(stamp):
        with open(stamp) as f:
            have = json.load(f)
        if {k: have.get(k) for k in want} == want:
            return caps, have["sessions"]
    for old in glob.glob(os.path.join(caps, "*")):
        os.unlink(old)
    t0 = time.monotonic()
    sessions = gen_captures.generate(caps, files, seed=1000, max_sessions=max_sessions, prefix="bench")
    # the truth files stay apart: the loop below should see captures only
    os.makedirs(os.path.join(work, "truth"), exist_ok=True)
    for t in glob.glob(os.path.join(caps, "*.truth.json")):
        os.replace(t, os.path.join(work, "truth", os.path.basename(t)))
    with open(stamp, "w") as f:
        json.dump(dict(want, sessions=sessions), f)
    print(f"made {files} captures, {sessions} sessions, in {time.monotonic() - t0:.0f} s")
    return caps, sessions


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--max-sessions", type=int, default=300)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    caps, sessions = make(a.work, a.files, a.max_sessions)
    for d in (a.work, caps):
        os.chmod(d, 0o755)
    for p in glob.glob(os.path.join(caps, "*")):
        os.chmod(p, 0o644)
    size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(caps, "*.pcap")))
    print(f"{a.files} captures, {sessions} sessions, {size / 1e6:.1f} MB; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}")

    sc = Scanner(a.build)
    try:
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if sc.as_nobody else []
        env = dict(sc.env, WIRESHARK_PLUGIN_DIR=sc.plugins)
        loop = ("for f in %s/*.pcap; do tshark -r \"$f\" %s; done > /dev/null"
                % (shlex.quote(caps), " ".join(shlex.quote(x) for x in TSHARK_ARGS)))
        rows = []
        t0 = time.monotonic()
        subprocess.run(prefix + ["sh", "-c", loop], env=env, check=True)
        rows.append(("plain serial loop `for f; do tshark …; done`", time.monotonic() - t0, sessions))
        for jobs in (1, 2):
            out = os.path.join(sc.home, "inventory.ndjson")
            t0 = time.monotonic()
            with open(out, "wb") as f:
                proc = subprocess.run(prefix + [SCAN, "--plugin-dir", sc.plugins, "--jobs", str(jobs), caps],
                                      env=sc.env, stdout=f, stderr=subprocess.PIPE)
            took = time.monotonic() - t0
            if proc.returncode:
                raise SystemExit(proc.stderr.decode(errors="replace"))
            with open(out, "rb") as f:
                got = sum(1 for line in f if line.startswith(b'{"record": "session"'))
            if got != sessions:
                raise SystemExit(f"--jobs {jobs}: {got} session records, the generator wrote {sessions}")
            rows.append((f"`srvsess-scan --jobs {jobs}`", took, got))
        print()
        print("| run | wall time | files/s | sessions/s | vs loop |")
        print("|---|---|---|---|---|")
        for name, took, n in rows:
            print(f"| {name} | {took:.1f} s | {a.files / took:.2f} | {n / took:,.0f} | {rows[0][1] / took:.2f}× |")
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    finally:
        sc.close()


if __name__ == "__main__":
    main()
