#!/usr/bin/python3
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
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_env import Tshark  # noqa: E402
from session_levels import LEVEL_MEMBERS, STRING_MEMBERS, UINT_MEMBERS  # noqa: E402

LEGACY_CLIENTS = ("DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0")

failures = []


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
    return want


def call_experts(call, asked_level):
    """The experts a request's or response's own values call for (outside its sessions)."""
    want = dict(call.get("experts", {}))

    def add(name):
        want[name] = want.get(name, 0) + 1
    if call["op"] in ("enum_request", "enum_response") and call.get("level") not in LEVEL_MEMBERS:
        add("srvsess.unknown_level")
    if call["op"] == "enum_response":
        if asked_level is not None and call.get("level") != asked_level:
            add("srvsess.level_mismatch")
        if call.get("status") == 234:
            add("srvsess.more_data")
        sessions, read = call.get("sessions"), call.get("entries_read")
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


def check_session(where, level, sess_elem, truth):
    label = sess_elem.get("showname", "")
    for member, word in (("time", "active"), ("idle_time", "idle")):
        if member in LEVEL_MEMBERS.get(level, ()) and member in truth:
            if f", {word} {duration(truth[member])}" not in label:
                fail(f"{where}: label {label!r} lacks '{word} {duration(truth[member])}'")
    if "num_opens" in LEVEL_MEMBERS.get(level, ()) and "num_opens" in truth:
        n = truth["num_opens"]
        if f", {n} open{'' if n == 1 else 's'}" not in label:
            fail(f"{where}: label {label!r} lacks its open count {n}")
    for member in LEVEL_MEMBERS.get(level, ()):
        kind = "string" if member in STRING_MEMBERS else "uint"
        got = value_of(only_child(sess_elem, "srvsess." + member, where), kind)
        if member not in truth:
            continue
        want = truth[member]
        if got != want:
            fail(f"{where}: {member} = {got!r}, truth {want!r}")
    for member in STRING_MEMBERS + UINT_MEMBERS:
        if member not in LEVEL_MEMBERS.get(level, ()) and children(sess_elem, "srvsess." + member):
            fail(f"{where}: level {level} session shows {member}, which that level does not carry")
    flags = truth.get("user_flags")
    if flags is not None and level in (1, 2, 502):
        for bit, name in ((1, "guest"), (2, "noencryption")):
            f = [x for x in sess_elem.iter("field") if x.get("name") == "srvsess.user_flags." + name]
            if len(f) != 1 or bool(number(f[0].get("show"))) != bool(flags & bit):
                fail(f"{where}: user_flags.{name} wrong for flags {flags:#x}")


def check_truth(tshark, pcap, idle_threshold=0):
    truth_path = pcap[:-len(".pcap")] + ".truth.json"
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    calls = pdml_calls(tshark, pcap, ["-o", f"srvsess.idle_threshold:{idle_threshold}"])
    if len(calls) != len(truth["calls"]):
        fail(f"{len(calls)} srvsess calls decoded, truth has {len(truth['calls'])}: "
             f"{[k for _, k, _, _ in calls]} vs {[c['op'] for c in truth['calls']]}")
    n_sessions = n_experts = 0
    asked_level = None
    for (frame, kind, proto, packet), want in zip(calls, truth["calls"]):
        where = f"frame {frame} ({want['op']})"
        if kind != want["op"]:
            fail(f"{where}: decoded as {kind}")
            continue
        top = {}
        for name in ("level", "entries_read", "total_entries", "resume_handle", "status", "prefmaxlen"):
            top[name] = value_of(only_child_deep(proto, "srvsess." + name, where), "uint")
        for name in ("server_name", "client_qualifier", "user_qualifier"):
            top[name] = value_of(only_child(proto, "srvsess." + name, where), "string")
        for key, val in want.items():
            if key in top and top[key] != val:
                fail(f"{where}: {key} = {top[key]!r}, truth {val!r}")
        sessions = [x for x in proto.iter("field") if x.get("name") == "srvsess.session"]
        expected = call_experts(want, asked_level)
        compare_experts(where, raised(proto, {id(x) for x in sessions}), expected)
        n_experts += sum(expected.values())
        if want["op"] == "enum_request":
            asked_level = want.get("level")
        # [Malformed Packet] from an exception; Malformed-group experts add a hidden one
        malformed = [x for x in packet.iter("proto")
                     if x.get("name") == "_ws.malformed" and x.get("hide") != "yes"]
        if malformed and not want.get("expect_malformed"):
            fail(f"{where}: marked malformed")
        if want.get("expect_malformed") and not malformed:
            fail(f"{where}: expected a malformed mark")
        if "sessions" not in want:
            continue
        if want["sessions"] is None:
            if sessions:
                fail(f"{where}: {len(sessions)} sessions shown, truth has a NULL array")
            continue
        if len(sessions) != len(want["sessions"]):
            fail(f"{where}: {len(sessions)} sessions shown, truth has {len(want['sessions'])}")
        for i, (elem, ts) in enumerate(zip(sessions, want["sessions"])):
            if number(elem.get("show")) != i + 1:
                fail(f"{where}: session {i + 1} is numbered {elem.get('show')}")
            level = want.get("level", top["level"])
            check_session(f"{where} session {i + 1}", level, elem, ts)
            expected = session_experts(level, ts, idle_threshold)
            compare_experts(f"{where} session {i + 1}", raised(elem), expected)
            n_experts += sum(expected.values())
            n_sessions += 1
    other = truth.get("other_srvsvc_calls")
    if other is not None:
        out = tshark.run(["-T", "fields", "-e", "frame.number", "-Y", "srvsvc && !srvsess && (dcerpc.pkt_type == 0 || dcerpc.pkt_type == 2)"],
                         pcap=pcap).stdout.split()
        if len(out) != other:
            fail(f"{len(out)} other srvsvc PDUs, truth {other}")
    print(f"{os.path.basename(pcap)}: {len(calls)} calls, {n_sessions} sessions, {n_experts} expected experts "
          f"checked against {os.path.basename(truth_path)}")


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
    print("plugin loaded from", tshark.plugin_dir)


