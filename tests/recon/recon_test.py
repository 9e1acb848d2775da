#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""ctest checks for the reconnaissance captures (recon.*). Exit 0 = pass.

  sweep PCAP --servers N --window W [--fires K]
      srvsess.enum_sweep sits, exactly once each, on the NetrSessionEnum and
      NetrWkstaUserEnum requests that tests/recon/sweep_rule.py picks from the capture's request
      times, sources and destinations (read by stock Wireshark, srvsess not
      loaded) for -o srvsess.sweep_servers:N -o srvsess.sweep_window:W; the
      same frames in one pass and in two (-2).  --fires K (or K+, at least K):
      the rule itself must pick that many requests on this capture, so a setting
      cannot pass vacuously (K+ where a re-recording may shift the timing).
      --drop-every N: first delete every Nth request frame with editcap (lost
      frames: the decision must still follow the rule on what is left, in one
      pass and in two).
  stats PCAP
      tshark -q -z srvsess,tree, "Sessions by server": per server (the
      request's ServerName without its leading \\\\, else the responding
      address) its sessions, NetrSessionEnum answers, distinct users, and
      user -> client host counts equal what the truth file holds.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tshark_env import Tshark  # noqa: E402
from srvsess_test import fail, failures, raised  # noqa: E402
from session_levels import LEVEL_MEMBERS  # noqa: E402
from sweep_rule import expected_sweeps  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "gen"))
from recon_truth import stock_pdus  # noqa: E402


def stock_requests(build, pcap):
    """(frame, epoch, client, server) of every NetrSessionEnum and NetrWkstaUserEnum
    request PDU (the sweep counts both), in capture order, from stock Wireshark's
    srvsvc and wkssvc dissectors (no srvsess): the recorder's own reading."""
    del build   # stock tshark needs no build tree
    return sorted([(frame, epoch, src, dst) for frame, epoch, src, dst, ptype, opnum in stock_pdus(pcap)
                   if ptype == 0 and opnum == 12] +
                  [(frame, epoch, src, dst) for frame, epoch, src, dst, ptype, opnum in stock_pdus(pcap, "wkssvc")
                   if ptype == 0 and opnum == 2])


def sweep_alerts(tshark, pcap, prefs, two_pass=False):
    """{frame: number of srvsess.enum_sweep experts} as srvsess raises them."""
    args = prefs + (["-2"] if two_pass else []) + ["-T", "pdml", "-Y", "srvsess.enum_sweep"]
    root = ET.fromstring(tshark.run(args, pcap=pcap, seekable=two_pass).stdout)
    got = {}
    for packet in root.iter("packet"):
        frame = int(packet.find("proto[@name='geninfo']/field[@name='num']").get("show"))
        got[frame] = raised(packet).get("srvsess.enum_sweep", 0)
    return got


def drop_requests(build, pcap, every, tmp):
    """A copy of pcap without every `every`th NetrSessionEnum request frame."""
    frames = sorted({f for f, _, _, _ in stock_requests(build, pcap)})
    drop = [str(f) for i, f in enumerate(frames) if i % every == every - 1]
    out = os.path.join(tmp, "dropped-" + os.path.basename(pcap))
    subprocess.run(["editcap", pcap, out] + drop, check=True, stdout=subprocess.DEVNULL)
    print(f"dropped request frames {', '.join(drop)} with editcap")
    return out


def check_sweep(build, pcap, servers, window, fires, drop_every=None):
    tmp = tempfile.mkdtemp(prefix="srvsess-recon-")
    try:
        if drop_every:
            pcap = drop_requests(build, pcap, drop_every, tmp)
        sweep_on(build, pcap, servers, window, fires)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sweep_on(build, pcap, servers, window, fires):
    requests = stock_requests(build, pcap)
    if not requests:
        fail("no NetrSessionEnum request in " + pcap)
    want = expected_sweeps(requests, servers, window)
    if fires is not None:
        least = fires.endswith("+")
        k = int(fires.rstrip("+"))
        if len(want) < k if least else len(want) != k:
            fail(f"the rule picks {len(want)} requests on this capture, the test expects {fires}: "
                 f"{sorted(want)}")
    prefs = ["-o", f"srvsess.sweep_servers:{servers}", "-o", f"srvsess.sweep_window:{window}"]
    with Tshark(build) as t:
        one = sweep_alerts(t, pcap, prefs)
        two = sweep_alerts(t, pcap, prefs, two_pass=True)
    for frame in sorted(set(one) | set(want)):
        if one.get(frame, 0) != (1 if frame in want else 0):
            fail(f"frame {frame}: srvsess.enum_sweep raised {one.get(frame, 0)} times, "
                 f"expected {1 if frame in want else 0}")
    if one != two:
        fail(f"one pass {one}, two passes {two}")
    clients = collections.Counter(c for f, _, c, _ in requests if f in want)
    print(f"{os.path.basename(pcap)}: {len(requests)} requests from {len({r[2] for r in requests})} "
          f"client(s) to {len({r[3] for r in requests})} server(s); sweep_servers={servers} "
          f"sweep_window={window}: the rule picks frames {sorted(want)} {dict(clients)}, srvsess "
          f"alerts on {sorted(f for f, n in one.items() if n)} (two passes: {sorted(f for f, n in two.items() if n)})")


