#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""srvsess's ctest checks. Each subcommand is one test; exit 0 = pass.

  truth PCAP            every srvsess field of every call equals the capture's
                        independent truth (PCAP minus .pcap plus .truth.json), and
                        every expert srvsess raises is the one the truth's values
                        call for, on the right session (rules: expected_experts)
  loaded                the plugin is really loaded (fields registered, decoded)
  disabled-identical P  --disable-protocol srvsess prints what stock prints (-V and summary)
  others-untouched P    srvsvc frames srvsess does not own decode as stock decodes them
  filters PCAP          -Y on cname_host / username matches the frames the truth says
  stats PCAP            tshark -q -z srvsess,tree counts what the truth holds
  zexpert PCAP          tshark -q -z expert reports the same srvsess experts as the tree
  stable PCAP           the sweep expert sits on the same frames in one and two passes
"""
import argparse
import datetime
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_env import Tshark, tshark_version  # noqa: E402
from session_levels import LEVEL_MEMBERS, STRING_MEMBERS, UINT_MEMBERS  # noqa: E402
from session_levels import WKSTA_LEVEL_MEMBERS, WKSTA_STRING_MEMBERS  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "recon"))
from sweep_rule import (expected_sweeps as sweep_rule, expected_collections,  # noqa: E402
                        SESSION_ENUM, WKST_USER_ENUM, COLLECTION_WINDOW_DEFAULT)

LEGACY_CLIENTS = ("DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0")

failures = []
UNKNOWN = object()


def session_experts(level, t, idle_threshold=0):
    """The experts a session's true values call for (issue 3's table)."""
    members = LEVEL_MEMBERS.get(level, ())
    want = dict(t.get("experts", {}))   # what a targeted corruption adds

    def add(name):
        want[name] = want.get(name, 0) + 1
    cname = t.get("cname")
    if "cname" in members and cname:
        rest = cname[2:] if cname.startswith("\\\\") else cname
        if "\\" in rest:
            add("srvsess.cname_backslash")
    if "time" in members and "idle_time" in members and t["idle_time"] > t["time"]:
        add("srvsess.idle_exceeds_time")
    if "idle_time" in members and idle_threshold and t["idle_time"] >= idle_threshold:
        add("srvsess.idle_over_threshold")
    if "user_flags" in members:
        if t["user_flags"] & ~3:
            add("srvsess.user_flags_undefined")
        if t["user_flags"] & 1:
            add("srvsess.guest_session")
        if t["user_flags"] & 2:
            add("srvsess.noencryption_session")
    if "username" in members and not t.get("username"):
        add("srvsess.anonymous_session")
    if "cltype_name" in members and t.get("cltype_name") in LEGACY_CLIENTS:
        add("srvsess.legacy_client")
    if "username" in members and (t.get("username") or "").endswith("$"):
        add("srvsess.machine_account")   # srvsvc side; a logged-on user's is the wkssvc check's
    return want


WKST_OPS = ("wkst_user_enum_request", "wkst_user_enum_response")


def entries_key(call):
    """The truth key of a response's entries: sessions (srvsvc) or users (wkssvc)."""
    return "users" if call["op"] in WKST_OPS else "sessions"


def logon_experts(t):
    """The experts one logged-on user's true values call for (CONTRACT, issue 16)."""
    want = dict(t.get("experts", {}))
    user = t.get("username")
    if user is not None and user.endswith("$"):
        want["srvsess.machine_account"] = want.get("srvsess.machine_account", 0) + 1
    return want


def call_experts(call, asked_level):
    """The experts a request's or response's own values call for (outside its sessions)."""
    want = dict(call.get("experts", {}))

    def add(name):
        want[name] = want.get(name, 0) + 1
    levels = WKSTA_LEVEL_MEMBERS if call["op"] in WKST_OPS else LEVEL_MEMBERS
    if call["op"] in ("enum_request", "enum_response") + WKST_OPS:
        # the Level is judged first; a known Level with an unknown union discriminant next
        if call.get("level") not in levels or call.get("switch", call.get("level")) not in levels:
            add("srvsess.unknown_level")
        if call.get("switch", call.get("level")) != call.get("level"):
            add("srvsess.level_mismatch")
    if call["op"] in ("enum_response", "wkst_user_enum_response"):
        if asked_level is not None and call.get("level") != asked_level:
            add("srvsess.level_mismatch")
        if call.get("status") == 234:
            add("srvsess.more_data")
        sessions, read = call.get(entries_key(call)), call.get("entries_read")
        if sessions is not None and read is not None and read != len(sessions):
            add("srvsess.count_mismatch")
        if read is not None and call.get("total_entries") is not None and call["total_entries"] < read:
            add("srvsess.count_mismatch")
    return want


def raised(elem, skip=None):
    """srvsess experts under elem (not under the elements in skip)."""
    got = {}
    skip = skip or set()

    def walk(e):
        for c in e:
            if id(c) in skip:
                continue
            if c.get("name") == "_ws.expert":
                for x in c:
                    n = x.get("name") or ""
                    if n.startswith("srvsess."):
                        got[n] = got.get(n, 0) + 1
            walk(c)
    walk(elem)
    return got


def compare_experts(where, got, want):
    for name in sorted(set(got) | set(want)):
        if got.get(name, 0) != want.get(name, 0):
            fail(f"{where}: {name} raised {got.get(name, 0)} times, expected {want.get(name, 0)}")


def fail(msg):
    failures.append(msg)
    if len(failures) <= 40:
        print("FAIL:", msg)


def number(show):
    """PDML 'show' of an integer field: '3600 (1h 0m 0s)', '0x00000003', 'WERR_OK (0x0)'."""
    m = re.match(r"\s*(0x[0-9a-fA-F]+|\d+)", show)
    if m:
        return int(m.group(1), 0)
    m = re.search(r"\((0x[0-9a-fA-F]+|\d+)\)\s*$", show)
    if m:
        return int(m.group(1), 0)
    raise ValueError(f"not a number: {show!r}")


def boolean(show):
    """PDML 'show' of a boolean (bitmask) field: '1'/'0' up to 4.2, 'True'/'False' from 4.4."""
    if show in ("True", "False"):
        return show == "True"
    return bool(number(show))


def children(elem, name):
    return [c for c in elem if c.get("name") == name]


