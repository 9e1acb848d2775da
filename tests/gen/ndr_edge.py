#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""ndr_edge.py - synthetic srvsvc NetrSessionEnum / NetrSessionDel edge-case captures.

Stubs are marshalled by Samba's own NDR code (samba.dcerpc.srvsvc +
samba.ndr.ndr_pack_in / ndr_pack_out, with bigendian=True or ndr64=True), then
wrapped into ncacn_ip_tcp conversations by dcerpc_pcap.py.  Each capture gets a
truth file (tests/TRUTH_FORMAT.md) read back from the very Samba objects that
were handed to the marshaller.  As a self-check every stub is also unpacked
again with Samba and must give the same truth.

Run with no arguments (as /usr/bin/python3, where the samba module imports):
writes pcaps/edge_*.pcap and pcaps/edge_*.truth.json; output is deterministic.
Optional arguments: output directory, then capture names to make (default all).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from session_levels import LEVEL_MEMBERS  # noqa: E402  (tests/session_levels.py)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import dcerpc_pcap as D  # noqa: E402

from samba.dcerpc import srvsvc  # noqa: E402
from samba.ndr import ndr_pack_in, ndr_pack_out, ndr_unpack_in, ndr_unpack_out  # noqa: E402

MADE_BY = "tests/gen/ndr_edge.py"

OP_ENUM = srvsvc.NetSessEnum.opnum()      # 12
OP_DEL = srvsvc.NetSessDel.opnum()        # 13
OP_SRVGETINFO = srvsvc.NetSrvGetInfo.opnum()  # 21

WERR_OK = 0
WERR_ACCESS_DENIED = 5
WERR_INVALID_LEVEL = 124
ERROR_MORE_DATA = 234
NERR_CLIENTNAMENOTFOUND = 2312

INFO_CLASS = {0: srvsvc.NetSessInfo0, 1: srvsvc.NetSessInfo1, 2: srvsvc.NetSessInfo2,
              10: srvsvc.NetSessInfo10, 502: srvsvc.NetSessInfo502}
CTR_CLASS = {0: srvsvc.NetSessCtr0, 1: srvsvc.NetSessCtr1, 2: srvsvc.NetSessCtr2,
             10: srvsvc.NetSessCtr10, 502: srvsvc.NetSessCtr502}

# truth key -> samba attribute (TRUTH_FORMAT.md); members per level from session_levels
SAMBA_ATTR = {"cname": "client", "username": "user", "num_opens": "num_open", "time": "time",
              "idle_time": "idle_time", "user_flags": "user_flags", "cltype_name": "client_type",
              "transport": "transport"}
LEVEL_FIELDS = {level: [(m, SAMBA_ATTR[m]) for m in members] for level, members in LEVEL_MEMBERS.items()}


PACK_KW = {"little": {}, "big": {"bigendian": True}, "ndr64": {"ndr64": True}}
CONV_KW = {"little": {}, "big": {"big_endian": True}, "ndr64": {"ndr64": True}}

NULLCTR = object()   # marker: container pointer NULL


# --------------------------------------------------------------------------
# Samba objects

def sess(level, **values):
    """A NetSessInfoN; values use the truth key names (cname, username, ...)."""
    info = INFO_CLASS[level]()
    for key, val in values.items():
        setattr(info, SAMBA_ATTR[key], val)
    return info


def info_ctr(level, sessions=None, count=None):
    """NetSessInfoCtr for `level`.

    sessions: list of NetSessInfoN (array pointer non-NULL, even when empty),
              None (count=0 or `count`, array pointer NULL),
              NULLCTR (container pointer NULL).
    Levels without an arm get no container at all.
    """
    ctr = srvsvc.NetSessInfoCtr()
    ctr.level = level
    if level not in CTR_CLASS or sessions is NULLCTR:
        ctr.ctr = None
        return ctr
    c = CTR_CLASS[level]()
    if sessions is None:
        c.count = count or 0
        c.array = None
    else:
        c.count = len(sessions)
        c.array = list(sessions)
    ctr.ctr = c
    return ctr


