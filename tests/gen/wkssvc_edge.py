#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""wkssvc_edge.py - synthetic wkssvc NetrWkstaUserEnum (opnum 2) captures
(MS-WKST 3.2.4.3, WKSTA_USER_INFO levels 0 and 1).

Stubs are marshalled by Samba's own NDR code (samba.dcerpc.wkssvc.NetWkstaEnumUsers
+ samba.ndr.ndr_pack_in / ndr_pack_out, with bigendian=True and/or ndr64=True:
Samba marshals big-endian NDR64 too), wrapped into ncacn_ip_tcp conversations by
dcerpc_pcap.py through ndr_edge.py's Capture. Truth (tests/TRUTH_FORMAT.md,
ops wkst_user_enum_request / wkst_user_enum_response) is read back from the
very objects handed to the marshaller; every stub is unpacked again by Samba
and must give the same truth. Cases Samba refuses to marshal (an unknown level,
lone surrogates, counts that disagree) are Samba stubs patched at fields located
by the fuzzer's NDR walker (tests/fuzz/mutate.py walk_wkst_*); their truth says
what the patched bytes hold. Experts are not written here (except bad_string on a
patched string): the checker derives them from the values.

Samba's names: out_entries_read is MS-WKST's TotalEntries; the container's
entries_read is EntriesRead; user_name / other_domains are wkui1_username /
wkui1_oth_domains.

Captures (pcaps/):
- wkssvc_edge_le / _be / _ndr64 / _be_ndr64: a NetrWkstaGetInfo first (another
  wkssvc operation, left to the built-in dissector); levels 0 and 1 with resume handles,
  PreferredMaximumLength values, ServerName NULL / empty / non-ASCII; machine
  accounts (NAME$); empty, NULL, control-character and non-ASCII strings;
  oth_domains NULL, empty and set; a NULL buffer (count 0); a non-NULL empty
  buffer; ACCESS_DENIED (status 5, NULL container, as Windows answers non-admins);
  ERROR_MORE_DATA paging with resume handles; TotalEntries below EntriesRead.
- wkssvc_bounds_le / _be / _ndr64 / _be_ndr64 (patched): EntriesRead one above and one
  below the conformance count at both levels; response level != request level;
  union discriminant != Level; an unknown level (7) in request and response;
  lone surrogates (low first, high last) in user names.
- wkssvc_edge_fragments_le / _ndr64: 200 level-1 users in 64-byte fragment bodies
  (coalesced / tiny TCP segments, unaligned bodies).
- wkssvc_collection_bounds: the session-collection rule (srvsess.collection_window):
  one client asks one host NetrSessionEnum then NetrWkstaUserEnum (and the reverse)
  2, 3, 4, 5, 6, 9, 10, 11 s apart (each pair its own client, host), the other
  call to another host, and the one-alert-per-window quiet time.
- wkssvc_collection_sweep: enum_sweep counting both calls: a client asks 5 distinct
  hosts by a mix of the two calls, another asks 4 (one of them by both calls 1 s
  apart: a collection), a third asks 6 by NetrWkstaUserEnum alone.

Run as /usr/bin/python3 (python3-samba); writes into pcaps/ or the directory
given as first argument (then capture names to make, default all); deterministic.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fuzz"))

import dcerpc_pcap as D  # noqa: E402
import ndr_edge as E  # noqa: E402
from ndr_edge import with_addresses  # noqa: E402
from session_levels import WKSTA_LEVEL_MEMBERS  # noqa: E402
from mutate import walk_wkst_request, walk_wkst_response, big_endian  # noqa: E402

from samba.dcerpc import wkssvc  # noqa: E402

WKSSVC_UUID = "6bffd098-a112-3610-9833-46c3f87e345a"
WKSSVC_VERSION = (1, 0)
OP_WKST_USER_ENUM = wkssvc.NetWkstaEnumUsers.opnum()     # 2

