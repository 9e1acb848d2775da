#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap_variants.py - the same conversations in another wrapping, for the
srvsess-scan prefilter's tests: what its BPF filters must see through.

    pcap_variants.py IN.pcap OUT.pcap [--vlan VID[,VID]] [--ipv6] [--port A:B ...]

IN is a classic pcap of Ethernet frames holding IPv4 (what tests/gen writes
and what the loopback recordings hold). Every frame is rewritten:

  --vlan 7        one 802.1Q tag (TPID 0x8100, VLAN 7) after the MAC addresses
  --vlan 9,7      802.1ad outer tag 9 (TPID 0x88a8), then 802.1Q inner tag 7
  --ipv6          the IPv4 header becomes a 40-byte IPv6 header (a.b.c.d ->
                  fd00::a.b.c.d), TCP and UDP checksums recomputed over the
                  IPv6 pseudo header; hop limit = TTL
  --port A:B      TCP port A becomes B, both directions (repeatable)
  --rawip         no link layer: LINKTYPE_RAW (101), each frame its IP packet
                  (merged with an Ethernet capture: a pcapng of two link types)

Wireshark's other tools cannot do this (editcap has no VLAN or IPv6
rewriting; tcprewrite's VLAN mode leaves the lengths wrong on these
captures), and the frames here are ours, so a few lines of struct do it.
Standard library only.
"""
import argparse
import struct
import sys


def checksum(data):
    if len(data) & 1:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def rewrite(frame, vlans, ipv6, ports):
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return frame        # not IPv4 over Ethernet: as it is
    macs, ip = frame[:12], frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    proto = ip[9]
    total = struct.unpack("!H", ip[2:4])[0]
    l4 = bytearray(ip[ihl:total])
    frag = struct.unpack("!H", ip[6:8])[0] & 0x3FFF
    if proto == 6 and not frag and len(l4) >= 20:
        sp, dp = struct.unpack("!HH", l4[:4])
        l4[0:4] = struct.pack("!HH", ports.get(sp, sp), ports.get(dp, dp))
    if ipv6:
        src = b"\xfd" + b"\0" * 11 + ip[12:16]
        dst = b"\xfd" + b"\0" * 11 + ip[16:20]
        if proto in (6, 17) and not frag:
            at = 16 if proto == 6 else 6
            l4[at:at + 2] = b"\0\0"
            pseudo = src + dst + struct.pack("!IxxxB", len(l4), proto)
            c = checksum(pseudo + bytes(l4))
            if proto == 17 and c == 0:
                c = 0xFFFF
            l4[at:at + 2] = struct.pack("!H", c)
        l3 = struct.pack("!IHBB", 6 << 28, len(l4), proto, ip[8]) + src + dst
        ethertype = b"\x86\xdd"
    else:
        if proto == 6 and not frag and len(l4) >= 20:
            l4[16:18] = b"\0\0"
            pseudo = ip[12:20] + struct.pack("!BBH", 0, 6, len(l4))
            l4[16:18] = struct.pack("!H", checksum(pseudo + bytes(l4)))
        l3 = ip[:ihl]
        ethertype = b"\x08\x00"
    tags = b""
    for i, vid in enumerate(vlans):
        tpid = b"\x88\xa8" if i == 0 and len(vlans) > 1 else b"\x81\x00"
        tags += tpid + struct.pack("!H", vid & 0x0FFF)
    return macs + tags + ethertype + l3 + bytes(l4) + ip[total:]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--vlan", default="")
    ap.add_argument("--ipv6", action="store_true")
    ap.add_argument("--port", action="append", default=[])
    ap.add_argument("--rawip", action="store_true")
    a = ap.parse_args()
    vlans = [int(v) for v in a.vlan.split(",") if v]
    ports = {}
    for p in a.port:
        x, y = p.split(":")
        ports[int(x)] = int(y)
    with open(a.inp, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1" or magic == b"\x4d\x3c\xb2\xa1":
        e = "<"
    elif magic == b"\xa1\xb2\xc3\xd4" or magic == b"\xa1\xb2\x3c\x4d":
        e = ">"
    else:
        sys.exit(f"{a.inp}: not a classic pcap")
    if struct.unpack(e + "I", data[20:24])[0] != 1:
        sys.exit(f"{a.inp}: not Ethernet")
    out = [data[:20] + struct.pack(e + "I", 101) if a.rawip else data[:24]]
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        new = rewrite(frame, vlans, a.ipv6, ports)
        if a.rawip:
            new = new[14 + 4 * len(vlans):]
        out.append(struct.pack(e + "IIII", sec, frac, len(new), orig + len(new) - len(frame)) + new)
    with open(a.out, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main()
