#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_captures.py - many small-to-large captures for srvsess-scan, each with its truth.

Uses the benchmark's level-2 marshalling (tests/bench/make_capture.py, checked
against Samba's marshaller by its --check) and tests/gen/dcerpc_pcap.py. Each
capture NAME.pcap gets NAME.truth.json (tests/TRUTH_FORMAT.md) written from the
very values handed to the marshaller, never from srvsess.

Sizes are mixed: most captures hold a few sessions, some hundreds, a few
thousands; some hold no srvsess traffic at all. No client asks more than two
servers, so no enumeration sweep is due (the committed edge_anomalies.pcap
covers sweeps).

Usage: gen_captures.py --out-dir DIR --count N [--seed S] [--max-sessions M]
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "bench"))
sys.path.insert(0, os.path.join(TESTS, "gen"))

import dcerpc_pcap as D  # noqa: E402
import make_capture as M  # noqa: E402

MEMBERS = ("cname", "username", "num_opens", "time", "idle_time", "user_flags", "cltype_name")


def sessions_per_call(rng, max_sessions):
    r = rng.random()
    if r < 0.10:
        return 0
    if r < 0.70:
        n = rng.randint(1, 20)
    elif r < 0.95:
        n = rng.randint(50, 400)
    else:
        n = rng.randint(1000, 3000)
    return min(n, max_sessions)


def make_one(path, index, seed, max_sessions):
    """One capture; returns (sessions, its truth)."""
    rng = random.Random(seed * 100003 + index)
    convs, calls = [], []
    n_sessions = 0
    if rng.random() < 0.05:
        # a capture with DCE-RPC but no NetrSessionEnum: scanned, no records
        conv = D.Conversation("10.201.%d.1" % (index % 250), "10.101.0.1", 49000, 135)
        conv.call(21, b"\x00" * 16, b"\x00" * 12)   # NetrServerGetInfo-sized stub, not srvsess's
        D.write_pcap(path, [conv])
        return 0, {"capture": os.path.basename(path), "made_by": "tests/scan/gen_captures.py",
                   "transport": "ncacn_ip_tcp", "ndr": "little", "calls": []}
    for c in range(rng.randint(1, 2)):
        client = "10.%d.%d.%d" % (200 + c, index // 250 % 250, index % 250 + 1)
        server = "10.100.%d.%d" % (index % 200, 10 + c)
        conv = D.Conversation(client, server, 49700 + c, 135, frag_size=M.MAIN_FRAG_SIZE)
        pages = rng.randint(1, 3)
        sizes = [sessions_per_call(rng, max_sessions) for _ in range(pages)]
        total = sum(sizes)
        everyone = M.make_sessions(total, seed * 7919 + index * 13 + c)
        resume, done = None, 0
        for k, n in enumerate(sizes):
            last = k == pages - 1
            server_unc = rng.choice(("\\\\" + server, "\\\\SRV-%d" % (index % 1000), "\\\\" + server))
            prefmaxlen = rng.choice((0xFFFFFFFF, 0x10000, 0x20000))
            chunk = everyone[done:done + n]
            done += n
            status = M.WERR_OK if last else M.ERROR_MORE_DATA
            resume_out = 0 if last else done
            conv.call(M.OP_ENUM, M.enum_request_stub(server_unc, 2, prefmaxlen, resume),
                      M.enum_response_stub(chunk, total, resume_out, status))
            calls.append({"op": "enum_request", "level": 2, "server_name": server_unc,
                          "client_qualifier": None, "user_qualifier": None, "prefmaxlen": prefmaxlen,
                          "resume_handle": resume, "client": client, "server": server})
            calls.append({"op": "enum_response", "level": 2, "status": status, "entries_read": n,
                          "total_entries": total, "resume_handle": resume_out,
                          "sessions": [dict(zip(MEMBERS, s)) for s in chunk] if n else None})
            resume = resume_out
            n_sessions += n
        convs.append(conv)
    D.write_pcap(path, convs, start_us=(1700000000 + index * 3600) * 1000000)
    return n_sessions, {"capture": os.path.basename(path), "made_by": "tests/scan/gen_captures.py",
                        "transport": "ncacn_ip_tcp", "ndr": "little", "calls": calls}


def generate(out_dir, count, seed=1, max_sessions=3000, prefix="gen"):
    """count captures in out_dir; returns the total number of sessions."""
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    for i in range(count):
        path = os.path.join(out_dir, "%s_%04d.pcap" % (prefix, i))
        n, truth = make_one(path, i, seed, max_sessions)
        with open(path[:-len(".pcap")] + ".truth.json", "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=0)
            f.write("\n")
        total += n
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-sessions", type=int, default=3000)
    a = ap.parse_args()
    n = generate(a.out_dir, a.count, a.seed, a.max_sessions)
    print("%d captures, %d sessions in %s" % (a.count, n, a.out_dir))


if __name__ == "__main__":
    main()
