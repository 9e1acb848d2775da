# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/gen/record_samba.sh (SRVSESS_RECORD_HOOK) when
# tests/gen/record_protected.sh runs it: record_samba.sh has set up smbd,
# samba-dcerpcd, the users and the helpers (hold, start_capture, stop_capture,
# pw, RPC, admin, plain, die, log, $T, $OUT, $GEN, $PY); this file holds the
# sessions, records one protected capture and writes its truth and keys.
# SRVSESS_PROTECTED_MODE picks which:
#   encrypted  SMB 3.1.1 with `server smb encrypt = required`: every SMB2
#              message after SESSION_SETUP is a transform (encrypted) message;
#              keys from smbd's `debug encryption = yes` dump
#   sealed     DCE-RPC over ncacn_ip_tcp (endpoint mapper on 135, srvsvc on
#              samba-dcerpcd's dynamic port) with NTLMSSP packet privacy
#              (`[seal]`, auth level 6); SMB is not involved at all
#   sealed_np  the same sealed binding on the srvsvc pipe over SMB 3.1.1
#              (`ncacn_np:...[seal]`), SMB itself unsigned and unencrypted, so
#              only the DCE-RPC layer is protected

SELF="tests/gen/record_protected.sh"
held_ok() {
    sleep 2
    for p in "${HOLD_PIDS[@]}"; do
        kill -0 "$p" 2>/dev/null || die "an smbclient session died: $(cat "$T"/log/*.out)"
    done
}
rpc() { timeout 120 "${RPC[@]}" "$@"; }   # bounded, whatever the daemons do
rpc_ok() {   # rpcclient's exit status is the last command's WERROR: check the log
    grep -q 'srvsvc_NetSessEnum: struct srvsvc_NetSessEnum' "$1" \
        || die "rpcclient made no NetSessEnum call, see $1: $(tail -n 5 "$1")"
}

case "${SRVSESS_PROTECTED_MODE:?}" in
encrypted)
    NAME=samba_smb3_encrypted
    enc=(--client-protection=encrypt)
    # Guests have no session key, so they cannot encrypt: only users are held.
    hold 7 user1 "${enc[@]}" -U "srvsess_user1%$(pw srvsess_user1)"
    hold 8 user2 "${enc[@]}" -U "srvsess_user2%$(pw srvsess_user2)"
    held_ok
    start_capture "$T/$NAME.pcap"
    rpc "${enc[@]}" "${admin[@]}" -c 'srvinfo; netsessenum; netsessenum 127.0.0.1 srvsess_user1 0; netsessenum 127.0.0.1 srvsess_admin 1 0; netsessenum 127.0.0.1 srvsess_user1 2' \
        127.0.0.1 > "$T/enc_admin.log" 2>&1 || true
    rpc_ok "$T/enc_admin.log"
    rpc "${enc[@]}" "${admin[@]}" -c 'netsessdel 127.0.0.1 srvsess_user2' \
        127.0.0.1 > "$T/enc_del.log" 2>&1 || true
    sleep 1     # let smbd tear the deleted session down before listing again
    rpc "${enc[@]}" "${admin[@]}" -c 'netsessenum 127.0.0.1 srvsess_admin 1' \
        127.0.0.1 > "$T/enc_after.log" 2>&1 || true
    rpc_ok "$T/enc_after.log"
    stop_capture
    LOGS=("$T/enc_admin.log" "$T/enc_del.log" "$T/enc_after.log")
    for l in "${LOGS[@]}"; do
        grep -q 'dumping generated session keys' "$l" || die "rpcclient did not dump its SMB3 keys in $l"
    done
    $PY "$GEN/smb3_keys.py" --capture "$NAME.pcap" --made-by "$SELF" \
        --server-log "$T/log/smbd.out" "${LOGS[@]/#/--client-log=}" --out "$T/$NAME.keys"
    TRANSPORT=smb2
    HELD=srvsess_user1,srvsess_user2,srvsess_admin    # rpcclient's own SMB session too
    ;;
