#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_mixed.py - one large mixed capture, like a file of an analyst's dumpcap ring buffer.

    make_mixed.py --out FILE.pcap [--mb 200] [--seed 1] [--share 0.03]

Writes about --mb MB (10^6 bytes) of classic pcap (Ethernet, microsecond
timestamps, every frame in time order) and a sidecar FILE.json. Most of the
bytes are other protocols, built well enough that tshark dissects them (its
TCP reassembly and the protocols' own dissectors are what a scan of such a
file pays for):

  TLS 1.2 and 1.3 on 443   hellos (SNI, supported_versions), then
                           application_data records of random bytes
  HTTP/1.1 on 80           GETs and responses with headers and bodies
  DNS over UDP 53          A/AAAA queries and answers; now and then a large
                           TXT answer over IPv4, fragmented (IP fragments)
  LDAP on 389              simple bind, search, entries, done, unbind (BER)
  Kerberos on 88 (TCP)     AS-REQ, KRB-ERROR (preauth required), AS-REQ,
                           AS-REP with random cipher texts
  SSH on 22                banners, KEXINIT, ECDH, NEWKEYS, then encrypted
                           packets
  DCE-RPC (not srvsvc)     lsarpc over ncacn_ip_tcp on a dynamic port (49668):
                           bind, LsarOpenPolicy2, LsarClose
  ARP                      non-IP frames
with some flows 802.1Q-tagged and some over IPv6.

About --share of the packet bytes are srvsvc NetrSessionEnum conversations
(level 2, paged like tests/scan/gen_captures.py; stubs from
tests/bench/make_capture.py, frames from tests/gen/dcerpc_pcap.py): on port
135 or on the dynamic port 49667 (found only by its bind), some VLAN-tagged,
some over IPv6. They are spread over the whole file, between the other flows.

TCP has correct seq/ack numbers and checksums (IPv4, IPv6, UDP too).
Everything, timestamps included, follows from --seed: the same arguments give
the same bytes. The sidecar's "sessions" and "responses" count what this
script marshalled (never read back through tshark); "srvsvc_bytes_share" is
the srvsvc frames' share of all frame bytes.
"""
import argparse
import heapq
import json
import os
import random
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "gen"))
sys.path.insert(0, HERE)

import dcerpc_pcap as D  # noqa: E402
import make_capture as M  # noqa: E402

SRVSVC_DYNAMIC_PORT = 49667
OTHER_DCERPC_PORT = 49668
LSARPC_UUID = "12345778-1234-abcd-ef00-0123456789ab"
# Packet bytes per second of capture time: a busy uplink. Only the spread of
# the timestamps depends on it (200 MB: about 100 s).
RATE = 2000000

# --------------------------------------------------------------------------
# Frames: Ethernet (optionally 802.1Q), IPv4 or IPv6, TCP or UDP


def _csum(data):
    """The Internet checksum of data (one's complement sum of 16-bit words)."""
    if len(data) & 1:
        data += b"\x00"
    n = int.from_bytes(data, "big")
    s = n % 0xFFFF
    if s == 0 and n:
        s = 0xFFFF
    return (~s) & 0xFFFF


class Host:
    """An address with its MAC: a 4-byte (IPv4) or 16-byte (IPv6) address."""
    __slots__ = ("ip", "mac", "v6")

    def __init__(self, ip):
        self.ip = ip
        self.v6 = len(ip) == 16
        self.mac = b"\x02" + (b"\x06" if self.v6 else b"\x04") + ip[-4:]


def v4(text):
    return Host(bytes(int(x) for x in text.split(".")))


def v6(prefix, a, b):
    """fd00:PREFIX::A:B as a Host."""
    return Host(struct.pack("!HH8xHH", 0xFD00, prefix, a, b))


def ether(dst, src, ethertype, vlan):
    if vlan is None:
        return dst.mac + src.mac + struct.pack("!H", ethertype)
    return dst.mac + src.mac + struct.pack("!HHH", 0x8100, vlan, ethertype)


class Path:
    """One direction of a flow: layer 2 and 3 headers and the IPv4 id."""
    __slots__ = ("src", "dst", "vlan", "ip_id")

    def __init__(self, src, dst, vlan, ip_id):
        self.src, self.dst, self.vlan, self.ip_id = src, dst, vlan, ip_id

    def packet(self, proto, l4):
        """The frame carrying the layer-4 segment l4 (checksum already in)."""
        s, d = self.src, self.dst
        if s.v6:
            return (ether(d, s, 0x86DD, self.vlan)
                    + struct.pack("!IHBB", 0x60000000, len(l4), proto, 64) + s.ip + d.ip + l4)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), self.ip_id, 0x4000, 64, proto, 0, s.ip, d.ip)
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        hdr = hdr[:10] + struct.pack("!H", _csum(hdr)) + hdr[12:]
        return ether(d, s, 0x0800, self.vlan) + hdr + l4

    def pseudo(self, proto, length):
        s, d = self.src, self.dst
        if s.v6:
            return s.ip + d.ip + struct.pack("!IxxxB", length, proto)
        return s.ip + d.ip + struct.pack("!BBH", 0, proto, length)