def only_child(elem, name, where):
    found = children(elem, name)
    if len(found) > 1:
        fail(f"{where}: {name} appears {len(found)} times")
    return found[0] if found else None


def value_of(field, kind):
    if field is None:
        return None
    show = field.get("show")
    return show if kind == "string" else number(show)


def pdml_calls(tshark, pcap, options=()):
    """srvsess PDUs in capture order: (frame, kind, proto element, packet element)."""
    out = tshark.run(list(options) + ["-T", "pdml", "-Y", "srvsess"], pcap=pcap).stdout
    root = ET.fromstring(out)
    calls = []
    for packet in root.iter("packet"):
        frame = int(packet.find("proto[@name='geninfo']/field[@name='num']").get("show"))
        fields = {f.get("name"): f for f in packet.iter("field")}
        ptype = number(fields["dcerpc.pkt_type"].get("show"))
        if "wkssvc.opnum" in fields:
            kind = {(2, 0): "wkst_user_enum_request", (2, 2): "wkst_user_enum_response"}[
                (number(fields["wkssvc.opnum"].get("show")), ptype)]
        else:
            opnum = number(fields["srvsvc.opnum"].get("show"))
            kind = {(12, 0): "enum_request", (12, 2): "enum_response",
                    (13, 0): "del_request", (13, 2): "del_response"}[(opnum, ptype)]
        for proto in packet.iter("proto"):
            if proto.get("name") == "srvsess":
                calls.append((frame, kind, proto, packet))
    return calls


def duration(seconds):
    d, h, m, s = seconds // 86400, seconds // 3600 % 24, seconds // 60 % 60, seconds % 60
    return (f"{d}d " if d else "") + f"{h}h {m}m {s}s"


# An item label holds at most ITEM_LABEL_LENGTH - 1 = 239 bytes; longer ones are cut.
LABEL_MAX = 239


def label_text(text):
    """Packet text in a session label (README, TRUTH_FORMAT.md): every byte of its
    UTF-8 below 0x20, and 0x7f, written as \\xNN (lowercase hex); the rest as is."""
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7f else c for c in text)


def expected_label(level, number, t):
    """The session label the documented format gives for true values t."""
    members = LEVEL_MEMBERS.get(level, ())
    out = f"Session {number}:"
    if "username" in members:
        user = t.get("username")
        out += " " + ("(NULL user)" if user is None else "(anonymous)" if user == "" else label_text(user))
    if "cname" in members:
        cname = t.get("cname")
        out += " from " + ("(NULL client)" if cname is None else "(empty)" if cname == "" else label_text(cname))
    if "num_opens" in members:
        out += f", {t['num_opens']} open{'' if t['num_opens'] == 1 else 's'}"
    if "time" in members:
        out += ", active " + duration(t["time"])
    if "idle_time" in members:
        out += ", idle " + duration(t["idle_time"])
    return out


def check_label(where, got, want):
    raw = want.encode("utf-8")
    if len(raw) <= LABEL_MAX:
        if got != want:
            fail(f"{where}: label {got!r}, truth says {want!r}")
    elif got not in (raw[:LABEL_MAX].decode("utf-8", "ignore"), raw[:LABEL_MAX].decode("utf-8", "replace")):
        # cut at LABEL_MAX bytes (a UTF-8 sequence cut there is dropped or replaced)
        fail(f"{where}: long label {got!r} is not the first {LABEL_MAX} bytes of {want!r}")


