#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""mutate.py - structure-aware mutations of srvsvc NetrSessionEnum (opnum 12) /
NetrSessionDel (opnum 13) and wkssvc NetrWkstaUserEnum (opnum 2) NDR, written
into pcaps for the srvsess fuzz runs.

wkssvc: about a quarter of the conversations bind wkssvc instead of srvsvc
(WKSSVC_SHARE; the count of mutated calls is shared, not added to); their seeds
are Samba-marshalled WKSTA_USER_INFO level 0 / 1 calls (tests/gen/wkssvc_edge.py's
objects), walked by the same walker with the WKSTA_USER_INFO level table, and
mutated by the same mutators (truncation, counts beyond the stub, a huge
EntriesRead over a tiny stub, lone surrogates, ...). Their control call is a
level-0 NetrWkstaUserEnum whose two users are named ctl<marker>, ctl<marker+1>.

Seeds are valid stubs marshalled by Samba (samba.ndr.ndr_pack_in/ndr_pack_out,
little endian, big endian and NDR64) for every level (0, 1, 2, 10, 502), plus
unknown levels, NULL containers/arrays and NetrSessionDel. A small NDR offset
walker (``walk_*``) locates every field of a seed stub: level, union
discriminant, referent ids, EntriesRead, conformance count, each session's
members, each string's max/offset/actual counts and code units, TotalEntries,
resume handle, status. Self-check: the walk of every seed ends exactly at the
end of the stub, and every string it finds ends in a NUL.

Mutations (1 to 3 stacked per call): counts (0, 1, off-by-one, 0x7FFFFFFF,
0xFFFFFFFF, 2^32, 2^63, 2^64-1 in NDR64), level/discriminant, referent ids
(zero <-> non-zero, duplicates), string counts (offset != 0, actual > max,
actual 0, huge), string code units (lone surrogates, missing terminator,
embedded NUL), truncation at a random point, random byte flips, inserted /
deleted bytes, trailing junk; requests too (15 %). Fragmenting: small and tiny
(1..16 byte, unaligned) fragment bodies, small TCP segments, coalesced PDUs.

Every mutated call is followed, in the same conversation, by an unmutated
control call (level 1, two sessions whose num_opens carry a marker) that must
still decode. Each pcap has a sidecar .json telling run_fuzz.py the control
call ids, their markers, and which mutated calls must be reported as malformed
(only single mutations whose effect is certain: truncation, EntriesRead vs
conformance mismatch, invalid string counts, missing terminator, lone
surrogate).

Deterministic: the same seed gives byte-identical pcaps.

Usage (as /usr/bin/python3, where samba imports):
  mutate.py --seed S --calls N --out DIR [--per-pcap 200] [--prefix fz]