TCP_FIN, TCP_SYN, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x08, 0x10


class Flow:
    """Frames with their timestamps (microseconds), strictly increasing."""

    def __init__(self, t):
        self.t = t
        self.frames = []
        self.bytes = 0

    def add(self, frame, gap):
        self.t += max(1, int(gap))
        self.frames.append((self.t, frame))
        self.bytes += len(frame)


def tcp_flow(rng, t, cli, srv, sport, dport, messages, vlan=None, mss=1460, rate=None):
    """A whole TCP connection: handshake, messages, close.

    messages: [(from_client, payload, gap_us)]: gap_us is the time before the
    message's first segment (think time, server time). The receiver ACKs every
    fourth segment and the end of each message; segments of one message are
    rate bytes/s apart."""
    rtt = rng.uniform(300, 40000)
    rate = rate or rng.uniform(2e6, 40e6)
    fl = Flow(t)
    paths = {True: Path(cli, srv, vlan, rng.randrange(0x10000)), False: Path(srv, cli, vlan, rng.randrange(0x10000))}
    ports = {True: (sport, dport), False: (dport, sport)}
    seq = {True: rng.randrange(1 << 32), False: rng.randrange(1 << 32)}

    def seg(c, flags, payload=b"", options=b""):
        p = paths[c]
        sp, dp = ports[c]
        thl = 20 + len(options)
        hdr = struct.pack("!HHIIBBHHH", sp, dp, seq[c], seq[not c] if flags & TCP_ACK else 0,
                          (thl // 4) << 4, flags, 64240, 0, 0) + options
        body = hdr + payload
        ck = _csum(p.pseudo(6, len(body)) + body)
        seq[c] = (seq[c] + len(payload) + (1 if flags & (TCP_SYN | TCP_FIN) else 0)) & 0xFFFFFFFF
        return p.packet(6, body[:16] + struct.pack("!H", ck) + body[18:])

    mss_opt = struct.pack("!BBH", 2, 4, mss)
    fl.add(seg(True, TCP_SYN, options=mss_opt), 0)
    fl.add(seg(False, TCP_SYN | TCP_ACK, options=mss_opt), rtt)
    fl.add(seg(True, TCP_ACK), 20)
    step = mss * 1e6 / rate
    for c, payload, gap in messages:
        n = len(payload)
        first = True
        count = 0
        for off in range(0, n, mss):
            fl.add(seg(c, TCP_PSH | TCP_ACK if off + mss >= n else TCP_ACK, payload[off:off + mss]),
                   gap if first else step)
            first = False
            count += 1
            if count % 4 == 0 and off + mss < n:
                fl.add(seg(not c, TCP_ACK), 5)
        fl.add(seg(not c, TCP_ACK), rtt / 2)
    fl.add(seg(True, TCP_FIN | TCP_ACK), rng.uniform(100, 5000))
    fl.add(seg(False, TCP_FIN | TCP_ACK), rtt)
    fl.add(seg(True, TCP_ACK), 20)
    return fl


def udp_frame(path, sport, dport, payload):
    body = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ck = _csum(path.pseudo(17, len(body)) + body) or 0xFFFF
    return path.packet(17, body[:6] + struct.pack("!H", ck) + body[8:])


def udp_fragments(path, sport, dport, payload, mtu=1500):
    """An IPv4 UDP datagram cut into fragments (offsets in 8-byte units)."""
    body = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ck = _csum(path.pseudo(17, len(body)) + body) or 0xFFFF
    body = body[:6] + struct.pack("!H", ck) + body[8:]
    s, d = path.src, path.dst
    ip_id = path.ip_id
    path.ip_id = (ip_id + 1) & 0xFFFF
    most = (mtu - 20) // 8 * 8
    out = []
    for off in range(0, len(body), most):
        part = body[off:off + most]
        more = off + most < len(body)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(part), ip_id, (0x2000 if more else 0) | off // 8,
                          64, 17, 0, s.ip, d.ip)
        hdr = hdr[:10] + struct.pack("!H", _csum(hdr)) + hdr[12:]
        out.append(ether(d, s, 0x0800, path.vlan) + hdr + part)
    return out


# --------------------------------------------------------------------------
# Application payloads

WORDS = ["portal", "mail", "cdn", "api", "static", "login", "files", "wiki", "intranet", "crm", "git",
         "update", "telemetry", "images", "video", "docs", "search", "auth", "backup", "reports"]
DOMAINS = ["example.com", "example.net", "corp.example", "contoso.example", "fabrikam.example"]


def hostname(rng):
    return "%s%s.%s" % (rng.choice(WORDS), rng.choice(("", "1", "2", "-eu", "-us")), rng.choice(DOMAINS))


def tls_record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def _ext(etype, data):
    return struct.pack("!HH", etype, len(data)) + data


def tls_flow_messages(rng, tls13):
    sni = hostname(rng).encode()
    exts = _ext(0, struct.pack("!HBH", len(sni) + 3, 0, len(sni)) + sni)
    exts += _ext(10, struct.pack("!HHHH", 6, 0x001D, 0x0017, 0x0018))            # supported_groups
    exts += _ext(13, struct.pack("!H4H", 8, 0x0403, 0x0804, 0x0401, 0x0503))     # signature_algorithms
    exts += _ext(16, b"\x00\x0c\x02h2\x08http/1.1")                                # ALPN
    if tls13:
        exts += _ext(43, b"\x04\x03\x04\x03\x03")                                  # supported_versions
        exts += _ext(51, struct.pack("!HHH", 36, 0x001D, 32) + rng.randbytes(32))  # key_share
    suites = struct.pack("!H5H", 10, 0x1301, 0x1302, 0xC02F, 0xC030, 0xC02B)
    ch = (struct.pack("!H", 0x0303) + rng.randbytes(32) + b"\x20" + rng.randbytes(32) + suites + b"\x01\x00"
          + struct.pack("!H", len(exts)) + exts)
    client_hello = tls_record(22, b"\x01" + len(ch).to_bytes(3, "big") + ch, 0x0301)
    if tls13:
        sexts = _ext(43, b"\x03\x04") + _ext(51, struct.pack("!HH", 0x001D, 32) + rng.randbytes(32))
        suite = 0x1301
    else:
        sexts = _ext(0xFF01, b"\x00")                                               # renegotiation_info
        suite = 0xC02F
    sh = (struct.pack("!H", 0x0303) + rng.randbytes(32) + b"\x20" + rng.randbytes(32) + struct.pack("!HB", suite, 0)
          + struct.pack("!H", len(sexts)) + sexts)
    server_hello = tls_record(22, b"\x02" + len(sh).to_bytes(3, "big") + sh)
    msgs = [(True, client_hello, 0)]
    if tls13:
        # the rest of the server's handshake is encrypted: application_data records
        msgs.append((False, server_hello + tls_record(20, b"\x01") + tls_record(23, rng.randbytes(rng.randint(2500, 4500))), 800))
        msgs.append((True, tls_record(20, b"\x01") + tls_record(23, rng.randbytes(53)), 200))
    else:
        done = tls_record(22, b"\x0e\x00\x00\x00")                                  # ServerHelloDone
        # ECDHE (x25519) parameters, signed with rsa_pss_rsae_sha256
        ske = struct.pack("!BHB", 3, 0x001D, 32) + rng.randbytes(32) + struct.pack("!HH", 0x0804, 256) + rng.randbytes(256)
        skx = tls_record(22, b"\x0c" + len(ske).to_bytes(3, "big") + ske)
        msgs.append((False, server_hello + skx + done, 800))
        ckx = tls_record(22, b"\x10\x00\x00\x21\x20" + rng.randbytes(32))
        msgs.append((True, ckx + tls_record(20, b"\x01") + tls_record(22, rng.randbytes(40)), 200))
        msgs.append((False, tls_record(20, b"\x01") + tls_record(22, rng.randbytes(40)), 300))
    for _ in range(rng.randint(1, 4)):
        up = rng.randint(80, 1500)
        down = int(min(4e6, rng.lognormvariate(10.5, 1.4)))
        msgs.append((True, b"".join(tls_record(23, rng.randbytes(n)) for n in _chunks(up, 16401)),
                     rng.uniform(1000, 200000)))
        msgs.append((False, b"".join(tls_record(23, rng.randbytes(n)) for n in _chunks(down, 16401)),
                     rng.uniform(2000, 60000)))
    return msgs


def _chunks(total, most):
    out = []
    while total > 0:
        out.append(min(most, total))
        total -= most
    return out


def http_flow_messages(rng):
    host = hostname(rng)
    msgs = []
    for _ in range(rng.randint(1, 5)):
        path = "/%s/%s%d.%s" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(1000),
                                rng.choice(("bin", "js", "css", "png", "json", "zip")))
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
               "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\nAccept: */*\r\n"
               "Accept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n" % (path, host)).encode()
        size = int(min(3e6, rng.lognormvariate(10.0, 1.6)))
        status = "200 OK" if rng.random() < 0.95 else "404 Not Found"
        body = rng.randbytes(size) if status == "200 OK" else b"not found\n"
        resp = ("HTTP/1.1 %s\r\nServer: nginx/1.22.1\r\nDate: Tue, 14 Nov 2023 22:13:20 GMT\r\n"
                "Content-Type: application/octet-stream\r\nContent-Length: %d\r\nConnection: keep-alive\r\n"
                "Cache-Control: max-age=3600\r\n\r\n" % (status, len(body))).encode() + body
        msgs.append((True, req, rng.uniform(500, 300000)))
        msgs.append((False, resp, rng.uniform(1000, 50000)))
    return msgs


