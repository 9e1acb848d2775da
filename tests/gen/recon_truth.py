#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Session and logged-on user tables and truth files for the reconnaissance
captures (tests/gen/record_recon.sh): several impacket SMB servers on
127.0.0.2, .3, ... each answering srvsvc NetrSessionEnum and wkssvc
NetrWkstaUserEnum from its own tables below, swept by impacket's netview.py
(which asks both), or polled by one admin with rpcclient.

    recon_truth.py tables DIR          write DIR/sessions.<address>.json
                                       (--sessions-json) and DIR/users.<address>.json
                                       (--users-json) for every server
    recon_truth.py truth --pcap P --logs-dir D --transport smb2 --made-by ... --out T
        [--netview-out FILE] [--rpcclient-log LOG ...] [--expect-requests N]
        [--expect-user-enums N]

The truth's values are what each server's handler logged it told impacket to
encode (impacket_srvsvc_server.py --calls-log, one log per server).  The
capture only decides their order, by tests/gen/wkssvc_truth.py's build_truth
(the one definition: stock tshark lists the srvsvc 12/13 and wkssvc 2 PDUs
with their addresses, each takes the next logged call of that server and
interface, each request gets "client" and "server", tests/TRUTH_FORMAT.md:
the checker derives the sweep and collection experts from them and the
frames' times).

Cross-checks, a mismatch fails: what netview.py printed ("<server>: user U
logged from host H - active: A, idle: I", its first sight of each user and
host per server, and "<server>: user D\\U logged in LOCALLY", its first sight
of each logon domain and user per server) against the handlers' answers, and
rpcclient's -d 10 NDR prints against the handler's log.
"""

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))                      # tests/
from tshark_env import Tshark  # noqa: E402


def _s(cname, username, time, idle, opens=0, flags=0, cltype="Windows 10 Enterprise 19045"):
    return {"cname": cname, "username": username, "num_opens": opens, "time": time,
            "idle_time": idle, "user_flags": flags, "cltype_name": cltype,
            "transport": "\\Device\\NetbiosSmb"}


# What each server reports (all members of level 502; a level takes its
# subset).  Users sit on several servers, one user comes from two hosts, one
# user and host pair holds two sessions, one user name is empty, and one server
# has nobody (an empty answer: NULL array).  cnames carry the leading \\ that
# Windows puts there (netview.py strips two characters to print the host).
TABLES = {
    "127.0.0.2": [_s("\\\\10.0.5.21", "alice", 3600, 60, 3),
                  _s("\\\\10.0.5.22", "alice", 1800, 1700, 1),
                  _s("\\\\10.0.5.21", "bob", 86400, 86000),
                  _s("\\\\WS-OPS7", "CORP\\svc-backup", 172800, 12, 48, 2)],
    "127.0.0.3": [_s("\\\\10.0.5.21", "alice", 3000, 30, 1),
                  _s("\\\\10.0.5.23", "carol", 7200, 7199, 2),
                  _s("\\\\10.0.5.23", "carol", 60, 59),
                  _s("\\\\10.0.5.30", "", 30, 30)],
    "127.0.0.4": [_s("\\\\10.0.5.24", "dave", 42, 42, 0, 0x10)],
    "127.0.0.5": [],
    "127.0.0.6": [_s("\\\\10.0.5.25", "bob", 500, 1, 0, 0, "Samba 4.17.12-Debian"),
                  _s("\\\\10.0.5.26", "Guest", 120, 5, 1, 1),
                  _s("\\\\10.0.5.27", "eve", 900, 100),
                  _s("\\\\10.0.5.21", "alice", 2500, 25, 2),
                  _s("\\\\10.0.5.28", "frank", 10, 500, 5)],
    "127.0.0.7": [_s("\\\\10.0.5.29", "administrator", 65536, 65535, 7),
                  _s("\\\\10.0.5.22", "alice", 1200, 1100)],
}


def _u(username, domain="CORP", server="DC01", oth=""):
    return {"username": username, "logon_domain": domain, "oth_domains": oth, "logon_server": server}


# Who is logged on at each server (wkssvc NetrWkstaUserEnum; netview asks
# level 1).  Each workstation lists its own machine account; alice is logged
# on at two hosts; "srvsess" (the account netview authenticates as) sees
# itself; a local logon (domain = the host), a non-ASCII user and domain, an
# other-domains list, an empty user name, NULL logon server / other domains;
# one server has nobody (an empty answer: NULL array).  User names and
# domains hold no backslash and no NULL (netview prints DOMAIN\USER and
# strips each string's last unit, its NUL).
USERS = {
    "127.0.0.2": [_u("alice"), _u("WS-ALPHA$", server=""),
                  _u("svc-backup", server="DC02", oth="CORP-DEV")],
    "127.0.0.3": [_u("carol"), _u("srvsess", "SRVSESS"), _u("WS-BETA$", server=None, oth=None)],
    "127.0.0.4": [_u("dave", server="DC02"), _u("m\u00fcller-\u00e9\u00e8", "DOM\u00c4NE", "DC-\u00d6ST")],
    "127.0.0.5": [],
    "127.0.0.6": [_u("bob"), _u("Guest", "WS-DELTA", "WS-DELTA"), _u("WS-DELTA$", server="")],
    "127.0.0.7": [_u("administrator", oth="CORP-DEV CORP-OLD"), _u("alice"), _u("", server=None)],
}


def stock_pdus(pcap, interface="srvsvc"):
    """(frame, epoch, src, dst, pkt_type, opnum) of every request and response
    PDU of `interface` (srvsvc, or wkssvc), as stock Wireshark's dissector of
    that interface sees them."""
    with Tshark("", plugin=False) as t:
        out = t.run(["-Y", f"{interface} && (dcerpc.pkt_type == 0 || dcerpc.pkt_type == 2)", "-T", "fields",
                     "-E", "occurrence=a", "-E", "aggregator=,",
                     "-e", "frame.number", "-e", "frame.time_epoch", "-e", "ip.src", "-e", "ip.dst",
                     "-e", "dcerpc.pkt_type", "-e", f"{interface}.opnum"], pcap=pcap).stdout.decode()
    pdus = []
    for line in out.splitlines():
        frame, epoch, src, dst, ptypes, opnums = line.split("\t")
        for ptype, opnum in zip(ptypes.split(","), opnums.split(",")):
            pdus.append((int(frame), float(epoch), src, dst, int(ptype), int(opnum)))
    return pdus


def read_logs(logs_dir):
    """Per server address: queues of logged requests and responses, and the
    number of other srvsvc PDUs (request + response each)."""
    reqs, resps, other = {}, {}, 0
    for name in sorted(os.listdir(logs_dir)):
        m = re.match(r"calls\.(127\.[0-9.]+)\.jsonl$", name)
        if not m:
            continue
        reqs[m.group(1)], resps[m.group(1)] = collections.deque(), collections.deque()
        with open(os.path.join(logs_dir, name), encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                if "other_opnum" in e:
                    other += 2
                    continue
                reqs[m.group(1)].append(e["request"])
                resps[m.group(1)].append(e["response"])
    return reqs, resps, other


NETVIEW_RE = re.compile(r"^(\S+): user (.*) logged from host (\S*) - active: (\d+), idle: (\d+)$")
NETVIEW_LOCAL_RE = re.compile(r"^(\S+): user ([^\\]*)\\(.*) logged (in|off) LOCALLY$")


def check_netview(truth, path):
    """netview prints each (user, host) session of a server once, the first
    time it sees it, and each (logon domain, user) logged on at a server once
    (the tables never change, so nothing logs off)."""
    printed = collections.defaultdict(set)
    local = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = NETVIEW_RE.match(line.rstrip("\n"))
            if m:
                printed[m.group(1)].add((m.group(2), m.group(3), int(m.group(4)), int(m.group(5))))
            m = NETVIEW_LOCAL_RE.match(line.rstrip("\n"))
            if m:
                if m.group(4) != "in":
                    sys.exit(f"netview saw a logoff: {line.strip()}")
                local[m.group(1)].add((m.group(2), m.group(3)))
    want = collections.defaultdict(set)
    want_local = collections.defaultdict(set)
    server = None
    for call in truth["calls"]:
        server = call.get("server", server)   # a response follows its request (netview waits)
        if call["op"] == "wkst_user_enum_response" and call["status"] == 0:
            for u in call["users"] or []:
                want_local[server].add((u["logon_domain"], u["username"]))
        if call["op"] != "enum_response" or call["status"] != 0:
            continue
        seen = {}
        for s in call["sessions"] or []:
            seen.setdefault((s["username"], s["cname"][2:]), (s["time"], s["idle_time"]))
        for (user, host), (time, idle) in seen.items():
            want[server].add((user, host, time, idle))
    if printed != want:
        sys.exit(f"netview printed {dict(printed)}\nthe tables say {dict(want)}")
    if local != want_local:
        sys.exit(f"netview printed logged-on users {dict(local)}\nthe handlers answered {dict(want_local)}")
    return sum(len(v) for v in printed.values()) + sum(len(v) for v in local.values())


def check_rpcclient(truth, logs):
    """rpcclient's -d 10 NDR prints (Samba's view of the wire) against the
    handler's log: every key both give must agree."""
    from rpcclient_truth import calls_from_logs, read_text
    seen, other = calls_from_logs(read_text(p) for p in logs)
    problems = []
    if len(seen) != len(truth["calls"]):
        problems.append(f"rpcclient printed {len(seen)} calls, the handlers logged {len(truth['calls'])}")
    for i, (t, r) in enumerate(zip(truth["calls"], seen)):
        diff = sorted(k for k in set(t) & set(r) if t[k] != r[k])
        if diff:
            problems.append(f"call {i} ({t['op']}): differs in {diff}")
    if other != truth["other_srvsvc_calls"]:
        problems.append(f"other srvsvc PDUs: rpcclient {other}, handlers {truth['other_srvsvc_calls']}")
    if problems:
        sys.exit("handler truth and rpcclient disagree:\n  " + "\n  ".join(problems))
    return len(seen)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    tb = sub.add_parser("tables")
    tb.add_argument("dir")
    tr = sub.add_parser("truth")
    tr.add_argument("--pcap", required=True)
    tr.add_argument("--logs-dir", required=True)
    tr.add_argument("--transport", required=True, choices=["smb1", "smb2"])
    tr.add_argument("--made-by", required=True)
    tr.add_argument("--out", required=True)
    tr.add_argument("--netview-out")
    tr.add_argument("--rpcclient-log", nargs="*", default=[])
    tr.add_argument("--expect-requests", type=int, help="at least this many NetrSessionEnum requests")
    tr.add_argument("--expect-user-enums", type=int, help="at least this many NetrWkstaUserEnum requests")
    a = ap.parse_args()

    if a.cmd == "tables":
        for kind, tables in (("sessions", TABLES), ("users", USERS)):
            for addr, table in tables.items():
                with open(os.path.join(a.dir, f"{kind}.{addr}.json"), "w", encoding="utf-8") as f:
                    json.dump(table, f, ensure_ascii=False)
        return

    # imported here: wkssvc_truth imports read_logs from this module
    from wkssvc_truth import build_truth
    truth = build_truth(a.pcap, a.logs_dir, a.transport, a.made_by)
    n_req = sum(1 for c in truth["calls"] if c["op"] == "enum_request")
    if a.expect_requests and n_req < a.expect_requests:
        sys.exit(f"only {n_req} NetrSessionEnum requests in {a.pcap}, wanted {a.expect_requests}")
    n_wkst = sum(1 for c in truth["calls"] if c["op"] == "wkst_user_enum_request")
    if a.expect_user_enums and n_wkst < a.expect_user_enums:
        sys.exit(f"only {n_wkst} NetrWkstaUserEnum requests in {a.pcap}, wanted {a.expect_user_enums}")
    note = ""
    if a.netview_out:
        note += f", {check_netview(truth, a.netview_out)} netview prints match"
    if a.rpcclient_log:
        note += f", {check_rpcclient(truth, a.rpcclient_log)} calls match rpcclient's prints"
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{a.out}: {len(truth['calls'])} calls, {n_req} NetrSessionEnum and {n_wkst} NetrWkstaUserEnum requests to "
          f"{len({c['server'] for c in truth['calls'] if 'server' in c})} servers{note}")


if __name__ == "__main__":
    main()
