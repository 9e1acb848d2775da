#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""impacket's own clients asking who is logged on / who holds sessions:
wkssvc NetrWkstaUserEnum through `impacket.dcerpc.v5.wkst.hNetrWkstaUserEnum`
and srvsvc NetrSessionEnum through `impacket.dcerpc.v5.srvs.hNetrSessionEnum`,
unmodified, over SMB2, SMB1 or ncacn_ip_tcp (MS-WKST 3.2.4.3, MS-SRVS 3.1.4.5).

Used by tests/gen/record_wkssvc_impacket.sh and record_wkssvc_sharphound.sh.

    impacket_enum_client.py [--transport smb2|smb1|tcp] [--port N] [--pause S]
        [--user U --password P --domain D] --out JSONL HOST:CALL[,CALL...] ...

CALL is `wkst0`, `wkst1` (NetrWkstaUserEnum level 0 / 1) or `sess10` (NetrSessionEnum
level 10, NULL qualifiers, as SharpHound asks).  For each HOST the client first
binds every pipe it needs (one DCE-RPC connection per interface), then sends
the calls back to back, so the calls to one host lie milliseconds apart, as
SharpHound's do; --pause S sleeps between hosts.  What the client made of each
answer goes to --out, one JSON line per call: user names, TotalEntries,
the return value impacket raised (0 when none) (a cross-check only: the truth is
the server handler's log; impacket 0.10 reads wkssvc's ResumeHandle as a plain
ULONG, see impacket_srvsvc_server.py).
"""

import argparse
import json
import sys
import time

from impacket import smb
from impacket.dcerpc.v5 import srvs, transport, wkst
from impacket.dcerpc.v5.rpcrt import DCERPCException

IFACES = {"wkst": (wkst.MSRPC_UUID_WKST, "\\pipe\\wkssvc"),
          "sess": (srvs.MSRPC_UUID_SRVS, "\\pipe\\srvsvc")}


def text(v):
    s = str(v)
    return s[:-1] if s.endswith("\x00") else s


def connect(host, iface, args):
    uuid, pipe = IFACES[iface]
    if args.transport == "tcp":
        binding = "ncacn_ip_tcp:%s[%d]" % (host, args.port)
    else:
        binding = "ncacn_np:%s[%s]" % (host, pipe)
    t = transport.DCERPCTransportFactory(binding)
    if args.transport != "tcp":
        t.set_credentials(args.user, args.password, args.domain)
        if args.transport == "smb1":
            t.preferred_dialect(smb.SMB_DIALECT)
    dce = t.get_dce_rpc()
    dce.connect()
    dce.bind(uuid)
    return dce


def call(dce, name):
    if name.startswith("wkst"):
        level = int(name[4:])
        r = wkst.hNetrWkstaUserEnum(dce, level)
        buf = r["UserInfo"]["WkstaUserInfo"]["Level%d" % level]["Buffer"]
        return {"call": name, "usernames": [text(u["wkui%d_username" % level]) for u in buf],
                "total_entries": int(r["TotalEntries"])}
    level = int(name[4:])
    r = srvs.hNetrSessionEnum(dce, srvs.NULL, srvs.NULL, level)
    buf = r["InfoStruct"]["SessionInfo"]["Level%d" % level]["Buffer"]
    return {"call": name, "usernames": [text(s["sesi%d_username" % level]) for s in buf],
            "total_entries": int(r["TotalEntries"])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--transport", choices=["smb2", "smb1", "tcp"], default="smb2")
    ap.add_argument("--port", type=int, default=135, help="ncacn_ip_tcp port")
    ap.add_argument("--user", default="srvsess")
    ap.add_argument("--password", default="secret")
    ap.add_argument("--domain", default="SRVSESS")
    ap.add_argument("--pause", type=float, default=0.0, help="seconds between hosts")
    ap.add_argument("--out", required=True)
    ap.add_argument("targets", nargs="+", help="HOST:CALL[,CALL...]")
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        for n, target in enumerate(args.targets):
            if n and args.pause:
                time.sleep(args.pause)
            host, calls = target.split(":", 1)
            calls = calls.split(",")
            dces = {}
            for c in calls:                   # bind first: the calls then go back to back
                iface = c[:4]
                if iface not in dces:
                    dces[iface] = connect(host, iface, args)
            for c in calls:
                try:
                    r = call(dces[c[:4]], c)
                    r["status"] = 0
                except DCERPCException as e:    # impacket raises on a non-zero return value
                    r = {"call": c, "usernames": [], "status": e.get_error_code()}
                r["host"] = host
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
            for dce in dces.values():
                dce.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
