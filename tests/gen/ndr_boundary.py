#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""ndr_boundary.py - captures that put every srvsess rule at its boundary.

Like ndr_edge.py (whose helpers it uses), every stub is marshalled by Samba's
own NDR code and the truth is read back from the objects handed to the
marshaller; a few responses are then patched at fields located by the fuzzer's
NDR walker (tests/fuzz/mutate.py), and their truth says what the patched bytes
hold. The experts a session or call must raise are not written here: the
checker derives them from these values (tests/srvsess_test.py), under the
preferences each ctest passes (-o through --idle-threshold, --sweep-servers,
--sweep-window).

- edge_bounds_le / _be / _ndr64 (NDR20 little-, big-endian, NDR64): idle time at
  3599 / 3600 / 3601 (ctests run the idle threshold at each of those values),
  idle time one below, equal to and one above the active time, durations at the
  minute, hour and day edges, user_flags 0..5 and high bits, the four LAN Manager
  client types next to near misses, cnames with backslashes at every place that
  matters, user names with spaces and control characters (the label's escaping),
  at levels 1, 2, 10 and 502; TotalEntries one below, equal to and one above
  EntriesRead; EntriesRead one above and one below the array's conformance count
  at every level; a union discriminant that differs from the Level (arm 1 under
  Level 2, arm 2 under Level 1, no arm under Level 2, arm 502 under the unknown
  Level 7, and a request whose discriminant differs); a lone low surrogate first and
  a lone high surrogate last in a user name.
- edge_sweep_bounds (little endian): request times pinned to whole seconds. Clients
  asking 4, 5 and 6 distinct servers within seconds (sweep_servers at 4, 5, 6), and
  clients asking a second server 59, 60 and 61 s after the first (sweep_window at
  59, 60, 61 with sweep_servers 2), a refresh of a server asked before, and the
  end of the one-alert-per-window quiet time.

Run as /usr/bin/python3 (python3-samba); writes into pcaps/ or the directory
given as first argument; deterministic.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fuzz"))

import dcerpc_pcap as D  # noqa: E402
import ndr_edge as E  # noqa: E402
from ndr_edge import Capture, enum_obj, sess, srvsvc, with_addresses  # noqa: E402
from mutate import walk_enum_request, walk_enum_response  # noqa: E402

T0_US = 1700000000 * 1000000     # dcerpc_pcap's default start, whole seconds from here

LEGACY = ["DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0"]
NEAR_LEGACY = ["DOS LM 1.", "DOS LM 1.00", "dos lm 1.0", "OS/2 LM 3.0", "OS/2 LM 2.0 ", "DOS LM 2.1", ""]
CNAMES = ["\\\\host", "\\\\", "\\\\\\h", "\\h", "h\\", "\\\\h\\", "host", "\\", "\\\\10.0.0.1", None]
# (no newline: the statistics tree prints names raw, one node per line)
USERS = ["alice", "", None, "a b", "tab\there", "\x01ctl", "del\x7f", "\x1f", "\u00e9t\u00e9"]
# (time, idle_time): idle at the 3600 threshold's edges, idle around time, durations at unit edges
TIMES = [(7200, 3599), (7200, 3600), (7200, 3601), (100, 99), (100, 100), (100, 101),
         (59, 0), (60, 59), (3599, 60), (3600, 3599), (86399, 61), (86400, 86399), (86401, 86400),
         (90061, 1), (0xFFFFFFFF, 0xFFFFFFFE), (0, 0)]
FLAGS = [0, 1, 2, 3, 4, 5, 0x80000000, 0xFFFFFFFF]
OPENS = [0, 1, 2, 0xFFFFFFFF]


def bound_sessions(level, n=None):
    """Sessions of `level` walking every boundary list in step."""
    rows = []
    clients = LEGACY + NEAR_LEGACY
    n = n or max(len(TIMES), len(clients), len(CNAMES), len(USERS))
    for i in range(n):
        t, idle = TIMES[i % len(TIMES)]
        v = {"cname": CNAMES[i % len(CNAMES)], "username": USERS[i % len(USERS)],
             "num_opens": OPENS[i % len(OPENS)], "time": t, "idle_time": idle,
             "user_flags": FLAGS[i % len(FLAGS)], "cltype_name": clients[i % len(clients)],
             "transport": ["\\Device\\NetbiosSmb", "tcp", None][i % 3]}
        rows.append(sess(level, **{k: v[k] for k, _ in E.LEVEL_FIELDS[level]}))
    return rows


def put(buf, off, size, value, ndr):
    buf[off:off + size] = value.to_bytes(size, "big" if ndr == "big" else "little")


def field(fields, kind):
    return next(f for f in fields if f.kind == kind)


def patched_enum(cap, c, e, patch_response=None, patch_request=None):
    """One NetSessEnum whose Samba-marshalled stubs are patched; the patch
    functions change the bytes and the truth alike."""
    req, resp, ti, to = cap._pack(e, srvsvc.NetSessEnum, E.truth_enum_request, E.truth_enum_response)
    req, resp = bytearray(req), bytearray(resp)
    if patch_request:
        patch_request(req, walk_enum_request(bytes(req), cap.ndr), ti)
    if patch_response:
        patch_response(resp, walk_enum_response(bytes(resp), cap.ndr), to)
    c.call(E.OP_ENUM, bytes(req), bytes(resp))
    cap.calls += [with_addresses(ti, c), to]


def cap_bounds(ndr, name):
    cap = Capture(name, ndr)
    c = cap.conv()
    # per-session rules and labels at every level that carries the members
    for level in (2, 502, 1, 10):
        cap.enum(c, enum_obj(level, server="\\\\127.0.0.2", sessions=bound_sessions(level)))
    # TotalEntries one below, equal to, one above EntriesRead
    for total in (1, 2, 3):
        cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", sessions=bound_sessions(1, 2), total=total))

    # EntriesRead one above / one below the conformance count, at every level
    def entries(delta):
        def patch(buf, fields, to):
            f = field(fields, "entries_read")
            to["entries_read"] += delta
            put(buf, f.off, 4, to["entries_read"], ndr)
        return patch
    for level in E.LEVELS:
        for delta in (1, -1):
            patched_enum(cap, c, enum_obj(level, server="\\\\127.0.0.2", sessions=bound_sessions(level, 3),
                                          total=9), patch_response=entries(delta))

    # lone surrogates: a low one first in a user name, a high one last before the NUL
    def surrogates(buf, fields, to):
        for i, unit, at in ((0, 0xDC00, 0), (1, 0xD800, -1)):
            f = next(f for f in fields if f.kind == "str_data" and f.info == (i, "username"))
            name = to["sessions"][i]["username"]
            pos = at % len(name)
            put(buf, f.off + 2 * pos, 2, unit, ndr)
            to["sessions"][i]["username"] = name[:pos] + "\ufffd" + name[pos + 1:]
            to["sessions"][i]["experts"] = {"srvsess.bad_string": 1}
    patched_enum(cap, c, enum_obj(2, server="\\\\127.0.0.2", sessions=[
        sess(2, cname="\\\\s1", username="low", num_opens=1, time=2, idle_time=1, user_flags=0,
             cltype_name="Unix"),
        sess(2, cname="\\\\s2", username="high", num_opens=1, time=2, idle_time=1, user_flags=0,
             cltype_name="Unix")]), patch_response=surrogates)

    # union discriminant != Level: marshal the arm wanted, then rewrite the Level
    def level_to(value):
        def patch(buf, fields, t):
            put(buf, field(fields, "level").off, 4, value, ndr)
            t["level"] = value
        return patch

    def answered_at(asked, arm, level, n=2):
        e = enum_obj(arm, server="\\\\127.0.0.2",
                     sessions=bound_sessions(arm, n) if arm in E.CTR_CLASS else None)
        e.in_info_ctr = E.info_ctr(asked, None)
        patched_enum(cap, c, e, patch_response=level_to(level))
    answered_at(2, 1, 2)         # Level 2 (as asked), arm 1 on the wire
    answered_at(2, 2, 1)         # Level 1, arm 2
    answered_at(2, 3, 2)         # Level 2, discriminant 3: no arm
    answered_at(502, 502, 7)     # unknown Level 7, arm 502
    # a request whose discriminant (2) differs from its Level (10); answered at 10
    e = enum_obj(2, server="\\\\127.0.0.2")
    e.out_info_ctr = E.info_ctr(10, bound_sessions(10, 2))
    e.out_totalentries = 2
    patched_enum(cap, c, e, patch_request=level_to(10))
    return cap


def cap_sweep_bounds():
    cap = Capture("edge_sweep_bounds", "little")
    events = []   # (second, client, server)
    # distinct-server thresholds: 4, 5 and 6 servers within seconds (and a repeat)
    second = 1
    for client, n in (("127.0.0.20", 4), ("127.0.0.21", 5), ("127.0.0.22", 6)):
        for k in range(n):
            events.append((second, client, "127.0.1.%d" % (k + 1)))
            second += 1
        if n == 6:
            events.append((second, client, "127.0.1.1"))   # asked again: refreshed, not new
            second += 1
    # window edges: a second server 59, 60, 61 s after the first
    for client, gap, start in (("127.0.0.30", 59, 100), ("127.0.0.31", 60, 200), ("127.0.0.32", 61, 300)):
        events += [(start, client, "127.0.1.1"), (start + gap, client, "127.0.1.2")]
    # a server asked again inside the window keeps counting from its latest request
    events += [(400, "127.0.0.33", "127.0.1.1"), (410, "127.0.0.33", "127.0.1.2"),
               (450, "127.0.0.33", "127.0.1.1"), (465, "127.0.0.33", "127.0.1.3")]
    # one alert per window: at 501 (2 servers), quiet at 561 (60 s later), again at 562
    events += [(500, "127.0.0.34", "127.0.1.1"), (501, "127.0.0.34", "127.0.1.2"),
               (561, "127.0.0.34", "127.0.1.3"), (562, "127.0.0.34", "127.0.1.4")]
    port = 49500
    for n, (at, client, server) in enumerate(sorted(events)):
        conv = D.Conversation(client, server, port + n, 135, **E.CONV_KW["little"])
        cap.convs.append(conv)
        e = enum_obj(10, server="\\\\" + server,
                     sessions=[sess(10, cname="\\\\" + client, username="u%d" % n, time=at, idle_time=0)])
        req, resp, ti, to = cap._pack(e, srvsvc.NetSessEnum, E.truth_enum_request, E.truth_enum_response)
        conv.call(E.OP_ENUM, req, resp, at_us=T0_US + at * 1000000)
        cap.calls += [with_addresses(ti, conv), to]
    return cap


def all_captures():
    return [lambda: cap_bounds("little", "edge_bounds_le"),
            lambda: cap_bounds("big", "edge_bounds_be"),
            lambda: cap_bounds("ndr64", "edge_bounds_ndr64"),
            cap_sweep_bounds]


def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.join(E.REPO, "pcaps")
    os.makedirs(outdir, exist_ok=True)
    for make in all_captures():
        cap = make()
        path = cap.write(outdir)
        print("%-28s %8d bytes, %d calls" % (os.path.basename(path), os.path.getsize(path), len(cap.calls)))


if __name__ == "__main__":
    main(sys.argv)