# flavour -> Samba pack flags / dcerpc_pcap Conversation flags
PACK_KW = dict(E.PACK_KW, big_ndr64={"bigendian": True, "ndr64": True})
CONV_KW = dict(E.CONV_KW, big_ndr64={"big_endian": True, "ndr64": True})
SUFFIX = {"little": "le", "big": "be", "ndr64": "ndr64", "big_ndr64": "be_ndr64"}

# truth key -> Samba attribute, per WKSTA_USER_INFO level (session_levels.py)
SAMBA_ATTR = {"username": "user_name", "logon_domain": "logon_domain",
              "oth_domains": "other_domains", "logon_server": "logon_server"}
INFO_CLASS = {0: wkssvc.NetrWkstaUserInfo0, 1: wkssvc.NetrWkstaUserInfo1}
CTR_CLASS = {0: wkssvc.NetWkstaEnumUsersCtr0, 1: wkssvc.NetWkstaEnumUsersCtr1}
ARRAY_ATTR = {0: "user0", 1: "user1"}

NULLCTR = E.NULLCTR
T0_US = 1700000000 * 1000000     # dcerpc_pcap's default start


# --------------------------------------------------------------------------
# Samba objects

def user(level, **values):
    info = INFO_CLASS[level]()
    for key, val in values.items():
        setattr(info, SAMBA_ATTR[key], val)
    return info


def enum_info(level, users=None, count=None):
    """NetWkstaEnumUsersInfo: users = list (array non-NULL), None (array NULL,
    count 0 or `count`), NULLCTR (container pointer NULL)."""
    info = wkssvc.NetWkstaEnumUsersInfo()
    info.level = level
    if users is NULLCTR:
        info.ctr = None
        return info
    c = CTR_CLASS[level]()
    if users is None:
        c.entries_read = count or 0
        setattr(c, ARRAY_ATTR[level], None)
    else:
        c.entries_read = len(users)
        setattr(c, ARRAY_ATTR[level], list(users))
    info.ctr = c
    return info


def wkst_obj(level, server="\\\\127.0.0.2", prefmaxlen=0xFFFFFFFF, resume=None, users=None,
             total=None, out_resume=None, status=E.WERR_OK, out_level=None, out_count=None):
    e = wkssvc.NetWkstaEnumUsers()
    e.in_server_name = server
    e.in_info = enum_info(level, None)              # request container: count 0, NULL array
    e.in_prefmaxlen = prefmaxlen
    e.in_resume_handle = resume
    e.out_info = enum_info(level if out_level is None else out_level, users, out_count)
    if total is None:
        total = len(users) if isinstance(users, list) else 0
    e.out_entries_read = total                       # MS-WKST TotalEntries
    e.out_resume_handle = out_resume
    e.result = status
    return e


# --------------------------------------------------------------------------
# Truth, read back from the Samba objects (TRUTH_FORMAT.md)

def truth_wkst_request(e):
    return {"op": "wkst_user_enum_request", "level": e.in_info.level,
            "server_name": e.in_server_name, "prefmaxlen": e.in_prefmaxlen,
            "resume_handle": e.in_resume_handle}


def _ctr(info):
    return info.ctr if info.level in CTR_CLASS else None


def truth_wkst_response(e):
    info = e.out_info
    t = {"op": "wkst_user_enum_response", "level": info.level, "status": E._status(e.result)}
    c = _ctr(info)
    if c is not None:
        t["entries_read"] = c.entries_read
    t["total_entries"] = e.out_entries_read
    t["resume_handle"] = e.out_resume_handle
    if info.level in CTR_CLASS:
        array = None if c is None else getattr(c, ARRAY_ATTR[info.level])
        if array is None:
            t["users"] = None
        else:
            members = WKSTA_LEVEL_MEMBERS[info.level]
            t["users"] = [{m: getattr(u, SAMBA_ATTR[m]) for m in members} for u in array]
    return t


# --------------------------------------------------------------------------
# Captures