sealed|sealed_np)
    if [ "$SRVSESS_PROTECTED_MODE" = sealed ]; then
        NAME=samba_dcerpc_sealed
        bind='ncacn_ip_tcp:127.0.0.1[seal]'
        # the endpoint mapper (135) and the dynamic port it hands out; not the
        # held SMB sessions' keepalives
        CAPTURE_FILTER='host 127.0.0.1 and tcp and not port 445'
        TRANSPORT=ncacn_ip_tcp
        HELD=srvsess_user1,srvsess_user2,nobody           # rpcclient uses no SMB session
    else
        NAME=samba_np_sealed
        bind='ncacn_np:127.0.0.1[seal]'
        TRANSPORT=smb2
        HELD=srvsess_user1,srvsess_user2,nobody,srvsess_admin   # rpcclient's SMB session too
    fi
    hold 7 user1 -U "srvsess_user1%$(pw srvsess_user1)"            # SMB3
    hold 8 user2 -m NT1 -U "srvsess_user2%$(pw srvsess_user2)"     # SMB1
    hold 9 guest -N                                                 # guest session
    held_ok
    start_capture "$T/$NAME.pcap"
    # One user only: Wireshark takes a single NTLMSSP password.
    rpc "${admin[@]}" -c 'srvinfo; netsessenum; netsessenum 127.0.0.1 srvsess_user1 0; netsessenum 127.0.0.1 srvsess_admin 1 0; netsessenum 127.0.0.1 srvsess_user1 2' \
        "$bind" > "$T/seal_admin.log" 2>&1 || true
    rpc_ok "$T/seal_admin.log"
    rpc "${admin[@]}" -c 'netsessdel 127.0.0.1 srvsess_user1' "$bind" > "$T/seal_del.log" 2>&1 || true
    sleep 1
    rpc "${admin[@]}" -c 'netsessenum 127.0.0.1 srvsess_admin 1' "$bind" > "$T/seal_after.log" 2>&1 || true
    rpc_ok "$T/seal_after.log"
    stop_capture
    unset CAPTURE_FILTER
    LOGS=("$T/seal_admin.log" "$T/seal_del.log" "$T/seal_after.log")
    for l in "${LOGS[@]}"; do
        # NTLMSSP (auth_type 10) at packet privacy (auth_level 6)
        grep -q 'Bind RPC Pipe: host 127.0.0.1 auth_type 10, auth_level 6' "$l" \
            || die "$l: the srvsvc binding was not sealed with NTLMSSP"
    done
    # The password Wireshark needs, and whose it is (JSON like the SMB3 keys).
    $PY - "$T/$NAME.keys" "$NAME.pcap" "$SELF" "$(pw srvsess_admin)" <<'EOF'
import json, sys
out, cap, made_by, pw = sys.argv[1:]
json.dump({"capture": cap, "made_by": made_by, "ntlmssp_user": "SRVSESS\\srvsess_admin",
           "nt_password": pw}, open(out, "w"), indent=1)
open(out, "a").write("\n")
EOF
    ;;
*) die "SRVSESS_PROTECTED_MODE must be encrypted, sealed or sealed_np" ;;
esac

$PY "$GEN/rpcclient_truth.py" --capture "$NAME.pcap" --transport "$TRANSPORT" \
    --made-by "$SELF" --out "$T/$NAME.truth.json" "${LOGS[@]}"

# What smbd did must be what the capture is said to hold (fail loudly otherwise);
# then the request's addresses are added to the truth.
$PY - "$T/$NAME.truth.json" "$HELD" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
got = [(c["op"], c.get("level"), c.get("status")) for c in t["calls"]]
want = [("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 0, None), ("enum_response", 0, 0),
        ("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 2, None), ("enum_response", 2, 124),
        ("del_request", None, None), ("del_response", None, 0),
        ("enum_request", 1, None), ("enum_response", 1, 0)]
if got != want or t["other_srvsvc_calls"] != 2:
    sys.exit("unexpected calls: %s other=%s" % (got, t["other_srvsvc_calls"]))
users = {s["username"] for s in t["calls"][5]["sessions"]}
if not set(sys.argv[2].split(",")) <= users:
    sys.exit("held sessions missing from the level 1 list: %s" % users)
deleted = t["calls"][8]["user_qualifier"]
if deleted in {s["username"] for s in t["calls"][11]["sessions"]}:
    sys.exit("NetSessDel did not remove %s" % deleted)
# Who asked whom (tests/TRUTH_FORMAT.md): smbd and samba-dcerpcd listen on
# 127.0.0.1 only and rpcclient is pointed at 127.0.0.1, so every request goes
# from 127.0.0.1 to 127.0.0.1.
for c in t["calls"]:
    if c["op"] == "enum_request":
        c.setdefault("client", "127.0.0.1")
        c.setdefault("server", "127.0.0.1")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(t, f, indent=1, ensure_ascii=False)
    f.write("\n")
EOF

# Sanity with stock tshark (not a truth source): nothing readable without the keys.
if command -v tshark >/dev/null; then
    # (sealed PDUs still show their srvsvc opnum: only the stub is encrypted)
    n=$(tshark -r "$T/$NAME.pcap" -Y 'srvsvc && !dcerpc.encrypted_stub_data' 2>/dev/null | wc -l)
    [ "$n" = 0 ] || die "$NAME.pcap: stock tshark reads $n srvsvc frames without any key"
    if [ "$SRVSESS_PROTECTED_MODE" = encrypted ]; then
        n=$(tshark -r "$T/$NAME.pcap" -Y 'smb2.dialect == 0x0311' 2>/dev/null | wc -l)
        [ "$n" -gt 0 ] || die "$NAME.pcap: no SMB 3.1.1 negotiation seen"
    else
        n=$(tshark -r "$T/$NAME.pcap" -Y 'dcerpc.auth_level == 6 && dcerpc.pkt_type == 0' 2>/dev/null | wc -l)
        [ "$n" = 7 ] || die "$NAME.pcap: $n sealed DCE-RPC requests, expected 7 (srvinfo, 6 in the truth)"
    fi
fi

cp "$T/$NAME.pcap" "$T/$NAME.truth.json" "$T/$NAME.keys" "$OUT/"
log "wrote $OUT/$NAME.pcap (+ .truth.json, .keys)"
