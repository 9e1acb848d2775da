#!/usr/bin/python3
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""impacket SMB server (SMB1 + SMB2) whose srvsvc pipe answers NetrSessionEnum
(opnum 12) and NetrSessionDel (opnum 13) from the fixed SESSIONS list below,
and whose wkssvc pipe answers NetrWkstaUserEnum (opnum 2) from the fixed USERS
list (the logged-on users of MS-WKST 3.2.4.3).  --rpc-port serves both
interfaces as plain DCE-RPC over TCP (ncacn_ip_tcp) on that port instead of SMB.

Used by tests/gen/record_impacket.sh, record_recon.sh and record_wkssvc*.sh to
record real client <-> impacket traffic.  Must run under /usr/bin/python3
(Debian's python3-impacket).

    impacket_srvsvc_server.py serve --share-dir DIR --calls-log LOG [--port 445]
    impacket_srvsvc_server.py truth --calls-log LOG --capture NAME.pcap
        --transport smb2 --made-by ... --out NAME.truth.json [--check-rpcclient-log L...]
    impacket_srvsvc_server.py sessions      # print SESSIONS

Every srvsvc / wkssvc call the pipes serve is appended as one JSON line to --calls-log:
the request as impacket decoded it and the response exactly as this handler
told impacket to encode it.  record_impacket.sh turns that log into the
pcaps/*.truth.json files, so the truth is "what the handler was told to encode".

Handler behaviour (deterministic, all derived from SESSIONS):
  * levels 0, 1, 2, 10, 502: the members of that level of every matching session
    (MS-SRVS field names, see LEVEL_FIELDS);
  * client qualifier: NULL, "" or "*" match all; otherwise the session's cname,
    compared case-insensitively after stripping leading backslashes on both sides;
  * user qualifier: NULL, "" or "*" match all; otherwise case-insensitive equality;
  * no match: status 0, EntriesRead 0 and a NULL array pointer;
  * request ResumeHandle NULL: everything, response ResumeHandle NULL;
    request ResumeHandle = n (non-NULL): at most PAGE entries starting at index n;
    if more remain, status ERROR_MORE_DATA (234) and ResumeHandle = next index,
    otherwise status 0 and ResumeHandle 0;
  * PreferedMaximumLength is ignored;
  * any other level (rpcclient can send e.g. 3: the union's empty default
    arm): WERR_INVALID_LEVEL (124), no container, TotalEntries 0, the resume
    handle echoed (impacket cannot encode that union, so it is written by hand);
  * NetrSessionDel: 0 if some session matches the qualifiers (same rules),
    else NERR_ClientNameNotFound (2312).  The list itself never changes.

NetrWkstaUserEnum (wkssvc opnum 2), from USERS (or --users-json):
  * levels 0 and 1: the members of that level of every user (WKSTA_LEVEL_MEMBERS);
  * every user in one answer (as Windows does for MAX_PREFERRED_LENGTH), status
    0, ResumeHandle NULL if the request's was NULL, else 0: no paging, because
    neither real client here can take a partial answer (impacket's client
    misreads the response's ResumeHandle, see below; rpcclient 4.17 sends an
    uninitialised ResumeHandle and prints TotalEntries entries of the array,
    crashing when the array holds fewer);
  * --deny-wkssvc: every call answered WERR_ACCESS_DENIED (5) the way Windows
    answers a non-admin: the level echoed, a container with EntriesRead 0 and a
    NULL buffer, TotalEntries 0, the resume handle echoed;
  * any other level: WERR_INVALID_LEVEL, the union's empty arm;
  * the answer is written with the ResumeHandle as MS-WKST's [in,out,unique]
    pointer (impacket 0.10's NetrWkstaUserEnumResponse has it as a plain
    ULONG, so impacket's own client misreads a non-NULL one: its ResumeHandle
    field is then the referent id and its ErrorCode field the handle's value,
    while the status it raises on comes from the stub's last four bytes and
    is right; the truth is this handler's log, not that client's view).
"""

import argparse
import copy
import json
import logging
import os
import struct
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from session_levels import LEVEL_MEMBERS, WKSTA_LEVEL_MEMBERS  # noqa: E402  (tests/session_levels.py)

from impacket import smbserver
from impacket.dcerpc.v5 import rpcrt, srvs, wkst
from impacket.dcerpc.v5.ndr import NDRCALL
from impacket.dcerpc.v5.rpcrt import MSRPCRespHeader, PFC_FIRST_FRAG, PFC_LAST_FRAG
from impacket.dcerpc.v5.dtypes import NULL, ULONG, LPULONG

# Fixed session table: every level is answered from these objects.  Each entry
# carries all members of level 502 (the superset); a level takes its subset.
# None = NULL pointer on the wire.
SESSIONS = [
    # ordinary Windows client, files open
    {"cname": "127.0.0.21", "username": "alice", "num_opens": 3,
     "time": 3600, "idle_time": 60, "user_flags": 0,
     "cltype_name": "Windows 10 Enterprise 19045",
     "transport": "\\Device\\NetbiosSmb"},
    # ordinary, host name as cname, Samba client type
    {"cname": "WS-BOB", "username": "bob", "num_opens": 0,
     "time": 86400, "idle_time": 86000, "user_flags": 0,
     "cltype_name": "Samba 4.17.12-Debian",
     "transport": "\\Device\\NetBT_Tcpip_{4D36E972-E325-11CE-BFC1-08002BE10318}"},
    # guest session (SESS_GUEST = 1)
    {"cname": "127.0.0.23", "username": "Guest", "num_opens": 1,
     "time": 120, "idle_time": 5, "user_flags": 1,
     "cltype_name": "Windows 7 Professional 7601 Service Pack 1",
     "transport": "\\Device\\NetbiosSmb"},
    # no-encryption session (SESS_NOENCRYPTION = 2)
    {"cname": "127.0.0.24", "username": "carol", "num_opens": 2,
     "time": 7200, "idle_time": 7199, "user_flags": 2,
     "cltype_name": "Unix", "transport": "\\Device\\NetbiosSmb"},
    # guest + no-encryption (3)
    {"cname": "127.0.0.25", "username": "Guest", "num_opens": 0,
     "time": 1, "idle_time": 0, "user_flags": 3,
     "cltype_name": "OS/2 LM 1.0", "transport": "\\Device\\NetbiosSmb"},
    # undefined flag bit 0x10
    {"cname": "127.0.0.26", "username": "dave", "num_opens": 0,
     "time": 42, "idle_time": 42, "user_flags": 0x10,
     "cltype_name": "DOS LM 2.0", "transport": "\\Device\\NetbiosSmb"},
    # guest + no-encryption + undefined high bits
    {"cname": "127.0.0.27", "username": "eve", "num_opens": 0,
     "time": 500, "idle_time": 1, "user_flags": 0x80000013,
     "cltype_name": "DOS LM 2.0", "transport": "\\Device\\NetbiosSmb"},
    # empty user name (anonymous / null session)
    {"cname": "127.0.0.28", "username": "", "num_opens": 0,
     "time": 30, "idle_time": 30, "user_flags": 0,
     "cltype_name": "", "transport": "\\Device\\NetbiosSmb"},
    # idle_time > time
    {"cname": "127.0.0.29", "username": "frank", "num_opens": 5,
     "time": 10, "idle_time": 500, "user_flags": 0,
     "cltype_name": "Windows 5.0", "transport": "\\Device\\NetbiosSmb"},
    # backslash in the middle of the cname
    {"cname": "WS\\ODD", "username": "grace", "num_opens": 0,
     "time": 900, "idle_time": 100, "user_flags": 0,
     "cltype_name": "Windows 5.1", "transport": "\\Device\\NetbiosSmb"},
    # cname with a leading "\\"
    {"cname": "\\\\127.0.0.30", "username": "heidi", "num_opens": 1,
     "time": 1000, "idle_time": 2, "user_flags": 0,
     "cltype_name": "Windows Server 2016 Standard 14393",
     "transport": "\\Device\\NetbiosSmb"},
    # very large idle time (more than 136 years of seconds would not fit: max)
    {"cname": "127.0.0.31", "username": "ivan", "num_opens": 0,
     "time": 4294967295, "idle_time": 4294967294, "user_flags": 0,
     "cltype_name": "Windows 2000 2195", "transport": "\\Device\\NetbiosSmb"},
    # large but plausible idle time (one year)
    {"cname": "127.0.0.32", "username": "judy", "num_opens": 0,
     "time": 31536010, "idle_time": 31536000, "user_flags": 0,
     "cltype_name": "Windows 10 Pro 19045", "transport": "\\Device\\NetbiosSmb"},
    # non-ASCII user name, domain-qualified style client name
    {"cname": "127.0.0.33", "username": "m\u00fcller-\u00e9\u00e8", "num_opens": 7,
     "time": 65536, "idle_time": 65535, "user_flags": 0,
     "cltype_name": "Windows 10 Enterprise 19045",
     "transport": "\\Device\\NetBT_Tcpip_{4D36E972-E325-11CE-BFC1-08002BE10318}"},
    # NULL client type and NULL transport pointers
    {"cname": "127.0.0.34", "username": "mallory", "num_opens": 0,
     "time": 77, "idle_time": 7, "user_flags": 0,
     "cltype_name": None, "transport": None},
    # many open files
    {"cname": "127.0.0.35", "username": "SRVSESS\\oscar", "num_opens": 65535,
     "time": 123456, "idle_time": 0, "user_flags": 0,
     "cltype_name": "Windows Server 2022 Datacenter 20348",
     "transport": "\\Device\\NetBT_Tcpip_{4D36E972-E325-11CE-BFC1-08002BE10318}"},
    # A few more ordinary sessions with long strings: with them the level 502
    # answer exceeds impacket's 4248-byte fragment limit, so that one response
    # goes out as several DCE-RPC fragments (level 0/1/2/10 stay single).
    {"cname": "workstation-0001.corp.example", "username": "CORP\\administrator",
     "num_opens": 12, "time": 5400, "idle_time": 30, "user_flags": 0,
     "cltype_name": "Windows Server 2019 Datacenter Evaluation 17763",
     "transport": "\\Device\\NetBT_Tcpip_{7A0C4B2E-9D3F-4E1A-8B6C-5F2D1E0A9C87}"},
    {"cname": "workstation-0002.corp.example", "username": "CORP\\svc-backup-agent",
     "num_opens": 48, "time": 172800, "idle_time": 12, "user_flags": 2,
     "cltype_name": "Windows Server 2019 Datacenter Evaluation 17763",
     "transport": "\\Device\\NetBT_Tcpip_{7A0C4B2E-9D3F-4E1A-8B6C-5F2D1E0A9C87}"},
    {"cname": "workstation-0003.corp.example", "username": "CORP\\printer-spooler",
     "num_opens": 1, "time": 600, "idle_time": 600, "user_flags": 0,
     "cltype_name": "Windows 10 Enterprise LTSC 2019 17763",
     "transport": "\\Device\\NetBT_Tcpip_{0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0}"},
    {"cname": "workstation-0004.corp.example", "username": "CORP\\helpdesk-operator",
     "num_opens": 0, "time": 45, "idle_time": 44, "user_flags": 0,
     "cltype_name": "Windows 11 Enterprise 22621",
     "transport": "\\Device\\NetBT_Tcpip_{0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0}"},
    {"cname": "workstation-0005.corp.example", "username": "CORP\\scanner-upload",
     "num_opens": 2, "time": 99999, "idle_time": 99998, "user_flags": 1,
     "cltype_name": "Windows 11 Enterprise 22621",
     "transport": "\\Device\\NetBT_Tcpip_{0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0}"},
]

# Logged-on users the wkssvc pipe reports (NetrWkstaUserEnum), all members of
# level 1; level 0 takes the user name.  None = NULL pointer on the wire.  The
# list holds a machine account (WS01$, as Windows lists a workstation's own
# account), the account the recordings authenticate as ("srvsess", so the
# asker sees itself), non-ASCII names and domains, an other-domains list, an
# empty logon server and NULL members.
USERS = [
    {"username": "alice", "logon_domain": "SRVSESS", "oth_domains": "",
     "logon_server": "DC01"},
    {"username": "WS01$", "logon_domain": "SRVSESS", "oth_domains": "",
     "logon_server": ""},
    {"username": "srvsess", "logon_domain": "SRVSESS", "oth_domains": "",
     "logon_server": "DC01"},
    {"username": "m\u00fcller-\u00e9\u00e8", "logon_domain": "DOM\u00c4NE",
     "oth_domains": "", "logon_server": "DC-\u00d6ST"},
    {"username": "\u0410\u0434\u043c\u0438\u043d\u0438\u0441\u0442\u0440\u0430\u0442\u043e\u0440",
     "logon_domain": "\u5c71\u7530\u5546\u4e8b", "oth_domains": "", "logon_server": "DC01"},
    {"username": "svc-sql", "logon_domain": "CORP",
     "oth_domains": "CORP-DEV CORP-OLD", "logon_server": "DC02"},
    {"username": "WS01$", "logon_domain": "SRVSESS", "oth_domains": None,
     "logon_server": None},
    {"username": "bob", "logon_domain": None, "oth_domains": None,
     "logon_server": "\\\\DC01"},
]

# Members of each level, in wire order (truth-file names; impacket's
# sesiN_ prefix is added when encoding).
LEVEL_FIELDS = {level: list(members) for level, members in LEVEL_MEMBERS.items()}
INFO_CLASS = {0: srvs.SESSION_INFO_0, 1: srvs.SESSION_INFO_1, 2: srvs.SESSION_INFO_2,
              10: srvs.SESSION_INFO_10, 502: srvs.SESSION_INFO_502}
STRING_FIELDS = {"cname", "username", "cltype_name", "transport"}

PAGE = 4                   # entries per answer when the client sends a resume handle
ERROR_MORE_DATA = 234
NERR_ClientNameNotFound = 2312
WERR_INVALID_LEVEL = 124

_log_lock = threading.Lock()
_calls_log = None


def log_call(entry):
    with _log_lock:
        with open(_calls_log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def wstr(v):
    """Python value of an impacket LPWSTR field: None for NULL, else the text
    before its first NUL.  An NDR [string] ends at its terminator, which is
    the string the receiving stub hands the server (Windows' and Samba's C
    code alike); impacket keeps whatever units follow (its client's
    hNetrWkstaUserEnum sends a ServerName of ten NUL units: the empty string)."""
    # impacket decodes a NULL pointer as b'' and a string as str (with its NUL)
    if v is None or isinstance(v, bytes):
        return None
    return str(v).split("\x00", 1)[0]


def ptr_long(v):
    """impacket LPLONG: None for a NULL pointer, else the integer."""
    if v is None or isinstance(v, bytes):
        return None
    return int(v)


def _norm_cname(s):
    return s.lstrip("\\").lower()


def matching_sessions(client, user):
    out = []
    for s in SESSIONS:
        if client not in (None, "", "*") and _norm_cname(s["cname"]) != _norm_cname(client):
            continue
        if user not in (None, "", "*") and (s["username"] or "").lower() != user.lower():
            continue
        out.append(s)
    return out


def plan_enum(level, client, user, resume):
    """Decide the answer (pure function of SESSIONS and the request)."""
    if level not in LEVEL_FIELDS:
        # No container at all (the union's empty default arm); the resume
        # handle pointer is echoed as the client sent it.
        return {"level": level, "status": WERR_INVALID_LEVEL,
                "total_entries": 0, "resume_handle": resume, "sessions": None}
    match = matching_sessions(client, user)
    total = len(match)
    if resume is None:
        chosen, status, next_rh = match, 0, None
    else:
        chosen = match[resume:resume + PAGE]
        if resume + PAGE < total:
            status, next_rh = ERROR_MORE_DATA, resume + PAGE
        else:
            status, next_rh = 0, 0
    sessions = [{k: s[k] for k in LEVEL_FIELDS[level]} for s in chosen]
    return {"level": level, "status": status, "entries_read": len(sessions),
            "total_entries": total, "resume_handle": next_rh,
            "sessions": sessions if sessions else None}


def encode_enum(plan):
    level = plan["level"]
    if level not in LEVEL_FIELDS:
        # impacket's SESSION_ENUM_UNION has no arm for other levels: write the
        # NDR by hand.  Level, union tag (no arm), TotalEntries,
        # ResumeHandle (unique pointer), return value.
        rh = plan["resume_handle"]
        out = struct.pack("<III", level, level, plan["total_entries"])
        out += struct.pack("<I", 0) if rh is None else struct.pack("<II", 0x00020000, rh)
        return out + struct.pack("<I", plan["status"])
    resp = srvs.NetrSessionEnumResponse()
    resp["InfoStruct"]["Level"] = level
    resp["InfoStruct"]["SessionInfo"]["tag"] = level
    cont = resp["InfoStruct"]["SessionInfo"]["Level%d" % level]
    cont["EntriesRead"] = plan["entries_read"]
    if plan["sessions"] is None:
        cont["Buffer"] = NULL
    else:
        for s in plan["sessions"]:
            item = INFO_CLASS[level]()
            for k in LEVEL_FIELDS[level]:
                v = s[k]
                if k in STRING_FIELDS:
                    v = NULL if v is None else v + "\x00"
                item["sesi%d_%s" % (level, k)] = v
            cont["Buffer"].append(item)
    resp["TotalEntries"] = plan["total_entries"]
    resp["ResumeHandle"] = NULL if plan["resume_handle"] is None else plan["resume_handle"]
    resp["ErrorCode"] = plan["status"]
    return resp


class _Reader:
    """Minimal NDR32 little-endian reader for requests impacket cannot decode."""

    def __init__(self, data):
        self.data, self.off = data, 0

    def u32(self):
        self.off = (self.off + 3) & ~3
        v = struct.unpack_from("<I", self.data, self.off)[0]
        self.off += 4
        return v

    def unique_wstr(self):
        if self.u32() == 0:
            return None
        self.u32()                      # max count
        self.u32()                      # offset
        n = self.u32()                  # actual count
        s = self.data[self.off:self.off + 2 * n].decode("utf-16-le")
        self.off += 2 * n
        return s[:-1] if s.endswith("\x00") else s


def decode_enum_request(data):
    try:
        req = srvs.NetrSessionEnum(data)
    except Exception:
        # Level without a union arm in impacket (e.g. rpcclient's level 3):
        # the union is then empty on the wire too.
        r = _Reader(data)
        server, client, user = r.unique_wstr(), r.unique_wstr(), r.unique_wstr()
        level, tag = r.u32(), r.u32()
        if level in LEVEL_FIELDS or tag != level:
            raise
        prefmax = r.u32()
        resume = r.u32() if r.u32() != 0 else None
        return {"op": "enum_request", "level": level, "server_name": server,
                "client_qualifier": client, "user_qualifier": user,
                "prefmaxlen": prefmax, "resume_handle": resume}
    return {"op": "enum_request", "level": int(req["InfoStruct"]["Level"]),
            "server_name": wstr(req["ServerName"]),
            "client_qualifier": wstr(req["ClientName"]),
            "user_qualifier": wstr(req["UserName"]),
            "prefmaxlen": int(req["PreferedMaximumLength"]),
            "resume_handle": ptr_long(req["ResumeHandle"])}


def net_sess_enum(data):
    request = decode_enum_request(data)
    plan = plan_enum(request["level"], request["client_qualifier"],
                     request["user_qualifier"], request["resume_handle"])
    answer = encode_enum(plan)
    log_call({"request": request, "response": dict(op="enum_response", **plan)})
    return answer


def net_sess_del(data):
    req = srvs.NetrSessionDel(data)
    request = {"op": "del_request", "server_name": wstr(req["ServerName"]),
               "client_qualifier": wstr(req["ClientName"]),
               "user_qualifier": wstr(req["UserName"])}
    status = 0 if matching_sessions(request["client_qualifier"],
                                    request["user_qualifier"]) else NERR_ClientNameNotFound
    answer = srvs.NetrSessionDelResponse()
    answer["ErrorCode"] = status
    log_call({"request": request, "response": {"op": "del_response", "status": status}})
    return answer


# --- wkssvc NetrWkstaUserEnum (opnum 2) --------------------------------------
USER_FIELDS = {level: list(members) for level, members in WKSTA_LEVEL_MEMBERS.items()}
USER_INFO_CLASS = {0: wkst.WKSTA_USER_INFO_0, 1: wkst.WKSTA_USER_INFO_1}
WERR_ACCESS_DENIED = 5
DENY_WKSSVC = False


class NetrWkstaUserEnumAnswer(NDRCALL):
    """MS-WKST 3.2.4.3's [out] side with ResumeHandle as the [in,out,unique]
    pointer it is (impacket's NetrWkstaUserEnumResponse has a plain ULONG)."""
    structure = (
        ("UserInfo", wkst.WKSTA_USER_ENUM_STRUCT),
        ("TotalEntries", ULONG),
        ("ResumeHandle", LPULONG),
        ("ErrorCode", ULONG),
    )


def plan_user_enum(level, resume):
    """Decide the answer (pure function of USERS, DENY_WKSSVC and the request)."""
    if level not in USER_FIELDS:
        return {"level": level, "status": WERR_INVALID_LEVEL,
                "total_entries": 0, "resume_handle": resume, "users": None}
    if DENY_WKSSVC:
        return {"level": level, "status": WERR_ACCESS_DENIED, "entries_read": 0,
                "total_entries": 0, "resume_handle": resume, "users": None}
    users = [{k: u[k] for k in USER_FIELDS[level]} for u in USERS]
    return {"level": level, "status": 0, "entries_read": len(users),
            "total_entries": len(users), "resume_handle": None if resume is None else 0,
            "users": users if users else None}


def encode_user_enum(plan):
    level = plan["level"]
    if level not in USER_FIELDS:
        # No union arm in impacket for other levels: Level, tag, TotalEntries,
        # ResumeHandle (unique pointer), return value, by hand.
        rh = plan["resume_handle"]
        out = struct.pack("<III", level, level, plan["total_entries"])
        out += struct.pack("<I", 0) if rh is None else struct.pack("<II", 0x00020000, rh)
        return out + struct.pack("<I", plan["status"])
    resp = NetrWkstaUserEnumAnswer()
    resp["UserInfo"]["Level"] = level
    resp["UserInfo"]["WkstaUserInfo"]["tag"] = level
    cont = resp["UserInfo"]["WkstaUserInfo"]["Level%d" % level]
    cont["EntriesRead"] = plan["entries_read"]
    if plan["users"] is None:
        cont["Buffer"] = NULL
    else:
        for u in plan["users"]:
            item = USER_INFO_CLASS[level]()
            for k in USER_FIELDS[level]:
                item["wkui%d_%s" % (level, k)] = NULL if u[k] is None else u[k] + "\x00"
            cont["Buffer"].append(item)
    resp["TotalEntries"] = plan["total_entries"]
    resp["ResumeHandle"] = NULL if plan["resume_handle"] is None else plan["resume_handle"]
    resp["ErrorCode"] = plan["status"]
    return resp


def decode_user_enum_request(data):
    try:
        req = wkst.NetrWkstaUserEnum(data)
        level = int(req["UserInfo"]["Level"])
        return {"op": "wkst_user_enum_request", "level": level,
                "switch": int(req["UserInfo"]["WkstaUserInfo"]["tag"]),
                "server_name": wstr(req["ServerName"]),
                "prefmaxlen": int(req["PreferredMaximumLength"]),
                "resume_handle": ptr_long(req["ResumeHandle"])}
    except Exception:
        # A level without an arm in impacket: the union is empty on the wire.
        r = _Reader(data)
        server = r.unique_wstr()
        level, tag = r.u32(), r.u32()
        if level in USER_FIELDS or tag != level:
            raise
        prefmax = r.u32()
        resume = r.u32() if r.u32() != 0 else None
        return {"op": "wkst_user_enum_request", "level": level, "switch": tag,
                "server_name": server, "prefmaxlen": prefmax, "resume_handle": resume}


def net_wksta_user_enum(data):
    request = decode_user_enum_request(data)
    plan = plan_user_enum(request["level"], request["resume_handle"])
    answer = encode_user_enum(plan)
    response = {"op": "wkst_user_enum_response", "level": plan["level"], "switch": plan["level"]}
    response.update((k, v) for k, v in plan.items() if k != "level")
    log_call({"request": request, "response": response})
    return answer


def wrap_other(opnum, fn):
    def wrapped(data):
        answer = fn(data)
        log_call({"other_opnum": opnum})
        return answer
    return wrapped


class MultiConnection:
    """impacket's DCERPCServer (SRVSServer, WKSTServer) serves one pipe
    connection at a time (accept, then loop until it closes).  rpcclient keeps
    one srvsvc pipe open per command name (srvinfo, netshareenumall,
    netsessenum, ... each open their own), so the second command of one
    rpcclient run would wait forever.  Serve every accepted pipe connection in
    its own thread with its own copy of the per-connection state (bound UUID,
    client socket, call id).  Mixed in before the impacket class."""

    def run(self):
        self._sock.listen(10)
        while True:
            conn, _ = self._sock.accept()
            worker = copy.copy(self)
            worker._clientSock = conn
            worker._boundUUID = b""
            t = threading.Thread(target=worker.serve_connection, daemon=True)
            t.start()

    def send(self, data):
        """impacket's own send() cannot fragment an answer given as an NDR
        object (it slices it) and would repeat the whole PDU's frag_len in each
        fragment.  Single-fragment answers go out exactly as impacket sends
        them; larger ones (same policy: stub > _max_xmit_size - 32) are split
        here with correct per-fragment headers: the impacket header fields
        (call_id, ctx_id, ...) copied, flags FIRST/LAST, frag_len, and
        alloc_hint = stub bytes still to come."""
        pdu = data["pduData"]
        if not isinstance(pdu, bytes):
            pdu = pdu.getData()
        max_frag = self._max_xmit_size - 32
        if len(pdu) <= max_frag:
            self._clientSock.sendall(data.get_packet())
        else:
            offset = 0
            while offset < len(pdu):
                chunk = pdu[offset:offset + max_frag]
                frag = MSRPCRespHeader()
                for k in ("ver_major", "ver_minor", "type", "representation",
                          "call_id", "ctx_id", "cancel_count", "padding"):
                    frag[k] = data[k]
                frag["flags"] = (PFC_FIRST_FRAG if offset == 0 else 0) | \
                    (PFC_LAST_FRAG if offset + len(chunk) == len(pdu) else 0)
                frag["alloc_hint"] = len(pdu) - offset
                frag["pduData"] = chunk
                self._clientSock.sendall(frag.get_packet())
                offset += len(chunk)
        self._callid += 1

    def serve_connection(self):
        try:
            while True:
                data = self.recv()
                if data is None:
                    break
                answer = self.processRequest(data)
                if answer is not None:
                    self.send(answer)
        except Exception:
            logging.exception("DCE-RPC connection failed")
        self._clientSock.close()


class MultiSRVSServer(MultiConnection, smbserver.SRVSServer):
    pass


class MultiWKSTServer(MultiConnection, smbserver.WKSTServer):
    pass


class MultiRPCServer(MultiConnection, rpcrt.DCERPCServer):
    """srvsvc and wkssvc on one plain TCP port (ncacn_ip_tcp, --rpc-port): the
    interface is chosen per connection by its BIND."""

    def __init__(self, address, port, interfaces):
        rpcrt.DCERPCServer.__init__(self)
        self._listenAddress = address
        self.setListenPort(port)
        for uuid, pipe, callbacks in interfaces:
            self.addCallbacks(uuid, pipe, callbacks)


def _with_switch(call):
    """impacket's NDRUNION writes the union discriminant from the level the
    handler answered with (tests/TRUTH_FORMAT.md key "switch")."""
    if call.get("op") not in ("enum_request", "enum_response") or "level" not in call or "switch" in call:
        return call
    out = {}
    for k, v in call.items():
        out[k] = v
        if k == "level":
            out["switch"] = v
    return out


def make_truth(calls_log, capture, transport, made_by):
    """Truth file content from the handler's own log (what it told impacket
    to encode).  Returns (truth, other_srvsvc_pdus)."""
    calls, other = [], 0
    with open(calls_log, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if "other_opnum" in e:
                other += 2              # request + response
                continue
            calls.append(_with_switch(e["request"]))
            calls.append(_with_switch(e["response"]))
    return {"capture": capture, "made_by": made_by, "transport": transport,
            "ndr": "little", "other_srvsvc_calls": other, "calls": calls}


def cross_check(truth, rpcclient_logs):
    """Compare the handler's truth with what rpcclient printed (sanity check)."""
    import rpcclient_truth
    seen, other = rpcclient_truth.calls_from_logs(
        rpcclient_truth.read_text(p) for p in rpcclient_logs)
    problems = []
    if len(seen) != len(truth["calls"]):
        problems.append("rpcclient printed %d calls, handler logged %d"
                        % (len(seen), len(truth["calls"])))
    for i, (t, r) in enumerate(zip(truth["calls"], seen)):
        if t != r:
            diff = sorted(k for k in set(t) | set(r) if t.get(k, "<absent>") != r.get(k, "<absent>"))
            problems.append("call %d (%s): differs in %s" % (i, t["op"], diff))
    if other != truth["other_srvsvc_calls"]:
        problems.append("other srvsvc PDUs: rpcclient %d, handler %d"
                        % (other, truth["other_srvsvc_calls"]))
    return problems


def main():
    global _calls_log, PAGE, DENY_WKSSVC
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sv = sub.add_parser("serve", help="run the SMB server")
    sv.add_argument("--listen", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=445)
    sv.add_argument("--share-dir", required=True, help="directory served as share DATA")
    sv.add_argument("--calls-log", required=True, help="JSON-lines log of srvsvc calls")
    sv.add_argument("--ready-file", help="written (our pid) once the server listens")
    sv.add_argument("--debug", action="store_true")
    # record_recon.sh: each server of a sweep answers from its own table, and
    # an SMB1-only server makes unmodified clients (netview.py) fall back to SMB1.
    sv.add_argument("--sessions-json", help="answer from this JSON list of sessions instead of SESSIONS")
    sv.add_argument("--smb1-only", action="store_true", help="do not offer SMB2")
    # Windows fills the buffer up to PreferedMaximumLength (netview.py asks for
    # MAX_PREFERRED_LENGTH with a resume handle of 0 and does not page).
    sv.add_argument("--page", type=int, default=PAGE, help="entries per answer to a request with a resume handle")
    # Without --wkssvc the wkssvc pipe stays impacket's own (NetrWkstaGetInfo
    # only), as when record_impacket.sh and record_recon.sh were recorded.
    sv.add_argument("--wkssvc", action="store_true", help="answer wkssvc NetrWkstaUserEnum from USERS")
    sv.add_argument("--users-json", help="wkssvc: answer from this JSON list of logged-on users "
                    "instead of USERS (implies --wkssvc)")
    sv.add_argument("--deny-wkssvc", action="store_true",
                    help="wkssvc: answer every NetrWkstaUserEnum WERR_ACCESS_DENIED (a non-admin's answer)")
    sv.add_argument("--rpc-port", type=int,
                    help="serve srvsvc and wkssvc as ncacn_ip_tcp on --listen:PORT instead of SMB")
    tr = sub.add_parser("truth", help="write a truth file from a calls log")
    tr.add_argument("--calls-log", required=True)
    tr.add_argument("--capture", required=True)
    tr.add_argument("--transport", required=True, choices=["smb1", "smb2", "ncacn_ip_tcp"])
    tr.add_argument("--made-by", required=True)
    tr.add_argument("--out", required=True)
    tr.add_argument("--check-rpcclient-log", nargs="*", default=[],
                    help="rpcclient -d 10 logs to cross-check against")
    sub.add_parser("sessions", help="print SESSIONS as JSON")
    sub.add_parser("users", help="print USERS as JSON")
    args = ap.parse_args()

    if args.cmd in ("sessions", "users"):
        json.dump(SESSIONS if args.cmd == "sessions" else USERS, sys.stdout,
                  ensure_ascii=False, indent=1)
        print()
        return

    if args.cmd == "truth":
        truth = make_truth(args.calls_log, args.capture, args.transport, args.made_by)
        if not truth["calls"]:
            sys.exit("no NetrSessionEnum/NetrSessionDel/NetrWkstaUserEnum calls in %s" % args.calls_log)
        if args.check_rpcclient_log:
            problems = cross_check(truth, args.check_rpcclient_log)
            if problems:
                sys.exit("handler truth and rpcclient disagree:\n  " + "\n  ".join(problems))
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(truth, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("%s: %d calls, %d other srvsvc PDUs%s" % (
            args.out, len(truth["calls"]), truth["other_srvsvc_calls"],
            " (matches rpcclient's view)" if args.check_rpcclient_log else ""))
        return

    if not args.listen.startswith("127."):
        sys.exit("refusing to listen on a non-loopback address")
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    _calls_log = args.calls_log
    open(_calls_log, "w").close()
    if args.sessions_json:
        with open(args.sessions_json, encoding="utf-8") as f:
            SESSIONS[:] = json.load(f)
    if args.users_json:
        with open(args.users_json, encoding="utf-8") as f:
            USERS[:] = json.load(f)
    PAGE = args.page
    DENY_WKSSVC = args.deny_wkssvc

    if args.rpc_port:
        rpc = MultiRPCServer(args.listen, args.rpc_port, [
            (("4B324FC8-1670-01D3-1278-5A47BF6EE188", "3.0"), "\\PIPE\\srvsvc",
             {12: net_sess_enum, 13: net_sess_del}),
            (("6BFFD098-A112-3610-9833-46C3F87E345A", "1.0"), "\\PIPE\\wkssvc",
             {2: net_wksta_user_enum})])
        if args.ready_file:
            with open(args.ready_file, "w") as f:
                f.write("%d\n" % os.getpid())
        rpc.run()
        return

    server = smbserver.SimpleSMBServer(listenAddress=args.listen, listenPort=args.port)
    # Swap in the multi-connection srvsvc server before the share setup (which
    # configures it) and point the SMB server's srvsvc pipe at it.
    srvs_server = MultiSRVSServer()
    srvs_server.daemon = True
    server._SimpleSMBServer__srvsServer = srvs_server
    server.registerNamedPipe("srvsvc", ("127.0.0.1", srvs_server.getListenPort()))
    server.addShare("DATA", args.share_dir, "srvsess test share")
    server.setSMB2Support(not args.smb1_only)   # SMB1-only clients still get SMB1
    server.setSMBChallenge("")

    # Our opnums on impacket's srvsvc pipe; the built-in ones (NetrShareEnum 15,
    # NetrShareGetInfo 16, NetrServerGetInfo 21) are kept, only logged.
    callbacks = srvs_server.srvsvcCallBacks
    for opnum in list(callbacks):
        callbacks[opnum] = wrap_other(opnum, callbacks[opnum])
    callbacks[12] = net_sess_enum
    callbacks[13] = net_sess_del

    # wkssvc: impacket's WKSTServer answers only NetrWkstaGetInfo (kept); ours
    # adds NetrWkstaUserEnum and serves several pipe connections at once.
    if args.wkssvc or args.users_json:
        wkst_server = MultiWKSTServer()
        wkst_server.daemon = True
        server._SimpleSMBServer__wkstServer = wkst_server
        server.registerNamedPipe("wkssvc", ("127.0.0.1", wkst_server.getListenPort()))
        wkst_server.wkssvcCallBacks[2] = net_wksta_user_enum

    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%d\n" % os.getpid())
    server.start()


if __name__ == "__main__":
    main()