def ber(tag, *parts):
    body = b"".join(parts)
    n = len(body)
    if n < 0x80:
        return bytes((tag, n)) + body
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(ln))) + ln + body


def ber_int(v, tag=0x02):
    return ber(tag, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True))


def ber_str(s, tag=0x04):
    return ber(tag, s.encode() if isinstance(s, str) else s)


def ldap_flow_messages(rng):
    base = "DC=corp,DC=example"
    user = "%s.%s" % (rng.choice(M.FIRST), rng.choice(M.LAST))
    msgs = []
    mid = 1
    bind = ber(0x30, ber_int(mid), ber(0x60, ber_int(3), ber_str("CN=svc_ldap,OU=Services," + base),
                                       ber(0x80, rng.randbytes(12))))
    bind_ok = ber(0x30, ber_int(mid), ber(0x61, ber_int(0, 0x0A), ber_str(""), ber_str("")))
    msgs += [(True, bind, 0), (False, bind_ok, 1500)]
    for _ in range(rng.randint(1, 6)):
        mid += 1
        attrs = ["cn", "mail", "memberOf", "sAMAccountName", "userAccountControl", "lastLogonTimestamp"]
        search = ber(0x30, ber_int(mid), ber(0x63, ber_str(base), ber_int(2, 0x0A), ber_int(0, 0x0A), ber_int(0),
                                             ber_int(0), ber(0x01, b"\x00"),
                                             ber(0xA3, ber_str("sAMAccountName"), ber_str(user)),
                                             ber(0x30, *(ber_str(a) for a in attrs))))
        reply = []
        for k in range(rng.randint(0, 40)):
            dn = "CN=%s %s,OU=%s,%s" % (rng.choice(M.FIRST), rng.choice(M.LAST), rng.choice(M.DEPTS), base)
            vals = [("cn", [dn.split(",")[0][3:]]), ("mail", ["%s@corp.example" % user]),
                    ("memberOf", ["CN=%s-%d,OU=Groups,%s" % (rng.choice(M.DEPTS), i, base)
                                  for i in range(rng.randint(1, 25))]),
                    ("sAMAccountName", [user]), ("userAccountControl", ["512"]),
                    ("lastLogonTimestamp", [str(rng.randrange(10 ** 17, 2 * 10 ** 17))])]
            reply.append(ber(0x30, ber_int(mid), ber(0x64, ber_str(dn), ber(0x30, *(
                ber(0x30, ber_str(a), ber(0x31, *(ber_str(v) for v in vs))) for a, vs in vals)))))
        reply.append(ber(0x30, ber_int(mid), ber(0x65, ber_int(0, 0x0A), ber_str(""), ber_str(""))))
        msgs += [(True, search, rng.uniform(500, 100000)), (False, b"".join(reply), rng.uniform(500, 5000))]
    msgs.append((True, ber(0x30, ber_int(mid + 1), b"\x42\x00"), 1000))
    return msgs


