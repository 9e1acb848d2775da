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
      user -> client host counts equal what the truth file holds (the
      expectation is srvsess_test.expected_stats_tree's, node by node; answers
      of NetrWkstaUserEnum count nowhere here).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from tshark_env import Tshark  # noqa: E402
from srvsess_test import fail, failures, raised  # noqa: E402
from srvsess_test import BY_SERVER_NODE, compare_stats_tree, expected_stats_tree, parse_stats_tree  # noqa: E402
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


def check_stats(build, pcap):
    """"Sessions by server" alone, node by node, as expected_stats_tree (the one
    reading of the truth, tests/srvsess_test.py) derives it."""
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    want, unknown = expected_stats_tree(truth)
    if BY_SERVER_NODE in unknown:
        fail("the truth names no server for some answer: cannot check")
        return
    want = {path: n for path, n in want.items() if path[0] == BY_SERVER_NODE}
    with Tshark(build) as t:
        got = parse_stats_tree(t.run(["-q", "-z", "srvsess,tree"], pcap=pcap).stdout)
    if (BY_SERVER_NODE,) not in got:
        fail(f"no '{BY_SERVER_NODE}' node")
        return
    compare_stats_tree(want, got, {BY_SERVER_NODE})
    servers = sorted(path[1] for path in want if len(path) == 2)
    print(f"{os.path.basename(pcap)}: {BY_SERVER_NODE} = {want[(BY_SERVER_NODE,)]}, {len(want)} nodes: "
          + "; ".join(f"{s} {want[(BY_SERVER_NODE, s)]} sessions, "
                      f"{want.get((BY_SERVER_NODE, s, 'NetrSessionEnum answers'))} answers, "
                      f"{want.get((BY_SERVER_NODE, s, 'Distinct users'))} users" for s in servers))


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