MONTHS = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def parse_abs_time(show):
    """(seconds since the epoch, nanoseconds) from an absolute time as tshark shows
    it in UTC: 'Nov 26, 2026 00:01:36.037155000 UTC' (4.0) or ISO 8601
    '2026-11-26 00:01:36.037155000 UTC' / '2026-11-26T00:01:36.037155000Z'."""
    m = re.match(r"\s*([A-Z][a-z]{2})\s+(\d+),\s+(-?\d+)\s+(\d+):(\d+):(\d+)(?:\.(\d+))?", show)
    if m:
        date = (int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    else:
        m = re.match(r"\s*(-?\d+)-(\d+)-(\d+)[T ](\d+):(\d+):(\d+)(?:\.(\d+))?", show)
        if not m:
            raise ValueError(f"not an absolute time: {show!r}")
        date = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    days = (datetime.date(*date) - datetime.date(1970, 1, 1)).days
    secs = days * 86400 + int(m.group(4)) * 3600 + int(m.group(5)) * 60 + int(m.group(6))
    frac = (m.group(7) or "0")[:9].ljust(9, "0")
    return secs, int(frac)


def frame_time(packet):
    """The frame's capture time as (seconds, nanoseconds), from frame.time_epoch."""
    f = [x for x in packet.iter("field") if x.get("name") == "frame.time_epoch"]
    whole, _, frac = f[0].get("show").partition(".")
    return int(whole), int(frac[:9].ljust(9, "0"))


def expected_sweeps(requests, servers_pref, window_pref):
    """tests/recon/sweep_rule.py's rule (NetrSessionEnum and NetrWkstaUserEnum
    requests alike) on requests [(index, (secs, nsecs), client, server)] in
    capture order, times as seconds in a double (nstime_to_sec())."""
    return sweep_rule([(index, secs + nsecs / 1e9, client, server)
                       for index, (secs, nsecs), client, server in requests], servers_pref, window_pref)


def string_matches(field, want, ndr):
    """The decoded text equals the truth. tshark shows control characters escaped
    (differently across versions), so a text holding any is compared through
    the field's UTF-16 bytes instead."""
    if field.get("show") == want:
        return True
    if not any(ord(c) < 0x20 or ord(c) == 0x7f for c in want):
        return False
    data = bytes.fromhex(field.get("value") or "")
    text = data.decode("utf-16-be" if ndr in ("big", "big_ndr64") else "utf-16-le", errors="replace")
    return text[:-1] == want if text.endswith("\0") else text == want


def check_session(where, level, sess_elem, truth, index=None, when=None, ndr="little"):
    label = sess_elem.get("showname", "")
    if index is not None and truth.get("label", True) is not None:
        check_label(where, label, truth.get("label") or expected_label(level, index, truth))
    for member in LEVEL_MEMBERS.get(level, ()):
        kind = "string" if member in STRING_MEMBERS else "uint"
        field = only_child(sess_elem, "srvsess." + member, where)
        got = value_of(field, kind)
        if member not in truth:
            continue
        want = truth[member]
        if kind == "string" and field is not None and want is not None and string_matches(field, want, ndr):
            continue
        if got != want:
            fail(f"{where}: {member} = {got!r}, truth {want!r}")
        elif member in ("time", "idle_time") and not field.get("showname", "").endswith(f": {want} ({duration(want)})"):
            fail(f"{where}: {member} reads {field.get('showname')!r}, truth {want} ({duration(want)})")
    # generated fields, derived from the true values and the frame's own time
    if "cname" in truth:
        cname = truth["cname"]
        host = truth.get("cname_host", None if cname is None else cname[2:] if cname.startswith("\\\\") else cname)
        field = only_child(sess_elem, "srvsess.cname_host", where)
        if host is None and field is not None:
            fail(f"{where}: cname_host {field.get('show')!r} shown for a NULL cname")
        elif host is not None and (field is None or not string_matches(field, host, ndr) and field.get("show") != host):
            fail(f"{where}: cname_host {None if field is None else field.get('show')!r}, truth {host!r}")
    for member, gen in (("time", "start_time"), ("idle_time", "last_active")):
        field = only_child(sess_elem, "srvsess." + gen, where)
        if member not in LEVEL_MEMBERS.get(level, ()):
            if field is not None:
                fail(f"{where}: level {level} session shows {gen}")
            continue
        if member not in truth or when is None:
            continue
        want = (when[0] - truth[member], when[1])
        got = parse_abs_time(field.get("show")) if field is not None else None
        if got != want:
            fail(f"{where}: {gen} = {None if field is None else field.get('show')!r} {got}, "
                 f"truth frame time {when} - {member} {truth[member]} = {want}")
    for member in STRING_MEMBERS + UINT_MEMBERS:
        if member not in LEVEL_MEMBERS.get(level, ()) and children(sess_elem, "srvsess." + member):
            fail(f"{where}: level {level} session shows {member}, which that level does not carry")
    flags = truth.get("user_flags")
    if flags is not None and level in (1, 2, 502):
        for bit, name in ((1, "guest"), (2, "noencryption")):
            f = [x for x in sess_elem.iter("field") if x.get("name") == "srvsess.user_flags." + name]
            if len(f) != 1 or boolean(f[0].get("show")) != bool(flags & bit):
                fail(f"{where}: user_flags.{name} wrong for flags {flags:#x}")


def piece(text):
    """One text piece of a logged-on user's label (CONTRACT): escaped like the
    session label, a NULL string (NULL), an empty one (empty)."""
    return "(NULL)" if text is None else "(empty)" if text == "" else label_text(text)


def expected_logon_label(level, number, t):
    """The srvsess.logon label the contract gives for true values t."""
    out = f"User {number}: {piece(t.get('username'))}"
    if level == 1:
        out += f", domain {piece(t.get('logon_domain'))}, logon server {piece(t.get('logon_server'))}"
        if t.get("oth_domains"):
            out += f", other domains {piece(t['oth_domains'])}"
    return out


def check_logons(where, want, elems, ndr, escaped_labels):
    """The srvsess.logon entries of one NetrWkstaUserEnum response against the
    truth's users: numbered 1..N, labelled, each member of the arm on the wire,
    nothing else; and their experts. Returns the number checked."""
    users = want["users"]
    if users is None:
        if elems:
            fail(f"{where}: {len(elems)} logged-on users shown, truth has a NULL buffer")
        return 0
    if len(elems) != len(users):
        fail(f"{where}: {len(elems)} logged-on users shown, truth has {len(users)}")
    level = want.get("switch", want.get("level"))   # the arm on the wire gives the members
    members = WKSTA_LEVEL_MEMBERS.get(level, ())
    for i, (elem, t) in enumerate(zip(elems, users)):
        at = f"{where} user {i + 1}"
        if number(elem.get("show")) != i + 1:
            fail(f"{at}: numbered {elem.get('show')}")
        label = t.get("label") or expected_logon_label(level, i + 1, t)
        check_label(at, elem.get("showname", ""), label)
        if any(ord(c) < 0x20 or ord(c) == 0x7f for m in members for c in (t.get(m) or "")):
            escaped_labels.append((at, label))
        for member in WKSTA_STRING_MEMBERS:
            field = only_child(elem, "srvsess." + member, at)
            if member not in members:
                if field is not None:
                    fail(f"{at}: level {level} entry shows {member}, which that level does not carry")
                continue
            want_v = t.get(member)
            if field is None:
                if want_v is not None:
                    fail(f"{at}: {member} missing, truth {want_v!r}")
                continue
            if want_v is None:
                fail(f"{at}: {member} = {field.get('show')!r} shown for a NULL pointer")
            elif not string_matches(field, want_v, ndr):
                fail(f"{at}: {member} = {field.get('show')!r}, truth {want_v!r}")
        compare_experts(at, raised(elem), logon_experts(t))
    return len(users)


def check_truth(tshark, pcap, idle_threshold=0, sweep_servers=5, sweep_window=60, collection_window=None):
    truth_path = pcap[:-len(".pcap")] + ".truth.json"
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    prefs = ["-o", f"srvsess.idle_threshold:{idle_threshold}", "-o", f"srvsess.sweep_servers:{sweep_servers}",
             "-o", f"srvsess.sweep_window:{sweep_window}"]
    if collection_window is not None:
        prefs += ["-o", f"srvsess.collection_window:{collection_window}"]
    else:
        collection_window = COLLECTION_WINDOW_DEFAULT
    calls = pdml_calls(tshark, pcap, prefs)
    if len(calls) != len(truth["calls"]):
        fail(f"{len(calls)} srvsess calls decoded, truth has {len(truth['calls'])}: "
             f"{[k for _, k, _, _ in calls]} vs {[c['op'] for c in truth['calls']]}")
    # the sweep rule, from who asked whom (truth) and when (the frames' own times)
    call_name = {"enum_request": SESSION_ENUM, "wkst_user_enum_request": WKST_USER_ENUM}
    requests = [(i, frame_time(packet), want["client"], want["server"])
                for i, ((_, _, _, packet), want) in enumerate(zip(calls, truth["calls"]))
                if want["op"] in call_name and "client" in want and "server" in want]
    sweeps = expected_sweeps(requests, sweep_servers, sweep_window)
    # session collection: the same rule module, the same times
    collections = expected_collections([(i, secs + nsecs / 1e9, client, server, call_name[truth["calls"][i]["op"]])
                                        for i, (secs, nsecs), client, server in requests], collection_window)
    n_logons = 0
    n_sessions = n_experts = 0
    escaped_labels = []
    asked_level = None
    asked_server_name = UNKNOWN   # the truth of some captures does not say
    for index, ((frame, kind, proto, packet), want) in enumerate(zip(calls, truth["calls"])):
        where = f"frame {frame} ({want['op']})"
        if kind != want["op"]:
            fail(f"{where}: decoded as {kind}")
            continue
        top = {}
        for name in ("level", "entries_read", "total_entries", "resume_handle", "status", "prefmaxlen",
                     "switch", "request_level"):
            field = "srvsess.ndr.switch" if name == "switch" else "srvsess." + name
            top[name] = value_of(only_child_deep(proto, field, where), "uint")
        is_response = want["op"] in ("enum_response", "wkst_user_enum_response")
        if "level" in want and "switch" not in want:
            want = dict(want, switch=want["level"])   # the discriminant Samba wrote from the Level
        if is_response and top["request_level"] != asked_level:
            fail(f"{where}: request_level = {top['request_level']!r}, its request asked {asked_level!r}")
        if is_response and asked_server_name is not UNKNOWN:
            got = value_of(only_child(proto, "srvsess.request_server_name", where), "string")
            if got != asked_server_name:
                fail(f"{where}: request_server_name = {got!r}, its request's ServerName {asked_server_name!r}")
        for name in ("server_name", "client_qualifier", "user_qualifier"):
            top[name] = value_of(only_child(proto, "srvsess." + name, where), "string")
        for key, val in want.items():
            if key in top and top[key] != val:
                fail(f"{where}: {key} = {top[key]!r}, truth {val!r}")
        wkst = want["op"] in WKST_OPS
        if wkst:   # what the wire does not carry (no container; a request's [out] values) is not shown
            for key in ("entries_read",) if is_response else ("total_entries", "status", "request_level"):
                if key not in want and top[key] is not None:
                    fail(f"{where}: {key} = {top[key]!r} shown, the truth has none on the wire")
        entry_field = "srvsess.logon" if wkst else "srvsess.session"
        sessions = [x for x in proto.iter("field") if x.get("name") == entry_field]
        expected = call_experts(want, asked_level)
        if index in sweeps:
            expected["srvsess.enum_sweep"] = expected.get("srvsess.enum_sweep", 0) + 1
        if index in collections:
            expected["srvsess.session_collection"] = expected.get("srvsess.session_collection", 0) + 1
        compare_experts(where, raised(proto, {id(x) for x in sessions}), expected)
        n_experts += sum(expected.values())
        if want["op"] in ("enum_request", "wkst_user_enum_request"):
            asked_level = want.get("level")
            asked_server_name = want.get("server_name", UNKNOWN)
        # [Malformed Packet] from an exception; Malformed-group experts add a hidden one
        malformed = [x for x in packet.iter("proto")
                     if x.get("name") == "_ws.malformed" and x.get("hide") != "yes"]
        if malformed and not want.get("expect_malformed"):
            fail(f"{where}: marked malformed")
        if want.get("expect_malformed") and not malformed:
            fail(f"{where}: expected a malformed mark")
        if wkst:
            if "users" not in want:
                if sessions:
                    fail(f"{where}: {len(sessions)} logged-on users shown, truth has none on the wire")
                continue
            n_logons += check_logons(where, want, sessions, truth.get("ndr", "little"), escaped_labels)
            n_experts += sum(sum(logon_experts(u).values()) for u in want["users"] or ())
            continue
        if "sessions" not in want:
            continue
        if want["sessions"] is None:
            if sessions:
                fail(f"{where}: {len(sessions)} sessions shown, truth has a NULL array")
            continue
        if len(sessions) != len(want["sessions"]):
            fail(f"{where}: {len(sessions)} sessions shown, truth has {len(want['sessions'])}")
        when = frame_time(packet)   # once per packet: it walks all of the packet's fields
        for i, (elem, ts) in enumerate(zip(sessions, want["sessions"])):
            if number(elem.get("show")) != i + 1:
                fail(f"{where}: session {i + 1} is numbered {elem.get('show')}")
            # the union discriminant selects the arm, hence the members
            level = want.get("switch", want.get("level", top["level"]))
            check_session(f"{where} session {i + 1}", level, elem, ts, index=i + 1,
                          when=when, ndr=truth.get("ndr", "little"))
            expected = session_experts(level, ts, idle_threshold)
            compare_experts(f"{where} session {i + 1}", raised(elem), expected)
            n_experts += sum(expected.values())
            n_sessions += 1
            if any(ts.get(m) and any(ord(c) < 0x20 or ord(c) == 0x7f for c in ts[m]) for m in ("username", "cname")):
                escaped_labels.append((f"{where} session {i + 1}", ts.get("label") or expected_label(level, i + 1, ts)))
    if escaped_labels:
        # PDML writes control characters of any label as \xNN itself, which would hide a
        # label srvsess failed to escape: these labels are read from -V text, as printed
        has_wkst = any(c["op"] in WKST_OPS for c in truth["calls"])
        shown = "srvsess.session || srvsess.logon" if has_wkst else "srvsess.session"
        lines = {line.strip() for line in tshark.run(["-V", "-Y", shown], pcap=pcap)
                 .stdout.decode("utf-8", "replace").splitlines()}
        for where, want in escaped_labels:
            if len(want.encode("utf-8")) <= LABEL_MAX and want not in lines:
                fail(f"{where}: -V text lacks the label line {want!r}")
    other = truth.get("other_srvsvc_calls")
    if other is not None:
        out = tshark.run(["-T", "fields", "-e", "frame.number", "-Y", "srvsvc && !srvsess && (dcerpc.pkt_type == 0 || dcerpc.pkt_type == 2)"],
                         pcap=pcap).stdout.split()
        if len(out) != other:
            fail(f"{len(out)} other srvsvc PDUs, truth {other}")
    print(f"{os.path.basename(pcap)}: {len(calls)} calls, {n_sessions} sessions (labels, start and last-active "
          f"times, client hosts), {n_logons} logged-on users (labels, members), {n_experts} expected experts "
          f"({len(sweeps)} sweep, {len(collections)} session collection at window {collection_window}) "
          f"checked against {os.path.basename(truth_path)}")


WKSSVC_STOCK = {   # stock Wireshark's (PIDL) wkssvc fields for the contract's keys
    "server_name": "wkssvc.wkssvc_NetWkstaEnumUsers.server_name",
    "level": "wkssvc.wkssvc_NetWkstaEnumUsersInfo.level",
    "prefmaxlen": "wkssvc.wkssvc_NetWkstaEnumUsers.prefmaxlen",
    "resume_handle": "wkssvc.wkssvc_NetWkstaEnumUsers.resume_handle",
    "total_entries": "wkssvc.wkssvc_NetWkstaEnumUsers.entries_read",   # PIDL's name for TotalEntries
    "status": "wkssvc.werror",
}
WKSSVC_STOCK_MEMBER = {"username": "user_name", "logon_domain": "logon_domain", "oth_domains": "other_domains",
                       "logon_server": "logon_server"}


def check_builtin(tshark, pcap):
    """What a tshark (run --stock: no plugin) decodes of the truth's NetrWkstaUserEnum
    calls through its built-in wkssvc dissector: per request and response, is it
    Malformed, is any contract value (ServerName, Level, PreferredMaximumLength,
    ResumeHandle, EntriesRead, TotalEntries, status, each user's members) missing
    or wrong. A report (issue 16.2: what the built-in gets wrong): it prints the
    counts and fails only when the capture holds no NetrWkstaUserEnum."""
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    wants = [c for c in truth["calls"] if c["op"] in WKST_OPS]
    root = ET.fromstring(tshark.run(["-T", "pdml", "-Y", "wkssvc.opnum == 2 && (dcerpc.pkt_type == 0 || "
                                     "dcerpc.pkt_type == 2)"], pcap=pcap, check=False).stdout)
    packets = list(root.iter("packet"))
    if not wants:
        fail("no NetrWkstaUserEnum in the truth of " + pcap)
    counts = {"requests": 0, "responses": 0, "malformed_requests": 0, "malformed_responses": 0,
              "wrong_requests": 0, "wrong_responses": 0, "missing": max(0, len(wants) - len(packets))}
    examples = []
    ndr = truth.get("ndr", "little")
    for packet, want in zip(packets, wants):
        response = want["op"] == "wkst_user_enum_response"
        side = "responses" if response else "requests"
        counts[side] += 1
        frame = packet.find("proto[@name='geninfo']/field[@name='num']").get("show")
        if any(p.get("name") == "_ws.malformed" for p in packet.iter("proto")):
            counts["malformed_" + side] += 1
        fields = list(packet.iter("field"))
        wrong = []
        for key, name in WKSSVC_STOCK.items():
            if key not in want:
                continue
            got = [f for f in fields if f.get("name") == name]
            kind = "string" if key == "server_name" else "uint"
            # a NULL pointer has no field; Info's level appears once per side
            if want[key] is None:
                if got and key != "resume_handle":
                    wrong.append(f"{key} shown for NULL")
                continue
            value = value_of(got[0], kind) if got else None
            if value is None or (value != want[key] and not (kind == "string" and string_matches(got[0], want[key], ndr))):
                wrong.append(f"{key}={value!r} (truth {want[key]!r})")
        if response and "entries_read" in want:
            got = [f for f in fields if re.fullmatch(r"wkssvc\.wkssvc_NetWkstaEnumUsersCtr[01]\.entries_read", f.get("name") or "")]
            if not got or number(got[0].get("show")) != want["entries_read"]:
                wrong.append(f"entries_read={None if not got else got[0].get('show')!r} (truth {want['entries_read']})")
        if response and want.get("users"):
            level = want.get("switch", want["level"])
            for member in WKSTA_LEVEL_MEMBERS.get(level, ()):
                name = f"wkssvc.wkssvc_NetrWkstaUserInfo{level}.{WKSSVC_STOCK_MEMBER[member]}"
                got = [f for f in fields if f.get("name") == name]
                truth_vals = [u[member] for u in want["users"] if u[member] is not None]
                if len(got) != len(truth_vals) or not all(string_matches(g, t, ndr) for g, t in zip(got, truth_vals)):
                    wrong.append(f"{member}: {len(got)} shown {[g.get('show') for g in got[:2]]}..., "
                                 f"truth {len(truth_vals)} {truth_vals[:2]}...")
        if wrong:
            counts["wrong_" + side] += 1
            if len(examples) < 6:
                examples.append(f"frame {frame} ({want['op']}): " + "; ".join(wrong)[:300])
    v = ".".join(map(str, tshark_version()))
    print(f"builtin wkssvc, tshark {v}, {os.path.basename(pcap)} (ndr {ndr}): " +
          ", ".join(f"{k} {n}" for k, n in counts.items()))
    for line in examples:
        print("  e.g.", line)


def only_child_deep(proto, name, where):
    """A top-level parameter: directly under srvsess, or one subtree down (container)."""
    found = [f for f in proto.iter("field") if f.get("name") == name]
    # entries_read lives in the container; parameters never repeat within one PDU
    if len(found) > 1:
        fail(f"{where}: {name} appears {len(found)} times")
    return found[0] if found else None


def check_loaded(tshark, pcap):
    fields = tshark.run(["-G", "fields"]).stdout.decode()
    for name in ("srvsess.cname", "srvsess.username", "srvsess.user_flags.guest", "srvsess.level"):
        if f"\t{name}\t" not in fields:
            fail(f"field {name} not registered: the plugin did not load")
    got = tshark.run(["-T", "fields", "-e", "srvsess.cname", "-Y", "srvsess.cname"], pcap=pcap).stdout
    if not got.strip():
        fail("no srvsess.cname decoded from " + pcap)
    # tshark -G plugins: "srvsess.so<TAB>version<TAB>type<TAB>path". 4.2+ ask the
    # plugin what it is (plugin_describe); 4.0 says "dissector" from the table it
    # registered with.
    rows = [line.split("\t") for line in tshark.run(["-G", "plugins"]).stdout.decode().splitlines()]
    ours = [r for r in rows if r and r[0].strip() == "srvsess.so"]
    if len(ours) != 1 or len(ours[0]) < 3 or ours[0][2].strip() != "dissector":
        fail(f"tshark {'.'.join(map(str, tshark_version()))} -G plugins does not list srvsess.so as a dissector: {ours}")
    print("plugin loaded from", tshark.plugin_dir)


def check_disabled_identical(build, pcap):
    # -V (every item) and the summary lines (the columns, Info among them): four
    # tshark runs, each output compared whole.
    with Tshark(build, plugin=False) as stock, Tshark(build) as ours:
        stock_v = None
        for args in (["-V"], []):
            a = stock.run(args, pcap=pcap).stdout
            b = ours.run(["--disable-protocol", "srvsess"] + args, pcap=pcap).stdout
            if a != b:
                fail(f"tshark {' '.join(args)} differs from stock with srvsess disabled")
            if args == ["-V"]:
                stock_v = a
        if ours.run(["-V"], pcap=pcap).stdout == stock_v:
            fail("enabled srvsess prints the same as stock: nothing was taken over")
    print("disabled srvsess is byte-identical to stock for", os.path.basename(pcap))


def split_frames(text):
    frames = {}
    for chunk in re.split(rb"\n(?=Frame \d+:)", text):
        m = re.match(rb"Frame (\d+):", chunk)
        if m:
            frames[int(m.group(1))] = chunk.strip()
    return frames


def check_others_untouched(build, pcap):
    with Tshark(build, plugin=False) as stock, Tshark(build) as ours:
        mine = set(int(x) for x in ours.run(["-T", "fields", "-e", "frame.number", "-Y", "srvsess"],
                                            pcap=pcap).stdout.split())
        a = split_frames(stock.run(["-V"], pcap=pcap).stdout)
        b = split_frames(ours.run(["-V"], pcap=pcap).stdout)
        others = [n for n in a if n not in mine]
        srvsvc_others = set(int(x) for x in stock.run(["-T", "fields", "-e", "frame.number", "-Y", "srvsvc || wkssvc"],
                                                        pcap=pcap).stdout.split()) - mine
        for n in others:
            if a[n] != b.get(n):
                fail(f"frame {n} (not srvsess's) decodes differently with srvsess enabled")
        if not mine:
            fail("srvsess decoded nothing in " + pcap)
    print(f"{len(others)} frames not owned by srvsess ({len(srvsvc_others)} of them other srvsvc/wkssvc calls) "
          f"identical to stock")


def check_stable(tshark, pcap):
    """Experts that need the whole capture (the sweep) are decided on the first
    pass: one pass, two passes (-2), and two passes with a filter on the expert
    itself show them on the same frames."""
    def frames_with(args, flt, seekable):
        out = tshark.run(args + ["-Y", flt, "-T", "fields", "-e", "frame.number"], pcap=pcap,
                         seekable=seekable).stdout.split()
        return [int(x) for x in out]
    one = frames_with([], "srvsess.enum_sweep", False)
    two = frames_with(["-2"], "srvsess.enum_sweep", True)
    if not one:
        fail("no srvsess.enum_sweep in " + pcap)
    if one != two:
        fail(f"enum_sweep frames differ: one pass {one}, two passes {two}")
    print(f"enum_sweep on frames {one} in one pass and in two passes")
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        calls = json.load(f)["calls"]
    wkst = any(c["op"] in WKST_OPS for c in calls)
    # The request's ServerName is kept for its response on the first pass, which
    # builds no tree under -2: the generated field must not depend on one.
    def names(args, seekable):
        return tshark.run(args + ["-Y", "srvsess.request_server_name", "-T", "fields", "-e", "frame.number",
                                  "-e", "srvsess.request_server_name"], pcap=pcap, seekable=seekable).stdout
    one, two = names([], False), names(["-2"], True)
    if any(c["op"].endswith("request") and c.get("server_name") is not None for c in calls) and not one.strip():
        fail("no srvsess.request_server_name in " + pcap)
    if one != two:
        fail(f"request_server_name differs: one pass {len(one.splitlines())} responses, two passes "
             f"{len(two.splitlines())}")
    print(f"request_server_name on {len(one.splitlines())} responses, the same in one pass and in two")
    if wkst:   # session collection: decided on the first pass as well
        one = frames_with([], "srvsess.session_collection", False)
        two = frames_with(["-2"], "srvsess.session_collection", True)
        if not one:
            fail("no srvsess.session_collection in " + pcap)
        if one != two:
            fail(f"session_collection frames differ: one pass {one}, two passes {two}")
        print(f"session_collection on frames {one} in one pass and in two passes")


def check_zexpert(tshark, pcap):
    """tshark -q -z expert (no tree printed) reports the experts -T pdml shows."""
    root = ET.fromstring(tshark.run(["-T", "pdml"], pcap=pcap).stdout)
    in_tree = sum(raised(p).get(n, 0) for p in root.iter("packet") for n in raised(p))
    text = tshark.run(["-q", "-z", "expert"], pcap=pcap).stdout.decode()
    in_tap = 0
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)\s+\S+\s+SRVSESS\s", line)
        if m:
            in_tap += int(m.group(1))
    if in_tree == 0:
        fail("no srvsess experts in " + pcap)
    if in_tap != in_tree:
        fail(f"-z expert counts {in_tap} srvsess experts, the tree {in_tree}")
    print(f"{in_tap} srvsess experts from -z expert without a printed tree, as in the tree")


