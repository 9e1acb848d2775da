#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_capture.py - benchmark captures for srvsess vs the built-in srvsvc dissector.

Captures (all NDR20 little endian, level 2, 1460-byte TCP segments, written
by tests/gen/dcerpc_pcap.py):

  bench_main.pcap     60,000 sessions in 4280-byte DCE-RPC fragments: 24 TCP
                      connections (3 clients, 24 servers), each paging through
                      2,500 sessions with 10 NetrSessionEnum calls (resume
                      handles, ERROR_MORE_DATA on all but the last): 240
                      requests + 240 responses of 250 sessions each.
  bench_small.pcap    the same shape, 2 connections = 20 responses, 5,000
                      sessions (for callgrind).
  bench_anomaly.pcap  the shape of bench_main, anomaly-heavy: ANOMALY_SHARE
                      (55%) of the sessions carry one more anomaly that
                      raises a srvsess expert (guest, no encryption, undefined
                      user_flags bits, idle > active, anonymous user, LAN
                      Manager client type, a backslash inside cname), on top
                      of the realistic few; more than half of all sessions
                      raise at least one expert (counted into the sidecar as
                      "anomalous_sessions", by the same rules srvsess applies).
  bench_anomaly_small.pcap  its 5,000-session form (for callgrind).
  bench_scale_N.pcap  one connection, one request, one response of N sessions
                      (N = 10000 and 1000000 by default; the 10^6 one is ~160 MB)
                      in 65528-byte fragments (see SCALE_FRAG_SIZE).

