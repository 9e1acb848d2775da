# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""dcerpc_pcap.py - write classic pcap files holding connection-oriented DCE-RPC
(ncacn_ip_tcp) conversations, built from caller-supplied NDR stub bytes.

Stdlib only; import it with ``sys.path.insert(0, "<repo>/tests/gen")``.

Each Conversation is one TCP connection (Ethernet / IPv4 / TCP, correct
IPv4 and TCP checksums, correct seq/ack numbers):

    SYN, SYN-ACK, ACK
    BIND      (one presentation context: interface + NDR or NDR64;
               or, with offer_both=True, ctx 0 = NDR and ctx 1 = NDR64)
    BIND_ACK  (accepting the wanted transfer syntax)
    for each call: REQUEST fragments, RESPONSE fragments
    FIN/ACK both ways (unless close=False)

Fragmentation: a stub is cut into fragment bodies of at most
``(frag_size - 24) // frag_align * frag_align`` bytes (frag_align 8 by default) (frag_size is the whole fragment length,
header included, as in max_xmit_frag); the first fragment carries
PFC_FIRST_FRAG, the last PFC_LAST_FRAG, alloc_hint is the number of stub
bytes remaining from that fragment on.  Header integer fields follow the
data representation: drep[0] = 0x10 (little endian) or 0x00 (big endian).

TCP: every PDU starts a new segment and is cut at ``mss`` bytes, unless
``coalesce=True``, in which case all PDUs of one message form one byte stream
cut every ``mss`` bytes (so segment and PDU boundaries do not line up).
The receiver sends a pure ACK every ``ack_every`` bytes of a long message so
the 65535-byte window never fills.