SESSIONS_NODE = "Sessions reported"
REQUESTS_NODE = "Enumeration requests by client, then server"
BY_SERVER_NODE = "Sessions by server"
BY_WORKSTATION_NODE = "Logged-on users by workstation"
WHERE_NODE = "Where is each user"
STATS_SESSION_NODES = ("By user", "By client host", "By client type", "Guest sessions (SESS_GUEST)",
                       "No-encryption sessions (SESS_NOENCRYPTION)", "Anonymous sessions (empty or NULL user)")
# the nodes created before any packet (the tree shows them at 0)
STATS_TOP_NODES = (SESSIONS_NODE, REQUESTS_NODE, BY_SERVER_NODE, BY_WORKSTATION_NODE, WHERE_NODE)
# the request each response answers, and the call's name in "Where is each user"
STATS_REQUEST_OF = {"enum_response": "enum_request", "wkst_user_enum_response": "wkst_user_enum_request"}
STATS_CALL_NAME = {"enum_response": "NetrSessionEnum", "wkst_user_enum_response": "NetrWkstaUserEnum"}


def stats_answers(truth):
    """(request, response) of every NetrSessionEnum and NetrWkstaUserEnum response:
    its request is the call just before it (TRUTH_FORMAT: the tools recorded wait
    for each answer); None when the call before it is not that request."""
    before = None
    for call in truth["calls"]:
        if call["op"] in STATS_REQUEST_OF:
            yield (before if before is not None and before["op"] == STATS_REQUEST_OF[call["op"]] else None), call
        before = call


