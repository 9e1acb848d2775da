#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest checks of tools/srvsess-scan. Each subcommand is one test; exit 0 = pass.

  truth FORMAT      the inventory (ndjson, csv, ek) of the committed captures and of
                    generated ones equals their truth files, record for record, and
                    parses with the standard parsers (ek: valid bulk syntax); csv and
                    ek on the captures of FORMAT_CAPTURES (their writers' cases)
  logon FORMAT      the logon records (wkssvc NetrWkstaUserEnum) of the captures with
                    a wkssvc truth equal the users of their truth files, and are counted
  ring              a ring-buffer set cut inside a response (editcap -c) gives the
                    truth's records; with a cut-short and a non-capture file in its
                    middle, both are reported and the set goes on
  parallel          --jobs 1 and --jobs 2 print the same inventory, byte for byte
  bad-input         empty, truncated, non-capture, unreadable files and odd names:
                    reported with the reason, the other files' records all there;
                    exit status 0, 1 with --strict, 3 when nothing is readable
  prefilter         the prefilter (tcpdump + srvsess-prefilter) gives the records of
                    an unfiltered run, byte for byte, and the truth's: srvsvc over
                    ncacn_ip_tcp on dynamic ports (plain, VLAN, QinQ, IPv6), SMB on a
                    port declared with -d, background that must go, flows that began
                    before the file, a gzip copy, a ring-buffer set; a pcapng of two link types
                    (libpcap cannot read it) is dissected whole and says so
  sshlogin          --sshlogin to an sshd on 127.0.0.1 (user and keys made here) and
                    to ':' at once, plus a user without the plugin and a machine
                    that is down: the same inventory as a serial run

As root the scan (and so parallel and tshark) runs as uid 65534 (see
tests/tshark_env.py: Wireshark 4.0 run by root ignores WIRESHARK_PLUGIN_DIR),
with its own HOME, the plugin from the build tree through --plugin-dir.
"""
import argparse
import csv
import glob
import gzip
import io
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
REPO = os.path.dirname(TESTS)
sys.path.insert(0, TESTS)
sys.path.insert(0, HERE)

from tshark_env import NOBODY, Tshark, plugin_so  # noqa: E402
import srvsess_test  # noqa: E402
from srvsess_test import logon_experts, session_experts  # noqa: E402
from session_levels import LEVEL_MEMBERS, WKSTA_LEVEL_MEMBERS  # noqa: E402
import gen_captures  # noqa: E402

SCAN = os.path.join(REPO, "tools", "srvsess-scan")
FIELDS = ("record", "file", "frame", "frame_time", "server", "client_address", "level", "session",
          "cname", "cname_host", "username", "num_opens", "time", "idle_time", "user_flags",
          "guest", "noencryption", "cltype_name", "transport", "start_time", "last_active", "experts",
          "host", "logon", "logon_domain", "oth_domains", "logon_server")
INTS = ("frame", "level", "session", "num_opens", "time", "idle_time", "user_flags", "logon")

failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 40:
        print("FAIL:", msg)


class Scanner:
    """Runs srvsess-scan hermetically (own HOME and TMPDIR, build-tree plugin),
    as uid 65534 when root. Its files live in a folder that user can read."""

    def __init__(self, build):
        self.root = tempfile.mkdtemp(prefix="srvsess-scan-test-")
        os.chmod(self.root, 0o755)
        self.home = os.path.join(self.root, "home")
        os.mkdir(self.home)
        so = plugin_so(build)
        series = os.path.basename(os.path.dirname(os.path.dirname(so)))
        # a copy, so the unprivileged user can read it wherever the build tree is
        self.plugins = os.path.join(self.root, "plugins")
        os.makedirs(os.path.join(self.plugins, series, "epan"))
        shutil.copy2(so, os.path.join(self.plugins, series, "epan"))
        self.so, self.series = so, series
        # srvsess-scan's prefilter helper, copied for the same reason
        helper = os.path.join(build, "tools", "srvsess-prefilter")
        if os.path.exists(helper):
            os.makedirs(os.path.join(self.root, "bin"))
            shutil.copy2(helper, os.path.join(self.root, "bin"))
        self.captures = os.path.join(self.root, "captures")
        os.mkdir(self.captures)
        self.as_nobody = os.geteuid() == 0
        self.env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": self.home, "LANG": "C.UTF-8",
                    "TZ": "UTC", "TMPDIR": os.path.join(self.home, "tmp"),
                    "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
                    "SRVSESS_PREFILTER": os.path.join(self.root, "bin", "srvsess-prefilter")}
        os.mkdir(self.env["TMPDIR"])
        self.give_away()

    def give_away(self):
        """Everything under root readable, home owned by the runner."""
        for dirpath, dirs, files in os.walk(self.root):
            for d in dirs:
                os.chmod(os.path.join(dirpath, d), 0o755)
            for f in files:
                p = os.path.join(dirpath, f)
                if not os.path.islink(p) and os.stat(p).st_mode & 0o777:
                    os.chmod(p, os.stat(p).st_mode | 0o444)
        if self.as_nobody:
            for dirpath, dirs, files in os.walk(self.home):
                os.lchown(dirpath, NOBODY, NOBODY)
                for f in files:
                    os.lchown(os.path.join(dirpath, f), NOBODY, NOBODY)

    def run(self, args, cwd=None):
        cmd = [SCAN, "--plugin-dir", self.plugins] + list(args)
        if self.as_nobody:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cmd
        t0 = time.monotonic()
        proc = subprocess.run(cmd, env=self.env, cwd=cwd or self.root, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.seconds = time.monotonic() - t0
        return proc

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


# --------------------------------------------------------------------------
# Reading the inventory back, with the standard parsers

def parse_ndjson(data):
    recs = []
    for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
        if line == "":
            continue
        try:
            recs.append(json.loads(line))
        except ValueError as e:
            fail(f"ndjson line {n} is not JSON: {e}: {line[:200]!r}")
    for r in recs:
        if tuple(r) != FIELDS:
            fail(f"ndjson record keys {list(r)} != {list(FIELDS)}")
            break
    return recs


def parse_csv(data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != FIELDS:
        fail(f"csv header {rows[:1]} != {list(FIELDS)}")
        return []
    recs = []
    for row in rows[1:]:
        if len(row) != len(FIELDS):
            fail(f"csv row of {len(row)} fields: {row[:5]}")
            continue
        r = dict(zip(FIELDS, row))
        for k in INTS:
            r[k] = int(r[k]) if r[k] != "" else None
        for k in ("guest", "noencryption"):
            r[k] = {"true": True, "false": False, "": None}[r[k]]
        r["experts"] = r["experts"].split("|") if r["experts"] else []
        recs.append(r)
    return recs


def parse_ek(data, index):
    lines = data.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        fail("ek output does not end with a newline (the bulk API needs one)")
    if len(lines) % 2:
        fail(f"ek output has {len(lines)} lines: not action + document pairs")
    recs, ids = [], set()
    for i in range(0, len(lines) - 1, 2):
        try:
            action, doc = json.loads(lines[i]), json.loads(lines[i + 1])
        except ValueError as e:
            fail(f"ek lines {i + 1}-{i + 2} are not JSON: {e}")
            continue
        meta = action.get("index") if isinstance(action, dict) and len(action) == 1 else None
        if not isinstance(meta, dict) or meta.get("_index") != index or "_type" in meta:
            fail(f"ek action line {i + 1} is not an index action on {index!r}: {lines[i]}")
            continue
        if meta.get("_id") in ids:
            fail(f"ek _id {meta.get('_id')} repeats")
        ids.add(meta.get("_id"))
        if not re.fullmatch(r"\d+", str(doc.get("timestamp"))):
            fail(f"ek document without an epoch-ms timestamp: {lines[i + 1][:200]}")
        doc.pop("timestamp", None)
        if tuple(doc) != FIELDS:
            fail(f"ek document keys {list(doc)} != {list(FIELDS)}")
        recs.append(doc)
    return recs


def parse(fmt, data, index="srvsess"):
    return {"ndjson": parse_ndjson, "csv": parse_csv, "ek": lambda d: parse_ek(d, index)}[fmt](data)


# --------------------------------------------------------------------------
# What the truth says the records are

def iso_ns(text):
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{9})Z", text or "")
    if not m:
        return None
    import datetime
    y, mo, d, h, mi, s, ns = (int(x) for x in m.groups())
    delta = datetime.datetime(y, mo, d, h, mi, s) - datetime.datetime(1970, 1, 1)
    return (delta.days * 86400 + delta.seconds) * 10**9 + ns


BUILD = None


# The requests the sweep rule counts: NetrSessionEnum and NetrWkstaUserEnum alike.
REQUEST_OPS = ("enum_request", "wkst_user_enum_request")


def sweep_calls(truth, pcap):
    """Indices of the truth's requests that must raise srvsess.enum_sweep. Truth
    files say who asked whom ("client", "server"); when is the frames' own time:
    the rule is srvsess_test.expected_sweeps (README, default preferences).
    Older truth files list the expert on the call ("experts")."""
    listed = {i for i, c in enumerate(truth["calls"]) if "srvsess.enum_sweep" in c.get("experts", {})}
    asked = {}
    for c in truth["calls"]:
        if c["op"] in REQUEST_OPS and "client" in c and "server" in c:
            asked.setdefault(c["client"], set()).add(c["server"])
    if listed or not asked or max(len(v) for v in asked.values()) < 5 \
            or not hasattr(srvsess_test, "expected_sweeps"):
        return listed    # fewer than 5 servers per client: no sweep is possible
    with Tshark(BUILD) as t:
        calls = srvsess_test.pdml_calls(t, pcap)
    requests = [(i, srvsess_test.frame_time(packet), want["client"], want["server"])
                for i, ((_, _, _, packet), want) in enumerate(zip(calls, truth["calls"]))
                if want["op"] in REQUEST_OPS and "client" in want and "server" in want]
    return set(srvsess_test.expected_sweeps(requests, 5, 60))


def expected_records(truth, pcap):
    """The session and sweep records the truth calls for, in capture order, without
    what the truth cannot know (frame numbers and times, addresses): those are
    checked apart. Logon records are expected_logons()'s (scan.logon.*)."""
    out = []
    server = None
    sweeps = sweep_calls(truth, pcap)
    for index, call in enumerate(truth["calls"]):
        if call["op"] in REQUEST_OPS:
            server = call.get("server_name", "?")
            if index in sweeps:
                out.append({"record": "sweep", "server": server, "level": call.get("level"),
                            "experts": ["srvsess.enum_sweep"]})
        elif call["op"] == "enum_response":
            level = call.get("level")
            arm = call.get("switch", level)     # the union arm on the wire decides the members
            for i, s in enumerate(call.get("sessions") or [], 1):
                members = LEVEL_MEMBERS.get(arm, ())
                want = {"record": "session", "server": server, "level": level, "session": i}
                for m in ("cname", "username", "num_opens", "time", "idle_time", "user_flags",
                          "cltype_name", "transport"):
                    if m not in members:
                        want[m] = None
                    elif m in s:
                        want[m] = s[m]
                if "cname" in s:
                    c = s["cname"]
                    want["cname_host"] = c[2:] if c is not None and c.startswith("\\\\") else c
                if "user_flags" in s:
                    want["guest"] = bool(s["user_flags"] & 1) if s["user_flags"] is not None else None
                    want["noencryption"] = bool(s["user_flags"] & 2) if s["user_flags"] is not None else None
                elif "user_flags" not in members:
                    want["guest"] = want["noencryption"] = None
                exp = session_experts(arm, s)
                want["experts"] = sorted(n for n, k in exp.items() for _ in range(k))
                out.append(want)
    return out


def compare_file(name, got, want, fmt, seen_servers):
    """got: the inventory's records of one capture; want: expected_records()."""
    if len(got) != len(want):
        fail(f"{name}: {len(got)} records, truth {len(want)} "
             f"({sum(r['record'] == 'sweep' for r in want)} sweeps)")
    last_frame = 0
    for n, (g, w) in enumerate(zip(got, want), 1):
        where = f"{name} record {n} (frame {g.get('frame')})"
        if not isinstance(g.get("frame"), int) or g["frame"] < last_frame:
            fail(f"{where}: frame out of order after {last_frame}")
        last_frame = g.get("frame") or last_frame
        for k, v in w.items():
            if k == "server" and v is None:
                # NULL ServerName: the responding address stands in
                if not re.fullmatch(r"[0-9a-fA-F:.]+", g.get("server") or ""):
                    fail(f"{where}: server {g.get('server')!r} for a NULL ServerName is no address")
                continue
            if fmt == "csv" and v is None and k in ("cname", "cname_host", "username", "cltype_name",
                                                     "transport", "server"):
                v = ""   # CSV cannot tell NULL from an empty string
            if g.get(k) != v:
                fail(f"{where}: {k} = {g.get(k)!r}, truth {v!r}")
        if not g.get("client_address"):
            fail(f"{where}: no client address")
        t = iso_ns(g.get("frame_time"))
        if t is None:
            fail(f"{where}: frame_time {g.get('frame_time')!r} is not ISO 8601 UTC with ns")
            continue
        if g["record"] == "session":
            for member, key in (("time", "start_time"), ("idle_time", "last_active")):
                if w.get(member) is not None:
                    if iso_ns(g.get(key)) != t - w[member] * 10**9:
                        fail(f"{where}: {key} {g.get(key)!r} != frame time - {member} {w[member]}")
                elif member in w and g.get(key) not in (None, ""):
                    fail(f"{where}: {key} {g.get(key)!r} without a {member}")
        seen_servers.add(g.get("server"))


def compare_inventory(recs, folder, fmt, truth_of):
    """recs: the whole inventory of folder; truth_of: {capture path: truth path}.
    Session and sweep records; the logon records are scan.logon.*'s."""
    by_file = {}
    order = []
    for r in recs:
        if r["record"] == "logon":
            continue
        if r["file"] not in by_file:
            order.append(r["file"])
        by_file.setdefault(r["file"], []).append(r)
    if order != sorted(order, key=lambda p: p.encode("utf-8", "surrogateescape")):
        fail(f"files not in sorted order: {order[:5]}...")
    if len(order) != len(set(order)):
        fail("a file's records are not together")
    servers = set()
    n = 0
    for pcap, truth_path in sorted(truth_of.items()):
        with open(truth_path, encoding="utf-8") as f:
            want = expected_records(json.load(f), pcap)
        compare_file(os.path.basename(pcap), by_file.pop(pcap, []), want, fmt, servers)
        n += len(want)
    for extra in by_file:
        if extra not in truth_of and os.path.basename(extra) != "sample.pcap":
            fail(f"records for {extra!r}, which has no truth")
    return n


# --------------------------------------------------------------------------
# The tests

def stage_committed(sc, names=None):
    """Copies of the committed captures that have a truth file (and sample.pcap,
    checked against impacket_smb2's truth: it is a copy of it)."""
    truth_of = {}
    for truth in sorted(glob.glob(os.path.join(REPO, "pcaps", "*.truth.json"))):
        name = os.path.basename(truth)[:-len(".truth.json")]
        if names and name not in names:
            continue
        if os.path.exists(os.path.join(REPO, "pcaps", name + ".keys")):
            continue   # encrypted: nothing to see without its keys (tests/protected)
        dst = os.path.join(sc.captures, name + ".pcap")
        shutil.copyfile(os.path.join(REPO, "pcaps", name + ".pcap"), dst)
        shutil.copyfile(truth, dst[:-len(".pcap")] + ".truth.json")
        truth_of[dst] = truth
    return truth_of


def stage_generated(sc, count, seed, max_sessions, sub="generated"):
    out = os.path.join(sc.captures, sub)
    gen_captures.generate(out, count, seed=seed, max_sessions=max_sessions)
    return {p: p[:-len(".pcap")] + ".truth.json" for p in glob.glob(os.path.join(out, "*.pcap"))}


def summary_line(err, what):
    m = re.search(r"srvsess-scan: (\d+) files scanned \((\d+) other files skipped\), (\d+) with srvsess traffic, "
                  r"(\d+) failed", err)
    if not m:
        fail(f"{what}: no summary on stderr: {err[-500:]!r}")
        return None
    return tuple(int(x) for x in m.groups())


# csv and ek write the records ndjson writes, through their own writers: they
# take the captures whose values stress a writer (non-ASCII, NULL and empty
# strings, backslashes, every level, sweeps, flags) and a few generated ones;
# ndjson takes every capture (the records themselves).
FORMAT_CAPTURES = {"edge_strings", "edge_strings_be", "edge_levels_le", "edge_anomalies", "impacket_smb2",
                   "samba_smb1", "edge_sweep_bounds"}


def test_truth(sc, fmt):
    truth_of = stage_committed(sc, None if fmt == "ndjson" else FORMAT_CAPTURES)
    truth_of.update(stage_generated(sc, 12 if fmt == "ndjson" else 4, seed=11, max_sessions=600))
    sc.give_away()
    args = ["-F", fmt, "--jobs", "2", sc.captures]
    if fmt == "ek":
        args[2:2] = ["--index", "srvsess-test"]
    proc = sc.run(args)
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        fail(f"srvsess-scan exited {proc.returncode}: {err}")
    recs = parse(fmt, proc.stdout, "srvsess-test")
    n = compare_inventory(recs, sc.captures, fmt, truth_of)
    s = summary_line(err, "truth")
    if s and (s[0] != len(truth_of) or s[3] != 0):
        fail(f"summary says {s[0]} files / {s[3]} failed, expected {len(truth_of)} / 0")
    sessions = sum(r["record"] == "session" for r in recs)
    if f"srvsess-scan: {sessions} sessions," not in err:
        fail(f"summary does not count {sessions} sessions: {err}")
    print(f"{fmt}: {len(recs)} records of {len(truth_of)} captures equal the truth ({n} expected), "
          f"{proc.seconds:.1f} s")
    sys.stdout.write(err)


def test_parallel(sc):
    stage_committed(sc, {"edge_anomalies", "edge_levels_le", "edge_strings_be", "edge_errors",
                         "samba_smb2", "impacket_smb1"})
    stage_generated(sc, 10, seed=22, max_sessions=300)
    sc.give_away()
    one = sc.run(["--jobs", "1", sc.captures])
    two = sc.run(["--jobs", "2", sc.captures])
    for name, p in (("--jobs 1", one), ("--jobs 2", two)):
        if p.returncode:
            fail(f"{name} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    if one.stdout != two.stdout:
        a, b = one.stdout.splitlines(), two.stdout.splitlines()
        diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        fail(f"--jobs 1 and --jobs 2 differ ({len(a)} vs {len(b)} records), first at record {diff + 1}")
    if not one.stdout.strip():
        fail("no records")
    print(f"--jobs 1 ({one.seconds:.1f} s) and --jobs 2 ({two.seconds:.1f} s): "
          f"the same {len(one.stdout.splitlines())} records, byte for byte")


# --------------------------------------------------------------------------
# Logged-on users (wkssvc NetrWkstaUserEnum): the `logon` records

PCAPS = os.path.join(REPO, "pcaps")


def expected_logons(truth):
    """The logon records the truth calls for, in capture order: one per user
    of each NetrWkstaUserEnum response, host = the request's ServerName without
    a leading \\\\ (or None: the responding address, checked apart)."""
    out = []
    server = None
    for call in truth["calls"]:
        if call["op"] == "wkst_user_enum_request":
            server = call.get("server_name")
        elif call["op"] == "wkst_user_enum_response":
            level = call.get("level")
            members = WKSTA_LEVEL_MEMBERS.get(call.get("switch", level), ())
            for i, u in enumerate(call.get("users") or [], 1):
                want = {"record": "logon", "logon": i, "level": level, "server": server,
                        "host": server[2:] if server is not None and server.startswith("\\\\") else server}
                for m in ("username", "logon_domain", "oth_domains", "logon_server"):
                    want[m] = u.get(m) if m in members else None
                exp = logon_experts(u if "username" in members else {})
                want["experts"] = sorted(n for n, k in exp.items() for _ in range(k))
                for m in ("session", "cname", "cname_host", "num_opens", "time", "idle_time", "user_flags",
                          "guest", "noencryption", "cltype_name", "transport", "start_time", "last_active"):
                    want[m] = None
                out.append(want)
    return out


def test_logon(sc, fmt):
    truth_of = {}
    # every committed capture whose truth holds a NetrWkstaUserEnum answer
    for truth in sorted(glob.glob(os.path.join(PCAPS, "*.truth.json"))):
        src = truth[:-len(".truth.json")] + ".pcap"
        if os.path.exists(src[:-len(".pcap")] + ".keys"):
            continue   # encrypted or sealed: unreadable without the keys beside it
        with open(truth, encoding="utf-8") as f:
            if not any(c["op"] == "wkst_user_enum_response" for c in json.load(f)["calls"]):
                continue
        dst = os.path.join(sc.captures, os.path.basename(src))
        shutil.copyfile(src, dst)
        truth_of[dst] = truth
    if not truth_of:
        fail("no committed capture with a NetrWkstaUserEnum truth in " + PCAPS)
        return
    sc.give_away()
    proc = sc.run(["-F", fmt, "--jobs", "2", sc.captures])
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        fail(f"srvsess-scan exited {proc.returncode}: {err}")
    recs = parse(fmt, proc.stdout)
    by_file = {}
    for r in recs:
        by_file.setdefault(r["file"], []).append(r)
    total = 0
    for pcap, truth_path in sorted(truth_of.items()):
        with open(truth_path, encoding="utf-8") as f:
            want = expected_logons(json.load(f))
        got = [r for r in by_file.get(pcap, []) if r["record"] == "logon"]
        name = os.path.basename(pcap)
        total += len(want)
        if len(got) != len(want):
            fail(f"{name}: {len(got)} logon records, truth {len(want)}")
        for n, (g, w) in enumerate(zip(got, want), 1):
            where = f"{name} logon record {n} (frame {g.get('frame')})"
            for k, v in w.items():
                if k in ("server", "host") and v is None:
                    if not re.fullmatch(r"[0-9a-fA-F:.]+", g.get(k) or ""):
                        fail(f"{where}: {k} {g.get(k)!r} for a NULL ServerName is no address")
                    continue
                if fmt == "csv" and v is None and k not in INTS and k not in ("guest", "noencryption", "experts"):
                    v = ""   # CSV cannot tell NULL from an empty string
                if g.get(k) != v:
                    fail(f"{where}: {k} = {g.get(k)!r}, truth {v!r}")
            if not g.get("client_address") or iso_ns(g.get("frame_time")) is None:
                fail(f"{where}: client address {g.get('client_address')!r}, frame_time {g.get('frame_time')!r}")
    logons = sum(r["record"] == "logon" for r in recs)
    if f" {logons} logged-on users," not in err:
        fail(f"summary does not count {logons} logged-on users: {err}")
    print(f"{fmt}: {logons} logon records of {len(truth_of)} wkssvc captures equal the truth ({total} expected), "
          f"{proc.seconds:.1f} s")
    sys.stdout.write(err)


# --------------------------------------------------------------------------
# Ring-buffer sets

RING_SPLIT = 40     # editcap -c: packets per file of the set


def split_ring(src, folder, prefix):
    """editcap -c RING_SPLIT src into folder/prefix_NNNNN_YYYYmmddHHMMSS.pcap
    (dumpcap's ring-buffer names); returns the members in order."""
    os.makedirs(folder, exist_ok=True)
    subprocess.run(["editcap", "-F", "pcap", "-c", str(RING_SPLIT), src, os.path.join(folder, prefix + ".pcap")],
                   check=True, stdout=subprocess.DEVNULL)
    members = sorted(glob.glob(os.path.join(folder, prefix + "_*.pcap")))
    if not all(re.fullmatch(re.escape(prefix) + r"_\d{5}_\d{14}\.pcap", os.path.basename(m)) for m in members):
        fail(f"editcap did not name the files as dumpcap's ring buffer does: {members[:3]}")
    return members


def set_frames(recs, members):
    """The records of a set with frames of the whole (unsplit) capture: member
    k holds its frames RING_SPLIT*k+1 ... (editcap -c), so the record's file and
    its frame in that file give it back; None when the file is no member."""
    out = []
    for r in recs:
        if r["file"] not in members:
            fail(f"record of {r['file']!r}, which is not a member of the set")
            continue
        out.append(dict(r, frame=members.index(r["file"]) * RING_SPLIT + r["frame"]))
    return out


def test_ring(sc):
    src = os.path.join(REPO, "pcaps")
    # 1. A response of 5,000 sessions (frames 7-535) cut across 13 files.
    whole = os.path.join(src, "edge_thousands.pcap")
    with open(os.path.join(src, "edge_thousands.truth.json"), encoding="utf-8") as f:
        want = expected_records(json.load(f), whole)
    members = split_ring(whole, os.path.join(sc.captures, "cut"), "thou")
    # 2. Three captures one after the other, split; files 5 (cut short) and 7
    # (no capture) damaged: both inside the first capture's frames.
    joined = os.path.join(sc.root, "joined.pcap")
    # (three different TCP conversations: one flow reused across parts would
    # carry the damage of the first into the next)
    parts = ("edge_thousands", "impacket_smb2", "samba_smb2")
    subprocess.run(["mergecap", "-a", "-F", "pcap", "-w", joined] + [os.path.join(src, p + ".pcap") for p in parts],
                   check=True)
    bad_members = split_ring(joined, os.path.join(sc.captures, "damaged"), "mix")
    with open(bad_members[5], "rb") as f:
        data = f.read()
    with open(bad_members[5], "wb") as f:
        f.write(data[:len(data) * 2 // 3])
    with open(bad_members[7], "w") as f:
        f.write("this is not a capture\n")
    sc.give_away()

    proc = sc.run(["--jobs", "2", os.path.join(sc.captures, "cut")])
    err = proc.stderr.decode(errors="replace")
    print(err)
    if proc.returncode:
        fail(f"exit {proc.returncode}: {err}")
    recs = parse_ndjson(proc.stdout)
    compare_file("set cut inside a response", set_frames(recs, members), want, "ndjson", set())
    if "ring-buffer set of %d files" % len(members) not in err:
        fail("the set is not reported as a ring-buffer set")
    alone = sc.run(["--no-sets", os.path.join(sc.captures, "cut")])
    lost = sum(1 for _ in parse_ndjson(alone.stdout))
    if lost >= len(want):
        fail(f"--no-sets: {lost} records of {len(want)}: the cut response was not cut")
    print(f"set of {len(members)} files cut inside a response: {len(recs)} records as in the truth; "
          f"each file alone (--no-sets): {lost}")

    proc = sc.run(["--jobs", "2", os.path.join(sc.captures, "damaged")])
    err = proc.stderr.decode(errors="replace")
    print(err)
    if proc.returncode:
        fail(f"damaged set: exit {proc.returncode}")
    recs = set_frames(parse_ndjson(proc.stdout), bad_members)
    first = 0
    kept = 0
    for n, part in enumerate(parts):
        pcap = os.path.join(src, part + ".pcap")
        count = int(re.search(r"Number of packets:\s+(\d+)", subprocess.run(
            ["capinfos", "-c", "-M", pcap], stdout=subprocess.PIPE, check=True).stdout.decode()).group(1))
        mine = [dict(r, frame=r["frame"] - first) for r in recs if first < r["frame"] <= first + count]
        if n:       # after the damaged files: every record, as in the part's truth
            with open(os.path.join(src, part + ".truth.json"), encoding="utf-8") as f:
                compare_file(f"damaged set, {part}", mine, expected_records(json.load(f), pcap), "ndjson", set())
            kept += len(mine)
        first += count
    for k, why in ((5, "cut short"), (7, "capture file")):
        line = next((x for x in err.splitlines() if "failed: " + repr(bad_members[k]) in x), None)
        if line is None or why not in line or "set goes on" not in line:
            fail(f"damaged member {k} not reported with {why!r}: {line}")
    print(f"damaged set: members 5 and 7 reported, the {kept} records after them as in the truth")


# --------------------------------------------------------------------------
# The prefilter

VARIANTS = os.path.join(REPO, "tests", "gen", "pcap_variants.py")


# with -a -S: seconds since 1970 ("First packet time" up to 4.0, "Earliest" from 4.2 on)
FIRST = r"(?:First|Earliest) packet time:\s+([\d.]+)"


def capinfo(pcap, flag, pattern):
    out = subprocess.run(["capinfos", flag, "-M", "-S", pcap], stdout=subprocess.PIPE, check=True).stdout.decode()
    return re.search(pattern, out).group(1)


def variant(src, dst, *args):
    subprocess.run([sys.executable, VARIANTS, src, dst] + list(args), check=True)
    return dst


def shifted(src, dst, seconds):
    subprocess.run(["editcap", "-F", "pcap", "-t", "%.6f" % seconds, src, dst], check=True,
                   stdout=subprocess.DEVNULL)
    return dst


def test_prefilter(sc):
    src = os.path.join(REPO, "pcaps")
    work = os.path.join(sc.root, "parts")
    os.mkdir(work)
    folder = os.path.join(sc.captures, "pf")
    os.mkdir(folder)
    # Parts of known truth, 1000 s apart (no sweep or collection across them),
    # in wrappings the BPF filters must see through; each on a port the
    # prefilter only keeps because of its bind (or of -d).
    parts = [("edge_levels_le", ["--port", "135:49667"]),
             ("edge_strings_be", ["--port", "135:49668", "--vlan", "7"]),
             ("edge_levels_ndr64", ["--port", "135:50000", "--ipv6", "--vlan", "9,7"]),
             ("edge_errors", ["--port", "135:49669", "--ipv6"]),
             ("samba_smb2", ["--port", "445:8445"])]
    t0 = float(capinfo(os.path.join(src, "edge_levels_le.pcap"), "-a", FIRST))
    pieces, windows = [], []
    for n, (name, args) in enumerate(parts):
        pcap = os.path.join(src, name + ".pcap")
        start = float(capinfo(pcap, "-a", FIRST))
        moved = shifted(pcap, os.path.join(work, name + ".moved.pcap"), t0 + 1000 * n - start)
        pieces.append(variant(moved, os.path.join(work, name + ".pcap"), *args))
        windows.append((name, pcap, t0 + 1000 * n))
    # Background the prefilter must drop: netview's SMB traffic moved to port
    # 8081 (nothing decodes it there), overlapping the first two parts.
    bg = os.path.join(src, "recon_netview_smb2.pcap")
    start = float(capinfo(bg, "-a", FIRST))
    pieces.append(variant(shifted(bg, os.path.join(work, "bg.moved.pcap"), t0 - 5 - start),
                          os.path.join(work, "bg.pcap"), "--port", "445:8081"))
    mixed = os.path.join(folder, "mixed.pcap")
    subprocess.run(["mergecap", "-F", "pcap", "-w", mixed] + pieces, check=True)
    frames = int(capinfo(mixed, "-c", r"Number of packets:\s+(\d+)"))
    # Flows that began before the file: the same capture without its first
    # frames (the first part's bind and the background's first connections).
    subprocess.run(["editcap", mixed, os.path.join(folder, "cut.pcap"), "1-%d" % (frames // 8)], check=True)
    # Compressed (wiretap reads it, libpcap does not): filtered through gzip -dc.
    with open(mixed, "rb") as fin, gzip.open(os.path.join(folder, "mixed_copy.pcap.gz"), "wb") as fout:
        shutil.copyfileobj(fin, fout)
    # A pcapng of two link types (Ethernet, raw IP): libpcap stops at the second.
    raw = variant(shifted(os.path.join(src, "edge_anomalies.pcap"), os.path.join(work, "an.pcap"), 3600),
                  os.path.join(work, "raw.pcap"), "--rawip")
    subprocess.run(["mergecap", "-F", "pcapng", "-w", os.path.join(folder, "twolinks.pcapng"),
                    os.path.join(src, "edge_levels_le.pcap"), raw], check=True)
    ring = os.path.join(sc.captures, "ring")
    split_ring(mixed, ring, "mix")
    sc.give_away()

    decl = ["-d", "tcp.port==8445,nbss"]
    runs = {}
    for mode in ("always", "never"):
        for what in ("pf", "ring"):
            proc = sc.run(["--prefilter", mode, "--jobs", "2"] + decl + [os.path.join(sc.captures, what)])
            err = proc.stderr.decode(errors="replace")
            if proc.returncode:
                fail(f"--prefilter {mode} {what}: exit {proc.returncode}: {err}")
            runs[mode, what] = (proc.stdout, err)
            print(f"--prefilter {mode}, {what}: {proc.seconds:.1f} s\n{err}")
    for what in ("pf", "ring"):
        a, b = runs["always", what][0], runs["never", what][0]
        if a != b:
            x, y = a.splitlines(), b.splitlines()
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            fail(f"{what}: prefiltered and unfiltered inventories differ ({len(x)} vs {len(y)} records), "
                 f"first at record {at + 1}: {x[at][:300] if at < len(x) else None!r} vs "
                 f"{y[at][:300] if at < len(y) else None!r}")
    # The truth: each part's records, found by their time window, in the mixed capture.
    recs = [r for r in parse_ndjson(runs["always", "pf"][0]) if r["file"] == mixed]
    for name, pcap, begin in windows:
        mine = [r for r in recs if r["record"] != "logon" and begin - 1 <= iso_ns(r["frame_time"]) / 1e9 < begin + 999]
        with open(os.path.join(src, name + ".truth.json"), encoding="utf-8") as f:
            compare_file(f"mixed.pcap, {name}", mine, expected_records(json.load(f), pcap), "ndjson", set())
    err = runs["always", "pf"][1]
    m = re.search(r"prefilter: (\d+) captures filtered, ([\d,]+) of ([\d,]+) frames", err)
    if not m or int(m.group(1)) != 3 or int(m.group(2).replace(",", "")) >= int(m.group(3).replace(",", "")):
        fail(f"the summary does not show mixed.pcap, mixed_copy.pcap.gz and cut.pcap filtered: {m and m.group(0)}")
    if not re.search(r"prefilter: '[^']*twolinks.pcapng' dissected whole: tcpdump: .*type 101", err):
        fail("twolinks.pcapng (two link types) is not reported as dissected whole with libpcap's reason")
    if "prefilter: 1 captures filtered" not in runs["always", "ring"][1]:
        fail("the ring-buffer set was not prefiltered as one capture")
    # Without -d the SMB on 8445 is not srvsess's, filtered or not; and small
    # captures are not prefiltered unless asked (auto).
    bare = sc.run(["--jobs", "2", folder])
    berr = bare.stderr.decode(errors="replace")
    if "prefilter:" in berr:
        fail(f"--prefilter auto filtered captures under {PREFILTER_MIN_MB} MB: {berr}")
    smb = sum(1 for r in parse_ndjson(bare.stdout) if r["file"] == mixed and r["record"] == "session") 
    with_d = sum(1 for r in recs if r["record"] == "session")
    if smb >= with_d:
        fail(f"without -d tcp.port==8445,nbss: {smb} sessions, with it {with_d}: the SMB part was not declared")
    print(f"prefilter: {len(recs)} records of mixed.pcap as in the truth and as unfiltered; cut, ring set, "
          f"two link types as unfiltered")


PREFILTER_MIN_MB = 32


ODD_NAMES = ["with space 'single' \"double\".pcap", "new\nline.pcap", "naïve ünïcödé 東京.pcap",
             "-dash-first.pcap", "semi;colon $(echo no) `x` *.pcap"]


def test_bad_input(sc):
    src = os.path.join(REPO, "pcaps")
    good = {}
    # odd names, each a copy of a capture with a truth
    for name, base in zip(ODD_NAMES, ("edge_levels_le", "samba_smb2", "edge_strings", "edge_anomalies",
                                      "impacket_smb1")):
        dst = os.path.join(sc.captures, name)
        shutil.copyfile(os.path.join(src, base + ".pcap"), dst)
        good[dst] = os.path.join(src, base + ".truth.json")
    # gzip'd, under a subfolder
    os.mkdir(os.path.join(sc.captures, "sub dir"))
    gz = os.path.join(sc.captures, "sub dir", "levels.pcap.gz")
    with open(os.path.join(src, "edge_levels_be.pcap"), "rb") as f, gzip.open(gz, "wb") as g:
        g.write(f.read())
    good[gz] = os.path.join(src, "edge_levels_be.truth.json")
    bad = {}
    p = os.path.join(sc.captures, "empty.pcap")
    open(p, "wb").close()
    bad[p] = "empty"
    p = os.path.join(sc.captures, "text.pcap")
    with open(p, "w") as f:
        f.write("this is not a capture\n")
    bad[p] = "capture file"         # tshark: "... isn't a capture file in a format TShark understands"
    p = os.path.join(sc.captures, "truncated.pcap")
    with open(os.path.join(src, "edge_levels_le.pcap"), "rb") as f:
        data = f.read()
    with open(p, "wb") as f:
        f.write(data[:len(data) * 2 // 3])
    bad[p] = "cut short"
    p = os.path.join(sc.captures, "unreadable.pcap")
    shutil.copyfile(os.path.join(src, "edge_errors.pcap"), p)
    with open(os.path.join(sc.captures, "README.txt"), "w") as f:
        f.write("not a capture, skipped\n")
    sc.give_away()
    os.chmod(p, 0)
    if sc.as_nobody or os.geteuid() != 0:
        bad[p] = "unreadable"
    else:
        os.unlink(p)

    proc = sc.run([sc.captures])
    err = proc.stderr.decode(errors="replace")
    print(err)
    if proc.returncode != 0:
        fail(f"exit status {proc.returncode} without --strict")
    recs = parse_ndjson(proc.stdout)
    good_recs = [r for r in recs if r["file"] in good]
    compare_inventory(good_recs, sc.captures, "ndjson", good)
    # the truncated copy: the records before the cut, each as in the whole capture
    with open(os.path.join(src, "edge_levels_le.truth.json"), encoding="utf-8") as f:
        whole = expected_records(json.load(f), os.path.join(src, "edge_levels_le.pcap"))
    trunc = [r for r in recs if r["file"].endswith("truncated.pcap")]
    if not trunc or len(trunc) >= len(whole):
        fail(f"truncated capture: {len(trunc)} records kept of {len(whole)}")
    compare_file("truncated.pcap", trunc, whole[:len(trunc)], "ndjson", set())
    for path, why in bad.items():
        line = next((x for x in err.splitlines() if "failed: " + repr(path) in x), None)
        if line is None:
            fail(f"{path!r} not reported as failed")
        elif why not in line:
            fail(f"{path!r} reported without the reason {why!r}: {line}")
    s = summary_line(err, "bad input")
    if s and (s[0] != len(good) + len(bad) or s[1] != 1 or s[3] != len(bad)):
        fail(f"summary {s}: expected {len(good) + len(bad)} files, 1 skipped, {len(bad)} failed")

    strict = sc.run(["--strict", sc.captures])
    if strict.returncode != 1:
        fail(f"--strict exit status {strict.returncode}, expected 1")
    if strict.stdout != proc.stdout:
        fail("--strict printed other records")
    only_bad = sc.run([p for p in bad])
    if only_bad.returncode != 3:
        fail(f"nothing readable: exit status {only_bad.returncode}, expected 3")
    missing = sc.run([os.path.join(sc.captures, "no-such-file.pcap"), next(iter(good))])
    if missing.returncode != 0 or "no-such-file.pcap" not in missing.stderr.decode(errors="replace"):
        fail(f"a missing file: exit {missing.returncode}, {missing.stderr.decode(errors='replace')}")
    print(f"{len(good)} good captures with odd names: records as in the truth; {len(bad)} bad files reported; "
          f"exit 0, --strict 1, nothing readable 3")


# --------------------------------------------------------------------------
# sshd on the loopback address

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


SKIP = 77   # ctest's SKIP_RETURN_CODE for this test (tests/scan/CMakeLists.txt)


def test_sshlogin(sc):
    if os.geteuid() != 0:
        # Not a failure: a normal user cannot make the two throwaway accounts nor start an
        # sshd that logs them in; ctest reports the test as skipped, with this reason.
        print(f"SKIPPED: scan.sshlogin makes two users (useradd) and starts an sshd that logs them in: "
              f"it needs root and runs as root (as CI does); uid {os.geteuid()} is not root")
        sys.exit(SKIP)   # main's finally still removes the scanner's folder
    for tool, package in (("/usr/sbin/sshd", "openssh-server"), ("/usr/bin/ssh", "openssh-client"),
                          ("/usr/bin/rsync", "rsync"), ("/usr/bin/parallel", "parallel")):
        if not os.path.exists(tool):
            fail(f"{tool} missing: install the Debian package {package} (sh cmake/quickstart.sh does)")
    if failures:
        return
    stage_committed(sc, {"edge_anomalies", "edge_levels_le", "edge_strings", "samba_smb2", "impacket_smb1"})
    stage_generated(sc, 14, seed=33, max_sessions=200)
    # one odd name travels too
    shutil.copyfile(os.path.join(REPO, "pcaps", "edge_errors.pcap"), os.path.join(sc.captures, "odd 'n\"ame\n.pcap"))
    ssh_dir = os.path.join(sc.root, "ssh")
    os.mkdir(ssh_dir)
    users, sshd, made = [], None, []
    suffix = "%d" % (os.getpid() % 100000)
    try:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(ssh_dir, "host_key")],
                       check=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(ssh_dir, "id")],
                       check=True)
        with open(os.path.join(ssh_dir, "id.pub")) as f:
            pub = f.read()
        # two throwaway users: one with the plugin, one without
        for role in ("with", "without"):
            name = f"srvscan{'p' if role == 'with' else 'n'}{suffix}"   # p: has the plugin, n: has not
            home = os.path.join(sc.root, "home-" + role)
            subprocess.run(["useradd", "--home-dir", home, "--create-home", "--shell", "/bin/sh",
                            "--user-group", name], check=True)
            made.append(name)
            # a usable (not locked) account without a password: sshd refuses locked ones
            subprocess.run(["usermod", "-p", "*", name], check=True)
            os.makedirs(os.path.join(home, ".ssh"))
            with open(os.path.join(home, ".ssh", "authorized_keys"), "w") as f:
                f.write(pub)
            if role == "with":
                epan = os.path.join(home, ".local", "lib", "wireshark", "plugins", sc.series, "epan")
                os.makedirs(epan)
                shutil.copy2(sc.so, epan)
            subprocess.run(["chown", "-R", f"{name}:{name}", home], check=True)
            os.chmod(home, 0o755)
            users.append((name, home))
        port, dead_port = free_port(), free_port()
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)     # sshd's privilege separation folder
        sshd_log = os.path.join(ssh_dir, "sshd.log")
        sshd = subprocess.Popen(
            ["/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null", "-p", str(port), "-o", "ListenAddress=127.0.0.1",
             "-o", "HostKey=" + os.path.join(ssh_dir, "host_key"), "-o", "PasswordAuthentication=no",
             "-o", "KbdInteractiveAuthentication=no", "-o", "UsePAM=no", "-o", "StrictModes=no",
             "-o", "AllowUsers=" + " ".join(u for u, _ in users), "-o", "PidFile=none",
             "-o", "MaxStartups=100", "-o", "MaxSessions=100"],
            stdout=subprocess.DEVNULL, stderr=open(sshd_log, "w"))
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            fail("sshd did not start: " + open(sshd_log).read())
            return
        with open(os.path.join(ssh_dir, "host_key.pub")) as f:
            hostkey = f.read().split()
        with open(os.path.join(ssh_dir, "known_hosts"), "w") as f:
            f.write(f"[127.0.0.1]:{port} {hostkey[0]} {hostkey[1]}\n")
        cfg = os.path.join(ssh_dir, "config")
        with open(cfg, "w") as f:
            for alias, (user, _), p in (("scan-with", users[0], port), ("scan-without", users[1], port),
                                        ("scan-down", users[0], dead_port)):
                f.write(f"Host {alias}\n  HostName 127.0.0.1\n  Port {p}\n  User {user}\n"
                        f"  IdentityFile {ssh_dir}/id\n  IdentitiesOnly yes\n  BatchMode yes\n"
                        f"  UserKnownHostsFile {ssh_dir}/known_hosts\n  StrictHostKeyChecking yes\n"
                        f"  ConnectTimeout 5\n")
        sc.give_away()
        # sshd re-reads its host key for every connection and ignores one others can read
        os.chmod(os.path.join(ssh_dir, "host_key"), 0o600)
        skeleton = {os.path.join(dp, f) for dp, _, fs in os.walk(users[0][1]) for f in fs}
        # the client key belongs to whoever runs ssh (uid 65534 here)
        for p in (os.path.join(ssh_dir, "id"), cfg, os.path.join(ssh_dir, "known_hosts")):
            os.chown(p, NOBODY, NOBODY)
            os.chmod(p, 0o600 if p.endswith("id") else 0o644)

        serial = sc.run(["--jobs", "1", sc.captures])
        if serial.returncode:
            fail(f"serial run exited {serial.returncode}: {serial.stderr.decode(errors='replace')}")
        ssh = f"ssh -F {cfg}"
        fan = sc.run(["--jobs", "2", "--sshlogin", ":", "--sshlogin", f"{ssh} scan-with", sc.captures])
        err = fan.stderr.decode(errors="replace")
        print(err)
        if fan.returncode:
            fail(f"--sshlogin run exited {fan.returncode}")
        if fan.stdout != serial.stdout:
            fail(f"--sshlogin ':' and sshd: {len(fan.stdout.splitlines())} records, serial "
                 f"{len(serial.stdout.splitlines())}, or not the same")
        m = re.search(r"scan-with' (\d+)", err)
        remote_files = int(m.group(1)) if m else 0
        if remote_files == 0:
            fail("no file was dissected over ssh")
        if "retried" in err:
            fail("files were retried although both machines work")
        # the machine without the plugin and the one that is down: retried here, reported
        # (through --sshloginfile this time)
        slf = os.path.join(ssh_dir, "machines")
        with open(slf, "w") as f:
            f.write(f"{ssh} scan-without\n{ssh} scan-down\n:\n")
        os.chmod(slf, 0o644)
        bad = sc.run(["--jobs", "2", "--sshloginfile", slf, sc.captures])
        err2 = bad.stderr.decode(errors="replace")
        print(err2)
        if bad.stdout != serial.stdout:
            fail("with a machine down and one without the plugin the records are not those of the serial run")
        if bad.returncode:
            fail(f"the run with broken machines exited {bad.returncode}")
        for host in ("scan-without", "scan-down"):
            if not re.search(r"retried on this machine: \d+ files that failed on '[^']*" + host, err2):
                fail(f"the files of {host} are not reported as retried here")
        print(f"--sshlogin ':' + sshd on 127.0.0.1 ({remote_files} files over ssh): the serial records; "
              f"a machine down and one without the plugin: retried here, the serial records")
        # nothing left behind by the transfers in the remote user's home
        left = [p for p in (os.path.join(dp, f) for dp, _, fs in os.walk(users[0][1]) for f in fs)
                if p not in skeleton and "/.parallel/" not in p]
        if left:
            fail(f"files left in the remote home: {left[:5]}")
        if failures:
            with open(sshd_log, errors="replace") as f:
                print("sshd's log (end):\n" + f.read()[-3000:])
    finally:
        if sshd is not None:
            sshd.send_signal(signal.SIGTERM)
            try:
                sshd.wait(10)
            except subprocess.TimeoutExpired:
                sshd.kill()
        for name in made:
            # --force: a session sshd left behind must not keep the user alive
            subprocess.run(["userdel", "--force", "--remove", name], stderr=subprocess.DEVNULL)
            try:
                pwd.getpwnam(name)
                fail(f"user {name} not removed")
            except KeyError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("command", choices=("truth", "logon", "ring", "parallel", "bad-input", "prefilter", "sshlogin"))
    ap.add_argument("format", nargs="?", choices=("ndjson", "csv", "ek"))
    a = ap.parse_args()
    global BUILD
    BUILD = a.build
    sc = Scanner(a.build)
    try:
        if a.command == "truth":
            test_truth(sc, a.format or "ndjson")
        elif a.command == "logon":
            test_logon(sc, a.format or "ndjson")
        elif a.command == "ring":
            test_ring(sc)
        elif a.command == "parallel":
            test_parallel(sc)
        elif a.command == "bad-input":
            test_bad_input(sc)
        elif a.command == "prefilter":
            test_prefilter(sc)
        else:
            test_sshlogin(sc)
    finally:
        sc.close()
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