class WkstCapture(E.Capture):
    """ndr_edge's Capture (truth file, Samba self-check) for wkssvc conversations,
    with the big-endian NDR64 flavour too."""

    def __init__(self, name, ndr):
        super().__init__(name, "little")
        self.ndr = ndr
        self.kw = PACK_KW[ndr]

    def conv(self, client=None, server="127.0.0.2", iface=(WKSSVC_UUID, WKSSVC_VERSION), **kw):
        args = dict(CONV_KW[self.ndr])
        args.update(kw)
        n = len(self.convs)
        c = D.Conversation(client or "127.0.0.%d" % (10 + n), server, self._port + n, 135,
                           iface_uuid=iface[0], iface_version=iface[1], **args)
        self.convs.append(c)
        return c

    def pack(self, e):
        return self._pack(e, wkssvc.NetWkstaEnumUsers, truth_wkst_request, truth_wkst_response)

    def wkst(self, conv, e, patch_request=None, patch_response=None, at_us=None, **frag):
        """One NetrWkstaUserEnum; patch_*(buf, fields, truth) change bytes and truth alike."""
        req, resp, ti, to = self.pack(e)
        if patch_request:
            req = bytearray(req)
            patch_request(req, walk_wkst_request(bytes(req), self.ndr), ti)
        if patch_response:
            resp = bytearray(resp)
            patch_response(resp, walk_wkst_response(bytes(resp), self.ndr), to)
        conv.call(OP_WKST_USER_ENUM, bytes(req), bytes(resp), at_us=at_us, **frag)
        self.calls += [with_addresses(ti, conv), to]


def put(buf, off, size, value, ndr):
    buf[off:off + size] = value.to_bytes(size, "big" if big_endian(ndr) else "little")


def field(fields, kind, info=None):
    return next(f for f in fields if f.kind == kind and (info is None or f.info == info))


USERS0 = ["Administrator", "alice", "WS01$", "svc_backup", "J\u00fcrgen", "\u0410\u043d\u043d\u0430",
          "user-\U0001F600", "a b", "", None, "tab\there", "\x01ctl", "del\x7f", "x" * 120, "$", "DC01$"]
DOMAINS = ["CORP", "", None, "\u00c9COLE", "WORKGROUP", "corp.example.com"]
OTHER = [None, "", "TRUSTED", "A B", "\u4e2d\u6587", None]
SERVERS = ["DC01", "", None, "\\\\DC02", "dc\x1f", "SRV-\u00e9"]


def users(level, n, seed=0):
    out = []
    for i in range(n):
        k = i + seed
        v = {"username": USERS0[k % len(USERS0)], "logon_domain": DOMAINS[k % len(DOMAINS)],
             "oth_domains": OTHER[k % len(OTHER)], "logon_server": SERVERS[(k * 5) % len(SERVERS)]}
        out.append(user(level, **{m: v[m] for m in WKSTA_LEVEL_MEMBERS[level]}))
    return out


def wksta_getinfo(c, kw):
    """A wkssvc NetrWkstaGetInfo (opnum 0) level 100: another wkssvc operation,
    which srvsess must leave to the built-in dissector (others_untouched)."""
    g = wkssvc.NetWkstaGetInfo()
    g.in_server_name = "\\\\127.0.0.2"
    g.in_level = 100
    i = wkssvc.NetWkstaInfo100()
    i.platform_id, i.server_name, i.domain_name = 500, "WS01", "CORP"
    i.version_major, i.version_minor = 10, 0
    g.out_info = i
    g.result = E.WERR_OK
    c.call(wkssvc.NetWkstaGetInfo.opnum(), E.ndr_pack_in(g, **kw), E.ndr_pack_out(g, **kw))