def stats_answer_host(request):
    """The host an answer describes: its request's ServerName without one leading
    \\\\, else (NULL or empty) the address the request went to; None = unknown."""
    if request is None or "server_name" not in request:
        return None
    name = request["server_name"]
    if name and name.startswith("\\\\"):
        name = name[2:]
    return name or request.get("server")


def stats_entries(call):
    """(entries, members of the arm on the wire) of a response."""
    levels = WKSTA_LEVEL_MEMBERS if call["op"] in WKST_OPS else LEVEL_MEMBERS
    return call.get(entries_key(call)) or [], levels.get(call.get("switch", call.get("level")), ())


def stats_user(entry, members):
    """A user as the tree names it: "(no user)" when NULL or not at this level, "(empty)"."""
    user = entry.get("username") if "username" in members else None
    return "(no user)" if user is None else (user or "(empty)")


def expected_stats_tree(truth):
    """Every node of `tshark -q -z srvsess,tree` with its count, as {path: count}
    (path = the node names from the top), derived from the truth by the README's
    and the CONTRACT's description of the tree. Returns (tree, unknown): unknown
    is the set of top-level nodes below which the truth cannot say (requests
    without client/server, answers whose host is not known): only their own
    count is compared. Add new nodes of the tree here: check_stats fails on any
    node not listed."""
    tree = {(top,): 0 for top in STATS_TOP_NODES}
    tree.update({(SESSIONS_NODE, n): 0 for n in STATS_SESSION_NODES})   # created before any packet
    unknown = set()

    def tick(*path, by=1):
        tree[path] = tree.get(path, 0) + by
    for call in truth["calls"]:
        if call["op"] in ("enum_request", "wkst_user_enum_request"):   # both calls alike
            tick(REQUESTS_NODE)
            if "client" in call and "server" in call:
                tick(REQUESTS_NODE, call["client"])
                tick(REQUESTS_NODE, call["client"], call["server"])
            else:
                unknown.add(REQUESTS_NODE)
        if call["op"] != "enum_response" or not call.get("sessions"):
            continue
        members = LEVEL_MEMBERS[call.get("switch", call["level"])]   # the arm on the wire
        for sess in call["sessions"]:
            tick(SESSIONS_NODE)
            user, cname, cltype = sess.get("username"), sess.get("cname"), sess.get("cltype_name")
            if user is not None:
                tick(SESSIONS_NODE, "By user")
                tick(SESSIONS_NODE, "By user", user or "(empty)")
            if cname is not None:
                tick(SESSIONS_NODE, "By client host")
                tick(SESSIONS_NODE, "By client host", cname[2:] if cname.startswith("\\\\") else cname)
            if cltype is not None:
                tick(SESSIONS_NODE, "By client type")
                tick(SESSIONS_NODE, "By client type", cltype or "(empty)")
            if "user_flags" in members and sess["user_flags"] & 1:
                tick(SESSIONS_NODE, "Guest sessions (SESS_GUEST)")
            if "user_flags" in members and sess["user_flags"] & 2:
                tick(SESSIONS_NODE, "No-encryption sessions (SESS_NOENCRYPTION)")
            if "username" in members and not user:
                tick(SESSIONS_NODE, "Anonymous sessions (empty or NULL user)")

    distinct = set()   # (server, user name) pairs seen
    for request, answer in stats_answers(truth):
        host = stats_answer_host(request)
        entries, members = stats_entries(answer)
        sessions = answer["op"] == "enum_response"
        top = BY_SERVER_NODE if sessions else BY_WORKSTATION_NODE
        if host is None:   # the counts of the top nodes are still known
            unknown.update({top, WHERE_NODE})
            tick(top, by=len(entries))
            tick(WHERE_NODE, by=sum(1 for e in entries if "username" in members and e.get("username") is not None))
            continue
        # Sessions by server: server -> its answers, distinct users, user -> client host;
        # Logged-on users by workstation: workstation -> user. A host node even for no entry.
        tick(top, host, by=0)
        if sessions:
            tick(BY_SERVER_NODE, host, "By user", by=0)
            tick(BY_SERVER_NODE, host, "NetrSessionEnum answers")
            tick(BY_SERVER_NODE, host, "Distinct users", by=0)
        for entry in entries:
            user = stats_user(entry, members)
            tick(top)
            tick(top, host)
            if sessions:
                cname = entry.get("cname")
                client = cname[2:] if cname and cname.startswith("\\\\") else cname
                client = "(no client)" if client is None else client or "(empty)"
                tick(BY_SERVER_NODE, host, "By user")
                tick(BY_SERVER_NODE, host, "By user", user)
                tick(BY_SERVER_NODE, host, "By user", user, client)
                if "username" in members and entry.get("username") is not None \
                        and (host, entry["username"]) not in distinct:
                    distinct.add((host, entry["username"]))
                    tick(BY_SERVER_NODE, host, "Distinct users")
            else:
                tick(BY_WORKSTATION_NODE, host, user)
            # Where is each user: user -> host -> call, for a user name that is there
            if "username" in members and entry.get("username") is not None:
                tick(WHERE_NODE)
                tick(WHERE_NODE, user)
                tick(WHERE_NODE, user, host)
                tick(WHERE_NODE, user, host, STATS_CALL_NAME[answer["op"]])
    return tree, unknown