Timestamps are deterministic: start_us + frame_index * step_us, except that
``call(..., at_us=T)`` pins the frame completing that request (its last
segment, where the request is dissected) to T microseconds and the frames
after it go on from there (T must not lie before the frame's natural time):
what time-window rules such as srvsess's sweep detector need at their edges.

Example::

    c = Conversation("127.0.0.1", "127.0.0.2", 49152, 135)
    c.call(12, req_stub, resp_stub)
    write_pcap("x.pcap", [c])
"""

import struct
import uuid as _uuid
import zlib

__all__ = [
    "SRVSVC_UUID", "SRVSVC_VERSION", "NDR_UUID", "NDR_VERSION",
    "NDR64_UUID", "NDR64_VERSION", "PFC_FIRST_FRAG", "PFC_LAST_FRAG",
    "Conversation", "write_pcap", "build_frames",
    "request_pdus", "response_pdus", "bind_pdu", "bind_ack_pdu",
]

SRVSVC_UUID = "4b324fc8-1670-01d3-1278-5a47bf6ee188"
SRVSVC_VERSION = (3, 0)
NDR_UUID = "8a885d04-1ceb-11c9-9fe8-08002b104860"
NDR_VERSION = 2
NDR64_UUID = "71710533-beba-4937-8319-b5dbef9ccc36"
NDR64_VERSION = 1

PTYPE_REQUEST = 0
PTYPE_RESPONSE = 2
PTYPE_BIND = 11
PTYPE_BIND_ACK = 12

PFC_FIRST_FRAG = 0x01
PFC_LAST_FRAG = 0x02

LINKTYPE_ETHERNET = 1

_TCP_FIN = 0x01
_TCP_SYN = 0x02
_TCP_PSH = 0x08
_TCP_ACK = 0x10

REQUEST_HDR_LEN = 24
RESPONSE_HDR_LEN = 24


# --------------------------------------------------------------------------
# DCE-RPC PDUs

def _e(big_endian):
    return ">" if big_endian else "<"


def _drep(big_endian):
    return b"\x00\x00\x00\x00" if big_endian else b"\x10\x00\x00\x00"


def _uuid_bytes(u, big_endian):
    u = _uuid.UUID(str(u))
    return u.bytes if big_endian else u.bytes_le


def _syntax(u, major, minor, big_endian):
    # p_syntax_id_t: uuid, then a uint32 version = major | minor << 16
    return _uuid_bytes(u, big_endian) + struct.pack(
        _e(big_endian) + "I", (major & 0xFFFF) | ((minor & 0xFFFF) << 16))


def _common_hdr(ptype, flags, frag_len, call_id, big_endian, auth_len=0):
    return (bytes((5, 0, ptype, flags)) + _drep(big_endian)
            + struct.pack(_e(big_endian) + "HHI", frag_len, auth_len, call_id))


def bind_pdu(call_id, contexts, big_endian=False, max_xmit=4280, max_recv=4280,
             assoc_group=0):
    """contexts: list of (ctx_id, iface_uuid, (major, minor), [(ts_uuid, ts_ver), ...])."""
    e = _e(big_endian)
    body = struct.pack(e + "HHI", max_xmit, max_recv, assoc_group)
    body += struct.pack(e + "BBH", len(contexts), 0, 0)
    for ctx_id, iface, (major, minor), tss in contexts:
        body += struct.pack(e + "HBB", ctx_id, len(tss), 0)
        body += _syntax(iface, major, minor, big_endian)
        for ts_uuid, ts_ver in tss:
            body += _syntax(ts_uuid, ts_ver, 0, big_endian)
    frag_len = 16 + len(body)
    return _common_hdr(PTYPE_BIND, PFC_FIRST_FRAG | PFC_LAST_FRAG, frag_len,
                       call_id, big_endian) + body


def bind_ack_pdu(call_id, results, big_endian=False, max_xmit=4280, max_recv=4280,
                 assoc_group=0x12345, sec_addr="135"):
    """results: list of (result, reason, ts_uuid or None, ts_ver)."""
    e = _e(big_endian)
    body = struct.pack(e + "HHI", max_xmit, max_recv, assoc_group)
    sa = sec_addr.encode("ascii") + b"\x00"
    body += struct.pack(e + "H", len(sa)) + sa
    pad = (-(16 + len(body))) % 4
    body += b"\x00" * pad
    body += struct.pack(e + "BBH", len(results), 0, 0)
    for result, reason, ts_uuid, ts_ver in results:
        body += struct.pack(e + "HH", result, reason)
        if ts_uuid is None:
            body += b"\x00" * 20
        else:
            body += _syntax(ts_uuid, ts_ver, 0, big_endian)
    frag_len = 16 + len(body)
    return _common_hdr(PTYPE_BIND_ACK, PFC_FIRST_FRAG | PFC_LAST_FRAG, frag_len,
                       call_id, big_endian) + body


def _frag_body_max(frag_size, hdr_len, align=8):
    body = (frag_size - hdr_len) // align * align
    if body < 1:
        raise ValueError("frag_size %d too small" % frag_size)
    return body


def _fragments(ptype, stub, call_id, big_endian, frag_size, sub_hdr, frag_align=8):
    """sub_hdr(alloc_hint) -> the 8 bytes after the common header."""
    stub = bytes(stub)
    body_max = _frag_body_max(frag_size, 24, frag_align)
    total = len(stub)
    pdus = []
    off = 0
    while True:
        chunk = stub[off:off + body_max]
        flags = 0
        if off == 0:
            flags |= PFC_FIRST_FRAG
        if off + len(chunk) >= total:
            flags |= PFC_LAST_FRAG
        pdus.append(_common_hdr(ptype, flags, 24 + len(chunk), call_id, big_endian)
                    + sub_hdr(total - off) + chunk)
        off += len(chunk)
        if off >= total:
            break
    return pdus


def request_pdus(stub, opnum, call_id, ctx_id=0, big_endian=False, frag_size=4280,
                 frag_align=8):
    """The REQUEST fragments carrying `stub` (list of bytes, one per PDU)."""
    e = _e(big_endian) + "IHH"
    return _fragments(PTYPE_REQUEST, stub, call_id, big_endian, frag_size,
                      lambda hint: struct.pack(e, hint, ctx_id, opnum), frag_align)


def response_pdus(stub, call_id, ctx_id=0, big_endian=False, frag_size=4280,
                  frag_align=8):
    """The RESPONSE fragments carrying `stub` (list of bytes, one per PDU)."""
    e = _e(big_endian) + "IHBB"
    return _fragments(PTYPE_RESPONSE, stub, call_id, big_endian, frag_size,
                      lambda hint: struct.pack(e, hint, ctx_id, 0, 0), frag_align)


# --------------------------------------------------------------------------
# Conversation

class Conversation:
    """One TCP connection carrying a DCE-RPC association.

    Conversation(client_ip, server_ip, sport, dport=135, ndr64=False,
                 big_endian=False, frag_size=4280, mss=1460, ...)

    ndr64       bind NDR64 instead of NDR (transfer syntax of the accepted ctx)
    big_endian  drep[0] = 0x00 for every PDU of both sides
    frag_size   default max fragment length for requests and responses
    mss         TCP payload bytes per segment
    offer_both  BIND offers ctx 0 = NDR and ctx 1 = NDR64; BIND_ACK accepts
                the wanted one and rejects the other (reason 2)
    coalesce    pack the PDUs of one message back to back before cutting
                them into segments
    frag_align  fragment bodies are a multiple of this (default 8; 1 allows
                any size)
    """

    def __init__(self, client_ip="127.0.0.1", server_ip="127.0.0.2", sport=49152,
                 dport=135, ndr64=False, big_endian=False, frag_size=4280, mss=1460,
                 iface_uuid=SRVSVC_UUID, iface_version=SRVSVC_VERSION,
                 offer_both=False, coalesce=False, ack_every=32768, close=True,
                 bind=True, first_call_id=1, client_mac=None, server_mac=None,
                 frag_align=8):
        self.client_ip = client_ip
        self.server_ip = server_ip
        self.sport = sport
        self.dport = dport
        self.ndr64 = ndr64
        self.big_endian = big_endian
        self.frag_size = frag_size
        self.mss = mss
        self.frag_align = frag_align
        self.coalesce = coalesce
        self.ack_every = ack_every
        self.close = close
        self.client_mac = client_mac or _mac_for(client_ip)
        self.server_mac = server_mac or _mac_for(server_ip)
        self.next_call_id = first_call_id
        self.ctx_id = 0
        # list of (from_client: bool, [pdu bytes, ...])
        self.sends = []
        self.pins = {}   # index into sends -> timestamp (us) of its last frame
        if bind:
            self.bind(iface_uuid, iface_version, offer_both)

    # -- building blocks --------------------------------------------------

    def _take_call_id(self, call_id):
        if call_id is None:
            call_id = self.next_call_id
            self.next_call_id += 1
        return call_id

    def bind(self, iface_uuid=SRVSVC_UUID, iface_version=SRVSVC_VERSION,
             offer_both=False, call_id=None):
        """Add a BIND / BIND_ACK exchange; later calls use the accepted context."""
        call_id = self._take_call_id(call_id)
        want = (NDR64_UUID, NDR64_VERSION) if self.ndr64 else (NDR_UUID, NDR_VERSION)
        if offer_both:
            offers = [(0, iface_uuid, iface_version, [(NDR_UUID, NDR_VERSION)]),
                      (1, iface_uuid, iface_version, [(NDR64_UUID, NDR64_VERSION)])]
            self.ctx_id = 1 if self.ndr64 else 0
            results = [(0, 0, want[0], want[1]) if c[0] == self.ctx_id
                       else (2, 2, None, 0) for c in offers]
        else:
            offers = [(0, iface_uuid, iface_version, [want])]
            self.ctx_id = 0
            results = [(0, 0, want[0], want[1])]
        be = self.big_endian
        self.sends.append((True, [bind_pdu(call_id, offers, be, self.frag_size,
                                           self.frag_size)]))
        self.sends.append((False, [bind_ack_pdu(call_id, results, be, self.frag_size,
                                                self.frag_size,
                                                sec_addr=str(self.dport))]))
        return call_id

    def request(self, opnum, stub, call_id=None, frag_size=None, ctx_id=None):
        """Add a REQUEST only (fragmented); returns its call_id."""
        call_id = self._take_call_id(call_id)
        pdus = request_pdus(stub, opnum, call_id,
                            self.ctx_id if ctx_id is None else ctx_id,
                            self.big_endian, frag_size or self.frag_size,
                            self.frag_align)
        self.sends.append((True, pdus))
        return call_id

    def response(self, call_id, stub, frag_size=None, ctx_id=None):
        """Add a RESPONSE only (fragmented) for `call_id`."""
        pdus = response_pdus(stub, call_id,
                             self.ctx_id if ctx_id is None else ctx_id,
                             self.big_endian, frag_size or self.frag_size,
                             self.frag_align)
        self.sends.append((False, pdus))
        return call_id

    def call(self, opnum, req_stub, resp_stub, frag_size=None, req_frag_size=None,
             resp_frag_size=None, call_id=None, at_us=None):
        """Add a REQUEST + RESPONSE pair; returns the call_id used.
        at_us: timestamp of the frame that completes the request."""
        call_id = self.request(opnum, req_stub, call_id,
                               req_frag_size or frag_size)
        if at_us is not None:
            self.pins[len(self.sends) - 1] = at_us
        self.response(call_id, resp_stub, resp_frag_size or frag_size)
        return call_id

    def raw(self, from_client, data):
        """Add arbitrary stream bytes (e.g. corrupted PDUs for fuzzing)."""
        self.sends.append((bool(from_client), [bytes(data)]))


# --------------------------------------------------------------------------
# Ethernet / IPv4 / TCP

def _mac_for(ip):
    return b"\x02\x00" + bytes(int(x) for x in ip.split("."))


def _ip_bytes(ip):
    return bytes(int(x) for x in ip.split("."))


def _csum_finish(n, nbytes):
    # one's complement sum of 16-bit big-endian words == n mod 0xffff,
    # except that a non-zero sum that is a multiple of 0xffff is 0xffff
    s = n % 0xFFFF
    if s == 0 and n != 0:
        s = 0xFFFF
    return (~s) & 0xFFFF


def _checksum(data):
    if len(data) & 1:
        data += b"\x00"
    return _csum_finish(int.from_bytes(data, "big"), len(data))


class _Endpoint:
    __slots__ = ("ip", "ipb", "mac", "port", "seq", "ip_id")

    def __init__(self, ip, mac, port, isn, ip_id):
        self.ip = ip
        self.ipb = _ip_bytes(ip)
        self.mac = mac
        self.port = port
        self.seq = isn
        self.ip_id = ip_id


def _frame(src, dst, flags, payload, ack, options=b""):
    """Ethernet + IPv4 + TCP frame from src to dst; advances src.seq."""
    thl = 20 + len(options)
    tcp_len = thl + len(payload)
    tcp_hdr = struct.pack("!HHIIBBHHH", src.port, dst.port, src.seq & 0xFFFFFFFF,
                          ack & 0xFFFFFFFF if flags & _TCP_ACK else 0,
                          (thl // 4) << 4, flags, 65535, 0, 0) + options
    pseudo = src.ipb + dst.ipb + struct.pack("!BBH", 0, 6, tcp_len)
    seg = tcp_hdr + payload
    csum = _checksum(pseudo + seg)
    seg = seg[:16] + struct.pack("!H", csum) + seg[18:]
    ip_hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + tcp_len, src.ip_id, 0x4000,
                         64, 6, 0, src.ipb, dst.ipb)
    ip_hdr = ip_hdr[:10] + struct.pack("!H", _checksum(ip_hdr)) + ip_hdr[12:]
    src.ip_id = (src.ip_id + 1) & 0xFFFF
    adv = len(payload) + (1 if flags & (_TCP_SYN | _TCP_FIN) else 0)
    src.seq = (src.seq + adv) & 0xFFFFFFFF
    return dst.mac + src.mac + b"\x08\x00" + ip_hdr + seg


def _conv_frames(conv):
    key = ("%s:%d-%s:%d" % (conv.client_ip, conv.sport, conv.server_ip, conv.dport)).encode()
    c_isn = zlib.crc32(b"c" + key) & 0xFFFFFFFF
    s_isn = zlib.crc32(b"s" + key) & 0xFFFFFFFF
    cli = _Endpoint(conv.client_ip, conv.client_mac, conv.sport, c_isn, 0x1000)
    srv = _Endpoint(conv.server_ip, conv.server_mac, conv.dport, s_isn, 0x8000)
    mss = conv.mss
    mss_opt = struct.pack("!BBH", 2, 4, min(mss, 65495))
    out = []
    out.append(_frame(cli, srv, _TCP_SYN, b"", 0, mss_opt))
    out.append(_frame(srv, cli, _TCP_SYN | _TCP_ACK, b"", cli.seq, mss_opt))
    out.append(_frame(cli, srv, _TCP_ACK, b"", srv.seq))
    conv.frame_pins = {}   # frame index within this conversation -> timestamp (us)
    for send_index, (from_client, pdus) in enumerate(conv.sends):
        src, dst = (cli, srv) if from_client else (srv, cli)
        if conv.coalesce:
            streams = [b"".join(pdus)]
        else:
            streams = pdus
        unacked = 0
        for data in streams:
            n = len(data)
            for off in range(0, n, mss):
                chunk = data[off:off + mss]
                out.append(_frame(src, dst, _TCP_PSH | _TCP_ACK, chunk, dst.seq))
                unacked += len(chunk)
                if conv.ack_every and unacked >= conv.ack_every:
                    out.append(_frame(dst, src, _TCP_ACK, b"", src.seq))
                    unacked = 0
        if send_index in conv.pins:
            # the last data segment of this send (an ACK may follow it)
            last = max(i for i in range(len(out)) if out[i][47] & _TCP_PSH)
            conv.frame_pins[last] = conv.pins[send_index]
    if conv.close:
        out.append(_frame(cli, srv, _TCP_FIN | _TCP_ACK, b"", srv.seq))
        out.append(_frame(srv, cli, _TCP_FIN | _TCP_ACK, b"", cli.seq))
        out.append(_frame(cli, srv, _TCP_ACK, b"", srv.seq))
    return out


def build_frames(conversations):
    """All frames (Ethernet bytes) of the conversations, one after the other."""
    frames = []
    for conv in conversations:
        frames.extend(_conv_frames(conv))
    return frames


def write_pcap(path, conversations, start_us=1700000000 * 1000000, step_us=100,
               snaplen=262144, pins_may_go_back=False):
    """Write the conversations (in order) to a classic pcap (LINKTYPE_ETHERNET,
    microsecond timestamps). Returns the number of frames written.
    pins_may_go_back: a pin before its frame's natural time is taken as it is
    (time goes back there, as in a capture merged from two interfaces), e.g.
    two requests of two conversations at the very same instant."""
    frames, pins = [], {}
    for conv in conversations:
        conv_frames = _conv_frames(conv)
        pins.update({len(frames) + i: at for i, at in conv.frame_pins.items()})
        frames.extend(conv_frames)
    parts = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, LINKTYPE_ETHERNET)]
    ts = start_us
    for index, f in enumerate(frames):
        if index in pins:
            if pins[index] < ts and not pins_may_go_back:
                raise ValueError("frame %d pinned to %d us, before its natural time %d" % (index, pins[index], ts))
            ts = pins[index]
        n = len(f)
        parts.append(struct.pack("<IIII", ts // 1000000, ts % 1000000, n, n))
        parts.append(f)
        ts += step_us
    with open(path, "wb") as fh:
        fh.write(b"".join(parts))
    return len(frames)
