#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped `srvsess` configuration profile (profiles/srvsess), checked with
tshark against a capture's independent truth (never against srvsess output):

  columns   `tshark -C srvsess` shows the profile's columns User, Client host,
            Idle, User flags, Logon domain and Logon server, and in every
            srvsess frame they hold what the truth says: each column the values
            of the answer's entries (NetrSessionEnum sessions, NetrWkstaUserEnum
            logged-on users: User shows srvsess.username for both), in order,
            comma-joined (Wireshark's custom-column aggregation; a NULL member
            has no field and adds nothing). Checked in PSML (one element per
            column) and in the plain summary lines.
  colors    the profile's coloring rules load without a complaint, and the
            rule Wireshark applies to each srvsess frame (the first enabled rule
            whose filter matches) is the srvsess rule the truth calls for, the
            most urgent first: sweep, session collection (a request), then for
            an answer no-encryption, guest, machine account, logged-on users;
            frames without any of them keep a stock rule. Which experts a frame
            must carry comes from the truth values through the rules the
            plugin's own tests use (tests/recon/sweep_rule.py, and
            tests/srvsess_test.py's session_experts / logon_experts), never
            from srvsess output.

Hermetic like every test (tests/tshark_env.py): own HOME, plugin from the build
tree, tshark as uid 65534 when run as root. `-C` finds profiles in the personal
configuration folder, so the profile is copied into that HOME's
.config/wireshark/profiles/srvsess first.
"""
import argparse
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from session_levels import LEVEL_MEMBERS, WKSTA_LEVEL_MEMBERS  # noqa: E402
from tshark_env import Tshark  # noqa: E402
import srvsess_test  # noqa: E402  (the expert rules of the truth checks, written once)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "recon"))
from sweep_rule import expected_collections, SESSION_ENUM, WKST_USER_ENUM, COLLECTION_WINDOW_DEFAULT  # noqa: E402

PROFILE = os.path.join(ROOT, "profiles", "srvsess")
# Column title -> the entry member it shows (the profile's gui.column.format).
COLUMNS = (("User", "username"), ("Client host", "cname_host"), ("Idle", "idle_time"), ("User flags", "user_flags"),
           ("Logon domain", "logon_domain"), ("Logon server", "logon_server"))
# The profile's srvsess coloring rules by name, the most urgent first: the order
# a frame carrying several of their experts must be coloured by.
SWEEP, COLLECTION = "srvsess: session enumeration sweep", "srvsess: session collection"
NOENC, GUEST = "srvsess: no-encryption session", "srvsess: guest session"
MACHINE, LOGON = "srvsess: machine account", "srvsess: logged-on users"
RULES = (SWEEP, COLLECTION, NOENC, GUEST, MACHINE, LOGON)
# The truth op of each call's request, -> the call name sweep_rule.py counts by.
REQUEST_CALL = {"enum_request": SESSION_ENUM, "wkst_user_enum_request": WKST_USER_ENUM}
# A response's entries: truth key and the members of each level.
ENTRIES = {"enum_response": ("sessions", LEVEL_MEMBERS), "wkst_user_enum_response": ("users", WKSTA_LEVEL_MEMBERS)}

failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 40:
        print("FAIL:", msg)


def duration(seconds):
    """The README's duration form: 3600 shows as 3600 (1h 0m 0s), days only when there are some."""
    d, h, m, s = seconds // 86400, seconds // 3600 % 24, seconds // 60 % 60, seconds % 60
    return (f"{d}d " if d else "") + f"{h}h {m}m {s}s"


def member_value(session, member):
    """What the column shows for one session's member (None: no field, nothing shown);
    KeyError when the truth does not know it."""
    if member == "cname_host":
        if "cname_host" in session:
            return session["cname_host"]
        cname = session["cname"]
        if cname is None:
            return None
        return cname[2:] if cname.startswith("\\\\") else cname
    value = session[member]
    if value is None:
        return None
    if member == "idle_time":
        return f"{value} ({duration(value)})"
    if member == "user_flags":
        return f"0x{value:08x}"
    return value


def expected_columns(call):
    """{title: text, or None when the truth does not tell} for one truth call."""
    out = {}
    key, levels = ENTRIES.get(call["op"], (None, {}))
    sessions = call.get(key) if key else None
    for title, member in COLUMNS:
        if not sessions:
            out[title] = ""
            continue
        base = "cname" if member == "cname_host" else member
        if base not in levels.get(call.get("level"), ()):
            out[title] = ""            # the level has no such member
            continue
        try:
            values = [member_value(s, member) for s in sessions]
        except KeyError:
            out[title] = None
            continue
        out[title] = ",".join(v for v in values if v is not None)
    return out


