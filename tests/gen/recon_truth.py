#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Session tables and truth files for the reconnaissance captures
(tests/gen/record_recon.sh): several impacket SMB servers on 127.0.0.2, .3, ...
each answering NetrSessionEnum from its own table below, swept by impacket's
netview.py, or polled by one admin with rpcclient.

    recon_truth.py tables DIR          write DIR/<address>.json for every server
    recon_truth.py truth --pcap P --logs-dir D --transport smb2 --made-by ... --out T
        [--netview-out FILE] [--rpcclient-log LOG ...] [--expect-requests N]

The truth's values are what each server's handler logged it told impacket to
encode (impacket_srvsvc_server.py --calls-log, one log per server).  The
capture only decides their order: stock tshark (srvsess disabled) lists the
srvsvc NetrSessionEnum PDUs with their addresses, and each takes the next
logged call of the server it went to or came from.  Each request also gets
the optional keys "client" and "server", the addresses of who asked whom
(tests/TRUTH_FORMAT.md): the checker derives the sweep experts from them and
the frames' times.

Cross-checks, a mismatch fails: what netview.py printed ("<server>: user U
logged from host H - active: A, idle: I", its first sight of each user and
host per server) against the tables, and rpcclient's -d 10 NDR prints against
the handler's log.
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


def build_truth(pcap, logs_dir, transport, made_by):
    reqs, resps, other = read_logs(logs_dir)
    calls = []
    for frame, epoch, src, dst, ptype, opnum in stock_pdus(pcap):
        if opnum not in (12, 13):
            continue
        server, client = (dst, src) if ptype == 0 else (src, dst)
        queue = (reqs if ptype == 0 else resps).get(server)
        if not queue:
            sys.exit(f"frame {frame}: a srvsvc PDU to/from {server} that no handler logged")
        call = dict(queue.popleft())
        if ptype == 0:
            call["client"], call["server"] = client, server
        calls.append(call)
    left = {s: len(q) for s, q in list(reqs.items()) + list(resps.items()) if q}
    if left:
        sys.exit(f"logged calls missing from the capture: {left}")
    return {"capture": os.path.basename(pcap), "made_by": made_by, "transport": transport,
            "ndr": "little", "other_srvsvc_calls": other, "calls": calls}


NETVIEW_RE = re.compile(r"^(\S+): user (.*) logged from host (\S*) - active: (\d+), idle: (\d+)$")


def check_netview(truth, path):
    """netview prints each (user, host) of a server once, the first time it sees it."""
    printed = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = NETVIEW_RE.match(line.rstrip("\n"))
            if m:
                printed[m.group(1)].add((m.group(2), m.group(3), int(m.group(4)), int(m.group(5))))
    want = collections.defaultdict(set)
    server = None
    for call in truth["calls"]:
        server = call.get("server", server)   # a response follows its request (netview waits)
        if call["op"] != "enum_response" or call["status"] != 0:
            continue
        seen = {}
        for s in call["sessions"] or []:
            seen.setdefault((s["username"], s["cname"][2:]), (s["time"], s["idle_time"]))
        for (user, host), (time, idle) in seen.items():
            want[server].add((user, host, time, idle))
    if printed != want:
        sys.exit(f"netview printed {dict(printed)}\nthe tables say {dict(want)}")
    return sum(len(v) for v in printed.values())


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
    a = ap.parse_args()

    if a.cmd == "tables":
        for addr, sessions in TABLES.items():
            with open(os.path.join(a.dir, addr + ".json"), "w", encoding="utf-8") as f:
                json.dump(sessions, f, ensure_ascii=False)
        return

    truth = build_truth(a.pcap, a.logs_dir, a.transport, a.made_by)
    n_req = sum(1 for c in truth["calls"] if c["op"] == "enum_request")
    if a.expect_requests and n_req < a.expect_requests:
        sys.exit(f"only {n_req} NetrSessionEnum requests in {a.pcap}, wanted {a.expect_requests}")
    note = ""
    if a.netview_out:
        note += f", {check_netview(truth, a.netview_out)} netview prints match"
    if a.rpcclient_log:
        note += f", {check_rpcclient(truth, a.rpcclient_log)} calls match rpcclient's prints"
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{a.out}: {len(truth['calls'])} calls, {n_req} requests to "
          f"{len({c['server'] for c in truth['calls'] if 'server' in c})} servers{note}")


if __name__ == "__main__":
    main()