def krb_principal(ntype, names):
    return ber(0x30, ber(0xA0, ber_int(ntype)), ber(0xA1, ber(0x30, *(ber_str(n, 0x1B) for n in names))))


def krb_enc(rng, etype, size, kvno=None):
    parts = [ber(0xA0, ber_int(etype))]
    if kvno is not None:
        parts.append(ber(0xA1, ber_int(kvno)))
    parts.append(ber(0xA2, ber_str(rng.randbytes(size))))
    return ber(0x30, *parts)


def kerberos_flow_messages(rng):
    realm = "CORP.EXAMPLE"
    user = "%s.%s" % (rng.choice(M.FIRST), rng.choice(M.LAST))
    nonce = rng.randrange(1 << 31)

    def as_req(padata):
        body = ber(0x30, ber(0xA0, ber(0x03, b"\x00\x40\x81\x00\x10")), ber(0xA1, krb_principal(1, [user])),
                   ber(0xA2, ber_str(realm, 0x1B)), ber(0xA3, krb_principal(2, ["krbtgt", realm])),
                   ber(0xA5, ber_str("20370913024805Z", 0x18)), ber(0xA7, ber_int(nonce)),
                   ber(0xA8, ber(0x30, *(ber_int(e) for e in (18, 17, 23)))))
        parts = [ber(0xA1, ber_int(5)), ber(0xA2, ber_int(10))]
        if padata:
            # PA-ENC-TIMESTAMP (2): an EncryptedData of random bytes
            parts.append(ber(0xA3, ber(0x30, ber(0x30, ber(0xA1, ber_int(2)),
                                                 ber(0xA2, ber_str(krb_enc(rng, 18, 44)))))))
        parts.append(ber(0xA4, body))
        return ber(0x6A, ber(0x30, *parts))

    err = ber(0x7E, ber(0x30, ber(0xA0, ber_int(5)), ber(0xA1, ber_int(30)),
                        ber(0xA4, ber_str("20231114221320Z", 0x18)), ber(0xA5, ber_int(rng.randrange(999999))),
                        ber(0xA6, ber_int(25)), ber(0xA9, ber_str(realm, 0x1B)),
                        ber(0xAA, krb_principal(2, ["krbtgt", realm]))))
    ticket = ber(0x61, ber(0x30, ber(0xA0, ber_int(5)), ber(0xA1, ber_str(realm, 0x1B)),
                           ber(0xA2, krb_principal(2, ["krbtgt", realm])),
                           ber(0xA3, krb_enc(rng, 18, rng.randint(900, 1200), 2))))
    rep = ber(0x6B, ber(0x30, ber(0xA0, ber_int(5)), ber(0xA1, ber_int(11)), ber(0xA3, ber_str(realm, 0x1B)),
                        ber(0xA4, krb_principal(1, [user])), ber(0xA5, ticket),
                        ber(0xA6, krb_enc(rng, 18, rng.randint(280, 330), 3))))

    def rm(m):
        return struct.pack("!I", len(m)) + m     # Kerberos over TCP: a 4-byte record mark
    return [(True, rm(as_req(False)), 0), (False, rm(err), 1200),
            (True, rm(as_req(True)), 3000), (False, rm(rep), 2500)]