def same_column(title, got, want):
    """Idle shows the seconds with the duration after them (4.0: `100 (0h 1m 40s)`);
    a Wireshark that shows the bare seconds in a resolved custom column passes too,
    a wrong number or a wrong duration does not."""
    if got == want:
        return True
    if title != "Idle":
        return False
    bare = re.sub(r" \([^()]*\)", "", want)
    return got == bare


def load_truth(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def with_profile(build):
    ts = Tshark(build)
    dest = os.path.join(ts.home, ".config", "wireshark", "profiles", "srvsess")
    shutil.copytree(PROFILE, dest)
    for d in (os.path.join(ts.home, ".config"), os.path.join(ts.home, ".config", "wireshark"),
              os.path.dirname(dest), dest):
        os.chmod(d, 0o755)
    for name in os.listdir(dest):
        os.chmod(os.path.join(dest, name), 0o644)
    return ts


def check_columns(ts, pcap, truth):
    proc = ts.run(["-C", "srvsess", "-T", "psml", "-Y", "srvsess"], pcap=pcap)
    if proc.stderr.strip():
        fail("tshark -C srvsess complained: " + proc.stderr.decode(errors="replace").strip())
    root = ET.fromstring(proc.stdout)
    titles = [s.text or "" for s in root.find("structure")]
    for title, _ in COLUMNS:
        if title not in titles:
            fail(f"profile has no column {title!r}: {titles}")
    if failures:
        return
    rows = [[s.text or "" for s in packet] for packet in root.iter("packet")]
    calls = truth["calls"]
    if len(rows) != len(calls):
        fail(f"{len(rows)} srvsess frames, truth has {len(calls)} calls")
    plain = {}
    for line in ts.run(["-C", "srvsess", "-Y", "srvsess"], pcap=pcap).stdout.decode().splitlines():
        m = re.match(r"\s*(\d+)\s", line)
        if m:
            plain[m.group(1)] = line.rstrip()
    checked = sessions = 0
    for row, call in zip(rows, calls):
        frame = row[titles.index("No.")]
        want = expected_columns(call)
        for title, _ in COLUMNS:
            got = row[titles.index(title)]
            if want[title] is not None and not same_column(title, got, want[title]):
                fail(f"frame {frame} ({call['op']}): column {title} = {got!r}, truth {want[title]!r}")
            checked += want[title] is not None
        sessions += len(call.get(ENTRIES.get(call["op"], ("sessions",))[0]) or ())
        # the plain summary ends with the same columns, space-separated
        tail = " ".join(row[titles.index(t)] for t, _ in COLUMNS).rstrip()
        if None not in want.values() and tail and not plain.get(frame, "").endswith(" " + tail):
            fail(f"frame {frame}: summary line {plain.get(frame)!r} does not end with {tail!r}")
    print(f"{os.path.basename(pcap)}: columns {', '.join(t for t, _ in COLUMNS)} in {len(rows)} srvsess frames "
          f"({sessions} sessions / logged-on users, {checked} column values) {'do not match' if failures else 'match'} the truth")


def read_rules(path):
    """The enabled rules of a colorfilters file, in order: [(name, filter)]."""
    rules = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(!?)@([^@]*)@([^@]*)@\[\d+,\d+,\d+\]\[\d+,\d+,\d+\]\s*$", line)
            if line.startswith("#") or not line.strip():
                continue
            if not m:
                fail(f"colorfilters line not in Wireshark's format: {line!r}")
                continue
            if not m.group(1):
                rules.append((m.group(2), m.group(3)))
    return rules


def frame_times(ts, pcap):
    out = ts.run(["-Y", "srvsess", "-T", "fields", "-e", "frame.number", "-e", "frame.time_epoch"], pcap=pcap)
    times = []
    for line in out.stdout.decode().split("\n"):
        if line.strip():
            num, epoch = line.split("\t")
            whole, _, frac = epoch.partition(".")
            times.append((int(num), (int(whole), int(frac[:9].ljust(9, "0")))))
    return times


def expected_rules(ts, pcap, truth):
    """{frame: the srvsess rule the truth calls for, or None}, for every srvsess frame."""
    frames = frame_times(ts, pcap)
    calls = truth["calls"]
    if len(frames) != len(calls):
        fail(f"{len(frames)} srvsess frames, truth has {len(calls)} calls")
    # Sweeps and session collections: the written-down rules (tests/recon/sweep_rule.py)
    # over who asked whom (truth) and when (the frames' times), default preferences
    # (sweep 5 servers / 60 s, collection window 5 s): the profile changes none.
    requests = [(i, when, c["client"], c["server"]) for i, ((_, when), c) in enumerate(zip(frames, calls))
                if c["op"] in REQUEST_CALL and "client" in c and "server" in c]
    sweeps = srvsess_test.expected_sweeps(requests, 5, 60) if requests else {}
    collections = expected_collections([(i, secs + nsecs / 1e9, client, server, REQUEST_CALL[calls[i]["op"]])
                                        for i, (secs, nsecs), client, server in requests], COLLECTION_WINDOW_DEFAULT)
    want = {}
    for i, ((frame, _), call) in enumerate(zip(frames, calls)):
        experts = dict(call.get("experts", {}))
        key, _ = ENTRIES.get(call["op"], (None, None))
        entries = (call.get(key) or ()) if key else ()
        for entry in entries:
            each = (srvsess_test.logon_experts(entry) if key == "users"
                    else srvsess_test.session_experts(call.get("level"), entry))
            for name, n in each.items():
                experts[name] = experts.get(name, 0) + n
        if i in sweeps or experts.get("srvsess.enum_sweep"):
            want[frame] = SWEEP
        elif i in collections or experts.get("srvsess.session_collection"):
            want[frame] = COLLECTION
        elif experts.get("srvsess.noencryption_session"):
            want[frame] = NOENC
        elif experts.get("srvsess.guest_session"):
            want[frame] = GUEST
        elif experts.get("srvsess.machine_account"):
            want[frame] = MACHINE
        elif key == "users" and entries:
            want[frame] = LOGON        # an answer that names logged-on users (srvsess.logon items)
        else:
            want[frame] = None
    return want, bool(requests)


def check_colors(ts, pcap, truth):
    rules = read_rules(os.path.join(PROFILE, "colorfilters"))
    names = [n for n, _ in rules]
    for name in RULES:
        if name not in names:
            fail(f"colorfilters lacks the rule {name!r}")
    # The whole file, as Wireshark reads it: tshark --color compiles every rule
    # and warns about any it cannot.
    proc = ts.run(["-C", "srvsess", "--color", "-c", "1"], pcap=pcap)
    if proc.stderr.strip():
        fail("colorfilters: " + proc.stderr.decode(errors="replace").strip())
    want, knows_requests = expected_rules(ts, pcap, truth)
    # The rule each frame gets: the first whose filter matches it. Rules after
    # the last srvsess rule cannot give a frame a srvsess rule: not evaluated
    # (they were compiled above, with --color).
    applied = {}
    last = max([i for i, (n, _) in enumerate(rules) if n in RULES], default=-1)
    for name, flt in rules[:last + 1]:
        proc = ts.run(["-Y", f"srvsess && ({flt})", "-T", "fields", "-e", "frame.number"], pcap=pcap, check=False)
        if proc.returncode != 0:
            fail(f"rule {name!r}: filter {flt!r} does not compile: {proc.stderr.decode(errors='replace').strip()}")
            continue
        for num in proc.stdout.decode().split():
            applied.setdefault(int(num), name)
    counts = {}
    for frame, rule in sorted(want.items()):
        got = applied.get(frame)
        got_srvsess = got if got in RULES else None
        if got_srvsess != rule:
            fail(f"frame {frame}: colored by {got!r}, truth calls for {rule or 'no srvsess rule'!r}")
        counts[rule] = counts.get(rule, 0) + 1
    summary = ", ".join(f"{counts.get(r, 0)} {r}" for r in RULES)
    print(f"{os.path.basename(pcap)}: {len(rules)} coloring rules load; {len(want)} srvsess frames colored "
          f"{'not ' if failures else ''}as the truth says ({summary}{'' if knows_requests else '; truth names no client/server, sweeps from its experts only'})")


def main():
    global PROFILE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--truth", help="the truth file (default: the capture's own NAME.truth.json)")
    ap.add_argument("--profile", default=PROFILE, help="the profile folder (default: profiles/srvsess)")
    ap.add_argument("check", choices=["columns", "colors"])
    ap.add_argument("pcap")
    opts = ap.parse_args()
    PROFILE = os.path.abspath(opts.profile)
    truth = load_truth(opts.truth or opts.pcap[:-len(".pcap")] + ".truth.json")
    ts = with_profile(opts.build)
    try:
        {"columns": check_columns, "colors": check_colors}[opts.check](ts, opts.pcap, truth)
    finally:
        ts.close()
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