def cap_edge(ndr):
    cap = WkstCapture("wkssvc_edge_" + SUFFIX[ndr], ndr)
    c = cap.conv()
    wksta_getinfo(c, cap.kw)
    # every level, every odd string, varied request parameters
    for level in (0, 1):
        cap.wkst(c, wkst_obj(level, users=users(level, len(USERS0)), out_resume=0))
        cap.wkst(c, wkst_obj(level, server=None, prefmaxlen=4096, resume=0, users=users(level, 3, seed=2),
                             out_resume=None))
        cap.wkst(c, wkst_obj(level, server="\\\\\u00e9\u00df\u0416\u4e2d\U0001F600", prefmaxlen=1,
                             users=users(level, 1, seed=7), total=1, out_resume=0))
        cap.wkst(c, wkst_obj(level, server="", prefmaxlen=65536, users=[user(level, **{
            m: ("WS01$" if m == "username" else "CORP") for m in WKSTA_LEVEL_MEMBERS[level]})]))
    # NULL buffer (count 0), non-NULL empty buffer, count 3 with a NULL buffer
    cap.wkst(c, wkst_obj(0, users=None, total=0))
    cap.wkst(c, wkst_obj(1, users=[], total=0))
    cap.wkst(c, wkst_obj(1, users=None, out_count=3, total=3, status=E.ERROR_MORE_DATA, out_resume=3))
    # ACCESS_DENIED as Windows answers non-admins: status 5, NULL container
    cap.wkst(c, wkst_obj(1, users=NULLCTR, status=E.WERR_ACCESS_DENIED))
    cap.wkst(c, wkst_obj(0, users=NULLCTR, status=E.WERR_ACCESS_DENIED))
    # ERROR_MORE_DATA paging with resume handles: 3 + 3 + 2 of 8 at level 1
    every = users(1, 8, seed=3)
    for part, (a, b, rin, rout, st) in enumerate(((0, 3, None, 3, E.ERROR_MORE_DATA),
                                                  (3, 6, 3, 6, E.ERROR_MORE_DATA),
                                                  (6, 8, 6, 0, E.WERR_OK))):
        cap.wkst(c, wkst_obj(1, prefmaxlen=64, resume=rin, users=every[a:b], total=8,
                             out_resume=rout, status=st))
    # TotalEntries one below, equal to, one above EntriesRead
    for total in (1, 2, 3):
        cap.wkst(c, wkst_obj(0, users=users(0, 2, seed=1), total=total))
    return cap


def cap_bounds(ndr):
    cap = WkstCapture("wkssvc_bounds_" + SUFFIX[ndr], ndr)
    c = cap.conv()

    # EntriesRead one above / one below the conformance count, both levels
    def entries(delta):
        def patch(buf, fields, to):
            to["entries_read"] += delta
            put(buf, field(fields, "entries_read").off, 4, to["entries_read"], ndr)
        return patch
    for level in (0, 1):
        for delta in (1, -1):
            cap.wkst(c, wkst_obj(level, users=users(level, 3, seed=level), total=9),
                     patch_response=entries(delta))

    # response level != request level: asked 0, answered 1 (and the reverse)
    for asked, answered in ((0, 1), (1, 0)):
        e = wkst_obj(answered, users=users(answered, 2, seed=4))
        e.in_info = enum_info(asked, None)
        cap.wkst(c, e)

    # union discriminant != Level: marshal the arm wanted, then rewrite the Level
    def level_to(value):
        def patch(buf, fields, t):
            put(buf, field(fields, "level").off, 4, value, ndr)
            t["switch"] = t["level"]
            t["level"] = value
        return patch
    cap.wkst(c, wkst_obj(1, users=users(1, 2, seed=5)), patch_response=level_to(0))   # Level 0, arm 1
    cap.wkst(c, wkst_obj(0, users=users(0, 2, seed=6)), patch_response=level_to(1))   # Level 1, arm 0
    cap.wkst(c, wkst_obj(1, users=users(1, 1, seed=8)), patch_response=level_to(7))   # unknown Level 7, arm 1
    cap.wkst(c, wkst_obj(1, users=users(1, 1, seed=9)), patch_request=level_to(0))    # request Level 0, arm 1

    # an unknown level (7) in request and response: Level and discriminant both 7,
    # no arm on the wire. Samba refuses to marshal it; the stubs are Samba's level-0
    # stubs, the Level and discriminant set to 7 and the arm (the container pointer
    # and, in the request, the empty container it points to) cut out up to the
    # next parameter (a multiple of the alignment: what follows stays aligned).
    def unknown(buf, fields, t):
        for kind in ("level", "switch"):
            put(buf, field(fields, kind).off, 4, 7, ndr)
        arm = field(fields, "ptr_ctr").off
        after = next(f.off for f in fields if f.kind in ("prefmaxlen", "total"))
        del buf[arm:after]
        t["level"] = 7
        t.pop("switch", None)
        if t["op"] == "wkst_user_enum_response":
            t.pop("entries_read", None)
            t.pop("users", None)
    e = wkst_obj(0, users=NULLCTR, status=E.WERR_INVALID_LEVEL)
    cap.wkst(c, e, patch_request=unknown, patch_response=unknown)

    # lone surrogates: a low one first in a user name, a high one last before the NUL
    def surrogates(buf, fields, to):
        for i, unit, at in ((0, 0xDC00, 0), (1, 0xD800, -1)):
            f = field(fields, "str_data", (i, "username"))
            name = to["users"][i]["username"]
            pos = at % len(name)
            put(buf, f.off + 2 * pos, 2, unit, ndr)
            to["users"][i]["username"] = name[:pos] + "\ufffd" + name[pos + 1:]
            to["users"][i]["experts"] = {"srvsess.bad_string": 1}
    for level in (0, 1):
        cap.wkst(c, wkst_obj(level, users=[
            user(level, **{m: ("low" if m == "username" else "D") for m in WKSTA_LEVEL_MEMBERS[level]}),
            user(level, **{m: ("high$" if m == "username" else "D") for m in WKSTA_LEVEL_MEMBERS[level]})]),
            patch_response=surrogates)
    return cap