def ssh_packet(rng, payload):
    pad = 8 - (len(payload) + 5) % 8
    if pad < 4:
        pad += 8
    return struct.pack("!IB", len(payload) + pad + 1, pad) + payload + rng.randbytes(pad)


def _sshstr(b):
    return struct.pack("!I", len(b)) + b


def ssh_flow_messages(rng):
    lists = [b"curve25519-sha256,ecdh-sha2-nistp256,diffie-hellman-group14-sha256,ext-info-c",
             b"ssh-ed25519,rsa-sha2-512,rsa-sha2-256", b"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com",
             b"chacha20-poly1305@openssh.com,aes256-gcm@openssh.com", b"umac-64-etm@openssh.com,hmac-sha2-256",
             b"umac-64-etm@openssh.com,hmac-sha2-256", b"none,zlib@openssh.com", b"none,zlib@openssh.com", b"", b""]

    def kexinit():
        return ssh_packet(rng, b"\x14" + rng.randbytes(16) + b"".join(_sshstr(x) for x in lists) + b"\x00" + b"\x00" * 4)
    newkeys = ssh_packet(rng, b"\x15")
    init = ssh_packet(rng, b"\x1e" + _sshstr(rng.randbytes(32)))
    hostkey = _sshstr(b"ssh-ed25519") + _sshstr(rng.randbytes(32))
    sig = _sshstr(b"ssh-ed25519") + _sshstr(rng.randbytes(64))
    reply = ssh_packet(rng, b"\x1f" + _sshstr(hostkey) + _sshstr(rng.randbytes(32)) + _sshstr(sig))
    msgs = [(True, b"SSH-2.0-OpenSSH_9.6\r\n", 0), (False, b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2\r\n", 2000),
            (True, kexinit(), 300), (False, kexinit(), 500), (True, init, 300), (False, reply + newkeys, 3000),
            (True, newkeys, 300)]
    # interactive keystrokes and echoes, or a bulk copy (scp)
    if rng.random() < 0.4:
        for _ in range(rng.randint(2, 6)):
            msgs.append((rng.random() < 0.5, rng.randbytes(int(min(3e6, rng.lognormvariate(11, 1.2)))),
                         rng.uniform(1000, 100000)))
    else:
        for _ in range(rng.randint(10, 120)):
            msgs.append((True, rng.randbytes(36), rng.uniform(50000, 400000)))
            msgs.append((False, rng.randbytes(rng.choice((36, 36, 52, 100, 500))), rng.uniform(500, 3000)))
    return msgs


def dns_name(name):
    return b"".join(bytes((len(x),)) + x.encode() for x in name.split(".")) + b"\x00"


def dns_pair(rng, qtype, big=False):
    """(query, answer) payloads."""
    qid = rng.randrange(0x10000)
    name = hostname(rng)
    q = dns_name(name) + struct.pack("!HH", qtype, 1)
    opt = b"\x00" + struct.pack("!HHIH", 41, 4096, 0, 0)
    query = struct.pack("!6H", qid, 0x0100, 1, 0, 0, 1) + q + opt
    answers = []
    if qtype == 16:
        # a large TXT answer (SPF, verification tokens): more than one MTU
        for _ in range(rng.randint(12, 20)):
            txt = ("v=spf1 include:%s ip4:10.%d.%d.0/24 ~all " % (hostname(rng), rng.randrange(256), rng.randrange(256))
                   + "x" * rng.randint(100, 180)).encode()[:255]
            rdata = bytes((len(txt),)) + txt
            answers.append(b"\xc0\x0c" + struct.pack("!HHIH", 16, 1, 300, len(rdata)) + rdata)
    else:
        if rng.random() < 0.3:
            cname = dns_name("edge-%d.%s" % (rng.randrange(100), rng.choice(DOMAINS)))
            answers.append(b"\xc0\x0c" + struct.pack("!HHIH", 5, 1, 300, len(cname)) + cname)
        for _ in range(rng.randint(1, 4)):
            rdata = rng.randbytes(4) if qtype == 1 else b"\x20\x01\x0d\xb8" + rng.randbytes(12)
            answers.append(b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, rng.randint(30, 3600), len(rdata)) + rdata)
    answer = struct.pack("!6H", qid, 0x8180, 1, len(answers), 0, 1) + q + b"".join(answers) + opt
    return query, answer