def enum_obj(level, server=None, client=None, user=None, prefmaxlen=0xFFFFFFFF,
             resume=None, out_level=None, sessions=None, total=None,
             out_resume=None, status=WERR_OK, out_count=None):
    e = srvsvc.NetSessEnum()
    e.in_server_unc = server
    e.in_client = client
    e.in_user = user
    e.in_info_ctr = info_ctr(level, None)          # request container: count 0, NULL array
    e.in_max_buffer = prefmaxlen
    e.in_resume_handle = resume
    e.out_info_ctr = info_ctr(level if out_level is None else out_level, sessions,
                              out_count)
    if total is None:
        total = len(sessions) if isinstance(sessions, list) else 0
    e.out_totalentries = total
    e.out_resume_handle = out_resume
    e.result = status
    return e


def del_obj(server=None, client=None, user=None, status=WERR_OK):
    d = srvsvc.NetSessDel()
    d.in_server_unc = server
    d.in_client = client
    d.in_user = user
    d.result = status
    return d


def srvgetinfo_obj(server="\\\\127.0.0.2", level=101):
    g = srvsvc.NetSrvGetInfo()
    g.in_server_unc = server
    g.in_level = level
    i = srvsvc.NetSrvInfo101()
    i.platform_id = 500
    i.server_name = "EDGE-SRV"
    i.version_major = 6
    i.version_minor = 1
    i.server_type = 0x00809A03
    i.comment = "srvsess edge"
    g.out_info = i
    g.result = WERR_OK
    return g


# --------------------------------------------------------------------------
# Truth, read back from the Samba objects

def _status(result):
    return result[0] if isinstance(result, tuple) else int(result)


def truth_enum_request(e):
    # Samba's marshaller writes the union discriminant from the same level
    return {"op": "enum_request", "level": e.in_info_ctr.level, "switch": e.in_info_ctr.level,
            "server_name": e.in_server_unc, "client_qualifier": e.in_client,
            "user_qualifier": e.in_user, "prefmaxlen": e.in_max_buffer,
            "resume_handle": e.in_resume_handle}


def truth_enum_response(e):
    ctr = e.out_info_ctr
    t = {"op": "enum_response", "level": ctr.level, "switch": ctr.level,
         "status": _status(e.result)}
    # unknown level: no container, no count, no array on the wire -> both
    # entries_read and sessions absent; container pointer NULL: no count on the
    # wire -> entries_read absent, sessions null
    c = ctr.ctr if ctr.level in CTR_CLASS else None
    if c is not None:
        t["entries_read"] = c.count
    t["total_entries"] = e.out_totalentries
    t["resume_handle"] = e.out_resume_handle
    if ctr.level in CTR_CLASS:
        if c is None or c.array is None:
            t["sessions"] = None
        else:
            fields = LEVEL_FIELDS[ctr.level]
            t["sessions"] = [{k: getattr(s, a) for k, a in fields} for s in c.array]
    return t


def truth_del_request(d):
    return {"op": "del_request", "server_name": d.in_server_unc,
            "client_qualifier": d.in_client, "user_qualifier": d.in_user}


def truth_del_response(d):
    return {"op": "del_response", "status": _status(d.result)}


# --------------------------------------------------------------------------
# Captures