def parse_stats_tree(raw):
    """{path: count} from tshark's text rendering of a stats tree: one node per
    line, one leading space per depth, the name padded to the Count column
    (found in the "Topic / Item" header). A node named "" (a client host sent as
    an empty cname) has no visible indent: it is taken as a child at depth 2."""
    lines = raw.split(b"\n")
    head = next((i for i, line in enumerate(lines) if line.startswith(b"Topic / Item")), None)
    if head is None:
        raise ValueError("no stats tree header in: " + raw[:300].decode(errors="replace"))
    col = lines[head].find(b"Count")
    nodes, stack = {}, []
    for line in lines[head + 1:]:
        if not line.strip() or set(line.strip()) <= set(b"-="):
            if nodes and set(line.strip()) <= set(b"-=") and line.strip():
                break
            continue
        name_part, rest = line[:col], line[col:]
        if not re.match(rb"\s*\d", rest):
            # padded by characters rather than bytes (another Wireshark version)
            text = line.decode("utf-8", "replace")
            name_part, rest = text[:col].encode(), text[col:].encode()
        m = re.match(rb"\s*(\d+)", rest)
        if not m:
            raise ValueError(f"cannot read the count of stats line {line!r}")
        name_raw = name_part.rstrip(b" ")
        depth = len(name_raw) - len(name_raw.lstrip(b" ")) if name_raw else 2
        stack[depth:] = [name_raw.lstrip(b" ").decode("utf-8", "replace")]
        if len(stack) != depth + 1:
            raise ValueError(f"stats line {line!r} has no parent")
        path = tuple(stack)
        if path in nodes:   # ("(twice)", path...) = how many times; the counts are summed
            nodes[("(twice)",) + path] = nodes.get(("(twice)",) + path, 1) + 1
            nodes[path] += int(m.group(1))
        else:
            nodes[path] = int(m.group(1))
    return nodes


