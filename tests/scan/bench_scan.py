#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_scan.py - srvsess-scan against the plain loop of the same tshark: one table.

Workloads (made here, kept in --work between runs):

  files      --files captures of mixed sizes (tests/scan/gen_captures.py: most
             hold a few sessions, some hundreds; a few none)
  one big    one capture with one response of --big sessions
             (tests/bench/make_capture.py, bench_scale_N.pcap)
  mixed      one --mixed-mb MB capture of mostly other traffic (TLS, HTTP, DNS,
             LDAP, Kerberos, SSH, ...) with srvsvc sessions at 3% of the bytes,
             like a file of an analyst's ring buffer (tests/bench/make_mixed.py);
             there, writing tens of thousands of records is most of the work
  rare       the same size and traffic with srvsvc at 0.2% of the bytes (a few
             responses): what the prefilter saves when srvsvc is rare

Runs, one after the other, for each workload:

  loop       a plain serial shell loop, `for f in ...; do tshark -r "$f" ARGS; done`,
             with the very tshark arguments srvsess-scan gives each job
             (TSHARK_ARGS, read from tools/srvsess-scan itself)
  xargs      (many files only) the loop's tshark two at a time by xargs -P 2:
             what two cores give without srvsess-scan, the ceiling of --jobs 2
  --jobs 1   srvsess-scan, one tshark at a time (--no-prefilter, where the
             scan has a prefilter, so that this row stays the unfiltered one)
  --jobs 2   srvsess-scan, two at a time (likewise)
  prefilter  srvsess-scan --prefilter always --jobs 1: libpcap drops what
             cannot be srvsvc before tshark sees it

and for the mixed workload, where the prefilter matters most:

  plain read       `cat FILE > /dev/null`: the physical floor
  tshark -Y srvsess  plain tshark with its default output: the reference the
                   speed-up is measured against
  loop, --no-prefilter --jobs 1, --prefilter always --jobs 1 and --jobs 2