class Capture:
    def __init__(self, name, ndr):
        self.name = name
        self.ndr = ndr
        self.kw = PACK_KW[ndr]
        self.convs = []
        self.calls = []
        self.other = 0
        self._port = 49200

    def conv(self, **kw):
        args = dict(CONV_KW[self.ndr])
        args.update(kw)
        n = len(self.convs)
        c = D.Conversation("127.0.0.%d" % (10 + n), "127.0.0.2", self._port + n, 135,
                           **args)
        self.convs.append(c)
        return c

    def _pack(self, obj, fresh_cls, truth_in, truth_out):
        req = ndr_pack_in(obj, **self.kw)
        resp = ndr_pack_out(obj, **self.kw)
        # self-check: Samba unpacks its own bytes to the same truth
        a = fresh_cls()
        ndr_unpack_in(a, req, **self.kw)
        b = fresh_cls()
        ndr_unpack_out(b, resp, **self.kw)
        ti, to = truth_in(obj), truth_out(obj)
        assert truth_in(a) == ti, (self.name, truth_in(a), ti)
        assert truth_out(b) == to, (self.name, truth_out(b), to)
        return req, resp, ti, to

    def enum(self, conv, e, **frag):
        req, resp, ti, to = self._pack(e, srvsvc.NetSessEnum,
                                       truth_enum_request, truth_enum_response)
        conv.call(OP_ENUM, req, resp, **frag)
        self.calls += [with_addresses(ti, conv), to]

    def delete(self, conv, d, **frag):
        req, resp, ti, to = self._pack(d, srvsvc.NetSessDel,
                                       truth_del_request, truth_del_response)
        conv.call(OP_DEL, req, resp, **frag)
        self.calls += [ti, to]

    def other_call(self, conv, obj, opnum):
        conv.call(opnum, ndr_pack_in(obj, **self.kw), ndr_pack_out(obj, **self.kw))
        self.other += 2

    def write(self, outdir):
        pcap = os.path.join(outdir, self.name + ".pcap")
        D.write_pcap(pcap, self.convs, pins_may_go_back=getattr(self, "pins_may_go_back", False))
        truth = {"capture": self.name + ".pcap", "made_by": MADE_BY,
                 "transport": "ncacn_ip_tcp", "ndr": self.ndr,
                 "other_srvsvc_calls": self.other, "calls": self.calls}
        with open(os.path.join(outdir, self.name + ".truth.json"), "w",
                  encoding="ascii") as fh:
            fh.write(_dump_truth(truth))
        return pcap


def with_addresses(request_truth, conv):
    """Who asked whom (the statistics tree and the sweep rule key on them):
    the addresses the conversation was built with."""
    return dict(request_truth, client=conv.client_ip, server=conv.server_ip)


def _dump_truth(truth):
    """JSON, one call per line (sessions one per line), ASCII only."""
    d = lambda v: json.dumps(v, ensure_ascii=True)  # noqa: E731
    out = ["{"]
    for k in ("capture", "made_by", "transport", "ndr", "other_srvsvc_calls"):
        out.append(" %s: %s," % (d(k), d(truth[k])))
    out.append(' "calls": [')
    calls = truth["calls"]
    for n, call in enumerate(calls):
        sessions = call.get("sessions")
        if sessions:
            head = {k: v for k, v in call.items() if k != "sessions"}
            line = "  " + d(head)[:-1] + ', "sessions": [\n'
            line += ",\n".join("   " + d(s) for s in sessions) + "]}"
        else:
            line = "  " + d(call)
        out.append(line + ("," if n + 1 < len(calls) else ""))
    out.append(" ]")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Session data

BIG = [0, 1, 59, 3600, 86399, 0x7FFFFFFF, 0x80000000, 4000000000, 0xFFFFFFFE, 0xFFFFFFFF]