def compare_stats_tree(want, got, tops, unknown=()):
    """Fail on every node under the top-level nodes `tops` whose count in `got`
    (parse_stats_tree) is not the one in `want` (expected_stats_tree), or that
    appears more often than the truth has such a node; below a top in `unknown`
    only the top's own count. The text pads names with spaces, so trailing spaces
    of a name cannot be seen: names that differ only by them are one path there,
    shown once per true node, their counts summed (by parse_stats_tree)."""
    folded, originals = {}, {}
    for path, count in want.items():
        key = tuple(name.rstrip(" ") for name in path)
        folded[key] = folded.get(key, 0) + count
        originals.setdefault(key, set()).add(path)
    for path in sorted(set(folded) | {p for p in got if p[0] != "(twice)"}):
        if path[0] not in tops or (len(path) > 1 and path[0] in unknown):
            continue
        times = got.get(("(twice)",) + path, 1 if path in got else 0)
        if path in got and path in folded and times != len(originals[path]):
            fail(f"stats: node {' / '.join(path)} appears {times} times, truth {len(originals[path])}")
        elif got.get(path) != folded.get(path):
            fail(f"stats: {' / '.join(path)} = {got.get(path)}, truth {folded.get(path)}")


def check_stats(tshark, pcap):
    """tshark -q -z srvsess,tree shows exactly the nodes and counts the truth calls for."""
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    want, unknown = expected_stats_tree(truth)
    got = parse_stats_tree(tshark.run(["-q", "-z", "srvsess,tree"], pcap=pcap).stdout)
    # every node of the tree: a top-level node the truth does not know is a failure too
    compare_stats_tree(want, got, {path[0] for path in got if path[0] != "(twice)"} | set(STATS_TOP_NODES),
                       unknown)
    print(f"srvsess,tree: {len(got)} nodes as the truth calls for: "
          + ", ".join(f"{top} {want[(top,)]}" for top in STATS_TOP_NODES)
          + (f"; below {', '.join(sorted(unknown))} not known from the truth" if unknown else ""))


