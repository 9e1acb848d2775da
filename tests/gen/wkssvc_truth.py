#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Truth files for the captures of impacket servers answering wkssvc
NetrWkstaUserEnum (and srvsvc NetrSessionEnum): tests/gen/record_wkssvc_impacket.sh
and record_wkssvc_sharphound.sh.

    wkssvc_truth.py --pcap P --logs-dir D --transport smb2 --made-by ... --out T
        [--rpcclient-log LOG ...] [--client-out JSONL ...] [--expect-calls N]
    wkssvc_truth.py --tables DIR   write the SharpHound-like hosts' tables:
        DIR/users.<address>.json (--users-json) and DIR/sessions.<address>.json
        (--sessions-json of impacket_srvsvc_server.py)

The values are what each server's handler logged it told impacket to encode
(impacket_srvsvc_server.py --calls-log, one log per server address, named
calls.<address>.jsonl as tests/gen/recon_truth.py reads them).  The capture
only decides their order: stock tshark (srvsess disabled) lists the srvsvc
opnum 12/13 and wkssvc opnum 2 PDUs with their addresses, and each takes the
next logged call of that server and interface.  Each request gets "client"
and "server" (tests/TRUTH_FORMAT.md): who asked whom.

Cross-checks, a mismatch fails: rpcclient's -d 10 NDR prints
(tests/gen/rpcclient_truth.py) must equal the handler's calls key for key;
impacket's client's own view (impacket_enum_client.py --out) must list the
same user names and return value per call.
"""

import argparse
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))                      # tests/
sys.path.insert(0, HERE)
from tshark_env import Tshark  # noqa: E402
from recon_truth import read_logs  # noqa: E402
import rpcclient_truth  # noqa: E402



def _u(name, domain="CORP", server="DC01", oth=""):
    return {"username": name, "logon_domain": domain, "oth_domains": oth, "logon_server": server}


def _s(cname, username, time, idle):
    return {"cname": cname, "username": username, "num_opens": 0, "time": time,
            "idle_time": idle, "user_flags": 0, "cltype_name": "", "transport": ""}


# The SharpHound-like collection (record_wkssvc_sharphound.sh): who is logged
# on at each host (wkssvc) and who holds SMB sessions on it (srvsvc).  alice
# is logged on at two hosts and holds sessions on a third; every workstation
# lists its own machine account; "srvsess" (the account the collector
# authenticates as) shows up as a session and as a logon; one host has nobody
# logged on, one no session.
HOSTS = {
    "127.0.0.2": ([_u("alice"), _u("WS02$", "CORP", ""), _u("svc-backup", "CORP", "DC02", "CORP-DEV")],
                  [_s("\\10.0.5.21", "alice", 1800, 60), _s("\\127.0.0.1", "srvsess", 1, 0)]),
    "127.0.0.3": ([_u("bob"), _u("WS03$", "CORP", "")],
                  [_s("\\10.0.5.22", "bob", 7200, 7000)]),
    "127.0.0.4": ([_u("alice"), _u("m\u00fcller-\u00e9\u00e8", "DOM\u00c4NE", "DC-\u00d6ST"),
                   _u("WS04$", "CORP", "")], []),
    "127.0.0.5": ([], [_s("\\10.0.5.21", "alice", 300, 5), _s("\\10.0.5.23", "carol", 90, 90)]),
    "127.0.0.6": ([_u("srvsess"), _u("WS06$", "CORP", ""), _u("ANONYMOUS LOGON", "NT AUTHORITY", "", None)],
                  [_s("\\10.0.5.24", "dave", 45, 40)]),
    "127.0.0.7": ([_u("\u0410\u0434\u043c\u0438\u043d\u0438\u0441\u0442\u0440\u0430\u0442\u043e\u0440",
                      "\u5c71\u7530\u5546\u4e8b", "DC01"), _u("WS07$", "CORP", "")],
                  [_s("\\10.0.5.25", "eve", 600, 1)]),
}


def write_tables(d):
    os.makedirs(d, exist_ok=True)
    for host, (users, sessions) in HOSTS.items():
        for kind, table in (("users", users), ("sessions", sessions)):
            with open(os.path.join(d, "%s.%s.json" % (kind, host)), "w", encoding="utf-8") as f:
                json.dump(table, f, ensure_ascii=False, indent=1)


# (interface, opnum) of the calls a truth file lists, by the truth's "op" prefix
WKSSVC_OPS = ("wkst_user_enum_request", "wkst_user_enum_response")


def iface_of(call):
    return "wkssvc" if call["op"] in WKSSVC_OPS else "srvsvc"


def stock_pdus(pcap):
    """[(frame, src, dst, pkt_type, interface)] of every srvsvc 12/13 and
    wkssvc 2 request/response PDU, as stock Wireshark sees them."""
    with Tshark("", plugin=False) as t:
        out = t.run(["-Y", "(dcerpc.pkt_type == 0 || dcerpc.pkt_type == 2) && "
                     "((srvsvc && (srvsvc.opnum == 12 || srvsvc.opnum == 13)) || (wkssvc && wkssvc.opnum == 2))",
                     "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                     "-e", "frame.number", "-e", "ip.src", "-e", "ip.dst",
                     "-e", "dcerpc.pkt_type", "-e", "srvsvc.opnum", "-e", "wkssvc.opnum"],
                    pcap=pcap).stdout.decode()
    pdus = []
    for line in out.splitlines():
        frame, src, dst, ptypes, s_ops, w_ops = line.split("\t")
        if s_ops and w_ops:
            sys.exit(f"frame {frame}: srvsvc and wkssvc PDUs in one frame, cannot order them")
        iface, ops = ("srvsvc", s_ops) if s_ops else ("wkssvc", w_ops)
        for ptype, opnum in zip(ptypes.split(","), ops.split(",")):
            if iface == "srvsvc" and int(opnum) not in (12, 13):
                continue
            pdus.append((int(frame), src, dst, int(ptype), iface))
    return pdus


def build_truth(pcap, logs_dir, transport, made_by):
    reqs, resps, other = read_logs(logs_dir)
    queues = {}
    for kind, per_server in (("req", reqs), ("resp", resps)):
        for server, calls in per_server.items():
            for c in calls:
                queues.setdefault((kind, server, iface_of(c)), collections.deque()).append(c)
    calls = []
    for frame, src, dst, ptype, iface in stock_pdus(pcap):
        server, client = (dst, src) if ptype == 0 else (src, dst)
        q = queues.get(("req" if ptype == 0 else "resp", server, iface))
        if not q:
            sys.exit(f"frame {frame}: a {iface} PDU to/from {server} that no handler logged")
        call = dict(q.popleft())
        if ptype == 0:
            call["client"], call["server"] = client, server
        calls.append(call)
    left = {k: len(q) for k, q in queues.items() if q}
    if left:
        sys.exit(f"logged calls missing from the capture: {left}")
    return {"capture": os.path.basename(pcap), "made_by": made_by, "transport": transport,
            "ndr": "little", "other_srvsvc_calls": other, "calls": calls}


def check_rpcclient(truth, logs):
    """rpcclient ran last: its calls are the truth's last ones."""
    seen, other = rpcclient_truth.calls_from_logs(rpcclient_truth.read_text(p) for p in logs)
    mine = [{k: v for k, v in c.items() if k not in ("client", "server")}
            for c in truth["calls"][len(truth["calls"]) - len(seen):]]
    if not seen or seen != mine:
        for i, (a, b) in enumerate(zip(mine, seen)):
            if a != b:
                sys.exit(f"call {i}: handler logged {a}\nrpcclient printed {b}")
        sys.exit(f"rpcclient printed {len(seen)} calls, the handlers logged {len(mine)}")
    if other != truth["other_srvsvc_calls"]:
        sys.exit(f"other srvsvc PDUs: rpcclient {other}, handlers {truth['other_srvsvc_calls']}")


