#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""mutation_check.py - does the fast suite catch realistic one-line bugs?

Applies each mutant of mutants.py (an exact, unique code snippet of a file in
plugin/ and its replacement) to its own scratch copy of plugin/, builds it, runs
the fast suite, and prints each mutant's fate and the kill rate.

  killed        a fast-suite test failed (its name is printed)
  killed (build) the mutant does not compile (counted only because the
                unmutated tree was built first, by the same harness)
  SURVIVED      every fast-suite test passed: a bug the suite cannot see
  equivalent    marked so in mutants.py with the reason (not run unless
                --run-equivalent; run, a killed one is reported as wrongly marked)
  SNIPPET       the snippet is not found, or not unique, in the plugin being
                checked: a failure of the check, never a kill

Nothing under the source tree is written: the tree is snapshot once into a
scratch folder (/tmp by default), configured and built there; each mutant gets
a fresh copy of plugin/ from the snapshot with its one change. First the
unmutated snapshot must build and pass the whole fast suite, or the check stops.

The fast suite is the ctest `fast` tier (`ctest -L fast`, tests/CMakeLists.txt,
docs/testing.md): truth, boundaries, experts, statistics, filters, the sweeps,
the takeover's disabled and untouched paths on a representative set. No fuzz.*,
valgrind, install or packaging tests. The list comes from the label, not from
names kept here, so a test added to the tier is in the check at once.
Tests run two at a time; a mutant stops at its first failing test, the tests
most likely to fail first.

Exit status 0 only if every mutant not marked equivalent was killed and every
snippet was found exactly once.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, FIRST_COMPLETED, wait

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mutants import MUTANTS  # noqa: E402

FAST = "fast"   # the ctest label of the developer's loop
# the order mutants meet the tests in: the broadest and quickest first
PRIORITY = [r"^truth\.edge_bounds_le$", r"^stats_tree\.edge_strings$",
            r"^boundary\.edge_sweep_bounds\.sweep_window_60$", r"^truth\.edge_bounds_be$",
            r"^boundary\.edge_sweep_bounds\.sweep_servers_3$", r"^truth\.edge_bounds_ndr64$",
            r"^boundary\.edge_bounds_le\.idle_threshold_3600$", r"^truth\.edge_corrupt", r"^stats_tree\.",
            r"^truth\.edge_strings", r"^truth\.edge_levels_", r"^boundary\.", r"^disabled_is_stock",
            r"^others_untouched", r"^truth\.edge_sweep", r"^truth\.edge_errors", r"^truth\.edge_anomalies",
            r"^truth\.impacket_smb2$", r"^truth\.samba", r"^display_filters", r"^truth\.edge_frag",
            r"^truth\.edge_thousands", r"."]
SKIP_DIRS = {".git", "Testing"}


def log(*args):
    print(*args, flush=True)


def snapshot(source, dest):
    """Copy the source tree (no .git, no build folders) to dest."""
    def ignore(folder, names):
        if os.path.abspath(folder) == os.path.abspath(source):
            return [n for n in names if n in SKIP_DIRS or n.startswith("build")]
        return [n for n in names if n in SKIP_DIRS]
    shutil.copytree(source, dest, ignore=ignore, symlinks=True)


def check_snippets(plugin_dir):
    """{mutant id: problem} for snippets not found exactly once."""
    problems = {}
    for m in MUTANTS:
        path = os.path.join(plugin_dir, m["file"])
        if not os.path.exists(path):
            problems[m["id"]] = f"file plugin/{m['file']} does not exist"
            continue
        n = open(path, encoding="utf-8").read().count(m["find"])
        if n != 1:
            problems[m["id"]] = f"snippet found {n} times in plugin/{m['file']}: {m['find']!r}"
    return problems


def run(cmd, log_path, timeout=None, cwd=None):
    with open(log_path, "ab") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        try:
            return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, cwd=cwd).returncode
        except subprocess.TimeoutExpired:
            out.write(b"TIMEOUT\n")
            return -1