def check_filters(tshark, pcap):
    """Display filters on single fields find exactly the responses the truth
    says hold such a session (tshark then builds only what the filter needs)."""
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    responses = [c for c in truth["calls"] if c["op"] == "enum_response" and c.get("sessions")]
    probes = []
    for c in responses:
        for sess in c["sessions"]:
            if sess.get("cname"):
                host = sess["cname"][2:] if sess["cname"].startswith("\\\\") else sess["cname"]
                probes.append(("srvsess.cname_host", host, lambda t, h=host: t.get("cname") in (h, "\\\\" + h)))
            if sess.get("username"):
                u = sess["username"]
                probes.append(("srvsess.username", u, lambda t, u=u: t.get("username") == u))
    seen = set()
    checked = 0
    for field, value, match in probes:
        if (field, value) in seen or '"' in value or "\\" in value:
            continue
        seen.add((field, value))
        want = sum(1 for c in responses if any(match(t) for t in c["sessions"]))
        # summary lines, not -T fields: that would build a full visible tree
        got = len(tshark.run(["-Y", f'{field} == "{value}"'], pcap=pcap).stdout.splitlines())
        if got != want:
            fail(f'-Y \'{field} == "{value}"\' matches {got} frames, truth {want}')
        checked += 1
        if checked >= 8:
            break
    if not checked:
        fail("nothing to probe in " + pcap)
    print(f"{checked} display filters match the frames the truth says")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("command")
    ap.add_argument("pcap", nargs="?")
    ap.add_argument("--idle-threshold", type=int, default=0,
                    help="truth: set srvsess.idle_threshold and expect srvsess.idle_over_threshold")
    ap.add_argument("--sweep-servers", type=int, default=5,
                    help="truth: set srvsess.sweep_servers (the default is 5) and expect enum_sweep by it")
    ap.add_argument("--sweep-window", type=int, default=60,
                    help="truth: set srvsess.sweep_window (the default is 60) and expect enum_sweep by it")
    ap.add_argument("--collection-window", type=int, default=None,
                    help="truth: set srvsess.collection_window (default 5, not passed) and expect "
                         "session_collection by it")
    ap.add_argument("--stock", action="store_true",
                    help="run tshark without the plugin (builtin: what stock Wireshark decodes)")
    a = ap.parse_args()
    on_tshark = {  # checks that run with one hermetic tshark
        "truth": lambda t: check_truth(t, a.pcap, a.idle_threshold, a.sweep_servers, a.sweep_window,
                                       a.collection_window),
        "builtin": lambda t: check_builtin(t, a.pcap),
        "loaded": lambda t: check_loaded(t, a.pcap),
        "filters": lambda t: check_filters(t, a.pcap),
        "stats": lambda t: check_stats(t, a.pcap),
        "zexpert": lambda t: check_zexpert(t, a.pcap),
        "stable": lambda t: check_stable(t, a.pcap),
    }
    side_by_side = {  # checks that compare with stock tshark
        "disabled-identical": check_disabled_identical,
        "others-untouched": check_others_untouched,
    }
    if a.command in on_tshark:
        with Tshark(a.build, plugin=not a.stock) as t:
            on_tshark[a.command](t)
    elif a.command in side_by_side:
        side_by_side[a.command](a.build, a.pcap)
    else:
        ap.error("unknown command " + a.command)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
