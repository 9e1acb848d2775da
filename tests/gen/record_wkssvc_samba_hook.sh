# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/gen/record_samba.sh (SRVSESS_RECORD_HOOK) when
# tests/gen/record_wkssvc_samba.sh runs it: record_samba.sh has set up smbd,
# samba-dcerpcd, the users (srvsess_admin in BUILTIN\Administrators,
# srvsess_plain not) and the helpers (start_capture, stop_capture, pw, RPC,
# admin, plain, ipc_smb1, ipc_smb2_02, die, log, $T, $OUT, $GEN, $PY); the
# utmp file smbd's wkssvc reads (/run/utmp) is the recorder's, in a private
# mount namespace.  This file records the two wkssvc captures and writes their
# truth from rpcclient's own -d 10 NDR prints.

SELF="tests/gen/record_wkssvc_samba.sh"
rpc() { timeout 120 "${RPC[@]}" "$@" 127.0.0.1; }   # bounded, whatever the daemons do
rpc_ok() {   # rpcclient's exit status is the last command's WERROR: check the log
    [ "$(grep -c 'out: struct wkssvc_NetWkstaEnumUsers' "$1")" = 2 ] \
        || die "rpcclient did not print two NetWkstaEnumUsers answers, see $1: $(tail -n 5 "$1")"
}
CMDS='wkssvc_enumerateusers 0; wkssvc_enumerateusers 1'

start_capture "$T/samba_wkssvc_smb2.pcap"
rpc "${admin[@]}" -c "$CMDS" > "$T/wk_smb2_admin.log" 2>&1 || true
rpc "${ipc_smb2_02[@]}" "${plain[@]}" -c "$CMDS" > "$T/wk_smb2_plain.log" 2>&1 || true
stop_capture
start_capture "$T/samba_wkssvc_smb1.pcap"
rpc "${ipc_smb1[@]}" "${admin[@]}" -c "$CMDS" > "$T/wk_smb1_admin.log" 2>&1 || true
rpc "${ipc_smb1[@]}" "${plain[@]}" -c "$CMDS" > "$T/wk_smb1_plain.log" 2>&1 || true
stop_capture
for l in "$T"/wk_*.log; do rpc_ok "$l"; done

$PY "$GEN/rpcclient_truth.py" --capture samba_wkssvc_smb2.pcap --transport smb2 \
    --made-by "$SELF" --client 127.0.0.1 --server 127.0.0.1 --out "$T/samba_wkssvc_smb2.truth.json" \
    "$T/wk_smb2_admin.log" "$T/wk_smb2_plain.log"
$PY "$GEN/rpcclient_truth.py" --capture samba_wkssvc_smb1.pcap --transport smb1 \
    --made-by "$SELF" --client 127.0.0.1 --server 127.0.0.1 --out "$T/samba_wkssvc_smb1.truth.json" \
    "$T/wk_smb1_admin.log" "$T/wk_smb1_plain.log"

# What smbd must have done (fail loudly if Samba behaves differently): the
# admin gets utmp's USER_PROCESS users, each name once, oldest login first,
# at level 1 with the server's NetBIOS name as domain and logon server and
# NULL other domains; the non-admin gets WERR_ACCESS_DENIED at both levels.
$PY - "$T" "$SRVSESS_WKSSVC_EXPECT" <<'PYEOF'
import json, sys
T, expect = sys.argv[1], sys.argv[2].split("|")
ok = True
for name in ("samba_wkssvc_smb2", "samba_wkssvc_smb1"):
    calls = json.load(open("%s/%s.truth.json" % (T, name)))["calls"]
    summary = [(c["op"], c["level"], c.get("status")) for c in calls]
    want = [("wkst_user_enum_request", 0, None), ("wkst_user_enum_response", 0, 0),
            ("wkst_user_enum_request", 1, None), ("wkst_user_enum_response", 1, 0),
            ("wkst_user_enum_request", 0, None), ("wkst_user_enum_response", 0, 5),
            ("wkst_user_enum_request", 1, None), ("wkst_user_enum_response", 1, 5)]
    if summary != want:
        ok = False; print("%s: unexpected calls %s" % (name, summary))
        continue
    for c in (calls[1], calls[3]):
        got = [u["username"] for u in c["users"] or []]
        if got != expect:
            ok = False; print("%s level %d: users %s, utmp says %s" % (name, c["level"], got, expect))
    for u in calls[3]["users"] or []:
        if (u["logon_domain"], u["logon_server"], u["oth_domains"]) != ("SRVSESSTEST", "SRVSESSTEST", None):
            ok = False; print("%s: unexpected level-1 member %s" % (name, u))
sys.exit(0 if ok else 1)
PYEOF

# --- sanity check with stock tshark (not a truth source) ---------------------------
if command -v tshark >/dev/null; then
    n=$(tshark -r "$T/samba_wkssvc_smb1.pcap" -Y 'smb2' 2>/dev/null | wc -l)
    [ "$n" = 0 ] || die "samba_wkssvc_smb1.pcap contains $n SMB2 frames"
    for n in samba_wkssvc_smb2 samba_wkssvc_smb1; do
        got=$(tshark -r "$T/$n.pcap" -Y 'wkssvc.opnum == 2 && !_ws.malformed' 2>/dev/null | wc -l)
        [ "$got" = 8 ] || die "stock tshark decodes $got NetWkstaEnumUsers PDUs cleanly in $n.pcap, the truth has 8"
        log "$n.pcap: 8 NetWkstaEnumUsers PDUs decoded by stock tshark (matches truth)"
    done
fi
cp "$T"/samba_wkssvc_smb2.pcap "$T"/samba_wkssvc_smb1.pcap \
   "$T"/samba_wkssvc_smb2.truth.json "$T"/samba_wkssvc_smb1.truth.json "$OUT/"
log "wrote $OUT/samba_wkssvc_smb2.pcap $OUT/samba_wkssvc_smb1.pcap (+ .truth.json)"
