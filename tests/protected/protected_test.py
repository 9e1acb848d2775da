#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks on the protected captures (issue 10: encrypted SMB3, sealed DCE-RPC).

Each capture pcaps/NAME.pcap has NAME.truth.json (rpcclient's own prints) and
NAME.keys (JSON: the SMB3 session keys smbd dumped, or the NTLMSSP password),
written by tests/gen/record_protected.sh. The keys reach tshark only through
Wireshark's own mechanisms: the smb2_seskey_list UAT and ntlmssp.nt_password.

  truth PCAP [--aes-keys]   with the right key, every srvsess field and expert
                            equals the truth (tests/srvsess_test.py's checker);
                            --aes-keys gives SMB3 the per-direction keys instead
                            of the session key
  silent PCAP none|wrong    with no key or a wrong one: tshark exits 0, srvsess
                            shows nothing, and the whole -V output is the stock
                            one (so nothing is malformed or flagged by srvsess);
                            and, so that this cannot pass vacuously, the right
                            key does make srvsess decode the truth's calls
  disabled-identical PCAP   with the right key: srvsess disabled prints what stock
  others-untouched PCAP     prints, and frames srvsess does not own decode as stock
                            (tests/srvsess_test.py's checks, both sides keyed)
  readme PAGE               the recipes page (docs/encrypted-captures.md) gives
                            exactly the keys and passwords in pcaps/*.keys (they
                            go stale on re-recording)
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import srvsess_test  # noqa: E402  (tests/srvsess_test.py: the truth checker)
from tshark_env import Tshark, tshark_version  # noqa: E402


def smb2_seskey_row(version, session_id, session_key="", s2c="", c2s=""):
    """One smb2_seskey_list UAT row for `-o uat:smb2_seskey_list:ROW`.

    The columns are those of the running Wireshark: 4.0.17 (its libwireshark's
    strings: Session ID, Session Key, Server-to-Client, Client-to-Server) and
    4.4 / 4.6 (Wireshark's _smb2_seskey_field_t: id, seskey, s2ckey, c2skey)
    have the same four; older layouts are not known here. Byte columns are hex,
    unquoted (a quoted value would be taken as literal bytes), an empty one "".
    """
    if version < (4, 0, 0):
        raise SystemExit(f"smb2_seskey_list layout of tshark {version} not known")
    cols = [session_id, session_key, s2c, c2s]
    return ",".join(c if c else '""' for c in cols)


def key_options(pcap, variant):
    """tshark options giving the capture's keys: variant 'right', 'aes' (SMB3
    per-direction keys only), 'wrong' (every key byte flipped / a wrong password)
    or 'none'."""
    with open(pcap[:-len(".pcap")] + ".keys", encoding="utf-8") as f:
        keys = json.load(f)
    if variant == "none":
        return []
    if "nt_password" in keys:
        if variant == "aes":
            raise SystemExit("--aes-keys is for SMB3 captures")
        pw = keys["nt_password"] + ("-wrong" if variant == "wrong" else "")
        return ["-o", f"ntlmssp.nt_password:{pw}"]
    version = tshark_version()

    def flip(hexkey):
        return bytes(b ^ 0x5A for b in bytes.fromhex(hexkey)).hex()
    opts = []
    for s in keys["sessions"]:
        if variant == "right":
            row = smb2_seskey_row(version, s["session_id"], s["session_key"])
        elif variant == "aes":
            row = smb2_seskey_row(version, s["session_id"], s2c=s["s2c_key"], c2s=s["c2s_key"])
        else:  # the right session, the wrong key
            row = smb2_seskey_row(version, s["session_id"], flip(s["session_key"]))
        opts += ["-o", f"uat:smb2_seskey_list:{row}"]
    return opts


class KeyedTshark(Tshark):
    """A hermetic tshark (tests/tshark_env.py) that gives every run the
    capture's keys, so srvsess_test.py's checks run unchanged on decrypted data."""

    def __init__(self, build, options, plugin=True):
        super().__init__(build, plugin=plugin)
        self.options = list(options)

    def run(self, args, **kw):
        return super().run(self.options + list(args), **kw)


def check_silent(build, pcap, variant):
    fail = srvsess_test.fail
    opts = key_options(pcap, variant)
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        n_truth = len(json.load(f)["calls"])
    with Tshark(build) as ours, Tshark(build, plugin=False) as stock:
        mine = ours.run(opts + ["-V"], pcap=pcap, check=False)
        theirs = stock.run(opts + ["-V"], pcap=pcap, check=False)
        if mine.returncode != 0:
            fail(f"tshark exited {mine.returncode}: {mine.stderr.decode(errors='replace')[:300]}")
        if b"srvsess" in mine.stderr.lower():
            fail(f"srvsess wrote to stderr: {mine.stderr.decode(errors='replace')[:300]}")
        found = ours.run(opts + ["-Y", "srvsess"], pcap=pcap, check=False).stdout.splitlines()
        if found:
            fail(f"{len(found)} frames carry srvsess with key '{variant}'")
        if mine.stdout != theirs.stdout:
            fail(f"-V output with srvsess differs from stock with key '{variant}'")
        # the silence must come from the key: the right one makes srvsess talk
        right = ours.run(key_options(pcap, "right") + ["-Y", "srvsess"], pcap=pcap).stdout.splitlines()
        if len(right) != n_truth:
            fail(f"with the right key srvsess decodes {len(right)} PDUs, truth has {n_truth}")
    print(f"{os.path.basename(pcap)} with key '{variant}': exit 0, no srvsess item, output as stock "
          f"({len(mine.stdout.splitlines())} lines); with the right key {len(right)} srvsess PDUs")


def check_readme(page, pcaps):
    """The recipes page (docs/encrypted-captures.md) quotes the keys files: every
    SMB3 session key row and every NTLMSSP password it gives are the recorded ones."""
    import re
    with open(page, encoding="utf-8") as f:
        text = f.read()
    name = os.path.basename(page)
    with open(os.path.join(pcaps, "samba_smb3_encrypted.keys"), encoding="utf-8") as f:
        want = {(s["session_id"], s["session_key"]) for s in json.load(f)["sessions"]}
    got = set(re.findall(r"uat:smb2_seskey_list:([0-9a-f]{16}),([0-9a-f]{32}),", text))
    if got != want:
        srvsess_test.fail(f"{name}'s smb2_seskey_list rows {sorted(got)} are not the keys file's {sorted(want)}")
    pws = set()
    for sealed in ("samba_dcerpc_sealed", "samba_np_sealed"):
        with open(os.path.join(pcaps, sealed + ".keys"), encoding="utf-8") as f:
            pws.add(json.load(f)["nt_password"])
    got = set(re.findall(r"ntlmssp\.nt_password:(\S+)", text))
    if got != pws:
        srvsess_test.fail(f"{name}'s ntlmssp.nt_password values {sorted(got)}, keys files {sorted(pws)}")
    if not srvsess_test.failures:
        print(f"{name}: {len(want)} SMB3 sessions and the NTLMSSP password as in the keys files")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("command", choices=["truth", "silent", "readme", "disabled-identical", "others-untouched"])
    ap.add_argument("pcap", help="a capture; for readme: the recipes page, docs/encrypted-captures.md")
    ap.add_argument("variant", nargs="?", choices=["none", "wrong"])
    ap.add_argument("--aes-keys", action="store_true")
    a = ap.parse_args()
    if a.command == "readme":
        check_readme(a.pcap, os.path.join(os.path.dirname(os.path.dirname(HERE)), "pcaps"))
    elif a.command in ("disabled-identical", "others-untouched"):
        # srvsess_test.py's side-by-side checks build their own stock and plugin
        # tsharks: hand them keyed ones, so both sides decrypt the same way
        opts = key_options(a.pcap, "right")
        srvsess_test.Tshark = lambda build, plugin=True: KeyedTshark(build, opts, plugin)
        {"disabled-identical": srvsess_test.check_disabled_identical,
         "others-untouched": srvsess_test.check_others_untouched}[a.command](a.build, a.pcap)
    elif a.command == "truth":
        with KeyedTshark(a.build, key_options(a.pcap, "aes" if a.aes_keys else "right")) as t:
            srvsess_test.check_truth(t, a.pcap)
    else:
        if a.variant is None:
            ap.error("silent needs none or wrong")
        check_silent(a.build, a.pcap, a.variant)
    if srvsess_test.failures:
        print(f"{len(srvsess_test.failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