def cap_fragments(ndr):
    cap = WkstCapture("wkssvc_edge_fragments_" + SUFFIX[ndr], ndr)
    n = 200
    if ndr == "ndr64":
        c = cap.conv(frag_size=24 + 128, mss=200, coalesce=True, offer_both=True)
        cap.wkst(c, wkst_obj(1, users=users(1, n), out_resume=0))
        c2 = cap.conv(frag_size=24 + 64, mss=40)
        cap.wkst(c2, wkst_obj(0, users=users(0, n, seed=5), out_resume=0))
    else:
        c = cap.conv(frag_size=24 + 64, mss=100, coalesce=True)
        cap.wkst(c, wkst_obj(1, users=users(1, n), out_resume=0))
        # 61-byte bodies: fragment edges split UTF-16 units and uint32s
        c2 = cap.conv(frag_size=24 + 61, frag_align=1, mss=1460)
        cap.wkst(c2, wkst_obj(0, users=users(0, n, seed=5), out_resume=0))
    return cap


# --------------------------------------------------------------------------
# Session collection and the sweep: request times pinned to whole seconds

def _timed(cap, events):
    """events: (second, client, host, call) with call "session" (srvsvc
    NetrSessionEnum level 10) or "wkst" (NetrWkstaUserEnum level 1); one
    conversation per event, in time order."""
    port = 49600
    for n, (at, client, host, call) in enumerate(sorted(events)):
        at_us = T0_US + int(round(at * 1000000))
        if call == "wkst":
            conv = cap.conv(client=client, server=host)
            cap.wkst(conv, wkst_obj(1, server="\\\\" + host, users=[
                user(1, username="u%d" % n, logon_domain="CORP", oth_domains=None, logon_server="DC01")]),
                at_us=at_us)
        else:
            conv = D.Conversation(client, host, port + n, 135, **CONV_KW[cap.ndr])
            cap.convs.append(conv)
            e = E.enum_obj(10, server="\\\\" + host, sessions=[
                E.sess(10, cname="\\\\" + client, username="s%d" % n, time=100, idle_time=0)])
            req, resp, ti, to = cap._pack(e, E.srvsvc.NetSessEnum, E.truth_enum_request,
                                          E.truth_enum_response)
            conv.call(E.OP_ENUM, req, resp, at_us=at_us)
            cap.calls += [with_addresses(ti, conv), to]