def fast_tests(build, regex=None):
    """[(name, command, cwd)] of the fast tier (narrowed to ctest -R regex if given), in PRIORITY order."""
    out = subprocess.run(["ctest", "--test-dir", build, "-L", FAST] + (["-R", regex] if regex else []) +
                         ["--show-only=json-v1"], stdout=subprocess.PIPE, check=True).stdout
    tests = []
    for t in json.loads(out)["tests"]:
        cwd = next((p["value"] for p in t.get("properties", []) if p["name"] == "WORKING_DIRECTORY"), build)
        tests.append((t["name"], t["command"], cwd))

    def rank(test):
        return next(i for i, rx in enumerate(PRIORITY) if re.search(rx, test[0]))
    return sorted(tests, key=rank)


def run_suite(tests, log_path, jobs, stop_on_failure, timeout):
    """Runs the tests `jobs` at a time; returns (names of failed tests, seconds)."""
    start = time.time()
    failed = []
    pending = list(tests)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {}
        while pending or running:
            while pending and len(running) < jobs and not (failed and stop_on_failure):
                name, cmd, cwd = pending.pop(0)
                running[pool.submit(run, cmd, f"{log_path}.{name}", timeout, cwd)] = name
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                name = running.pop(fut)
                if fut.result() != 0:
                    failed.append(name)
    return failed, time.time() - start