# --------------------------------------------------------------------------
# The flows


class Mixer:
    """Makes each flow of the capture from its own random generator."""

    def __init__(self, seed):
        self.seed = seed
        self.ports = {}
        self.stats = {}
        self.sessions = 0
        self.responses = 0
        self.requests = 0
        self.srvsvc_variants = {}

    def rng(self, index):
        return random.Random(self.seed * 1000003 + index)

    def sport(self, host):
        """Ephemeral ports per client host, in turn: a 4-tuple comes back only after thousands of flows."""
        p = self.ports.get(host.ip, 49152 + (host.ip[-1] * 97) % 16000)
        p = 49152 + (p - 49152 + 1) % 16383
        self.ports[host.ip] = p
        return p

    def endpoints(self, rng, v6share=0.15, vlanshare=0.1):
        """(client, server, vlan) of a background flow."""
        if rng.random() < v6share:
            cli, srv = v6(0x10, rng.randrange(1, 20), rng.randrange(1, 250)), v6(0x20, rng.randrange(1, 8),
                                                                              rng.randrange(1, 60))
        else:
            cli = v4("10.%d.%d.%d" % (rng.randrange(1, 20), rng.randrange(0, 4), rng.randrange(1, 250)))
            srv = v4("172.16.%d.%d" % (rng.randrange(0, 8), rng.randrange(1, 60)))
        vlan = rng.choice((100, 200, 300)) if rng.random() < vlanshare else None
        return cli, srv, vlan

    def background(self, index, t):
        rng = self.rng(index)
        kinds = (("tls", 26), ("http", 14), ("dns", 30), ("dns-frag", 1), ("ldap", 7), ("kerberos", 6),
                 ("ssh", 3), ("arp", 6), ("dcerpc-lsarpc", 1))
        x = rng.randrange(sum(w for _, w in kinds))
        for kind, w in kinds:
            if x < w:
                break
            x -= w
        if kind in ("tls", "http"):
            cli, srv, vlan = self.endpoints(rng)
            if kind == "tls":
                msgs = tls_flow_messages(rng, rng.random() < 0.6)
                port = 443
            else:
                msgs = http_flow_messages(rng)
                port = 80
            fl = tcp_flow(rng, t, cli, srv, self.sport(cli), port, msgs, vlan, 1440 if cli.v6 else 1460)
        elif kind in ("ldap", "kerberos", "ssh"):
            cli, srv, vlan = self.endpoints(rng, v6share=0.05)
            port, make = {"ldap": (389, ldap_flow_messages), "kerberos": (88, kerberos_flow_messages),
                          "ssh": (22, ssh_flow_messages)}[kind]
            fl = tcp_flow(rng, t, cli, srv, self.sport(cli), port, make(rng), vlan, 1440 if cli.v6 else 1460)
        elif kind in ("dns", "dns-frag"):
            fl = Flow(t)
            big = kind == "dns-frag"
            cli, srv, vlan = self.endpoints(rng, v6share=0 if big else 0.2)
            to = Path(cli, srv, vlan, rng.randrange(0x10000))
            back = Path(srv, cli, vlan, rng.randrange(0x10000))
            for _ in range(1 if big else rng.randint(1, 3)):
                qtype = 16 if big else rng.choice((1, 1, 28))
                query, answer = dns_pair(rng, qtype)
                sport = self.sport(cli)
                fl.add(udp_frame(to, sport, 53, query), rng.uniform(10, 2000))
                if big:
                    for i, f in enumerate(udp_fragments(back, 53, sport, answer)):
                        fl.add(f, rng.uniform(1000, 30000) if i == 0 else 12)
                else:
                    fl.add(udp_frame(back, 53, sport, answer), rng.uniform(200, 30000))
        elif kind == "arp":
            fl = Flow(t)
            a, b, vlan = self.endpoints(rng, v6share=0)
            bcast = Host(b"\xff" * 4)
            bcast.mac = b"\xff" * 6
            who = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + a.mac + a.ip + b"\x00" * 6 + b.ip
            fl.add(ether(bcast, a, 0x0806, vlan) + who + b"\x00" * 18, 0)
            fl.add(ether(a, b, 0x0806, vlan) + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + b.mac + b.ip + a.mac
                   + a.ip + b"\x00" * 18, rng.uniform(50, 800))
        else:
            fl = self.dcerpc_flow(rng, t, LSARPC_UUID, (0, 0), OTHER_DCERPC_PORT, self.lsarpc_calls)
        if isinstance(fl, tuple):
            fl = fl[0]
        flows, nbytes = self.stats.get(kind, (0, 0))
        self.stats[kind] = (flows + 1, nbytes + fl.bytes)
        return fl

    @staticmethod
    def lsarpc_calls(rng, conv):
        for _ in range(rng.randint(1, 3)):
            # LsarOpenPolicy2 (44): NULL system name, empty object attributes, access mask
            conv.call(44, b"\x00" * 28 + struct.pack("<I", 0x00020801), rng.randbytes(20) + b"\x00" * 4)
            # LsarClose (0) of that handle
            conv.call(0, rng.randbytes(20), b"\x00" * 24)
        return None

    def dcerpc_flow(self, rng, t, iface, version, dport, calls, vlan=None, ipv6=False):
        """A dcerpc_pcap.Conversation, its frames re-timed (and re-tagged, or moved to IPv6)."""
        n = rng.randrange(1, 250)
        client, server = "10.20.%d.%d" % (n % 4, n), "10.30.%d.%d" % (n % 3, rng.randrange(1, 60))
        host = v4(client)
        conv = D.Conversation(client, server, self.sport(host), dport, iface_uuid=iface, iface_version=version,
                              frag_size=M.MAIN_FRAG_SIZE, mss=1440 if ipv6 else 1460)
        extra = calls(rng, conv)
        rtt = rng.uniform(300, 5000)
        fl = Flow(t)
        sender = None
        for frame in D.build_frames([conv]):
            # a round trip before the first data segment of each message; the
            # segments of one message and the pure ACKs close together
            src = frame[26:30]
            gap = rtt if len(frame) > 54 and src != sender else rng.uniform(40, 300)
            if len(frame) > 54:
                sender = src
            if ipv6:
                frame = to_ipv6(frame)
            if vlan is not None:
                frame = frame[:12] + struct.pack("!HH", 0x8100, vlan) + frame[12:]
            fl.add(frame, gap)
        return fl, extra

    def srvsvc(self, index, t, count):
        """A NetrSessionEnum conversation; the first few cover each variant once."""
        rng = self.rng(index)
        variants = ("135", "dynamic", "135 vlan", "dynamic ipv6", "135 ipv6", "dynamic vlan")
        variant = variants[count] if count < len(variants) else rng.choice(variants[:2] * 3 + variants[2:])
        self.srvsvc_variants[variant] = self.srvsvc_variants.get(variant, 0) + 1
        port = SRVSVC_DYNAMIC_PORT if variant.startswith("dynamic") else 135
        vlan = 100 if "vlan" in variant else None

        def calls(rng, conv):
            pages = rng.randint(1, 3)
            sizes = [session_count(rng) for _ in range(pages)]
            total = sum(sizes)
            everyone = M.make_sessions(total, self.seed * 7919 + index)
            resume, done = None, 0
            for k, n in enumerate(sizes):
                last = k == pages - 1
                chunk = everyone[done:done + n]
                done += n
                resume_out = 0 if last else done
                conv.call(M.OP_ENUM, M.enum_request_stub("\\\\" + conv.server_ip, 2, rng.choice((0xFFFFFFFF, 0x10000)),
                                                         resume),
                          M.enum_response_stub(chunk, total, resume_out, M.WERR_OK if last else M.ERROR_MORE_DATA))
                resume = resume_out
            return total, pages

        fl, (sessions, pages) = self.dcerpc_flow(rng, t, D.SRVSVC_UUID, D.SRVSVC_VERSION, port, calls, vlan,
                                                 "ipv6" in variant)
        self.sessions += sessions
        self.responses += pages
        self.requests += pages
        return fl