def check_disabled_identical(build, pcap):
    with Tshark(build, plugin=False) as stock, Tshark(build) as ours:
        for args in (["-V"], [], ["-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info"]):
            a = stock.run(args, pcap=pcap).stdout
            b = ours.run(["--disable-protocol", "srvsess"] + args, pcap=pcap).stdout
            if a != b:
                fail(f"tshark {' '.join(args)} differs from stock with srvsess disabled")
        enabled = ours.run(["-V"], pcap=pcap).stdout
        if enabled == stock.run(["-V"], pcap=pcap).stdout:
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
        srvsvc_others = set(int(x) for x in stock.run(["-T", "fields", "-e", "frame.number", "-Y", "srvsvc"],
                                                        pcap=pcap).stdout.split()) - mine
        for n in others:
            if a[n] != b.get(n):
                fail(f"frame {n} (not srvsess's) decodes differently with srvsess enabled")
        if not mine:
            fail("srvsess decoded nothing in " + pcap)
    print(f"{len(others)} frames not owned by srvsess ({len(srvsvc_others)} of them other srvsvc calls) "
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


def check_stats(tshark, pcap):
    """tshark -q -z srvsess,tree counts what the truth holds."""
    with open(pcap[:-len(".pcap")] + ".truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    want = {"Sessions reported": 0, "Guest sessions (SESS_GUEST)": 0,
            "No-encryption sessions (SESS_NOENCRYPTION)": 0, "Anonymous sessions (empty or NULL user)": 0,
            "NetrSessionEnum requests by client, then server": 0}
    users = {}
    for call in truth["calls"]:
        if call["op"] == "enum_request":
            want["NetrSessionEnum requests by client, then server"] += 1
        for sess in (call.get("sessions") or []) if call["op"] == "enum_response" else []:
            want["Sessions reported"] += 1
            members = LEVEL_MEMBERS[call["level"]]
            if "user_flags" in members:
                want["Guest sessions (SESS_GUEST)"] += bool(sess["user_flags"] & 1)
                want["No-encryption sessions (SESS_NOENCRYPTION)"] += bool(sess["user_flags"] & 2)
            if "username" in members:
                if not sess.get("username"):
                    want["Anonymous sessions (empty or NULL user)"] += 1
                if sess.get("username"):
                    users[sess["username"]] = users.get(sess["username"], 0) + 1
    text = tshark.run(["-q", "-z", "srvsess,tree"], pcap=pcap).stdout.decode()
    got = {}
    for line in text.splitlines():
        m = re.match(r"(\s*)(.+?)\s{2,}(\d+)\s", line)
        if m:
            got.setdefault((len(m.group(1)), m.group(2)), int(m.group(3)))
    for name, count in want.items():
        depth = 0 if name.startswith(("Sessions", "NetrSession")) else 1
        if got.get((depth, name), 0) != count:
            fail(f"stats: {name} = {got.get((depth, name), 0)}, truth {count}")
    for user, count in users.items():
        if got.get((2, user), 0) != count:
            fail(f"stats: user {user!r} = {got.get((2, user), 0)}, truth {count}")
    print(f"srvsess,tree: {want['Sessions reported']} sessions, {len(users)} users as in the truth")


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
    a = ap.parse_args()
    on_tshark = {  # checks that run with one hermetic tshark
        "truth": lambda t: check_truth(t, a.pcap, a.idle_threshold),
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
        with Tshark(a.build) as t:
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
