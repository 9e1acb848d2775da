#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn rpcclient debug logs (run with -d 10) into srvsess truth calls.

At debug level 10 rpcclient prints, through Samba's own NDR printer, every
call's "in" structure before marshalling it and every "out" structure after
unmarshalling the server's answer.  That is Samba's view of what went over
the wire, independent of any Wireshark dissector.  This module parses those
prints (srvsvc_NetSessEnum / srvsvc_NetSessDel and wkssvc_NetWkstaEnumUsers
into truth "calls", and counts the other srvsvc_* functions) and writes pcaps/NAME.truth.json in the format of
tests/TRUTH_FORMAT.md.

Used by tests/gen/record_samba.sh and record_wkssvc_samba.sh (truth source),
tests/gen/record_impacket.sh and record_wkssvc_impacket.sh (cross-check of the
handler's truth).

    rpcclient_truth.py --capture NAME.pcap --transport smb2 \
        --made-by tests/gen/record_samba.sh --out pcaps/NAME.truth.json LOG...
"""

import argparse
import json
import re
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from session_levels import LEVEL_MEMBERS, WKSTA_LEVEL_MEMBERS  # noqa: E402  (tests/session_levels.py)

HEADER_RE = re.compile(r"^( *)(\w+): struct (\w+)\s*$")
DIR_RE = re.compile(r"^( *)(in|out): struct (\w+)\s*$")
FIELD_RE = re.compile(r"^( *)([A-Za-z_]\w*)\s*: ?(.*?)\s*$")

# Samba IDL member name -> truth-file member name
FIELD_MAP = {"client": "cname", "user": "username", "num_open": "num_opens",
             "time": "time", "idle_time": "idle_time", "user_flags": "user_flags",
             "client_type": "cltype_name", "transport": "transport"}
LEVEL_FIELDS = {level: list(members) for level, members in LEVEL_MEMBERS.items()}
# Samba's wkssvc IDL member name -> truth-file member name (WKSTA_USER_INFO_0/1)
USER_FIELD_MAP = {"user_name": "username", "logon_domain": "logon_domain",
                  "other_domains": "oth_domains", "logon_server": "logon_server"}
USER_FIELDS = {level: list(members) for level, members in WKSTA_LEVEL_MEMBERS.items()}


def _werror_table():
    table = {"WERR_OK": 0}
    try:
        from samba import werror  # python3-samba, /usr/bin/python3 only
        for k in dir(werror):
            if k.startswith("WERR_"):
                table[k] = getattr(werror, k)
    except ImportError:
        table.update({"WERR_ACCESS_DENIED": 5, "WERR_INVALID_LEVEL": 124,
                      "WERR_MORE_DATA": 234, "WERR_NERR_CLIENTNAMENOTFOUND": 2312,
                      "WERR_INVALID_PARAMETER": 87, "WERR_NOT_SUPPORTED": 50})
    return table


WERR = _werror_table()


class Node:
    __slots__ = ("key", "value", "children")

    def __init__(self, key, value):
        self.key, self.value, self.children = key, value, []

    def child(self, key):
        for c in self.children:
            if c.key == key:
                return c
        raise KeyError("%s has no member %s" % (self.key, key))


def parse_log(text):
    """Return [(function, 'in'|'out', Node)] in log order."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines) - 1:
        h = HEADER_RE.match(lines[i])
        d = DIR_RE.match(lines[i + 1]) if h else None
        if not (h and d and h.group(2) == h.group(3) == d.group(3)):
            i += 1
            continue
        func, direction = h.group(2), d.group(2)
        base = len(d.group(1))
        root = Node(direction, "struct " + func)
        stack = [(base, root)]
        i += 2
        while i < len(lines):
            m = FIELD_RE.match(lines[i])
            if not m or len(m.group(1)) <= base:
                break
            indent = len(m.group(1))
            node = Node(m.group(2), m.group(3))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack[-1][1].children.append(node)
            stack.append((indent, node))
            i += 1
        out.append((func, direction, root))
    return out


def deref(node):
    """Follow an ndr_print pointer line: '*' -> pointee, 'NULL' -> None."""
    if node.value == "NULL":
        return None
    if node.value == "*":
        if len(node.children) != 1:
            raise ValueError("pointer %s without single pointee" % node.key)
        return node.children[0]
    return node


def as_int(node):
    m = re.search(r"\((\d+)\)\s*$", node.value)
    if m:
        return int(m.group(1))
    m = re.match(r"^(0x[0-9a-fA-F]+|\d+)$", node.value)
    if m:
        return int(m.group(1), 0)
    raise ValueError("not an integer: %s : %s" % (node.key, node.value))


def as_str(node):
    v = node.value
    if len(v) >= 2 and v[0] == "'" and v[-1] == "'":
        return v[1:-1]
    raise ValueError("not a string: %s : %s" % (node.key, v))


def opt_str(node):
    p = deref(node)
    return None if p is None else as_str(p)


def opt_int(node):
    p = deref(node)
    return None if p is None else as_int(p)


def as_werror(node):
    v = node.value.split()[0]
    if v in WERR:
        return WERR[v]
    m = re.match(r"^(?:W_ERROR\()?(0x[0-9a-fA-F]+)\)?$", v)
    if m:
        return int(m.group(1), 16)
    raise ValueError("unknown WERROR %s" % node.value)


def union_case(info):
    """The union discriminant as Samba's NDR printer shows it on the union's own
    line, "ctr : union srvsvc_NetSessCtr(case N)"; else the level it is written from."""
    for c in info.children:
        m = re.match(r"union \w+\(case (\d+)\)", c.value)
        if m:
            return int(m.group(1))
    return as_int(info.child("level"))


def enum_request(root):
    ctr = deref(root.child("info_ctr"))
    return {"op": "enum_request",
            "level": as_int(ctr.child("level")),
            "switch": union_case(ctr),
            "server_name": opt_str(root.child("server_unc")),
            "client_qualifier": opt_str(root.child("client")),
            "user_qualifier": opt_str(root.child("user")),
            "prefmaxlen": as_int(root.child("max_buffer")),
            "resume_handle": opt_int(root.child("resume_handle"))}


def enum_response(root):
    info = deref(root.child("info_ctr"))
    level = as_int(info.child("level"))
    resp = {"op": "enum_response", "level": level, "switch": union_case(info),
            "status": as_werror(root.child("result"))}
    ctr_ptr = None
    for c in info.children:
        if c.key == "ctr%d" % level:
            ctr_ptr = c
    ctr = deref(ctr_ptr) if ctr_ptr is not None else None
    sessions = None
    if ctr is not None:
        resp["entries_read"] = as_int(ctr.child("count"))
        arr = deref(ctr.child("array"))
        if arr is not None:
            sessions = []
            for item in arr.children:
                s = {}
                for f in item.children:
                    name = FIELD_MAP.get(f.key)
                    if name is None:
                        raise ValueError("unexpected session member %s" % f.key)
                    if name in ("cname", "username", "cltype_name", "transport"):
                        s[name] = opt_str(f)
                    else:
                        s[name] = as_int(f)
                if level in LEVEL_FIELDS and list(s) != LEVEL_FIELDS[level]:
                    raise ValueError("level %d members %s" % (level, list(s)))
                sessions.append(s)
    resp["total_entries"] = opt_int(root.child("totalentries"))
    resp["resume_handle"] = opt_int(root.child("resume_handle"))
    resp["sessions"] = sessions
    # key order as in TRUTH_FORMAT.md
    order = ["op", "level", "switch", "status", "entries_read", "total_entries",
             "resume_handle", "sessions"]
    return {k: resp[k] for k in order if k in resp}


def del_request(root):
    return {"op": "del_request",
            "server_name": opt_str(root.child("server_unc")),
            "client_qualifier": opt_str(root.child("client")),
            "user_qualifier": opt_str(root.child("user"))}


def del_response(root):
    return {"op": "del_response", "status": as_werror(root.child("result"))}


def user_enum_request(root):
    """wkssvc_NetWkstaEnumUsers in: NetrWkstaUserEnum's request (MS-WKST 3.2.4.3)."""
    info = deref(root.child("info"))
    return {"op": "wkst_user_enum_request",
            "level": as_int(info.child("level")),
            "switch": union_case(info),
            "server_name": opt_str(root.child("server_name")),
            "prefmaxlen": as_int(root.child("prefmaxlen")),
            "resume_handle": opt_int(root.child("resume_handle"))}


def user_enum_response(root):
    """wkssvc_NetWkstaEnumUsers out.  Samba calls TotalEntries `entries_read`
    (the top-level one); the container's own count is EntriesRead."""
    info = deref(root.child("info"))
    level = as_int(info.child("level"))
    resp = {"op": "wkst_user_enum_response", "level": level, "switch": union_case(info),
            "status": as_werror(root.child("result"))}
    ctr_ptr = None
    for c in info.children:
        if c.key == "user%d" % level:
            ctr_ptr = c
    ctr = deref(ctr_ptr) if ctr_ptr is not None else None
    users = None
    if ctr is not None:
        resp["entries_read"] = as_int(ctr.child("entries_read"))
        arr = deref(ctr.child("user%d" % level))
        if arr is not None:
            users = []
            for item in arr.children:
                u = {}
                for f in item.children:
                    name = USER_FIELD_MAP.get(f.key)
                    if name is None:
                        raise ValueError("unexpected logged-on user member %s" % f.key)
                    u[name] = opt_str(f)
                if level in USER_FIELDS and list(u) != USER_FIELDS[level]:
                    raise ValueError("level %d members %s" % (level, list(u)))
                users.append(u)
    resp["total_entries"] = opt_int(root.child("entries_read"))
    resp["resume_handle"] = opt_int(root.child("resume_handle"))
    resp["users"] = users
    order = ["op", "level", "switch", "status", "entries_read", "total_entries",
             "resume_handle", "users"]
    return {k: resp[k] for k in order if k in resp}


HANDLERS = {("srvsvc_NetSessEnum", "in"): enum_request,
            ("srvsvc_NetSessEnum", "out"): enum_response,
            ("srvsvc_NetSessDel", "in"): del_request,
            ("srvsvc_NetSessDel", "out"): del_response,
            ("wkssvc_NetWkstaEnumUsers", "in"): user_enum_request,
            ("wkssvc_NetWkstaEnumUsers", "out"): user_enum_response}


def calls_from_logs(texts):
    """-> (calls, other_srvsvc_pdus) over all logs, in order."""
    calls, other = [], 0
    for text in texts:
        for func, direction, root in parse_log(text):
            h = HANDLERS.get((func, direction))
            if h is not None:
                calls.append(h(root))
            elif func.startswith("srvsvc_"):
                other += 1
    return calls, other


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capture", required=True)
    ap.add_argument("--made-by", required=True)
    ap.add_argument("--transport", required=True, choices=["smb1", "smb2", "ncacn_ip_tcp"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--client", help="add \"client\": ADDRESS to every request (who asked)")
    ap.add_argument("--server", help="add \"server\": ADDRESS to every request (whom rpcclient asked)")
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    calls, other = calls_from_logs(read_text(p) for p in a.logs)
    for c in calls:
        if c["op"].endswith("_request"):
            if a.client:
                c["client"] = a.client
            if a.server:
                c["server"] = a.server
    if not calls:
        sys.exit("no NetSessEnum/NetSessDel/NetWkstaEnumUsers calls found in %s" % a.logs)
    truth = {"capture": a.capture, "made_by": a.made_by, "transport": a.transport,
             "ndr": "little", "other_srvsvc_calls": other, "calls": calls}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%s: %d calls, %d other srvsvc PDUs" % (a.out, len(calls), other))


if __name__ == "__main__":
    main()
