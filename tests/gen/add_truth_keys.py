#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""add_truth_keys.py - adds to the truth of the captures recorded from real
servers (samba_*, impacket_*) the keys tests/TRUTH_FORMAT.md gained after they
were recorded, derived from what the programs were told, never from srvsess:

- "switch" (the SESSION_ENUM_UNION discriminant) on every NetrSessionEnum request
  and response: rpcclient and smbd marshal the union with Samba's pidl code, and
  our impacket handler with impacket's NDRUNION, and all of them write the
  discriminant from the info level of the same structure (rpcclient's -d 10
  prints show it as "ctr : union srvsvc_NetSessCtr(case N)" with N = level);
- "client" and "server" on every request: record_samba.sh and record_impacket.sh
  run smbd / impacket's server listening on 127.0.0.1 only and point rpcclient
  at 127.0.0.1, so each request goes from 127.0.0.1 (a loopback connection's
  source) to 127.0.0.1.

Idempotent; run by record_all.sh after the recordings. Usage: add_truth_keys.py [PCAPS_DIR]
"""
import glob
import json
import os
import sys

LOOPBACK = "127.0.0.1"   # record_samba.sh: interfaces = 127.0.0.1; record_impacket.sh: --listen 127.0.0.1


def add_keys(truth):
    for call in truth["calls"]:
        if call["op"] not in ("enum_request", "enum_response") or "level" not in call:
            continue
        keyed = {}
        for k, v in call.items():
            if k == "switch":
                continue
            keyed[k] = v
            if k == "level":
                keyed["switch"] = call.get("switch", v)
        if call["op"] == "enum_request":
            keyed.setdefault("client", LOOPBACK)
            keyed.setdefault("server", LOOPBACK)
        call.clear()
        call.update(keyed)
    return truth


def main(argv):
    pcaps = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pcaps")
    for path in sorted(glob.glob(os.path.join(pcaps, "samba_smb*.truth.json")) +
                       glob.glob(os.path.join(pcaps, "impacket_smb*.truth.json"))):
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        if truth.get("made_by") not in ("tests/gen/record_samba.sh", "tests/gen/record_impacket.sh"):
            continue   # another recording (other addresses): its own generator writes the keys
        with open(path, "w", encoding="utf-8") as f:
            json.dump(add_keys(truth), f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("keys added to", os.path.basename(path))


if __name__ == "__main__":
    main(sys.argv)