Names are varied and deterministic (random.Random with a fixed seed): IPv4,
IPv6 and NetBIOS client names, personal, service, machine and non-ASCII user
names, a few anonymous (empty) users, guest / no-encryption flags, several
client types. Stubs are marshalled here (level-2 NDR is small and regular, and
Samba's marshaller is too slow for 10^6 sessions); --check verifies the
marshalling against Samba's own (samba.dcerpc.srvsvc, /usr/bin/python3 only).

Each capture gets a sidecar NAME.json: {"sessions": ..., "responses": ...}.

Usage: make_capture.py --out-dir DIR [--only main,small,anomaly,scale] [--scale 10000,1000000] [--check]
"""

import argparse
import json
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "gen"))

import dcerpc_pcap as D  # noqa: E402

OP_ENUM = 12
MAIN_FRAG_SIZE = 4280
# The largest fragment NDR20 allows (frag_length is 16 bits; bodies 8-aligned).
# Wireshark 4.0 reassembles a DCE-RPC message in time quadratic in its number
# of fragments (reassemble.c): 10^6 sessions in 4280-byte fragments (~38,000
# of them) cost 100-135 s of reassembly alone, with or without any srvsvc
# dissector, and that noise drowns the dissector. 65528-byte fragments keep
# the scaling measurement about the dissector (~2,500 fragments).
SCALE_FRAG_SIZE = 65528
WERR_OK = 0
ERROR_MORE_DATA = 234
SESS_GUEST = 1
SESS_NOENCRYPTION = 2
ANOMALY_SHARE = 0.55
LEGACY_CLIENT_TYPES = ("DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0")

# --------------------------------------------------------------------------
# Realistic, varied session values

FIRST = ["james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda",
         "david", "elizabeth", "william", "barbara", "richard", "susan", "joseph", "jessica",
         "thomas", "sarah", "chris", "karen", "daniel", "lisa", "matthew", "nancy", "anthony",
         "betty", "mark", "sandra", "paul", "ashley", "steven", "kimberly", "andrew", "emily",
         "kenji", "priya", "olga", "ahmed", "fatima", "lars", "ingrid", "chen", "mei", "raj"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis",
        "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson",
        "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white",
        "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker", "young",
        "allen", "king", "wright", "scott", "nguyen", "hill", "flores", "green", "tanaka",
        "kowalski", "schneider", "johansson", "okafor", "patel", "ivanova", "dubois"]
NON_ASCII_USERS = ["józef.wiśniewski", "müller.jürgen", "ådne.sørensen", "françois.lefèvre",
                   "李伟", "田中太郎", "Σωκράτης", "владимир.петров", "محمد.علي", "zoë.brontë"]
SERVICE_USERS = ["svc_backup", "svc_sql01", "svc_sccm", "svc_veeam", "svc_iis_app",
                 "sa_monitoring", "Administrator", "krbtgt_probe", "scanner", "print_svc"]
DEPTS = ["FIN", "HR", "ENG", "OPS", "SALES", "LEGAL", "IT", "MKT", "RND", "SUP"]
CLIENT_TYPES = (
    # (weight, text)
    (46, ""),                                     # SMB2/3 clients: Windows reports nothing
    (18, "Windows 10 Enterprise 19045"),
    (9, "Windows 11 Enterprise 22631"),
    (6, "Windows Server 2019 Standard 17763"),
    (4, "Windows Server 2022 Datacenter 20348"),
    (6, "Unix"),
    (5, "Samba 4.17.12-Debian"),
    (3, "Mac OS X"),
    (2, "Windows 7 Professional 7601 Service Pack 1"),
    (1, "DOS LM 2.0"),
)
_CT_TEXTS = [t for _, t in CLIENT_TYPES]
_CT_CUM = []
_acc = 0
for _w, _ in CLIENT_TYPES:
    _acc += _w
    _CT_CUM.append(_acc)


def _cname(rng):
    r = rng.random()
    if r < 0.62:
        return "\\\\10.%d.%d.%d" % (rng.randrange(0, 64), rng.randrange(0, 256), rng.randrange(1, 255))
    if r < 0.72:
        return "\\\\192.168.%d.%d" % (rng.randrange(0, 16), rng.randrange(1, 255))
    if r < 0.84:
        return "\\\\fe80::%x:%x:%x:%x" % tuple(rng.randrange(0, 0x10000) for _ in range(4))
    if r < 0.90:
        return "\\\\2001:db8:%x::%x" % (rng.randrange(0, 0x10000), rng.randrange(1, 0x10000))
    return "\\\\%s-%s-%04d" % (rng.choice(("WS", "LT", "VDI", "SRV")), rng.choice(DEPTS),
                               rng.randrange(0, 10000))


def _username(rng):
    r = rng.random()
    if r < 0.60:
        f, l = rng.choice(FIRST), rng.choice(LAST)
        style = rng.randrange(4)
        if style == 0:
            return "%s.%s" % (f, l)
        if style == 1:
            return "%s%s" % (f[0], l)
        if style == 2:
            return "%s%s%d" % (f[0], l, rng.randrange(1, 100))
        return "%s_%s" % (f.capitalize(), l.capitalize())
    if r < 0.75:
        return rng.choice(SERVICE_USERS)
    if r < 0.87:
        return "%s-%s-%04d$" % (rng.choice(("WS", "LT", "SRV")), rng.choice(DEPTS), rng.randrange(10000))
    if r < 0.95:
        return rng.choice(NON_ASCII_USERS)
    if r < 0.98:
        return "adm-%s%s" % (rng.choice(FIRST)[0], rng.choice(LAST))
    return ""                                      # anonymous (null session)


def _cltype(rng):
    x = rng.randrange(_CT_CUM[-1])
    for i, c in enumerate(_CT_CUM):
        if x < c:
            return _CT_TEXTS[i]
    return ""


def make_sessions(n, seed, anomaly_share=0.0):
    """n tuples (cname, username, num_opens, time, idle_time, user_flags, cltype_name).

    With anomaly_share > 0, that share of the sessions gets one more anomaly,
    drawn from a second generator so that the realistic values stay those of
    the same seed without anomalies."""
    rng = random.Random(seed)
    arng = random.Random(seed * 7919 + 1)
    out = []
    for _ in range(n):
        active = int(rng.expovariate(1 / 20000.0))          # mean ~5.5 h
        idle = int(active * rng.random() ** 3) if active else 0
        if rng.random() < 0.01:
            idle = active + rng.randrange(1, 600)           # the odd clock skew
        r = rng.random()
        flags = SESS_GUEST if r < 0.02 else SESS_NOENCRYPTION if r < 0.03 else 0
        s = [_cname(rng), _username(rng), min(int(rng.expovariate(1 / 4.0)), 2000),
             active, idle, flags, _cltype(rng)]
        if anomaly_share and arng.random() < anomaly_share:
            _add_anomaly(arng, s)
        out.append(tuple(s))
    return out


def _add_anomaly(rng, s):
    """One anomaly that srvsess raises an expert for (srvsess-session.c)."""
    k = rng.randrange(7)
    if k == 0:
        s[5] |= SESS_GUEST                                  # srvsess.guest_session
    elif k == 1:
        s[5] |= SESS_NOENCRYPTION                           # srvsess.noencryption_session
    elif k == 2:
        s[5] |= rng.choice((0x4, 0x10, 0x80000000))         # srvsess.user_flags_undefined
    elif k == 3:
        s[4] = s[3] + rng.randrange(1, 86400)               # srvsess.idle_exceeds_time
    elif k == 4:
        s[1] = ""                                           # srvsess.anonymous_session
    elif k == 5:
        s[6] = rng.choice(LEGACY_CLIENT_TYPES)              # srvsess.legacy_client
    else:
        s[0] = s[0] + "\\IPC$"                            # srvsess.cname_backslash


def is_anomalous(session):
    """Whether srvsess raises at least one expert on this level-2 session."""
    cname, user, _opens, active, idle, flags, cltype = session
    rest = cname[2:] if cname.startswith("\\\\") else cname
    return (flags != 0 or idle > active or user == "" or cltype in LEGACY_CLIENT_TYPES
            or "\\" in rest)


# --------------------------------------------------------------------------
# NDR20 little endian marshalling of NetrSessionEnum level 2

def _cvstring(text):
    """[string] wchar_t* pointee: max count, offset, actual count, UTF-16LE + NUL, pad 4."""
    data = text.encode("utf-16-le") + b"\x00\x00"
    n = len(data) // 2
    return struct.pack("<III", n, 0, n) + data + b"\x00" * (-len(data) % 4)


class _Referents:
    def __init__(self):
        self.next = 0x00020000

    def __call__(self):
        r = self.next
        self.next += 4
        return r


def enum_request_stub(server_unc, level, prefmaxlen, resume):
    ref = _Referents()
    out = [struct.pack("<I", ref()), _cvstring(server_unc),
           struct.pack("<II", 0, 0),                      # ClientName, UserName: NULL
           struct.pack("<III", level, level, ref()),     # InfoStruct: level, switch, ->ctr2
           struct.pack("<II", 0, 0),                      # ctr2: EntriesRead 0, Buffer NULL
           struct.pack("<I", prefmaxlen)]
    if resume is None:
        out.append(struct.pack("<I", 0))
    else:
        out.append(struct.pack("<II", ref(), resume))
    return b"".join(out)


def enum_response_stub(sessions, total, resume, status):
    ref = _Referents()
    n = len(sessions)
    # InfoStruct: level, union discriminant, ->container; container: EntriesRead,
    # ->array; array: conformance, the fixed parts, then every element's strings
    head = struct.pack("<III", 2, 2, ref()) + struct.pack("<II", n, ref() if n else 0)
    parts = [head]
    if n:
        parts.append(struct.pack("<I", n))
        pack7 = struct.Struct("<7I").pack
        cv = _cvstring
        strings = []
        for cname, user, opens, active, idle, flags, cltype in sessions:
            parts.append(pack7(ref(), ref(), opens, active, idle, flags, ref()))
            strings.append(cv(cname))
            strings.append(cv(user))
            strings.append(cv(cltype))
        parts.extend(strings)
    tail = struct.pack("<I", total)
    tail += struct.pack("<II", ref(), resume) if resume is not None else struct.pack("<I", 0)
    tail += struct.pack("<I", status)
    parts.append(tail)
    return b"".join(parts)


# --------------------------------------------------------------------------
# Captures

def paged_capture(path, n_conns, calls_per_conn, per_call, seed, anomaly_share=0.0):
    """n_conns connections, each paging calls_per_conn x per_call sessions."""
    convs = []
    responses = 0
    sessions_total = 0
    anomalous = 0
    for c in range(n_conns):
        client = "10.200.0.%d" % (11 + c % 3)
        server = "10.100.%d.%d" % (c // 200, 10 + c % 200)
        conv = D.Conversation(client, server, 49700 + c, 135, frag_size=MAIN_FRAG_SIZE)
        total = calls_per_conn * per_call
        all_sessions = make_sessions(total, seed * 1000 + c, anomaly_share)
        anomalous += sum(1 for x in all_sessions if is_anomalous(x))
        resume = None
        for k in range(calls_per_conn):
            req = enum_request_stub("\\\\" + server, 2, 0xFFFF * 2 if k % 2 else 0x10000, resume)
            chunk = all_sessions[k * per_call:(k + 1) * per_call]
            last = k == calls_per_conn - 1
            resume = (k + 1) * per_call
            resp = enum_response_stub(chunk, total, resume if not last else 0,
                                      WERR_OK if last else ERROR_MORE_DATA)
            conv.call(OP_ENUM, req, resp)
            responses += 1
            sessions_total += len(chunk)
        convs.append(conv)
    frames = D.write_pcap(path, convs)
    return {"sessions": sessions_total, "responses": responses, "frames": frames,
            "sessions_per_response": per_call, "anomalous_sessions": anomalous}


def scale_capture(path, n, seed, frag_size):
    conv = D.Conversation("10.200.0.50", "10.100.9.9", 50000, 135, frag_size=frag_size)
    sessions = make_sessions(n, seed)
    req = enum_request_stub("\\\\10.100.9.9", 2, 0xFFFFFFFF, None)
    resp = enum_response_stub(sessions, n, 0, WERR_OK)
    del sessions
    conv.call(OP_ENUM, req, resp)
    stub_len = len(resp)
    del req, resp
    frames = D.write_pcap(path, [conv])
    return {"sessions": n, "responses": 1, "frames": frames, "sessions_per_response": n,
            "stub_bytes": stub_len, "frag_size": frag_size}


def _write_meta(path, meta):
    with open(path[:-len(".pcap")] + ".json", "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


def check_against_samba():
    """Our marshalling == Samba's, for requests and responses (incl. empty)."""
    from samba.dcerpc import srvsvc
    from samba.ndr import ndr_pack_in, ndr_pack_out

    def samba_enum(server, sessions, total, resume_in, resume_out, status, prefmaxlen):
        e = srvsvc.NetSessEnum()
        e.in_server_unc = server
        e.in_client = None
        e.in_user = None
        ctr = srvsvc.NetSessInfoCtr()
        ctr.level = 2
        c = srvsvc.NetSessCtr2()
        c.count = 0
        c.array = None
        ctr.ctr = c
        e.in_info_ctr = ctr
        e.in_max_buffer = prefmaxlen
        e.in_resume_handle = resume_in
        octr = srvsvc.NetSessInfoCtr()
        octr.level = 2
        oc = srvsvc.NetSessCtr2()
        oc.count = len(sessions)
        infos = []
        for cname, user, opens, active, idle, flags, cltype in sessions:
            i = srvsvc.NetSessInfo2()
            i.client, i.user, i.num_open, i.time = cname, user, opens, active
            i.idle_time, i.user_flags, i.client_type = idle, flags, cltype
            infos.append(i)
        oc.array = infos if sessions else None
        octr.ctr = oc
        e.out_info_ctr = octr
        e.out_totalentries = total
        e.out_resume_handle = resume_out
        e.result = status
        return ndr_pack_in(e), ndr_pack_out(e)

    cases = [(make_sessions(37, 7), 250, None, 37, ERROR_MORE_DATA, 0xFFFFFFFF),
             (make_sessions(5, 8), 5, 1000, 0, WERR_OK, 0x10000),
             ([], 0, 3, None, WERR_OK, 0x20000)]
    for sessions, total, r_in, r_out, status, pml in cases:
        s_req, s_resp = samba_enum("\\\\10.100.0.10", sessions, total, r_in, r_out, status, pml)
        o_req = enum_request_stub("\\\\10.100.0.10", 2, pml, r_in)
        if s_req != o_req:
            raise SystemExit("request stub differs from Samba's:\n%s\n%s" % (s_req.hex(), o_req.hex()))
        if r_out is None:
            continue   # our response always carries a resume handle pointer
        o_resp = enum_response_stub(sessions, total, r_out, status)
        if s_resp != o_resp:
            raise SystemExit("response stub differs from Samba's:\n%s\n%s" % (s_resp.hex(), o_resp.hex()))
    print("marshalling matches Samba's (%d cases)" % len(cases))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--only", default="main,small,anomaly,scale",
                    help="comma list of main, small, anomaly, scale (default all)")
    ap.add_argument("--scale", default="10000,1000000", help="session counts of the scaling captures")
    ap.add_argument("--scale-frag-size", type=int, default=SCALE_FRAG_SIZE,
                    help="DCE-RPC fragment size of the scaling captures (default %(default)s)")
    ap.add_argument("--check", action="store_true", help="compare the marshalling with Samba's first")
    ap.add_argument("--force", action="store_true", help="rewrite captures that already exist")
    args = ap.parse_args(argv)

    if args.check:
        check_against_samba()
    os.makedirs(args.out_dir, exist_ok=True)
    want = set(args.only.split(","))
    jobs = []
    if "main" in want:
        jobs.append(("bench_main.pcap", lambda p: paged_capture(p, 24, 10, 250, seed=1)))
    if "small" in want:
        jobs.append(("bench_small.pcap", lambda p: paged_capture(p, 2, 10, 250, seed=2)))
    if "anomaly" in want:
        jobs.append(("bench_anomaly.pcap",
                     lambda p: paged_capture(p, 24, 10, 250, seed=4, anomaly_share=ANOMALY_SHARE)))
        jobs.append(("bench_anomaly_small.pcap",
                     lambda p: paged_capture(p, 2, 10, 250, seed=5, anomaly_share=ANOMALY_SHARE)))
    if "scale" in want:
        for n in (int(x) for x in args.scale.split(",") if x):
            jobs.append(("bench_scale_%d.pcap" % n, lambda p, n=n: scale_capture(p, n, 3, args.scale_frag_size)))
    for name, make in jobs:
        path = os.path.join(args.out_dir, name)
        meta_path = path[:-len(".pcap")] + ".json"
        if not args.force and os.path.exists(path) and os.path.exists(meta_path) \
                and os.path.getmtime(path) >= os.path.getmtime(__file__):
            print("%s: up to date" % path)
            continue
        tmp = path + ".tmp"
        meta = make(tmp)
        os.replace(tmp, path)
        _write_meta(path, meta)
        print("%s: %d sessions in %d responses, %d frames, %.1f MB%s"
              % (path, meta["sessions"], meta["responses"], meta["frames"],
                 os.path.getsize(path) / 1e6,
                 ", %d sessions raise an expert" % meta["anomalous_sessions"]
                 if "anomalous_sessions" in meta else ""))


if __name__ == "__main__":
    main()