def varied(level, n, seed=0, names=None):
    """n sessions of `level` with varied values (deterministic)."""
    out = []
    for i in range(n):
        k = i + seed
        v = {"cname": names[k % len(names)] if names else "\\\\10.%d.%d.%d" % (
                 k // 65536 % 256, k // 256 % 256, k % 256),
             "username": ["alice", "bob", "Administrator", "guest", "svc_backup"][k % 5]
             + ("" if k < 5 else str(k)),
             "num_opens": [0, 1, 7, 65535, 0xFFFFFFFF][k % 5],
             "time": BIG[(k * 3) % len(BIG)],
             "idle_time": BIG[(k * 7 + 1) % len(BIG)],
             "user_flags": k % 4,
             "cltype_name": ["Windows 10 Enterprise 19045", "Samba 4.17.12", "",
                             "Unix", "NT LAN Manager 6.1"][k % 5],
             "transport": ["\\Device\\NetbiosSmb", "\\Device\\NetBT_Tcpip_{8F2A}",
                           "tcp", "\\Device\\Streams\\TCP"][k % 4]}
        keys = [key for key, _ in LEVEL_FIELDS[level]]
        out.append(sess(level, **{key: v[key] for key in keys}))
    return out


LEVELS = (0, 1, 2, 10, 502)


def cap_levels(ndr):
    cap = Capture("edge_levels_" + {"little": "le", "big": "be", "ndr64": "ndr64"}[ndr], ndr)
    c = cap.conv()
    cap.other_call(c, srvgetinfo_obj(), OP_SRVGETINFO)
    qualifiers = [(None, None), ("\\\\10.0.0.1", None), (None, "bob"),
                  ("\\\\10.0.0.2", "alice"), (None, None)]
    for n, level in enumerate(LEVELS):
        client, user = qualifiers[n]
        e = enum_obj(level, server="\\\\127.0.0.2", client=client, user=user,
                     prefmaxlen=[0xFFFFFFFF, 4096, 0xFFFFFFFF, 1, 65536][n],
                     resume=[None, 0, None, 0, None][n],
                     sessions=varied(level, 3 + n, seed=n * 3),
                     out_resume=[None, 0, None, 0, None][n])
        cap.enum(c, e)
    # NetSessDel: with both qualifiers, then one failing with only a user
    cap.delete(c, del_obj("\\\\127.0.0.2", "\\\\10.0.0.7", "alice", WERR_OK))
    cap.delete(c, del_obj(None, None, "nobody", NERR_CLIENTNAMENOTFOUND))
    # unknown level 3: request and response carry no union arm at all
    cap.enum(c, enum_obj(3, server="\\\\127.0.0.2", status=WERR_INVALID_LEVEL))
    # an enum with user_flags 0..3 on every level-2 session and extreme times
    cap.enum(c, enum_obj(2, server="\\\\127.0.0.2", resume=0,
                         sessions=varied(2, 8, seed=100), total=8, out_resume=0))
    return cap


STRING_NAMES = [
    "\\\\caf\u00e9-pc",                  # é
    "\\\\stra\u00dfe",                   # ß
    "\\\\\u0441\u0435\u0440\u0432\u0435\u0440",  # Cyrillic
    "\\\\\u6771\u4eac\u30b5\u30fc\u30d0",        # CJK
    "\\\\host-\U0001F600",               # emoji: surrogate pair in UTF-16
    "",                                  # empty string
    "10.0.0.9",                          # no leading backslashes
    "\\\\\\\\10.0.0.10",                 # four backslashes
    "DOMAIN\\host",                      # backslash inside
    "\\\\a\\b\\c",                       # leading \\ and more inside
    "\\",                                # a lone backslash
    "x" * 300,                           # long
]


def cap_strings(ndr, name):
    cap = Capture(name, ndr)
    c = cap.conv()
    # request qualifiers: non-ASCII / empty
    cap.enum(c, enum_obj(0, server="\\\\\u00e9\u00df\u0416\u4e2d\U0001F600",
                         client="\\\\caf\u00e9-pc", user="",
                         sessions=[sess(0, cname=n) for n in STRING_NAMES]))
    cap.enum(c, enum_obj(0, server="", client="", user="J\u00fcrgen",
                         sessions=[sess(0, cname=None), sess(0, cname=""),
                                   sess(0, cname="\\\\ok")]))
    # level 502: every string member NULL, empty or exotic
    s502 = [
        sess(502, cname=None, username=None, num_opens=1, time=2, idle_time=3,
             user_flags=1, cltype_name=None, transport=None),
        sess(502, cname="", username="", num_opens=0, time=0, idle_time=0,
             user_flags=0, cltype_name="", transport=""),
        sess(502, cname="\\\\\u4e2d\u6587", username="\u0410\u043d\u043d\u0430",
             num_opens=2, time=3600, idle_time=60, user_flags=2,
             cltype_name="\U0001F600\U0001F4BB", transport="\\Device\\\u00e9"),
        sess(502, cname="DOMAIN\\host", username="Stra\u00dfe\\user", num_opens=3,
             time=0xFFFFFFFF, idle_time=0xFFFFFFFF, user_flags=3,
             cltype_name=None, transport="\\Device\\NetbiosSmb"),
        sess(502, cname="\\\\10.0.0.1", username=None, num_opens=4, time=1,
             idle_time=1, user_flags=0, cltype_name="Win", transport=None),
    ]
    cap.enum(c, enum_obj(502, server=None, sessions=s502))
    # level 2 and 10 and 1 with NULL username / cltype
    cap.enum(c, enum_obj(2, server="\\\\127.0.0.2", sessions=[
        sess(2, cname="\\\\x", username=None, num_opens=1, time=1, idle_time=1,
             user_flags=1, cltype_name=None),
        sess(2, cname=None, username="\u00e9", num_opens=1, time=1, idle_time=1,
             user_flags=0, cltype_name="\u00df")]))
    cap.enum(c, enum_obj(10, server="\\\\127.0.0.2", user="\u0416", sessions=[
        sess(10, cname="\\\\\u0416", username=None, time=5, idle_time=6),
        sess(10, cname=None, username="", time=7, idle_time=8)]))
    cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", sessions=[
        sess(1, cname="\\\\\U0001F600", username="\U0001F600", num_opens=1,
             time=1, idle_time=1, user_flags=2)]))
    cap.delete(c, del_obj("\\\\\u00e9", "\\\\caf\u00e9-pc", "\u0416", WERR_OK))
    cap.delete(c, del_obj("", "", "", WERR_OK))
    cap.delete(c, del_obj(None, "DOMAIN\\host", None, WERR_ACCESS_DENIED))
    return cap


