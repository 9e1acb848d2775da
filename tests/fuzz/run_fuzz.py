#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""run_fuzz.py - hostile captures against srvsess: bounded, sanitizer-clean,
honest about malformed data.

  run_fuzz.py --build DIR --count N --seed S [--workdir W] [--valgrind]
              [--jobs J] [--per-pcap P] [--editcap-seeds K] [--crashers DIR]

1. mutate.py writes N mutated NetrSessionEnum/NetrSessionDel calls (P per
   pcap, each followed by an unmutated control call) for every level, both
   byte orders and NDR64.
2. Every pcap goes through tshark with the plugin of DIR four times:
   -V; the summary (no tree); -2 -q -z expert (two passes); -T fields with
   -z srvsess,tree (the tap path). When DIR's srvsess.so is built with
   -DSRVSESS_SANITIZE=ON the ASan/UBSan runtimes are preloaded; --valgrind runs
   tshark under valgrind memcheck instead (use a normal build).
3. Wireshark's own way: editcap -E 0.02 --seed K of every committed capture in
   pcaps/*.pcap (K seeds; odd seeds keep the first 54 bytes of each frame so
   the damage lands in the TCP payload), same runs minus the control checks.

A pcap fails on: nonzero exit, a signal, a timeout, an AddressSanitizer /
UndefinedBehaviorSanitizer / valgrind report, "Dissector bug"; for mutated
pcaps also when a control call (the unmutated call right after each mutated
one) does not decode with its srvsess fields, or a mutation whose effect is
certain (truncation, EntriesRead vs conformance count, invalid string counts,
missing NUL, lone surrogate) is not reported as malformed (an expert error or
[Malformed Packet]). Failing pcaps are copied to --crashers (default
tests/fuzz/crashers/) with a .txt saying why.

Prints: fuzz: <N> responses in <P> pcaps, <E> editcap-corrupted captures, <F> failures
and exits 1 if F > 0.
"""

import argparse
import glob
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
REPO = os.path.dirname(TESTS)
sys.path.insert(0, TESTS)
sys.path.insert(0, HERE)

from tshark_env import Tshark, _as_nobody, plugin_so  # noqa: E402

SANITIZER_RE = re.compile(rb"ERROR: AddressSanitizer|runtime error:|UndefinedBehaviorSanitizer|"
                          rb"ERROR: LeakSanitizer|AddressSanitizer:DEADLYSIGNAL|==\d+==ERROR")
BUG_RE = re.compile(rb"Dissector bug|DISSECTOR_ASSERT|Unhandled exception")
FIELDS = ["frame.number", "ip.dst", "tcp.dstport", "dcerpc.pkt_type", "dcerpc.cn_call_id",
          "srvsess.num_opens", "srvsess.entries_read", "srvsess.level", "_ws.malformed",
          "_ws.expert.severity", "srvsess", "_ws.expert.message", "srvsess.username"]
SEV_ERROR = 0x00800000
# Not corrupted by editcap (still run whole under --committed, e.g. valgrind): the
# wkssvc timing and fragment captures, hundreds of frames whose NetrWkstaUserEnum
# stubs the smaller wkssvc_edge_* / wkssvc_bounds_* captures and the mutated
# wkssvc conversations already cover; so the slice's editcap pass stays about as long.
EDITCAP_SKIP = re.compile(r"wkssvc_(collection|edge_fragments)_")
STATS = {"checked": 0, "unreached": 0}     # certain malformations checked / not reached (per process)


def runtimes_preload():
    libs = []
    for name in ("libasan.so", "libubsan.so"):
        p = subprocess.check_output(["gcc", "-print-file-name=" + name]).decode().strip()
        libs.append(os.path.realpath(p))
    return " ".join(libs)


def is_sanitized(build):
    with open(plugin_so(build), "rb") as fh:
        data = fh.read()
    return b"__asan_init" in data or b"__ubsan_handle" in data


# --------------------------------------------------------------------------
# one tshark setup per worker process

_W = {}


def _init_worker(opts):
    _W["opts"] = opts
    tempfile.tempdir = opts["workdir"]     # the tshark homes go with the workdir
    preload = runtimes_preload() if opts["sanitized"] else None
    env = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1:halt_on_error=1:"
                           "allocator_may_return_null=1:print_summary=1",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"} if preload else {}
    _W["tshark"] = Tshark(opts["build"], plugin=True, preload=preload, extra_env=env)
    _W["stock"] = Tshark(opts["build"], plugin=False)   # stock Wireshark, no srvsess


def _readable(path):
    return subprocess.run(_as_nobody(["test", "-r", path]), env={"PATH": "/usr/bin:/bin"}).returncode == 0


def tshark(args, pcap, timeout, stock=False):
    """Runs tshark on `pcap` (by path when the unprivileged runner can read it,
    else on stdin). Returns (rc, stdout, stderr, problem or None)."""
    t = _W["stock" if stock else "tshark"]
    opts = _W["opts"]
    prefix, vglog = [], None
    if opts["valgrind"] and not stock:
        vglog = os.path.join(t.home, "vg.%d.xml" % os.getpid())
        prefix = ["valgrind", "--tool=memcheck", "--error-exitcode=99", "--leak-check=no",
                  "--errors-for-leak-kinds=none", "--xml=yes", "--xml-file=" + vglog,
                  "--suppressions=" + os.path.join(HERE, "valgrind.supp")]
        timeout *= 30
    data = None
    if _readable(pcap):
        args = ["-r", pcap] + args
    else:
        args = ["-r", "-"] + [a for a in args if a != "-2"]
        with open(pcap, "rb") as fh:
            data = fh.read()
    try:
        p = subprocess.run(_as_nobody(prefix + ["tshark"] + args), input=data, env=t.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b"", "timeout after %ds" % timeout
    problem = None
    if p.returncode < 0:
        problem = "killed by signal %d" % -p.returncode
    elif p.returncode == 99 and vglog:
        problem = "valgrind: " + valgrind_errors(vglog)
    elif p.returncode != 0:
        problem = "exit %d" % p.returncode
    if SANITIZER_RE.search(p.stderr):
        problem = "sanitizer report"
    elif BUG_RE.search(p.stdout) or BUG_RE.search(p.stderr):
        problem = (problem + "; " if problem else "") + "dissector bug"
    return p.returncode, p.stdout, p.stderr, problem


def valgrind_errors(xml_path):
    """'kind (in srvsess.so|not in srvsess.so) x N' for the errors of a valgrind XML log."""
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(xml_path).getroot()
    except Exception as e:  # noqa: BLE001
        return "unreadable valgrind log (%s)" % e
    out = []
    for err in root.iter("error"):
        kind = err.findtext("kind")
        objs = [f.findtext("obj") or "" for f in err.iter("frame")]
        ours = any("srvsess" in o for o in objs)
        fn = next((f.findtext("fn") for f in err.iter("frame")
                   if "srvsess" in (f.findtext("obj") or "")), None)
        out.append("%s %s%s" % (kind, "in srvsess.so" if ours else "not in srvsess.so",
                                " (%s)" % fn if fn else ""))
    return "; ".join(out) or "errors (see log)"


MODES = [
    ("verbose", ["-V"]),
    ("summary", []),
    ("expert", ["-2", "-q", "-z", "expert"]),
    ("fields", ["-T", "fields", "-E", "occurrence=a", "-E", "separator=/t"]
     + [x for f in FIELDS for x in ("-e", f)] + ["-z", "srvsess,tree"]),
]


def threw(row):
    """The dissection of the frame ended in an exception: [Malformed Packet: X].
    (A PI_MALFORMED expert alone also adds _ws.malformed, but hidden and
    without that text.)"""
    return "Malformed Packet" in row["_ws.malformed"]


def check_fields(out, meta):
    """Control calls decode; certain-malformed mutations are reported so."""
    rows = {}
    for line in out.decode("utf-8", "replace").splitlines():
        cols = line.split("\t")
        if len(cols) < len(FIELDS) or not cols[0].isdigit():
            continue
        r = dict(zip(FIELDS, cols))
        if "2" not in r["dcerpc.pkt_type"].split(","):
            continue
        key = (r["ip.dst"], r["tcp.dstport"])
        for cid in set(r["dcerpc.cn_call_id"].split(",")):
            if cid:
                rows.setdefault(key + (int(cid),), []).append(r)
    problems = []
    for c in meta["controls"]:
        got = rows.get((c["client"], str(c["sport"]), c["call_id"]), [])
        ok = False
        for r in got:
            if c.get("iface") == "wkssvc":   # level 0, users ctl<marker>, ctl<marker + 1>
                users = r["srvsess.username"].split(",")
                ok = ok or ("ctl%d" % c["marker"] in users and "ctl%d" % (c["marker"] + 1) in users
                            and r["srvsess.entries_read"] == "2" and not r["_ws.malformed"]
                            and r["srvsess.level"] == "0")
                continue
            opens = r["srvsess.num_opens"].split(",")
            if (str(c["marker"]) in opens and str(c["marker"] + 1) in opens
                    and r["srvsess.entries_read"] == "2" and not r["_ws.malformed"]
                    and r["srvsess.level"] == "1"):
                ok = True
        if not ok:
            problems.append("control call %d of %s:%d after [%s] did not decode (%s)" % (
                c["call_id"], c["client"], c["sport"], ", ".join(c["after"]),
                "; ".join("%s %s/%s" % (r["frame.number"], r["srvsess.num_opens"],
                                        r["_ws.malformed"]) for r in got) or "no frame"))
    for m in meta["must_be_malformed"]:
        got = rows.get((m["client"], str(m["sport"]), m["call_id"]), [])
        if not any(r["srvsess"] for r in got):
            # DCE-RPC never handed the (reassembled) stub to srvsess: nothing
            # srvsess could have said. Seen with coalesced PDUs cut into small
            # TCP segments; the unmutated stub fares the same.
            STATS["unreached"] += 1
            continue
        STATS["checked"] += 1
        if m.get("how") == "throw":
            flagged = any(threw(r) for r in got)
        else:
            flagged = any(r["_ws.malformed"] or any(
                s and int(s) == SEV_ERROR for s in r["_ws.expert.severity"].split(",")) for r in got)
        if not flagged:
            problems.append("call %d of %s:%d [%s] not reported as %s (frames %s)" % (
                m["call_id"], m["client"], m["sport"], ", ".join(m["what"]),
                "[Malformed Packet]" if m.get("how") == "throw" else "malformed",
                ",".join(r["frame.number"] for r in got) or "none"))
    return problems


def check_cut_short(out):
    """Wherever srvsess says a string was cut short, the dissection must have
    stopped there: the frame carries [Malformed Packet]."""
    problems = []
    for line in out.decode("utf-8", "replace").splitlines():
        cols = line.split("\t")
        if len(cols) < len(FIELDS) or not cols[0].isdigit():
            continue
        r = dict(zip(FIELDS, cols))
        if "cut short" in r["_ws.expert.message"] and not threw(r):
            problems.append("frame %s: a string is cut short but dissection went on "
                            "(no [Malformed Packet])" % r["frame.number"])
    return problems


def run_pcap(pcap, meta, timeout, stock=False):
    """All modes on one pcap: list of problem strings."""
    problems = []
    for name, args in MODES:
        if name not in _W["opts"]["modes"]:
            continue
        if stock and name == "fields":   # stock has no srvsess fields or tap
            args = ["-T", "fields", "-e", "frame.number", "-e", "dcerpc.cn_call_id"]
        rc, out, err, problem = tshark(args, pcap, timeout, stock)
        if problem:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            start = next((i for i, l in enumerate(lines)
                          if SANITIZER_RE.search(l.encode()) or BUG_RE.search(l.encode())), None)
            shown = lines[start:start + 25] if start is not None else lines[-40:]
            problems.append("%s: %s\n    %s" % (name, problem, "\n    ".join(shown)))
            continue
        if name == "fields" and not stock:
            problems += ["fields: " + p for p in check_cut_short(out)]
            if meta is not None:
                problems += ["fields: " + p for p in check_fields(out, meta)]
    return problems


def task_mutated(job):
    import mutate
    opts = _W["opts"]
    i, n = job
    t0 = time.time()
    pcap = mutate.generate(opts["workdir"], opts["seed"], n, per_pcap=n, prefix="fz", first=i)[0]
    os.chmod(pcap, 0o644)
    with open(pcap + ".json") as fh:
        meta = json.load(fh)
    problems = run_pcap(pcap, meta, opts["timeout"])
    how = "tests/fuzz/mutate.py --seed %s --first %d --calls %d --per-pcap %d --out DIR" % (
        opts["seed"], i, n, n)
    if not opts["keep"] and not problems:
        os.unlink(pcap)
        os.unlink(pcap + ".json")
    stats = dict(STATS)
    STATS.update(checked=0, unreached=0)
    return ("mutated", pcap, n, problems, how, time.time() - t0, stats)


def task_editcap(job):
    opts = _W["opts"]
    src, seed = job
    t0 = time.time()
    base = os.path.basename(src)[:-5]
    out = os.path.join(opts["workdir"], "ec-%s-E%s-seed%d.pcap" % (base, opts["editcap_p"], seed))
    cmd = ["editcap", "-E", opts["editcap_p"], "--seed", str(seed)]
    if seed % 2:
        cmd += ["-o", "54"]
    subprocess.run(cmd + [src, out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(out, 0o644)
    problems = run_pcap(out, None, opts["timeout"])
    how = " ".join(cmd + [os.path.relpath(src, REPO), "out.pcap"])
    problems, stock = split_stock(out, problems)
    if not opts["keep"] and not problems:
        os.unlink(out)
    return ("editcap", out, 0, problems, how, time.time() - t0,
            {"stock": [(os.path.basename(out), how, stock)]} if stock else {})


def task_committed(src):
    """A committed capture as it is (no corruption): the valgrind run."""
    t0 = time.time()
    problems = run_pcap(src, None, _W["opts"]["timeout"])
    problems, stock = split_stock(src, problems)
    return ("committed", src, 0, problems, "committed capture", time.time() - t0,
            {"stock": [(os.path.basename(src), "committed capture", stock)]} if stock else {})


def task_committed_batch(srcs):
    """Several committed captures appended into one (mergecap -a) and run at
    once: under valgrind a tshark run is mostly its start-up (every dissector
    registered under memcheck), so one run for several captures saves most of
    the time. Each capture's conversations open with a SYN, so TCP takes a
    reused port as a new conversation and each is dissected as in its own
    file. A batch with a problem is run again capture by capture, to name the
    capture; a problem that only the batch shows is reported with the batch."""
    t0 = time.time()
    if len(srcs) == 1:
        return task_committed(srcs[0])
    batch = os.path.join(_W["opts"]["workdir"], "batch-%d.pcapng" % os.getpid())
    subprocess.run(["mergecap", "-a", "-F", "pcapng", "-w", batch] + list(srcs), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(batch, 0o644)
    problems = run_pcap(batch, None, _W["opts"]["timeout"] * len(srcs))
    names = ", ".join(os.path.basename(x) for x in srcs)
    if problems:
        alone = []
        for src in srcs:
            p, stock = split_stock(src, run_pcap(src, None, _W["opts"]["timeout"]))
            alone += ["%s: %s" % (os.path.basename(src), x) for x in p]
        problems = alone or ["only when appended together (%s): %s" % (names, x) for x in problems]
    os.unlink(batch)
    return ("committed", srcs[0], len(srcs), problems, "committed captures appended: " + names,
            time.time() - t0, {})


CRASH_RE = re.compile(r"^\w+: (timeout|killed by signal|valgrind|exit|sanitizer report|dissector bug)")


def split_stock(pcap, problems):
    """Crashes that stock Wireshark (no srvsess loaded at all) has too, in the
    same mode, are not srvsess's: (srvsess problems, stock problems)."""
    crashes = [p for p in problems if CRASH_RE.match(p)]
    if not crashes:
        return problems, []
    stock = run_pcap(pcap, None, _W["opts"]["timeout"], stock=True)
    stock_modes = {p.split(":")[0] for p in stock if CRASH_RE.match(p)}
    theirs = [p for p in crashes if p.split(":")[0] in stock_modes]
    return [p for p in problems if p not in theirs], theirs


def signature(problems):
    """What kind of failure, without frame numbers, call ids and values."""
    kinds = set()
    for p in problems:
        first = p.splitlines()[0]
        first = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", first)
        first = re.sub(r"0x[0-9a-fA-F]+|\d+(\.\d+)*(:\d+)?", "N", first)
        kinds.add(first.strip())
    return " | ".join(sorted(kinds))


def minimize(pcap):
    """Bisects the mutated calls of a failing pcap down to a smallest failing
    subset (usually one call, with its control call). Returns (path, problems,
    call indexes) or None."""
    import mutate
    with open(pcap + ".json") as fh:
        plan = json.load(fh)["plan"]
    timeout = _W["opts"]["timeout"]
    trial = pcap[:-5] + "-try.pcap"

    def failing(subset):
        meta = mutate.write_plan(trial, plan, set(subset))
        os.chmod(trial, 0o644)
        return run_pcap(trial, meta, timeout)

    cur, problems = list(range(len(plan["calls"]))), None
    while len(cur) > 1:
        half = len(cur) // 2
        for part in (cur[:half], cur[half:]):
            p = failing(part)
            if p:
                cur, problems = part, p
                break
        else:
            break
    if problems is None:
        problems = failing(cur)
        if not problems:
            return None
    out = pcap[:-5] + "-min.pcap"
    mutate.write_plan(out, plan, set(cur))
    for f in (trial, trial + ".json"):
        if os.path.exists(f):
            os.unlink(f)
    return out, problems, cur


def save_crasher(pcap, problems, how, note=""):
    d = _W["opts"]["crashers"]
    os.makedirs(d, exist_ok=True)
    dest = os.path.join(d, os.path.basename(pcap))
    shutil.copy2(pcap, dest)
    if os.path.exists(pcap + ".json"):
        shutil.copy2(pcap + ".json", dest + ".json")
    with open(dest[:-5] + ".txt", "w") as fh:
        fh.write("made by: %s\nbuild: %s\n%s\n%s\n" % (how, _W["opts"]["build"], note,
                                                       "\n".join(problems)))
    return dest


def check_only(a):
    """Re-runs saved pcaps (crashers) through every mode: the regression check."""
    build = os.path.abspath(a.build)
    opts = {"build": build, "sanitized": is_sanitized(build), "valgrind": a.valgrind,
            "workdir": tempfile.mkdtemp(prefix="srvsess-check-"), "timeout": a.timeout,
            "modes": set(a.modes.split(",")), "crashers": a.crashers}
    os.chmod(opts["workdir"], 0o755)
    _init_worker(opts)
    bad = 0
    for src in a.check:
        pcap = os.path.join(opts["workdir"], os.path.basename(src))
        shutil.copy(src, pcap)
        os.chmod(pcap, 0o644)
        meta = None
        if os.path.exists(src + ".json"):
            with open(src + ".json") as fh:
                meta = json.load(fh)
        problems, stock = split_stock(pcap, run_pcap(pcap, meta, a.timeout))
        bad += bool(problems)
        print("%s %s%s%s" % ("FAIL" if problems else "ok  ", src,
                             "".join("\n  " + p for p in problems),
                             "".join("\n  stock Wireshark fails too (not counted): " + p
                                     for p in stock)))
    shutil.rmtree(opts["workdir"], ignore_errors=True)
    return 1 if bad else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--build", required=True, help="build dir holding plugins/<major.minor>/epan/srvsess.so")
    ap.add_argument("--count", type=int, default=1000, help="mutated responses (calls)")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--workdir", help="default: a fresh folder under /tmp, removed afterwards")
    ap.add_argument("--valgrind", action="store_true", help="run tshark under valgrind memcheck")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--per-pcap", type=int, default=200)
    ap.add_argument("--editcap-seeds", type=int, default=4, help="editcap seeds per committed capture")
    ap.add_argument("--editcap-p", default="0.02")
    ap.add_argument("--pcaps", default=os.path.join(REPO, "pcaps"), help="folder of committed captures")
    ap.add_argument("--crashers", default=os.path.join(HERE, "crashers"))
    ap.add_argument("--timeout", type=int, default=300, help="seconds per tshark run")
    ap.add_argument("--keep", action="store_true", help="keep passing pcaps in the workdir")
    ap.add_argument("--save-per-signature", type=int, default=2,
                    help="failing pcaps saved (and minimised) per kind of failure")
    ap.add_argument("--committed", action="store_true",
                    help="also run the committed captures themselves, uncorrupted")
    ap.add_argument("--batch", type=int, default=1,
                    help="committed captures appended into one per tshark run (--committed; for valgrind)")
    ap.add_argument("--modes", default=",".join(m for m, _ in MODES),
                    help="comma list of tshark runs per pcap (%(default)s)")
    ap.add_argument("--check", nargs="+", metavar="PCAP",
                    help="only run the checks on these pcaps (e.g. crashers/*.pcap; a .json "
                         "sidecar adds the control / malformed checks); exit 1 if any fails")
    a = ap.parse_args(argv)
    if a.check:
        return check_only(a)

    build = os.path.abspath(a.build)
    sanitized = is_sanitized(build)
    if not sanitized and not a.valgrind:
        print("run_fuzz: note: %s/plugins/*/epan/srvsess.so is not built with sanitizers "
              "(-DSRVSESS_SANITIZE=ON); only crashes are caught" % build, file=sys.stderr)
    if sanitized and a.valgrind:
        sys.exit("run_fuzz: --valgrind wants a build without sanitizers")
    own_workdir = a.workdir is None
    workdir = a.workdir or tempfile.mkdtemp(prefix="srvsess-fuzz-")
    os.makedirs(workdir, exist_ok=True)
    for d in (workdir,):
        os.chmod(d, 0o755)
    opts = {"build": build, "sanitized": sanitized, "valgrind": a.valgrind, "seed": a.seed,
            "workdir": os.path.abspath(workdir), "crashers": os.path.abspath(a.crashers),
            "timeout": a.timeout, "keep": a.keep, "editcap_p": a.editcap_p,
            "modes": set(a.modes.split(","))}
    unknown = opts["modes"] - {m for m, _ in MODES}
    if unknown:
        sys.exit("run_fuzz: unknown modes %s" % ", ".join(sorted(unknown)))

    jobs = []
    i, left = 0, a.count
    while left > 0:
        n = min(a.per_pcap, left)
        jobs.append((task_mutated, (i, n)))
        i += 1
        left -= n
    captures = sorted(glob.glob(os.path.join(a.pcaps, "*.pcap")))
    seed_base = sum(ord(ch) for ch in str(a.seed)) * 1000
    if not captures and (a.committed or a.editcap_seeds):
        sys.exit("run_fuzz: no captures in %s" % a.pcaps)
    if a.committed:
        # biggest first: they take longest; --batch of them per tshark run
        ordered = sorted(captures, key=os.path.getsize, reverse=True)
        for k in range(0, len(ordered), a.batch):
            jobs.append((task_committed_batch, ordered[k:k + a.batch]))
    n_committed = len(captures) if a.committed else 0
    committed_jobs = len(jobs) - i
    for src in captures:
        if EDITCAP_SKIP.match(os.path.basename(src)):
            continue
        for k in range(a.editcap_seeds):
            jobs.append((task_editcap, (src, seed_base + k)))

    t0 = time.time()
    print("fuzz: %d mutated responses in %d pcaps + %d committed + %d editcap runs, %d jobs, %s%s" % (
        a.count, i, n_committed, len(jobs) - i - committed_jobs, a.jobs, "ASan+UBSan" if sanitized else "no sanitizers",
        ", valgrind" if a.valgrind else ""), flush=True)
    responses = pcaps = editcaps = committed = 0
    totals = {"checked": 0, "unreached": 0}
    failures = []
    with multiprocessing.Pool(a.jobs, initializer=_init_worker, initargs=(opts,)) as pool:
        results = [pool.apply_async(fn, (arg,)) for fn, arg in jobs]
        for n_done, r in enumerate(results, 1):
            try:
                kind, pcap, n, problems, how, secs, stats = r.get()
            except Exception as e:  # noqa: BLE001 - a harness error is a failure too
                kind, pcap, n, problems, how, stats = "error", "job %d" % n_done, 0, ["harness: %r" % e], "", {}
            for k, v in stats.items():
                if isinstance(v, list):
                    totals.setdefault(k, []).extend(v)
                else:
                    totals[k] = totals.get(k, 0) + v
            if kind == "mutated":
                responses += n
                pcaps += 1
            elif kind == "committed":
                committed += max(n, 1)
            else:
                editcaps += 1
            if problems:
                failures.append((kind, pcap, problems, how))
                print("FAIL %s:\n  %s" % (os.path.basename(pcap), "\n  ".join(problems)), flush=True)
            if n_done % 50 == 0:
                print("  ... %d/%d done, %d failures, %.0fs" % (n_done, len(jobs), len(failures),
                                                              time.time() - t0), flush=True)

    # failing pcaps: a few per kind of failure go to --crashers, minimised
    by_sig = {}
    for f in failures:
        by_sig.setdefault(signature(f[2]), []).append(f)
    if failures:
        _init_worker(opts)
    for sig, fs in sorted(by_sig.items()):
        print("failure kind (%d pcaps): %s" % (len(fs), sig))
        for kind, pcap, problems, how in fs[:a.save_per_signature]:
            if not os.path.exists(pcap):
                continue
            note = "kind: %s (%d failing pcaps of this kind in this run)" % (sig, len(fs))
            m = minimize(pcap) if kind == "mutated" and os.path.exists(pcap + ".json") else None
            if m:
                path, mprob, calls = m
                saved = save_crasher(path, mprob, how + " (its call %s)" % calls, note)
                print("  minimised to %d call(s): %s\n    %s" % (
                    len(calls), saved, "\n    ".join(p.splitlines()[0] for p in mprob)))
            else:
                print("  saved %s" % save_crasher(pcap, problems, how, note))
    if own_workdir and not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    for name, how, stock in totals.get("stock", []):
        print("stock Wireshark fails too (no srvsess loaded; not counted): %s (%s)\n  %s" % (
            name, how, "\n  ".join(stock)))
    if responses:
        print("certain malformations checked: %d (%d more never reached srvsess: DCE-RPC "
              "reassembly, not counted)" % (totals["checked"], totals["unreached"]))
    print("fuzz: %d responses in %d pcaps, %d editcap-corrupted captures%s, %d failures (%.0fs)" % (
        responses, pcaps, editcaps,
        ", %d committed captures" % committed if a.committed else "",
        len(failures), time.time() - t0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