"""

import argparse
import json
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "gen"))

sys.path.insert(0, TESTS)
import dcerpc_pcap as D  # noqa: E402
from session_levels import LEVEL_MEMBERS, STRING_MEMBERS, WKSTA_LEVEL_MEMBERS, WKSTA_STRING_MEMBERS  # noqa: E402
import ndr_edge as E  # noqa: E402
from samba.ndr import ndr_pack_in, ndr_pack_out  # noqa: E402

FLAVOURS = ("little", "big", "ndr64", "big_ndr64")   # big_ndr64: big-endian NDR64
LEVELS = (0, 1, 2, 10, 502)
MEMBERS = LEVEL_MEMBERS
ALL_STRING_MEMBERS = frozenset(STRING_MEMBERS) | frozenset(WKSTA_STRING_MEMBERS)


def big_endian(flavour):
    """NDR flavours: little, big (NDR20), ndr64, big_ndr64 (big-endian NDR64)."""
    return flavour in ("big", "big_ndr64")


def wide_width(flavour):
    return 8 if flavour in ("ndr64", "big_ndr64") else 4
CONTROL_MARK = 0xC0DE0000


# --------------------------------------------------------------------------
# NDR offset walker

class Field:
    __slots__ = ("kind", "off", "width", "info")

    def __init__(self, kind, off, width, info=None):
        self.kind, self.off, self.width, self.info = kind, off, width, info

    def __repr__(self):
        return "%s@%d/%d%s" % (self.kind, self.off, self.width, "" if self.info is None else self.info)


class Walker:
    def __init__(self, stub, flavour, members=MEMBERS):
        self.b = stub
        self.be = big_endian(flavour)
        self.W = wide_width(flavour)
        self.members = members     # level -> members: SESSION_INFO or WKSTA_USER_INFO
        self.off = 0
        self.fields = []

    def align(self, n):
        self.off = (self.off + n - 1) & ~(n - 1)

    def get(self, off, width):
        fmt = {4: "I", 8: "Q", 2: "H"}[width]
        return struct.unpack_from((">" if self.be else "<") + fmt, self.b, off)[0]

    def u32(self, kind, info=None):
        self.align(4)
        v = self.get(self.off, 4)
        self.fields.append(Field(kind, self.off, 4, info))
        self.off += 4
        return v

    def wide(self, kind, info=None):
        self.align(self.W)
        v = self.get(self.off, self.W)
        self.fields.append(Field(kind, self.off, self.W, info))
        self.off += self.W
        return v

    def string(self, info):
        """Conformant varying UTF-16 string (the pointee)."""
        mx = self.wide("str_max", info)
        first = self.wide("str_offset", info)
        actual = self.wide("str_actual", info)
        assert first == 0 and actual <= mx and actual >= 1, (mx, first, actual)
        data = self.off
        assert self.get(data + 2 * (actual - 1), 2) == 0, "string not NUL terminated"
        self.fields.append(Field("str_data", data, 2 * actual, info))
        self.off = data + 2 * actual

    def unique_string(self, name):
        ref = self.wide("ptr_str", name)
        if ref:
            self.string(name)

    def layout(self, level):
        off, align, offs = 0, 4, []
        for m in self.members[level]:
            size = self.W if m in ALL_STRING_MEMBERS else 4
            off = (off + size - 1) & ~(size - 1)
            offs.append(off)
            off += size
            align = max(align, size)
        return offs, (off + align - 1) & ~(align - 1), align

    def enum_struct(self):
        self.align(self.W)
        level = self.u32("level")
        self.align(self.W)
        disc = self.u32("switch")
        if disc not in self.members:
            self.align(self.W)
            return level
        if not self.wide("ptr_ctr"):
            return level
        self.align(self.W)
        self.u32("entries_read")
        if not self.wide("ptr_array"):
            return level
        count = self.wide("max_count")
        offs, stride, align = self.layout(disc)
        self.align(align)
        base = self.off
        strings = []
        for i in range(count):
            for m, mo in zip(self.members[disc], offs):
                at = base + i * stride + mo
                if m in ALL_STRING_MEMBERS:
                    self.fields.append(Field("ptr_str", at, self.W, (i, m)))
                    if self.get(at, self.W):
                        strings.append((i, m))
                else:
                    self.fields.append(Field("member", at, 4, (i, m)))
        self.off = base + count * stride
        for s in strings:
            self.string(s)
        return level

    def resume(self):
        if self.wide("ptr_resume"):
            self.u32("resume")

    def done(self):
        assert self.off == len(self.b), ("walk ended at %d of %d" % (self.off, len(self.b)))
        return self.fields


def walk_enum_request(stub, flavour):
    w = Walker(stub, flavour)
    for name in ("server", "client", "user"):
        w.unique_string(name)
    w.enum_struct()
    w.u32("prefmaxlen")
    w.resume()
    return w.done()


def walk_enum_response(stub, flavour):
    w = Walker(stub, flavour)
    w.enum_struct()
    w.u32("total")
    w.resume()
    w.u32("status")
    return w.done()


def walk_wkst_request(stub, flavour):
    """NetrWkstaUserEnum request: ServerName, the WKSTA_USER_ENUM_STRUCT (same
    shape as SESSION_ENUM_STRUCT, WKSTA_USER_INFO levels), PreferredMaximumLength,
    ResumeHandle."""
    w = Walker(stub, flavour, WKSTA_LEVEL_MEMBERS)
    w.unique_string("server")
    w.enum_struct()
    w.u32("prefmaxlen")
    w.resume()
    return w.done()


def walk_wkst_response(stub, flavour):
    """NetrWkstaUserEnum response: the struct, TotalEntries, ResumeHandle, status."""
    w = Walker(stub, flavour, WKSTA_LEVEL_MEMBERS)
    w.enum_struct()
    w.u32("total")
    w.resume()
    w.u32("status")
    return w.done()


def walk_del_request(stub, flavour):
    w = Walker(stub, flavour)
    for name in ("server", "client", "user"):
        w.unique_string(name)
    return w.done()


def walk_del_response(stub, flavour):
    w = Walker(stub, flavour)
    w.u32("status")
    return w.done()


# --------------------------------------------------------------------------
# Seeds: valid calls marshalled by Samba

NAMES = ["\\\\10.0.0.1", "\\\\caf\u00e9-pc", "\\\\host-\U0001F600", "", "DOMAIN\\host",
         "\\\\\u6771\u4eac", "x" * 90, "\\\\a"]
USERS = ["alice", "", "Administrator", "\u0416\u043d", "guest", None]
CLTYPES = ["Windows 10 Enterprise", "", "DOS LM 2.0", "\U0001F600", None, "Samba 4.17"]


def _sessions(rng, level, n):
    out = []
    for i in range(n):
        v = {"cname": rng.choice(NAMES + [None]),
             "username": rng.choice(USERS),
             "num_opens": rng.choice([0, 1, 7, 0xFFFFFFFF]),
             "time": rng.choice(E.BIG), "idle_time": rng.choice(E.BIG),
             "user_flags": rng.choice([0, 1, 2, 3, 0x80]),
             "cltype_name": rng.choice(CLTYPES),
             "transport": rng.choice(["\\Device\\NetbiosSmb", "", None, "tcp"])}
        out.append(E.sess(level, **{k: v[k] for k in MEMBERS[level]}))
    return out


WKSSVC_SHARE = 0.25     # of the conversations


class Seed:
    """One valid call: stubs and their field maps."""

    def __init__(self, opnum, flavour, obj, iface="srvsvc"):
        import wkssvc_edge as W   # (it imports this module's walkers)
        kw = W.PACK_KW[flavour]
        self.iface = iface
        self.opnum = opnum
        self.flavour = flavour
        self.req = bytes(ndr_pack_in(obj, **kw))
        self.resp = bytes(ndr_pack_out(obj, **kw))
        if iface == "wkssvc":
            self.req_fields = walk_wkst_request(self.req, flavour)
            self.resp_fields = walk_wkst_response(self.resp, flavour)
        elif opnum == E.OP_ENUM:
            self.req_fields = walk_enum_request(self.req, flavour)
            self.resp_fields = walk_enum_response(self.resp, flavour)
        else:
            self.req_fields = walk_del_request(self.req, flavour)
            self.resp_fields = walk_del_response(self.resp, flavour)


def make_seeds(flavour):
    rng = random.Random("seeds-" + flavour)   # the seed corpus never changes
    seeds = []
    for level in LEVELS:
        for n in (0, 1, 2, 3, 5):
            for variant in range(3):
                e = E.enum_obj(level, server=rng.choice(["\\\\127.0.0.2", None, ""]),
                               client=rng.choice([None, "\\\\10.0.0.1", "\u00e9"]),
                               user=rng.choice([None, "bob", ""]),
                               prefmaxlen=rng.choice([0xFFFFFFFF, 1, 4096]),
                               resume=rng.choice([None, 0, 7]),
                               sessions=_sessions(rng, level, n),
                               total=n + rng.choice([0, 0, 3]),
                               out_resume=rng.choice([None, 0, 9]),
                               status=rng.choice([0, 0, E.ERROR_MORE_DATA]))
                seeds.append(Seed(E.OP_ENUM, flavour, e))
        # NULL array, NULL container, count with NULL array
        seeds.append(Seed(E.OP_ENUM, flavour, E.enum_obj(level, sessions=None, status=5)))
        seeds.append(Seed(E.OP_ENUM, flavour, E.enum_obj(level, sessions=E.NULLCTR, status=5)))
        seeds.append(Seed(E.OP_ENUM, flavour, E.enum_obj(level, sessions=None, out_count=4,
                                                         total=4, status=234, out_resume=4)))
    for level in (3, 7, 503):
        seeds.append(Seed(E.OP_ENUM, flavour, E.enum_obj(level, server="\\\\s",
                                                         status=E.WERR_INVALID_LEVEL)))
    for client, user in ((None, None), ("\\\\10.0.0.7", "alice"), ("", "\U0001F600")):
        seeds.append(Seed(E.OP_DEL, flavour, E.del_obj("\\\\127.0.0.2", client, user,
                                                        rng.choice([0, 5, 2312]))))
    return seeds


WK_USERS = ["alice", "", "WS01$", "\u0416\u043d", "x" * 70, None, "a\x01b", "\U0001F600"]
WK_DOMAINS = ["CORP", "", None, "\u00c9COLE", "corp.example.com"]


def make_wkst_seeds(flavour):
    """Valid NetrWkstaUserEnum calls, levels 0 and 1 (Samba-marshalled)."""
    import wkssvc_edge as W
    rng = random.Random("wkst-seeds-" + flavour)
    seeds = []
    for level in (0, 1):
        for n in (0, 1, 2, 3, 6):
            for variant in range(3):
                users = [W.user(level, **{m: rng.choice(WK_USERS if m == "username" else WK_DOMAINS)
                                          for m in W.WKSTA_LEVEL_MEMBERS[level]}) for _ in range(n)]
                e = W.wkst_obj(level, server=rng.choice(["\\\\127.0.0.2", None, ""]),
                               prefmaxlen=rng.choice([0xFFFFFFFF, 1, 4096]), resume=rng.choice([None, 0, 7]),
                               users=users, total=n + rng.choice([0, 0, 3]),
                               out_resume=rng.choice([None, 0, 9]),
                               status=rng.choice([0, 0, E.ERROR_MORE_DATA]))
                seeds.append(Seed(W.OP_WKST_USER_ENUM, flavour, e, "wkssvc"))
        seeds.append(Seed(W.OP_WKST_USER_ENUM, flavour, W.wkst_obj(level, users=None, status=5), "wkssvc"))
        seeds.append(Seed(W.OP_WKST_USER_ENUM, flavour, W.wkst_obj(level, users=W.NULLCTR, status=5), "wkssvc"))
        seeds.append(Seed(W.OP_WKST_USER_ENUM, flavour, W.wkst_obj(level, users=None, out_count=4, total=4,
                                                                    status=234, out_resume=4), "wkssvc"))
    return seeds


def wkst_control_seed(flavour, marker):
    """The unmutated call after each mutated wkssvc one: level 0, users
    ctl<marker>, ctl<marker + 1>."""
    import wkssvc_edge as W
    return Seed(W.OP_WKST_USER_ENUM, flavour, W.wkst_obj(0, users=[
        W.user(0, username="ctl%d" % (marker + i)) for i in range(2)]), "wkssvc")


def control_seed(flavour, marker):
    """The unmutated call after each mutated one: level 1, two sessions with
    num_opens = marker, marker + 1."""
    s = [E.sess(1, cname="\\\\ctl", username="ctl", num_opens=marker + i, time=10,
                idle_time=1, user_flags=0) for i in range(2)]
    return Seed(E.OP_ENUM, flavour, E.enum_obj(1, server="\\\\127.0.0.2", sessions=s))


# --------------------------------------------------------------------------
# Mutations: each takes (rng, bytearray, fields, flavour) and returns
# (name, certain_malformed) or None when it does not apply to this stub.

def _pack(buf, off, width, value, be):
    fmt = (">" if be else "<") + {2: "H", 4: "I", 8: "Q"}[width]
    struct.pack_into(fmt, buf, off, value & ((1 << (8 * width)) - 1))


def _get(buf, off, width, be):
    fmt = (">" if be else "<") + {2: "H", 4: "I", 8: "Q"}[width]
    return struct.unpack_from(fmt, buf, off)[0]


def _huge(width):
    vals = [0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x40000000, 0x10000]
    if width == 8:
        vals += [1 << 32, 1 << 63, (1 << 63) + 1, (1 << 64) - 1, (1 << 63) + 0x10, 1 << 62]
    return vals


def _pick(rng, fields, *kinds):
    c = [f for f in fields if f.kind in kinds]
    return rng.choice(c) if c else None


def m_count(rng, buf, fields, flavour):
    be = big_endian(flavour)
    f = _pick(rng, fields, "entries_read", "max_count")
    if f is None:
        return None
    other = _pick(rng, fields, "max_count" if f.kind == "entries_read" else "entries_read")
    old = _get(buf, f.off, f.width, be)
    choice = rng.randrange(4)
    if choice == 0:
        new = rng.choice([0, 1])
    elif choice == 1:
        new = old + rng.choice([-1, 1])
    elif choice == 2:
        new = rng.choice(_huge(f.width))
    else:
        new = rng.randrange(1 << (8 * f.width))
    new &= (1 << (8 * f.width)) - 1
    both = other is not None and rng.random() < 0.25
    _pack(buf, f.off, f.width, new, be)
    if both:   # EntriesRead and conformance agree, both wrong
        _pack(buf, other.off, other.width, new, be)
        return "count_both=%#x" % new, False
    # EntriesRead != conformance count (array pointer non-NULL): count_mismatch
    certain = other is not None and _get(buf, other.off, other.width, be) != new
    return "%s=%#x" % (f.kind, new), "error" if certain else False


def m_total(rng, buf, fields, flavour):
    f = _pick(rng, fields, "total", "resume", "status", "prefmaxlen", "member")
    if f is None:
        return None
    new = rng.choice([0, 1, 234, 0x7FFFFFFF, 0xFFFFFFFF, rng.randrange(1 << 32)])
    _pack(buf, f.off, 4, new, big_endian(flavour))
    return "%s=%#x" % (f.kind, new), False


def m_level(rng, buf, fields, flavour):
    be = big_endian(flavour)
    vals = [0, 1, 2, 3, 10, 11, 501, 502, 503, 0xFFFFFFFF, 0x80000000]
    which = rng.randrange(3)
    done = []
    for kind, on in (("level", which != 1), ("switch", which != 0)):
        f = _pick(rng, fields, kind)
        if f and on:
            v = rng.choice(vals)
            _pack(buf, f.off, 4, v, be)
            done.append("%s=%d" % (kind, v))
    return (",".join(done), False) if done else None


def m_referent(rng, buf, fields, flavour):
    be = big_endian(flavour)
    f = _pick(rng, fields, "ptr_str", "ptr_ctr", "ptr_array", "ptr_resume")
    if f is None:
        return None
    old = _get(buf, f.off, f.width, be)
    ptrs = [g for g in fields if g.kind.startswith("ptr_") and g is not f
            and _get(buf, g.off, g.width, be)]
    r = rng.random()
    if old and r < 0.45:
        new = 0
    elif not old and r < 0.9:
        new = rng.choice([0x20000, 4, 1, 0xFFFFFFFF, rng.randrange(1, 1 << 32)])
    elif ptrs and r < 0.95:     # duplicate another referent id
        new = _get(buf, rng.choice(ptrs).off, f.width, be)
    else:
        new = rng.randrange(1, 1 << (8 * f.width))
    _pack(buf, f.off, f.width, new, be)
    return "%s%s %#x->%#x" % (f.kind, "" if f.info is None else repr(f.info), old, new), False


def _strings(fields):
    """Per string: its (max, offset, actual, data) fields."""
    groups, cur = [], []
    for f in fields:
        if f.kind in ("str_max", "str_offset", "str_actual", "str_data"):
            cur.append(f)
            if f.kind == "str_data":
                groups.append(cur)
                cur = []
    return groups


def m_string_counts(rng, buf, fields, flavour):
    be = big_endian(flavour)
    groups = _strings(fields)
    if not groups:
        return None
    mx_f, off_f, act_f, data_f = rng.choice(groups)
    W = mx_f.width
    mx = _get(buf, mx_f.off, W, be)
    act = _get(buf, act_f.off, W, be)
    what = rng.randrange(7)
    if what == 0:      # offset != 0
        v = rng.choice([1, act, 0xFFFFFFFF] + _huge(W))
        _pack(buf, off_f.off, W, v, be)
        return "str_offset=%#x" % v, "error"
    if what == 1:      # actual > max
        v = mx + rng.choice([1, 2, 100])
        _pack(buf, act_f.off, W, v, be)
        return "str_actual=max+%d" % (v - mx), "error"
    if what == 2:      # actual huge (beyond the stub)
        v = rng.choice(_huge(W))
        _pack(buf, act_f.off, W, v, be)
        # more code units than the stub holds: cut short, dissection must stop
        return "str_actual=%#x" % v, "throw"
    if what == 3:      # actual 0 or one short: no terminator among the counted units
        v = rng.choice([0, act - 1])
        _pack(buf, act_f.off, W, v, be)
        return "str_actual=%d(was %d)" % (v, act), "error"
    if what == 4:      # max below actual
        v = rng.choice([0, act - 1])
        if v >= act:
            return None
        _pack(buf, mx_f.off, W, v, be)
        return "str_max=%d(actual %d)" % (v, act), "error"
    if what == 5:      # max huge: still well formed
        v = rng.choice(_huge(W))
        _pack(buf, mx_f.off, W, v, be)
        return "str_max=%#x" % v, False
    # all three counts huge / random
    for f in (mx_f, off_f, act_f):
        _pack(buf, f.off, W, rng.randrange(1 << (8 * W)), be)
    return "str_counts=random", False


def m_string_units(rng, buf, fields, flavour):
    be = big_endian(flavour)
    groups = _strings(fields)
    if not groups:
        return None
    data_f = rng.choice(groups)[3]
    n = data_f.width // 2          # code units, terminator included
    what = rng.randrange(4)
    if what == 0:                  # missing terminator
        _pack(buf, data_f.off + 2 * (n - 1), 2, rng.choice([0x41, 0xD800, 0x20AC]), be)
        return "str_no_nul", "error"
    if n < 2:
        return None
    i = rng.randrange(n - 1)
    at = data_f.off + 2 * i
    if what == 1:                  # lone low surrogate
        if i and 0xD800 <= _get(buf, at - 2, 2, be) <= 0xDBFF:
            _pack(buf, at - 2, 2, 0x41, be)
        _pack(buf, at, 2, 0xDC00 + rng.randrange(0x400), be)
        return "str_lone_low@%d" % i, "error"
    if what == 2:                  # lone high surrogate
        if i + 1 < n - 1 and 0xDC00 <= _get(buf, at + 2, 2, be) <= 0xDFFF:
            _pack(buf, at + 2, 2, 0x41, be)
        _pack(buf, at, 2, 0xD800 + rng.randrange(0x400), be)
        return "str_lone_high@%d" % i, "error"
    v = rng.choice([0, 0xFFFF, 0xFFFE, 0x0A, 0x09, 0x7F, 0x202E, 0xFEFF])
    _pack(buf, at, 2, v, be)
    return "str_unit@%d=%#x" % (i, v), False


def m_truncate(rng, buf, fields, flavour):
    if len(buf) < 2:
        return None
    cut = rng.randrange(1, len(buf))
    del buf[cut:]
    return "truncate@%d" % cut, "throw"


def m_flip(rng, buf, fields, flavour):
    if not buf:
        return None
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        if rng.random() < 0.5:
            buf[i] ^= 1 << rng.randrange(8)
        else:
            buf[i] = rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])
    return "flip", False


def m_shift(rng, buf, fields, flavour):
    i = rng.randrange(len(buf) + 1)
    k = rng.choice([1, 2, 3, 4, 8])
    if rng.random() < 0.5 and len(buf) > k:
        del buf[i:i + k]
        return "delete %d@%d" % (k, i), False
    buf[i:i] = bytes(rng.randrange(256) for _ in range(k))
    return "insert %d@%d" % (k, i), False


def m_junk(rng, buf, fields, flavour):
    buf.extend(bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))))
    return "trailing junk", False


MUTATORS = [(m_count, 14), (m_total, 4), (m_level, 7), (m_referent, 12),
            (m_string_counts, 16), (m_string_units, 10), (m_truncate, 10),
            (m_flip, 14), (m_shift, 6), (m_junk, 3)]
_WEIGHTS = [w for _, w in MUTATORS]


def mutate(rng, stub, fields, flavour):
    """Returns (bytes, [names], certainty): certainty is "throw" (the
    dissection must end in [Malformed Packet]), "error" (an expert error or
    [Malformed Packet]) or False (no certain effect)."""
    buf = bytearray(stub)
    names, certain = [], []
    n = rng.choices([1, 2, 3], [70, 20, 10])[0]
    tries = 0
    while len(names) < n and tries < 20:
        tries += 1
        fn = rng.choices(MUTATORS, _WEIGHTS)[0][0]
        r = fn(rng, buf, fields, flavour)
        if r is None:
            continue
        names.append(r[0])
        certain.append(r[1])
        if fn in (m_truncate, m_shift, m_junk):   # field map no longer valid
            break
    # only a single mutation's effect is certain
    return bytes(buf), names, certain[0] if len(names) == 1 else False


# --------------------------------------------------------------------------
# Pcaps

def _conv_style(rng, flavour, index):
    """Conversation keyword arguments: transfer syntax, then how PDUs are cut."""
    import wkssvc_edge as W   # its CONV_KW has big_ndr64 too
    kw = dict(W.CONV_KW[flavour])
    style = rng.choices(["plain", "small", "tiny", "coalesce", "offer_both"], [45, 20, 15, 15, 5])[0]
    if style == "tiny":
        kw.update(frag_align=1, mss=rng.choice([40, 97, 1460]))
    elif style == "small":
        kw.update(mss=rng.choice([60, 200, 536]))
    elif style == "coalesce":
        kw.update(coalesce=True, frag_align=rng.choice([1, 8]), mss=rng.choice([100, 333, 1460]))
    elif style == "offer_both":
        kw.update(offer_both=True)
    # one client address per conversation; client ports stay in 49152-53247, where
    # Wireshark 4.0 registers no TCP port (57000, for one, is IRC's and would win
    # over DCE-RPC's heuristic)
    kw.update(client_ip="10.%d.%d.%d" % (1 + index // 65536 % 200, index // 256 % 256, index % 256),
              server_ip="10.200.0.2", sport=49152 + index % 4096, dport=135)
    return kw, style


def _frag_size(rng, style, stub_len):
    if style == "tiny":
        return 24 + max(rng.randint(1, 16), stub_len // 48)
    if style in ("small", "coalesce") and rng.random() < 0.6:
        return 24 + max(8 * rng.randint(1, 12), (stub_len // 48 + 7) // 8 * 8)
    return None


def plan_pcap(rng, seeds_by_flavour, n_calls, calls_per_conv, conv_base):
    """The conversations and mutated calls of one pcap, as JSON-able data."""
    convs, calls = [], []
    left = n_calls
    index = conv_base
    while left > 0:
        flavour = rng.choice(FLAVOURS)
        iface = "wkssvc" if rng.random() < WKSSVC_SHARE else "srvsvc"
        kw, style = _conv_style(rng, flavour, index)
        index += 1
        convs.append({"kw": kw, "flavour": flavour, "iface": iface,
                      "marker": CONTROL_MARK + (index % 0x1000) * 16})
        for _ in range(min(calls_per_conv, left)):
            seed = rng.choice(seeds_by_flavour[(iface, flavour)])
            req, resp = seed.req, seed.resp
            resp, names, certain = mutate(rng, resp, seed.resp_fields, flavour)
            req_names = []
            if rng.random() < 0.15:
                req, req_names, _ = mutate(rng, req, seed.req_fields, flavour)
                certain = False   # the response may not be srvsess's to decode
            calls.append({"conv": len(convs) - 1, "opnum": seed.opnum, "req": req.hex(),
                          "resp": resp.hex(), "frag_size": _frag_size(rng, style, max(len(req), len(resp))),
                          "what": names + ["req:" + x for x in req_names], "how": certain})
            left -= 1
    return {"convs": convs, "calls": calls}


def write_plan(path, plan, only=None):
    """Writes the pcap of `plan` (only the calls whose indexes are in `only`,
    when given) and its sidecar `path`.json: control calls, calls that must be
    reported as malformed, and the plan itself (for minimising)."""
    if only is not None:      # the sidecar keeps only what the pcap holds
        keep = sorted({plan["calls"][i]["conv"] for i in only})
        renum = {old: new for new, old in enumerate(keep)}
        plan = {"convs": [plan["convs"][c] for c in keep],
                "calls": [dict(call, conv=renum[call["conv"]])
                          for i, call in enumerate(plan["calls"]) if i in only]}
    meta = {"pcap": os.path.basename(path), "mutated": 0, "controls": [], "must_be_malformed": [],
            "plan": plan}
    convs = []
    by_conv = {}
    for call in plan["calls"]:
        by_conv.setdefault(call["conv"], []).append(call)
    for ci, spec in enumerate(plan["convs"]):
        if ci not in by_conv:
            continue
        kw = dict(spec["kw"])
        iface = spec.get("iface", "srvsvc")
        if iface == "wkssvc":
            import wkssvc_edge as W
            kw.update(iface_uuid=W.WKSSVC_UUID, iface_version=W.WKSSVC_VERSION)
        c = D.Conversation(kw.pop("client_ip"), kw.pop("server_ip"), kw.pop("sport"), kw.pop("dport"),
                           **kw)
        convs.append(c)
        ctl = (wkst_control_seed if iface == "wkssvc" else control_seed)(spec["flavour"], spec["marker"])
        for call in by_conv[ci]:
            cid = c.call(call["opnum"], bytes.fromhex(call["req"]), bytes.fromhex(call["resp"]),
                         frag_size=call["frag_size"])
            if call["how"]:
                meta["must_be_malformed"].append({"call_id": cid, "client": c.client_ip,
                                                  "sport": c.sport, "what": call["what"],
                                                  "how": call["how"]})
            cid = c.call(ctl.opnum, ctl.req, ctl.resp, frag_size=4280)
            meta["controls"].append({"call_id": cid, "client": c.client_ip, "sport": c.sport, "iface": iface,
                                     "marker": spec["marker"], "flavour": spec["flavour"],
                                     "after": call["what"]})
            meta["mutated"] += 1
    D.write_pcap(path, convs)
    with open(path + ".json", "w") as fh:
        json.dump(meta, fh, indent=0)
    return meta


def build_pcap(path, rng, seeds_by_flavour, n_calls, calls_per_conv, conv_base):
    """n_calls mutated calls (each followed by a control call) into `path`."""
    return write_plan(path, plan_pcap(rng, seeds_by_flavour, n_calls, calls_per_conv, conv_base))


_SEEDS = None


def seeds():
    global _SEEDS
    if _SEEDS is None:
        _SEEDS = {("srvsvc", f): make_seeds(f) for f in FLAVOURS}
        _SEEDS.update({("wkssvc", f): make_wkst_seeds(f) for f in FLAVOURS})
    return _SEEDS


def generate(out, seed, calls, per_pcap=200, calls_per_conv=100, prefix="fz", first=0):
    """Writes ceil(calls / per_pcap) pcaps; pcap i depends only on (seed, i)."""
    os.makedirs(out, exist_ok=True)
    s = seeds()
    paths = []
    i = first
    left = calls
    while left > 0:
        n = min(per_pcap, left)
        rng = random.Random("%s-%d" % (seed, i))
        path = os.path.join(out, "%s-s%s-%05d.pcap" % (prefix, seed, i))
        build_pcap(path, rng, s, n, calls_per_conv, i * 1000)
        paths.append(path)
        left -= n
        i += 1
    return paths


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="1")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--per-pcap", type=int, default=200)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="fz")
    ap.add_argument("--first", type=int, default=0, help="index of the first pcap")
    a = ap.parse_args(argv)
    for p in generate(a.out, a.seed, a.calls, a.per_pcap, prefix=a.prefix, first=a.first):
        print(p)


if __name__ == "__main__":
    main()