def session_count(rng):
    """Sessions in one response: mostly a few, some hundreds, now and then thousands."""
    r = rng.random()
    if r < 0.08:
        return 0
    if r < 0.65:
        return rng.randint(1, 20)
    if r < 0.95:
        return rng.randint(50, 400)
    return rng.randint(1000, 3000)


def to_ipv6(frame):
    """An Ethernet/IPv4/TCP frame of dcerpc_pcap as Ethernet/IPv6/TCP (fd00:20::/32, the same last 4 bytes)."""
    src, dst = frame[26:30], frame[30:34]
    tcp = bytearray(frame[34:])
    s6 = struct.pack("!HH8x", 0xFD00, 0x30) + src
    d6 = struct.pack("!HH8x", 0xFD00, 0x30) + dst
    tcp[16:18] = b"\x00\x00"
    ck = _csum(s6 + d6 + struct.pack("!IxxxB", len(tcp), 6) + bytes(tcp))
    tcp[16:18] = struct.pack("!H", ck)
    return (b"\x02\x06" + dst + b"\x02\x06" + src + b"\x86\xdd"
            + struct.pack("!IHBB", 0x60000000, len(tcp), 6, 64) + s6 + d6 + bytes(tcp))


# --------------------------------------------------------------------------
# Interleaving and writing


