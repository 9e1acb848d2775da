#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""tiers_check.py - every ctest of the build carries a tier label (docs/testing.md).

Reads the test list ctest itself would run (ctest --show-only=json-v1) and fails
when a test:
  - has none of the tier labels fast, slow, fuzz, root;
  - is labelled root without SKIP_RETURN_CODE 77 (a normal user must see it
    skipped with its reason, never failed);
  - is in fast and also needs root, or needs a fixture (a setup test ctest -L fast
    would pull in, e.g. the sanitizer build): the fast tier must stay the
    developer's quick loop that runs for everyone.
It also fails when the fast tier is empty, so a broken label cannot make
`ctest -L fast` (and the mutation check, which runs it) pass by running nothing.
"""
import argparse
import json
import subprocess
import sys

TIERS = ("fast", "slow", "fuzz", "root")


def tests_of(build):
    out = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"],
                         stdout=subprocess.PIPE, check=True).stdout
    for t in json.loads(out)["tests"]:
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        yield t["name"], props


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    a = ap.parse_args()
    problems, count, tiers = [], 0, {t: 0 for t in TIERS}
    for name, props in tests_of(a.build):
        count += 1
        labels = props.get("LABELS", [])
        mine = [t for t in TIERS if t in labels]
        for t in mine:
            tiers[t] += 1
        if not mine:
            problems.append(f"{name}: no tier label (one of {', '.join(TIERS)}; labels {labels})")
        if "root" in labels and str(props.get("SKIP_RETURN_CODE")) != "77":
            problems.append(f"{name}: labelled root without SKIP_RETURN_CODE 77")
        if "fast" in labels and "root" in labels:
            problems.append(f"{name}: in fast but needs root")
        if "fast" in labels and props.get("FIXTURES_REQUIRED"):
            problems.append(f"{name}: in fast but needs the fixture {props['FIXTURES_REQUIRED']}")
    if not tiers["fast"]:
        problems.append("the fast tier is empty")
    for p in problems:
        print("FAIL:", p)
    print(f"{count} tests: " + ", ".join(f"{n} {t}" for t, n in tiers.items()) +
          " (a test may carry several)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