def cap_fragments(ndr, name):
    cap = Capture(name, ndr)
    n = 300
    if ndr == "ndr64":
        # NDR64 bind offering NDR (ctx 0) and NDR64 (ctx 1); NDR64 accepted.
        c = cap.conv(frag_size=24 + 128, mss=200, coalesce=True, offer_both=True)
        cap.enum(c, enum_obj(2, server="\\\\127.0.0.2", client="\\\\10.0.0.1",
                             sessions=varied(2, n, names=STRING_NAMES[:5] + [
                                 "\\\\10.0.0.%d" % i for i in range(5)]),
                             out_resume=0))
        # one PDU per segment, 64-byte bodies, segments cut at 40 bytes
        c2 = cap.conv(frag_size=24 + 64, mss=40)
        cap.enum(c2, enum_obj(2, server="\\\\127.0.0.2",
                              sessions=varied(2, n, seed=7), out_resume=0))
    else:
        # 64-byte fragment bodies, PDUs packed back to back, 100-byte segments
        c = cap.conv(frag_size=24 + 64, mss=100, coalesce=True)
        cap.enum(c, enum_obj(2, server="\\\\127.0.0.2", client="\\\\10.0.0.1",
                             sessions=varied(2, n, names=STRING_NAMES[:5] + [
                                 "\\\\10.0.0.%d" % i for i in range(5)]),
                             out_resume=0))
        # 61-byte bodies (not a multiple of 8: fragment edges split UTF-16 units
        # and uint32s), one PDU per segment
        c2 = cap.conv(frag_size=24 + 61, frag_align=1, mss=1460)
        cap.enum(c2, enum_obj(2, server="\\\\127.0.0.2",
                              sessions=varied(2, n, seed=7), out_resume=0))
    return cap


