#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""SMB3 session keys from Samba's `debug encryption = yes` dumps -> pcaps/NAME.keys.

With `debug encryption = yes` smbd (and libsmb clients such as rpcclient) print,
at log level 0, every SMB3 session they set up:

    debug encryption: dumping generated session keys
    Session Id    [0000] 14 FA 28 A3 00 00 00 00                     ..(.....
    Session Key   [0000] F6 62 0F 26 5C B0 36 5B   F5 98 19 E6 ...   .b.&\\.6[ ....
    Signing Algo: 2
    Signing Key   [0000] ...
    App Key       [0000] ...
    Cipher Algo: 2
    ServerIn Key  [0000] ...        (a client prints ClientIn / ClientOut)
    ServerOut Key [0000] ...

Bytes are in wire order (the Session Id as it appears in the SMB2 header), a
key longer than 16 bytes continues on lines starting with "[0010]".

    smb3_keys.py --capture NAME.pcap --made-by SCRIPT --server-log smbd.out \
        [--client-log rpcclient.log ...] --out pcaps/NAME.keys

The keys file holds the server's view; every session a client log also dumped
must carry the same keys there (a cross-check of the two ends), and only the
sessions the client logs name are kept when client logs are given.  Stored as
JSON so the test can build the UAT row for whatever Wireshark runs it.
"""
import argparse
import json
import re
import sys

from rpcclient_truth import read_text  # logs may hold bytes that are not UTF-8

NAMES = {"Session Id": "session_id", "Session Key": "session_key",
         "Signing Key": "signing_key", "App Key": "application_key",
         "ServerIn Key": "c2s_key", "ServerOut Key": "s2c_key",
         # the client's view of the same two keys
         "ClientOut Key": "c2s_key", "ClientIn Key": "s2c_key"}
LINE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*\[([0-9A-Fa-f]{4})\]((?: {1,3}[0-9A-Fa-f]{2})+)")
CONT_RE = re.compile(r"^\s*\[([0-9A-Fa-f]{4})\]((?: {1,3}[0-9A-Fa-f]{2})+)")
ALGO_RE = re.compile(r"^\s*(Signing|Cipher) Algo: (\d+)")


def parse(text):
    sessions, cur, last = [], None, None
    for line in text.splitlines():
        if "debug encryption: dumping generated session keys" in line:
            cur, last = {}, None
            sessions.append(cur)
            continue
        if cur is None:
            continue
        m = LINE_RE.match(line)
        if m and m.group(1) in NAMES:
            last = NAMES[m.group(1)]
            cur[last] = "".join(m.group(3).split()).lower()
            continue
        m = CONT_RE.match(line)
        if m and last is not None and int(m.group(1), 16) == len(cur[last]) // 2:
            cur[last] += "".join(m.group(2).split()).lower()
            continue
        m = ALGO_RE.match(line)
        if m:
            cur[m.group(1).lower() + "_algo"] = int(m.group(2))
            last = None
            continue
        last = None
    for s in sessions:
        if "session_id" not in s or len(s["session_id"]) != 16:
            raise SystemExit("a key dump without an 8-byte Session Id: %r" % s)
    return sessions


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capture", required=True)
    ap.add_argument("--made-by", required=True)
    ap.add_argument("--server-log", required=True)
    ap.add_argument("--client-log", action="append", default=[])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    server = {s["session_id"]: s for s in parse(read_text(a.server_log))}
    keep = list(server)
    if a.client_log:
        keep = []
        for path in a.client_log:
            for c in parse(read_text(path)):
                s = server.get(c["session_id"])
                if s is None:
                    sys.exit("session %s dumped by %s, not by smbd" % (c["session_id"], path))
                for k in ("session_key", "c2s_key", "s2c_key"):
                    if c.get(k) != s.get(k):
                        sys.exit("session %s: %s differs between smbd and %s" % (c["session_id"], k, path))
                if c["session_id"] not in keep:
                    keep.append(c["session_id"])
    if not keep:
        sys.exit("no SMB3 session keys dumped (debug encryption = yes?)")
    out = {"capture": a.capture, "made_by": a.made_by,
           "source": "smbd's `debug encryption = yes` dump, cross-checked with the client's",
           "sessions": [server[k] for k in keep]}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("%s: %d session(s)" % (a.out, len(keep)))


if __name__ == "__main__":
    main()