def cap_collection_bounds():
    cap = WkstCapture("wkssvc_collection_bounds", "little")
    events = []
    # one pair (client, host) per gap and order: the default window 5 at 4/5/6,
    # windows 3 and 10 at their edges (ctests --collection-window 3 / 10)
    start = 10
    for k, gap in enumerate((2, 3, 4, 5, 6, 9, 10, 11)):
        for order, (first, second) in enumerate((("session", "wkst"), ("wkst", "session"))):
            client = "127.0.2.%d" % (10 + 2 * k + order)
            host = "127.0.3.%d" % (10 + 2 * k + order)
            events += [(start, client, host, first), (start + gap, client, host, second)]
            start += 20
    # the other call to ANOTHER host: never a collection
    events += [(400, "127.0.2.60", "127.0.3.60", "session"), (401, "127.0.2.60", "127.0.3.61", "wkst")]
    # the same call twice: never a collection
    events += [(410, "127.0.2.61", "127.0.3.62", "wkst"), (411, "127.0.2.61", "127.0.3.62", "wkst")]
    # another client asking the same host: never a collection
    events += [(420, "127.0.2.62", "127.0.3.63", "session"), (421, "127.0.2.63", "127.0.3.63", "wkst")]
    # one alert per pair and window: alert at 501; quiet at 503 and at 506 (exactly
    # one window after it); alert again at 506.5 (more than a window after 501)
    cq, hq = "127.0.2.64", "127.0.3.64"
    events += [(500, cq, hq, "session"), (501, cq, hq, "wkst"), (503, cq, hq, "session"),
               (506, cq, hq, "wkst"), (506.5, cq, hq, "session")]
    # a SharpHound-like burst: both calls within milliseconds
    events += [(600, "127.0.2.65", "127.0.3.65", "wkst"), (600.002, "127.0.2.65", "127.0.3.65", "session")]
    # both calls at the very same instant: a collection at every window but 0,
    # which turns the rule off (a window of 0 s would still catch this pair)
    events += [(700, "127.0.2.66", "127.0.3.66", "wkst"), (700, "127.0.2.66", "127.0.3.66", "session")]
    cap.pins_may_go_back = True     # the second request's frame goes back to 700 s
    _timed(cap, events)
    return cap


def cap_collection_sweep():
    cap = WkstCapture("wkssvc_collection_sweep", "little")
    events = []
    # five distinct hosts by a mix of the two calls within 5 s: enum_sweep (5 / 60 s)
    for k, call in enumerate(("wkst", "session", "wkst", "wkst", "session")):
        events.append((10 + k, "127.0.4.1", "127.0.5.%d" % (1 + k), call))
    # four distinct hosts (two asked by both calls): no sweep, but collections
    for k, call in enumerate(("wkst", "session", "session", "wkst", "wkst", "session")):
        events.append((100 + k * 10, "127.0.4.2", "127.0.5.%d" % (1 + k % 4), call))
    events.append((141, "127.0.4.2", "127.0.5.1", "session"))   # 1 s after its NetrWkstaUserEnum
    # wkssvc only, six hosts: a sweep by NetrWkstaUserEnum alone
    for k in range(6):
        events.append((300 + k, "127.0.4.3", "127.0.5.%d" % (10 + k), "wkst"))
    _timed(cap, events)
    return cap


def all_captures():
    out = []
    for ndr in ("little", "big", "ndr64", "big_ndr64"):
        out += [lambda ndr=ndr: cap_edge(ndr), lambda ndr=ndr: cap_bounds(ndr)]
    out += [lambda: cap_fragments("little"), lambda: cap_fragments("ndr64"),
            cap_collection_bounds, cap_collection_sweep]
    return out


def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.join(E.REPO, "pcaps")
    only = set(argv[2:])
    os.makedirs(outdir, exist_ok=True)
    for make in all_captures():
        cap = make()
        if only and cap.name not in only:
            continue
        path = cap.write(outdir)
        print("%-34s %8d bytes, %d calls" % (os.path.basename(path), os.path.getsize(path), len(cap.calls)))


if __name__ == "__main__":
    main(sys.argv)