def cap_thousands():
    cap = Capture("edge_thousands", "little")
    c = cap.conv(frag_size=4280, mss=1460)
    names = ["\\\\10.%d.%d.%d" % (i // 65536, i // 256 % 256, i % 256) for i in range(5000)]
    cap.enum(c, enum_obj(2, server="\\\\127.0.0.2",
                         sessions=varied(2, 5000, names=names), out_resume=0))
    return cap


def cap_errors(ndr, name):
    cap = Capture(name, ndr)
    c = cap.conv()
    # access denied: container echoed, count 0, NULL array
    cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", sessions=None,
                         status=WERR_ACCESS_DENIED))
    # access denied, container pointer NULL
    cap.enum(c, enum_obj(10, server="\\\\127.0.0.2", sessions=NULLCTR,
                         status=WERR_ACCESS_DENIED))
    # invalid level 503 (no union arm) and 7
    cap.enum(c, enum_obj(503, server="\\\\127.0.0.2", status=WERR_INVALID_LEVEL))
    cap.enum(c, enum_obj(7, server=None, resume=0, out_resume=0,
                         status=WERR_INVALID_LEVEL))
    # ERROR_MORE_DATA paging: 3 + 3 + 4 of 10 (level 1), then 2 + done (level 502)
    all1 = varied(1, 10, seed=20)
    cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", prefmaxlen=200, resume=None,
                         sessions=all1[0:3], total=10, out_resume=3,
                         status=ERROR_MORE_DATA))
    cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", prefmaxlen=200, resume=3,
                         sessions=all1[3:6], total=10, out_resume=6,
                         status=ERROR_MORE_DATA))
    cap.enum(c, enum_obj(1, server="\\\\127.0.0.2", prefmaxlen=200, resume=6,
                         sessions=all1[6:10], total=10, out_resume=0, status=WERR_OK))
    all502 = varied(502, 3, seed=40)
    cap.enum(c, enum_obj(502, server="\\\\127.0.0.2", prefmaxlen=1, resume=0,
                         sessions=all502[0:2], total=3, out_resume=0x7FFFFFFF,
                         status=ERROR_MORE_DATA))
    cap.enum(c, enum_obj(502, server="\\\\127.0.0.2", prefmaxlen=1, resume=0x7FFFFFFF,
                         sessions=all502[2:3], total=3, out_resume=None, status=WERR_OK))
    # container pointer NULL with status OK
    cap.enum(c, enum_obj(2, server="\\\\127.0.0.2", sessions=NULLCTR, total=0))
    # array pointer NULL, count 0 (OK), and count 4 with a NULL array
    cap.enum(c, enum_obj(0, server="\\\\127.0.0.2", sessions=None, total=0))
    cap.enum(c, enum_obj(502, server="\\\\127.0.0.2", sessions=None, out_count=4,
                         total=4, status=ERROR_MORE_DATA, out_resume=4))
    # non-NULL empty array (max_count 0)
    cap.enum(c, enum_obj(0, server="\\\\127.0.0.2", sessions=[], total=0))
    cap.enum(c, enum_obj(502, server="\\\\127.0.0.2", sessions=[], total=5,
                         status=ERROR_MORE_DATA, out_resume=0))
    # NetSessDel failures
    cap.delete(c, del_obj("\\\\127.0.0.2", "\\\\10.9.9.9", None, NERR_CLIENTNAMENOTFOUND))
    cap.delete(c, del_obj("\\\\127.0.0.2", None, "alice", WERR_ACCESS_DENIED))
    return cap


def cap_anomalies():
    """Capture-wide and cross-call anomalies: one client (127.0.0.10) sends
    NetSessEnum to seven servers within a second (a sweep: srvsess.enum_sweep
    from the fifth distinct server on, default preferences 5 servers / 60 s),
    another client asks only two; and a server that answers a level-2 request
    with a level-1 response (srvsess.level_mismatch)."""
    cap = Capture("edge_anomalies", "little")
    port = 49300
    # the sweep expert is derived by the checker from the requests' client,
    # server and frame time (truth keys client, server; TRUTH_FORMAT.md)
    for n in range(7):
        server = "127.0.0.%d" % (2 + n)
        c = D.Conversation("127.0.0.10", server, port + n, 135, **CONV_KW["little"])
        cap.convs.append(c)
        cap.enum(c, enum_obj(2, server="\\\\" + server, sessions=varied(2, 2, seed=n)))
    for n in range(2):
        c = D.Conversation("127.0.0.11", "127.0.0.%d" % (2 + n), port + 10 + n, 135, **CONV_KW["little"])
        cap.convs.append(c)
        cap.enum(c, enum_obj(1, server="\\\\127.0.0.%d" % (2 + n), sessions=varied(1, 1, seed=n)))
    # level asked 2, level answered 1: pack the request and the response from different calls
    asked = enum_obj(2, server="\\\\127.0.0.20")
    answered = enum_obj(1, server="\\\\127.0.0.20", sessions=varied(1, 2, seed=9))
    req, _, ti, _ = cap._pack(asked, srvsvc.NetSessEnum, truth_enum_request, truth_enum_response)
    _, resp, _, to = cap._pack(answered, srvsvc.NetSessEnum, truth_enum_request, truth_enum_response)
    c = D.Conversation("127.0.0.12", "127.0.0.20", port + 20, 135, **CONV_KW["little"])
    cap.convs.append(c)
    c.call(OP_ENUM, req, resp)
    cap.calls += [with_addresses(ti, c), to]
    return cap