def check_client(truth, outs):
    """impacket's client ran first: per call, the user names it read and the
    return value it raised (impacket checks the stub's last four bytes)."""
    got = []
    for path in outs:
        with open(path, encoding="utf-8") as f:
            got += [json.loads(line) for line in f]
    want, server = [], None
    for c in truth["calls"]:
        if c["op"].endswith("_request"):
            server = c["server"]
            continue
        users = c.get("users") if c["op"] == "wkst_user_enum_response" else c.get("sessions")
        want.append((server, [u["username"] for u in users or []], c["status"]))
    have = [(g["host"], g["usernames"], g["status"]) for g in got]
    if have != want[:len(have)]:
        sys.exit(f"impacket's client read {have}\nthe handlers logged {want}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", help="only write the SharpHound-like hosts' tables into this folder")
    ap.add_argument("--pcap")
    ap.add_argument("--logs-dir")
    ap.add_argument("--transport", choices=["smb1", "smb2", "ncacn_ip_tcp"])
    ap.add_argument("--made-by")
    ap.add_argument("--out")
    ap.add_argument("--rpcclient-log", nargs="*", default=[])
    ap.add_argument("--client-out", nargs="*", default=[])
    ap.add_argument("--expect-calls", type=int, help="request+response PDUs the truth must list")
    a = ap.parse_args()
    if a.tables:
        write_tables(a.tables)
        return
    if not (a.pcap and a.logs_dir and a.transport and a.made_by and a.out):
        ap.error("--pcap, --logs-dir, --transport, --made-by and --out are required")
    truth = build_truth(a.pcap, a.logs_dir, a.transport, a.made_by)
    if a.expect_calls is not None and len(truth["calls"]) != a.expect_calls:
        sys.exit(f"{len(truth['calls'])} calls in the capture, expected {a.expect_calls}")
    if a.rpcclient_log and a.client_out:
        n_rpc = len(rpcclient_truth.calls_from_logs(rpcclient_truth.read_text(p) for p in a.rpcclient_log)[0])
        n_cli = sum(1 for p in a.client_out for _ in open(p, encoding="utf-8"))
        if n_rpc + 2 * n_cli != len(truth["calls"]):
            sys.exit(f"rpcclient printed {n_rpc} calls and impacket's client made {n_cli}: "
                     f"the capture holds {len(truth['calls'])} PDUs")
    if a.rpcclient_log:
        check_rpcclient(truth, a.rpcclient_log)
    if a.client_out:
        check_client(truth, a.client_out)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%s: %d calls%s%s" % (a.out, len(truth["calls"]),
                                " (matches rpcclient's prints)" if a.rpcclient_log else "",
                                " (matches impacket's client)" if a.client_out else ""))


if __name__ == "__main__":
    main()