It prints one Markdown table: wall time, files/s, sessions/s, MB/s, the
speed against the loop, against `tshark -Y srvsess` and against the plain
read (mixed only: each is that row's time / this row's), and peak RSS
(srvsess-scan's own, and the largest tshark: ru_maxrss). A header line says
when, where (nproc, load average) and which tshark; srvsess-scan's own
prefilter lines follow the table as it printed them.

Checks (exit 1 with the reason): every scan finds the sessions the generator
wrote; every prefiltered scan prints, byte for byte, what the unfiltered
--jobs 1 scan of the same workload printed. A srvsess-scan without
--prefilter (in its --help) gets the rows "prefilter: not available in this
srvsess-scan" and the rest runs.

As root everything runs as uid 65534 with the build tree's plugin
(tests/tshark_env.py explains why).

Usage: bench_scan.py --build BUILD --work DIR [--files 1000] [--max-sessions 300]
                     [--big 1000000] [--mixed-mb 200] [--mixed-seed 1] [--quick]
       --quick: 20 files, a 10,000-session capture, a 50 MB mixed capture (for .ci/run)
"""
import argparse
import datetime
import filecmp
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


def make_mixed(work, mb, seed, share=0.03):
    """The mixed capture, alone in its folder (the sidecar beside the folder):
    (folder, sessions). Remade when the size, the seed or the generator changed."""
    gen = os.path.join(TESTS, "bench", "make_mixed.py")
    base = os.path.join(work, f"mixed_{mb:g}_{seed}_{share:g}")
    caps = os.path.join(base, "captures")
    pcap = os.path.join(caps, "mixed.pcap")
    side = os.path.join(base, "mixed.json")
    want = {"mb": mb, "seed": seed, "share": share, "generator": os.path.getmtime(gen)}
    if os.path.exists(side) and os.path.exists(pcap):
        with open(side) as f:
            have = json.load(f)
        if {k: have.get(k) for k in want} == want:
            return caps, have["sessions"]
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(caps)
    subprocess.run([sys.executable, gen, "--out", pcap, "--mb", str(mb), "--seed", str(seed),
                    "--share", str(share)], check=True,
                   stdout=subprocess.DEVNULL)
    # the scan and the loop see the capture only; the stamp gets the generator's mtime
    os.replace(pcap[:-len(".pcap")] + ".json", side)
    with open(side) as f:
        meta = json.load(f)
    with open(side, "w") as f:
        json.dump(dict(meta, **want), f, indent=1, sort_keys=True)
    return caps, meta["sessions"]


def has_prefilter():
    """Whether this srvsess-scan knows --prefilter (its --help names it)."""
    out = subprocess.run([SCAN, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    return b"--prefilter" in out


def count_sessions(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b'{"record": "session"'):
                n += 1
    return n


def first_difference(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        for n, (x, y) in enumerate(zip(fa, fb), 1):
            if x != y:
                return f"line {n}:\n  {x[:300]!r}\n  {y[:300]!r}"
    return f"one is a prefix of the other ({os.path.getsize(a)} and {os.path.getsize(b)} bytes)"


def timed(cmd, env, out=None):
    """(wall seconds, peak RSS of the largest child in MB, stderr): through a
    small Python parent whose RUSAGE_CHILDREN is this command's alone."""
    wrap = [sys.executable, "-c",
            "import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:])\n"
            "sys.stderr.write('\\nbench-rss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.exit(r.returncode)\n"] + cmd
    # stdout to a file (out) or nowhere: a million records are no string to hold
    with open(out or os.devnull, "wb") as sink:
        t0 = time.monotonic()
        proc = subprocess.run(wrap, env=env, stdout=sink, stderr=subprocess.PIPE)
        took = time.monotonic() - t0
    err = proc.stderr.decode(errors="replace")
    m = re.search(r"bench-rss (\d+)", err)
    if proc.returncode:
        raise SystemExit(f"{cmd[:4]}... exited {proc.returncode}: {err[-2000:]}")
    return took, (int(m.group(1)) / 1024 if m else None), err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--max-sessions", type=int, default=300)
    ap.add_argument("--big", type=int, default=1000000, help="sessions of the one-big-response capture (0: none)")
    ap.add_argument("--mixed-mb", type=float, default=200, help="size of the mixed capture in MB (0: none)")
    ap.add_argument("--mixed-seed", type=int, default=1, help="make_mixed.py's --seed (default 1)")
    ap.add_argument("--quick", action="store_true", help="20 files, --big 10000, --mixed-mb 50")
    a = ap.parse_args()
    if a.quick:
        a.files, a.big, a.mixed_mb = 20, 10000, 50
    os.makedirs(a.work, exist_ok=True)
    os.chmod(a.work, 0o755)
    args = scan_module().TSHARK_ARGS
    workloads = [("files", *make_files(a.work, a.files, a.max_sessions))]
    if a.big:
        workloads.append((f"one response of {a.big:,} sessions", *make_big(a.work, a.big)))
    if a.mixed_mb:
        workloads.append((f"mixed {a.mixed_mb:g} MB", *make_mixed(a.work, a.mixed_mb, a.mixed_seed)))
        workloads.append((f"mixed {a.mixed_mb:g} MB, srvsvc rare",
                          *make_mixed(a.work, a.mixed_mb, a.mixed_seed + 1, 0.002)))
    for dirpath, dirs, files in os.walk(a.work):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)
    outs = os.path.join(a.work, "out")     # the scans' stdout, compared
    os.makedirs(outs, exist_ok=True)

    version = subprocess.run(["tshark", "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
                             ).stdout.decode().splitlines()[0]
    load = os.getloadavg()
    print(f"# srvsess-scan benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
          f"{os.uname().nodename}: nproc {os.cpu_count()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{version}")
    prefilter = has_prefilter()
    if not prefilter:
        print("prefilter: not available in this srvsess-scan (no --prefilter in its --help): those rows are empty")
    unfiltered = ["--no-prefilter"] if prefilter else []
    sc = Scanner(a.build)
    rows = []
    said = []          # srvsess-scan's own prefilter lines
    try:
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if sc.as_nobody else []
        env = dict(sc.env, WIRESHARK_PLUGIN_DIR=sc.plugins)
        for name, caps, sessions in workloads:
            mixed = name.startswith("mixed")
            pcaps = sorted(glob.glob(os.path.join(caps, "*.pcap")))
            size = sum(os.path.getsize(p) for p in pcaps) / 1e6
            ref = {}       # the mixed workload's reference times: read, tshark

            def row(run, took, own, job):
                rows.append((name, run, len(pcaps), sessions, size, took, own, job, ref))

            if mixed:
                took, rss, _ = timed(prefix + ["cat"] + pcaps, env)
                ref["read"] = took
                row("plain read `cat FILE > /dev/null`", took, None, rss)
                took, rss, _ = timed(prefix + ["tshark", "-r", pcaps[0], "-Y", "srvsess"], env)
                ref["tshark"] = took
                row("`tshark -r FILE -Y srvsess`", took, None, rss)
            loop = ("for f in %s/*.pcap; do tshark -r \"$f\" %s; done > /dev/null"
                    % (shlex.quote(caps), " ".join(shlex.quote(x) for x in args)))
            took, rss, _ = timed(prefix + ["sh", "-c", loop], env)
            ref["loop"] = took
            row("loop `for f; do tshark …; done`", took, None, rss)
            if not mixed and len(pcaps) > 1:
                # what two cores give the same tshark without srvsess-scan: the
                # ceiling of --jobs 2 on this machine
                par = ("ls %s/*.pcap | xargs -P 2 -I{} tshark -r {} %s > /dev/null"
                       % (shlex.quote(caps), " ".join(shlex.quote(x) for x in args)))
                took, rss, _ = timed(prefix + ["sh", "-c", par], env)
                row("`xargs -P 2 tshark …` (no srvsess-scan)", took, None, rss)
            # (label, options, the output to compare with); unfiltered --jobs 1 first
            runs = [(1, unfiltered, None)]
            if not mixed:
                runs.append((2, unfiltered, "1"))
            runs.append((1, ["--prefilter", "always"], "1"))
            if mixed:
                runs.append((2, ["--prefilter", "always"], "1"))
            for k, (jobs, opts, same_as) in enumerate(runs):
                label = " ".join(["srvsess-scan"] + opts + ["--jobs", str(jobs)])
                if opts and opts[0] == "--prefilter" and not prefilter:
                    row(f"{label}: prefilter: not available in this srvsess-scan", None, None, None)
                    continue
                out = os.path.join(outs, f"{len(rows)}.out")
                took, rss, err = timed(prefix + [SCAN, "--plugin-dir", sc.plugins] + opts
                                       + ["--jobs", str(jobs), caps], sc.env, out)
                said += [f"{name}, {label}: {x}" for x in err.splitlines() if x.startswith("srvsess-scan: prefilter")]
                got = count_sessions(out)
                if got != sessions:
                    raise SystemExit(f"{name}, {label}: {got} session records, the generator wrote {sessions}")
                if same_as is None:
                    first = out
                elif not filecmp.cmp(first, out, shallow=False):
                    raise SystemExit(f"{name}, {label}: its records differ from those of the first "
                                     f"--jobs 1 scan ({first_difference(first, out)})")
                m = re.search(r"peak RSS ([\d.]+) MB \(srvsess-scan\), ([\d.]+) MB", err)
                own, job = (float(m.group(1)), float(m.group(2))) if m else (None, rss)
                row(label, took, own, job)
            for f in glob.glob(os.path.join(outs, "*.out")):
                os.unlink(f)
        print()
        print("| workload | run | files | sessions | MB | wall s | files/s | sessions/s | MB/s | vs loop "
              "| vs tshark -Y srvsess | vs plain read | peak RSS scan MB | peak RSS tshark MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")

        def fmt(v, f):
            return "" if v is None else format(v, f)
        for name, run, nf, ns, mb, took, own, job, ref in rows:
            if took is None:
                print(f"| {name} | {run} |" + " |" * 12)
                continue
            took = max(took, 1e-3)
            rel = {k: (ref[k] / took if k in ref else None) for k in ("loop", "tshark", "read")}
            print(f"| {name} | {run} | {nf} | {ns:,} | {mb:.1f} | {took:.{2 if took < 10 else 1}f} | {nf / took:.3g} | {ns / took:,.0f} "
                  f"| {mb / took:{'.3g' if mb / took < 1000 else ',.0f'}} | {fmt(rel['loop'], '.2f')}{'×' * (rel['loop'] is not None)} "
                  f"| {fmt(rel['tshark'], '.2f')}{'×' * (rel['tshark'] is not None)} "
                  f"| {fmt(rel['read'], '.3f')}{'×' * (rel['read'] is not None)} "
                  f"| {fmt(own, '.1f')} | {fmt(job, '.1f')} |")
        for line in said:
            print(line)
        load = os.getloadavg()
        print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        sc.close()


if __name__ == "__main__":
    main()