def cap_corrupt(ndr, name):
    """Samba-marshalled level-2 responses with one targeted corruption each,
    located by the fuzzer's NDR walker (tests/fuzz/mutate.py); the truth says
    what the corrupted bytes now hold and which srvsess expert they call for."""
    sys.path.insert(0, os.path.join(REPO, "tests", "fuzz"))
    from mutate import walk_enum_response  # noqa: E402
    be = ndr == "big"
    width = 8 if ndr == "ndr64" else 4
    cap = Capture(name, ndr)
    c = cap.conv()

    def sessions():
        return [sess(2, cname="\\\\10.1.0.1", username="alice", num_opens=1, time=600, idle_time=60,
                     user_flags=0, cltype_name="Windows 10 Enterprise"),
                sess(2, cname="\\\\10.1.0.2", username="bob", num_opens=2, time=700, idle_time=70,
                     user_flags=0, cltype_name="Samba 4.17")]

    def put(buf, off, size, value):
        buf[off:off + size] = value.to_bytes(size, "big" if be else "little")

    def corrupt(total, patch):
        e = enum_obj(2, server="\\\\127.0.0.2", sessions=sessions(), total=total)
        req, resp, ti, to = cap._pack(e, srvsvc.NetSessEnum, truth_enum_request, truth_enum_response)
        fields = walk_enum_response(resp, ndr)
        buf = bytearray(resp)

        def field(kind, info=None):
            return next(f for f in fields if f.kind == kind and (info is None or f.info == info))
        patch(buf, field, to)
        c.call(OP_ENUM, req, bytes(buf))
        cap.calls += [with_addresses(ti, c), to]

    def bad(to, i, member):
        to["sessions"][i]["experts"] = {"srvsess.bad_string": 1}

    # EntriesRead 3 against an array of 2 (conformance count 2)
    def p_count(buf, field, to):
        put(buf, field("entries_read").off, 4, 3)
        to["entries_read"] = 3
    corrupt(5, p_count)

    # TotalEntries 1 below EntriesRead 2
    def p_total(buf, field, to):
        put(buf, field("total").off, 4, 1)
        to["total_entries"] = 1
    corrupt(2, p_total)

    # string offset 1: the text is still read from the data, flagged
    def p_offset(buf, field, to):
        put(buf, field("str_offset", (0, "cname")).off, width, 1)
        bad(to, 0, "cname")
    corrupt(2, p_offset)

    # actual count above max count
    def p_actual(buf, field, to):
        f = field("str_max", (1, "username"))
        put(buf, f.off, width, 3)           # "bob" + NUL is 4 units
        bad(to, 1, "username")
    corrupt(2, p_actual)

    # a lone high surrogate in place of the first unit: U+FFFD in the text
    def p_surrogate(buf, field, to):
        put(buf, field("str_data", (0, "username")).off, 2, 0xD800)
        to["sessions"][0]["username"] = "\ufffd" + to["sessions"][0]["username"][1:]
        bad(to, 0, "username")
    corrupt(2, p_surrogate)

    # the terminating NUL overwritten by 'X'
    def p_terminator(buf, field, to):
        f = field("str_data", (1, "cltype_name"))
        put(buf, f.off + f.width - 2, 2, ord("X"))
        to["sessions"][1]["cltype_name"] += "X"
        bad(to, 1, "cltype_name")
    corrupt(2, p_terminator)
    return cap


def all_captures():
    return [
        lambda: cap_corrupt("little", "edge_corrupt_le"),
        lambda: cap_corrupt("big", "edge_corrupt_be"),
        lambda: cap_corrupt("ndr64", "edge_corrupt_ndr64"),
        cap_anomalies,
        lambda: cap_levels("little"),
        lambda: cap_levels("big"),
        lambda: cap_levels("ndr64"),
        lambda: cap_strings("little", "edge_strings"),
        lambda: cap_strings("big", "edge_strings_be"),
        lambda: cap_strings("ndr64", "edge_strings_ndr64"),
        lambda: cap_fragments("little", "edge_fragments_le"),
        lambda: cap_fragments("ndr64", "edge_fragments_ndr64"),
        cap_thousands,
        lambda: cap_errors("little", "edge_errors"),
        lambda: cap_errors("ndr64", "edge_errors_ndr64"),
    ]


def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.join(REPO, "pcaps")
    only = set(argv[2:])
    os.makedirs(outdir, exist_ok=True)
    for make in all_captures():
        cap = make()
        if only and cap.name not in only:
            continue
        path = cap.write(outdir)
        print("%-28s %8d bytes, %d calls" % (os.path.basename(path),
                                              os.path.getsize(path), len(cap.calls)))


if __name__ == "__main__":
    main(sys.argv)