def generate(out, mb, seed, share):
    """Write the capture; returns the sidecar's dict."""
    target = int(mb * 1e6)
    master = random.Random(seed)
    mixer = Mixer(seed)
    t0 = (1700000000 + seed % 1000 * 86400) * 1000000
    next_start = t0
    started = {"srvsvc": 0, "all": 0}   # bytes of the flows started so far
    heap = []          # (timestamp, tie, flow frames, index into them)
    tie = 0
    written = 24
    pending = 0
    frames = 0
    srvsvc_bytes = 0
    packet_bytes = 0
    srvsvc_flows = 0
    index = 0
    first_ts = last_ts = None
    buf = []
    buffered = 0
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        while True:
            # Start the flows due before the earliest waiting frame, until the
            # bytes written and waiting reach the target.
            while written + pending < target and (not heap or next_start <= heap[0][0]):
                index += 1
                # srvsvc whenever its bytes fall behind its share: spread over the file
                is_srvsvc = started["srvsvc"] < share * started["all"] or started["all"] == 0 and share > 0
                if is_srvsvc:
                    fl = mixer.srvsvc(index, next_start, srvsvc_flows)
                    srvsvc_flows += 1
                    started["srvsvc"] += fl.bytes
                else:
                    fl = mixer.background(index, next_start)
                started["all"] += fl.bytes
                fl.srvsvc = is_srvsvc
                pending += fl.bytes + 16 * len(fl.frames)
                heapq.heappush(heap, (fl.frames[0][0], tie, fl, 0))
                tie += 1
                # the next flow starts as if the link carried RATE bytes/s
                next_start += max(1, int(master.expovariate(1.0) * fl.bytes * 1e6 / RATE))
            if not heap:
                break
            ts, _, fl, i = heap[0]
            frame = fl.frames[i][1]
            n = len(frame)
            if i + 1 < len(fl.frames):
                heapq.heapreplace(heap, (fl.frames[i + 1][0], _, fl, i + 1))
            else:
                heapq.heappop(heap)
            buf.append(struct.pack("<IIII", ts // 1000000, ts % 1000000, n, n))
            buf.append(frame)
            buffered += n + 16
            written += n + 16
            pending -= n + 16
            frames += 1
            packet_bytes += n
            if fl.srvsvc:
                srvsvc_bytes += n
            if first_ts is None:
                first_ts = ts
            last_ts = ts
            if buffered >= 1 << 22:
                f.write(b"".join(buf))
                buf, buffered = [], 0
        f.write(b"".join(buf))
    return {"seed": seed, "mb": mb, "share": share, "generator": "tests/bench/make_mixed.py",
            "bytes": written, "frames": frames, "sessions": mixer.sessions, "responses": mixer.responses,
            "requests": mixer.requests, "srvsvc_conversations": srvsvc_flows,
            "srvsvc_variants": dict(sorted(mixer.srvsvc_variants.items())),
            "srvsvc_ports": [135, SRVSVC_DYNAMIC_PORT], "other_dcerpc_port": OTHER_DCERPC_PORT,
            "srvsvc_bytes": srvsvc_bytes, "packet_bytes": packet_bytes,
            "srvsvc_bytes_share": round(srvsvc_bytes / packet_bytes, 5) if packet_bytes else 0,
            "background": {k: {"flows": n, "bytes": b} for k, (n, b) in sorted(mixer.stats.items())},
            "first_time": first_ts / 1e6 if first_ts else None,
            "duration_s": round((last_ts - first_ts) / 1e6, 3) if first_ts else 0}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="the capture to write (FILE.pcap; the sidecar is FILE.json)")
    ap.add_argument("--mb", type=float, default=200, help="size in MB, 10^6 bytes (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--share", type=float, default=0.03,
                    help="srvsvc NetrSessionEnum share of the packet bytes (default %(default)s)")
    a = ap.parse_args(argv)
    if not 0 <= a.share < 1 or a.mb <= 0:
        ap.error("--share must be in [0, 1) and --mb positive")
    t = time.monotonic()
    tmp = a.out + ".tmp"
    meta = generate(tmp, a.mb, a.seed, a.share)
    os.replace(tmp, a.out)
    side = (a.out[:-len(".pcap")] if a.out.endswith(".pcap") else a.out) + ".json"
    with open(side, "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%s: %.1f MB, %d frames, %d sessions in %d responses (%.1f%% of the bytes srvsvc), %.1f s"
          % (a.out, meta["bytes"] / 1e6, meta["frames"], meta["sessions"], meta["responses"],
             100 * meta["srvsvc_bytes_share"], time.monotonic() - t))


if __name__ == "__main__":
    main()