def parse_tree(text):
    """Stats-tree text -> nested {name: (count, {children})}, by indentation
    (one space a level on every Wireshark so far; tolerant of column changes)."""
    root = {}
    stack = [(-1, root)]
    for line in text.splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)(\s|$)", line)
        if not m or set(line.strip()) <= set("=-"):
            continue
        depth = len(m.group(1))
        while stack[-1][0] >= depth:
            stack.pop()
        node = {}
        stack[-1][1].setdefault(m.group(2), (int(m.group(3)), node))
        stack.append((depth, stack[-1][1][m.group(2)][1]))
    return root


def expected_by_server(truth):
    """Per server: sessions, answers, users (set), {user: (count, {host: count})}.
    A response belongs to the request before it (the truth lists calls in
    capture order; the tools recorded wait for each answer). The server is that
    request's ServerName without its leading \\\\, else its "server" address."""
    servers = {}
    request = None
    for call in truth["calls"]:
        if call["op"] == "enum_request":
            request = call
            continue
        if call["op"] != "enum_response" or request is None:
            continue
        name = request.get("server_name")
        if name and name.startswith("\\\\"):
            name = name[2:]
        server = name or request.get("server")
        if server is None:
            return None          # neither a name nor an address in this truth
        s = servers.setdefault(server, {"sessions": 0, "answers": 0, "users": set(), "by_user": {}})
        s["answers"] += 1
        members = LEVEL_MEMBERS.get(call["level"], ())
        for sess in call.get("sessions") or []:
            user = sess.get("username") if "username" in members else None
            label = "(no user)" if user is None else (user or "(empty)")
            host = sess.get("cname")
            host = "(no client)" if host is None else (host[2:] if host.startswith("\\\\") else host) or "(empty)"
            s["sessions"] += 1
            if user is not None:
                s["users"].add(user)
            count, hosts = s["by_user"].get(label, (0, collections.Counter()))
            hosts[host] += 1
            s["by_user"][label] = (count + 1, hosts)
    return servers


def check_stats(build, pcap):
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    want = expected_by_server(truth)
    if want is None:
        fail("the truth names no server: cannot check")
        return
    with Tshark(build) as t:
        tree = parse_tree(t.run(["-q", "-z", "srvsess,tree"], pcap=pcap).stdout.decode())
    top = tree.get("Sessions by server")
    if top is None:
        fail("no 'Sessions by server' node")
        return
    total, servers = top
    if total != sum(s["sessions"] for s in want.values()):
        fail(f"Sessions by server = {total}, truth {sum(s['sessions'] for s in want.values())}")
    if set(servers) != set(want):
        fail(f"servers {sorted(servers)}, truth {sorted(want)}")
    for server, w in want.items():
        count, kids = servers.get(server, (None, {}))
        where = f"server {server}"
        if count != w["sessions"]:
            fail(f"{where}: {count} sessions, truth {w['sessions']}")
        for node, value in (("NetrSessionEnum answers", w["answers"]), ("Distinct users", len(w["users"]))):
            if kids.get(node, (None,))[0] != value:
                fail(f"{where}: {node} = {kids.get(node, (None,))[0]}, truth {value}")
        by_user = kids.get("By user", (0, {}))[1]
        if set(by_user) != set(w["by_user"]):
            fail(f"{where}: users {sorted(by_user)}, truth {sorted(w['by_user'])}")
        for user, (n, hosts) in w["by_user"].items():
            got_n, got_hosts = by_user.get(user, (None, {}))
            if got_n != n:
                fail(f"{where} user {user!r}: {got_n} sessions, truth {n}")
            got_hosts = {h: c for h, (c, _) in got_hosts.items()}
            if got_hosts != dict(hosts):
                fail(f"{where} user {user!r}: hosts {got_hosts}, truth {dict(hosts)}")
    print(f"{os.path.basename(pcap)}: Sessions by server = {total}: "
          + "; ".join(f"{s} {w['sessions']} sessions, {w['answers']} answers, {len(w['users'])} users"
                      for s, w in sorted(want.items())))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("command", choices=["sweep", "stats"])
    ap.add_argument("pcap")
    ap.add_argument("--servers", type=int, default=5)
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--fires", help="K or K+")
    ap.add_argument("--drop-every", type=int, help="delete every Nth request frame first")
    a = ap.parse_args()
    if a.command == "sweep":
        check_sweep(a.build, a.pcap, a.servers, a.window, a.fires, a.drop_every)
    else:
        check_stats(a.build, a.pcap)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