def build(build_dir, log_path):
    return run(["cmake", "--build", build_dir, "-j1"], log_path) == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(HERE)), help="the srvsess tree (read only)")
    ap.add_argument("--scratch", help="scratch folder (default: a new one under /tmp, removed unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, builds)")
    ap.add_argument("--only", nargs="*", help="mutant ids to run (default all)")
    ap.add_argument("--run-equivalent", action="store_true", help="also run the mutants marked equivalent")
    ap.add_argument("--jobs", type=int, default=2, help="tests run at once (default 2)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per test before it counts as failed")
    ap.add_argument("--list", action="store_true", help="list the mutants and the fast suite, run nothing")
    ap.add_argument("--fast", metavar="REGEX", help="narrow the fast tier to ctest -R REGEX (default: the whole "
                    "tier; a smaller one only to try the harness itself)")
    a = ap.parse_args()

    by_file = {}
    for m in MUTANTS:
        by_file[m["file"]] = by_file.get(m["file"], 0) + 1
    if a.list:
        for m in MUTANTS:
            eq = f"   [equivalent: {m['equivalent']}]" if m.get("equivalent") else ""
            log(f"{m['id']:24s} plugin/{m['file']}: {m['what']}{eq}")
        log(f"{len(MUTANTS)} mutants over {len(by_file)} files; fast suite: ctest -L {FAST}")
        return 0

    unknown = set(a.only or ()) - {m["id"] for m in MUTANTS}
    if unknown:
        ap.error(f"no such mutant: {', '.join(sorted(unknown))}")
    scratch = a.scratch or tempfile.mkdtemp(prefix="srvsess-mutation-")
    os.makedirs(scratch, exist_ok=True)
    src, bld, logs = (os.path.join(scratch, d) for d in ("src", "build", "logs"))
    pristine = os.path.join(scratch, "pristine-plugin")
    for d in (src, pristine):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(logs, exist_ok=True)
    log(f"mutation check: {len(MUTANTS)} mutants over {len(by_file)} files of plugin/; scratch {scratch}")
    snapshot(a.source, src)
    shutil.copytree(os.path.join(src, "plugin"), pristine)

    problems = check_snippets(pristine)
    for mid, why in problems.items():
        log(f"SNIPPET  {mid}: {why}")

    # the unmutated snapshot must build and pass, or nothing below means anything
    blog = os.path.join(logs, "baseline")
    t0 = time.time()
    if run(["cmake", "-S", src, "-B", bld, "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DSRVSESS_WERROR=ON"], blog) != 0 or not build(bld, blog):
        log(f"BASELINE BROKEN: the unmutated tree does not configure/build (see {blog}); no mutant judged")
        return 2
    tests = fast_tests(bld, a.fast)
    if not tests:
        log(f"BASELINE BROKEN: no test labelled {FAST} in the snapshot's build; no mutant judged")
        return 2
    failed, secs = run_suite(tests, blog, a.jobs, False, a.timeout)
    if failed:
        log(f"BASELINE BROKEN: the unmutated tree fails {failed} (logs {blog}.*); no mutant judged")
        return 2
    if a.fast:
        log(f"NOTE: suite narrowed to ctest -L {FAST} -R '{a.fast}': a trial of the harness, not the mutation check")
    log(f"baseline: the unmutated tree builds and passes the fast suite ({len(tests)} tests, "
        f"{secs:.0f} s; build and tests {time.time() - t0:.0f} s)")

    fates = {}
    previous = None
    for m in MUTANTS:
        mid = m["id"]
        if a.only and mid not in a.only:
            continue
        if mid in problems:
            fates[mid] = "snippet"
            continue
        if m.get("equivalent") and not a.run_equivalent:
            fates[mid] = "equivalent"
            log(f"equivalent      {mid:24s} {m['what']} — {m['equivalent']}")
            continue
        # a fresh copy of plugin/ with the one change
        shutil.rmtree(os.path.join(src, "plugin"))
        shutil.copytree(pristine, os.path.join(src, "plugin"))
        now = time.time()
        if previous:   # the object built from the last mutant is newer than the pristine file
            os.utime(os.path.join(src, "plugin", previous), (now, now))
        path = os.path.join(src, "plugin", m["file"])
        text = open(path, encoding="utf-8").read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(m["find"], m["replace"], 1))
        os.utime(path, (now, now))
        previous = m["file"]
        mlog = os.path.join(logs, mid)
        t0 = time.time()
        if not build(bld, mlog):
            fates[mid] = "killed-build"
            log(f"killed (build)  {mid:24s} {m['what']}  ({time.time() - t0:.0f} s)")
            continue
        failed, secs = run_suite(tests, mlog, a.jobs, True, a.timeout)
        if failed:
            fates[mid] = "wrongly-equivalent" if m.get("equivalent") else "killed"
            log(f"{'KILLED, marked equivalent' if m.get('equivalent') else 'killed':15s} {mid:24s} "
                f"{m['what']}  by {failed[0]}  ({time.time() - t0:.0f} s)")
        else:
            fates[mid] = "equivalent" if m.get("equivalent") else "survived"
            log(f"{'equivalent' if m.get('equivalent') else 'SURVIVED':15s} {mid:24s} {m['what']}  "
                f"({time.time() - t0:.0f} s)")

    # leave the scratch build unmutated
    shutil.rmtree(os.path.join(src, "plugin"))
    shutil.copytree(pristine, os.path.join(src, "plugin"))
    counts = {k: sum(1 for v in fates.values() if v == k)
              for k in ("killed", "killed-build", "survived", "equivalent", "wrongly-equivalent", "snippet")}
    judged = counts["killed"] + counts["killed-build"] + counts["survived"]
    rate = (counts["killed"] + counts["killed-build"]) / judged if judged else 0.0
    log(f"mutation check: {len(fates)} mutants: {counts['killed']} killed by tests, {counts['killed-build']} "
        f"killed by the build, {counts['survived']} survived, {counts['equivalent']} equivalent, "
        f"{counts['wrongly-equivalent']} marked equivalent but killed, {counts['snippet']} snippet errors; "
        f"kill rate {rate:.1%} of {judged} non-equivalent mutants")
    if not a.keep and not a.scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    ok = not (counts["survived"] or counts["snippet"] or counts["wrongly-equivalent"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
