#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record wkssvc NetrWkstaUserEnum (MS-WKST 3.2.4.3, opnum 2) between real
# peers: the impacket server of tests/gen/impacket_srvsvc_server.py, whose
# wkssvc handler serves the fixed USERS list (machine accounts WS01$, the
# asking account "srvsess", non-ASCII names, NULL members), asked first by
# impacket's own client (wkst.hNetrWkstaUserEnum, levels 0 and 1:
# tests/gen/impacket_enum_client.py), then by Samba's rpcclient
# (`wkssvc_enumerateusers 0`, `… 1`):
#
#   pcaps/impacket_wkssvc_smb2.pcap  over SMB2 (impacket answers dialect 2.0.2)
#   pcaps/impacket_wkssvc_smb1.pcap  over SMB1 (NT LM 0.12)
#   pcaps/impacket_wkssvc_tcp.pcap   over ncacn_ip_tcp: the same handler behind
#                                    a plain DCE-RPC TCP server on 127.0.0.1:135
#                                    (impacket_srvsvc_server.py --rpc-port), asked
#                                    by impacket's client only: rpcclient 4.17
#                                    resolves every ncacn_ip_tcp binding through
#                                    the endpoint mapper on port 135 first (even
#                                    with an explicit port), which impacket's
#                                    DCERPCServer does not serve
#   pcaps/impacket_wkssvc_denied.pcap  over SMB2, the handler answering every call
#                                    WERR_ACCESS_DENIED as Windows answers a
#                                    non-admin (--deny-wkssvc: the level's
#                                    container with EntriesRead 0 and a NULL
#                                    buffer; smbd instead sends a NULL container)
#
# Truth (.truth.json) = what the handler logged it told impacket to encode
# (tests/gen/wkssvc_truth.py), cross-checked against rpcclient's own -d 10
# NDR prints and the user names impacket's client read; a mismatch fails.
#
# Needs root and the Debian packages: python3-impacket smbclient tcpdump tshark.
# Temp files are removed on exit, the server is stopped.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="${WKSSVC_OUT:-$REPO/pcaps}"   # WKSSVC_OUT: record elsewhere (to try the script)
GEN="$REPO/tests/gen"
PY=/usr/bin/python3            # python3-impacket imports only under Debian's python
SELF="tests/gen/record_wkssvc_impacket.sh"
RPC_PORT=135                   # stock Wireshark decodes DCE-RPC on 135 without Decode As

die() { echo "record_wkssvc_impacket: $*" >&2; exit 1; }
log() { echo "record_wkssvc_impacket: $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (binds ports 445 and 135, runs tcpdump)"
for c in rpcclient tcpdump tshark; do
    command -v "$c" >/dev/null || die "missing $c (apt-get install smbclient tcpdump tshark)"
done
$PY -c 'import impacket.smbserver' 2>/dev/null || die "python3-impacket missing for $PY"
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in 445 $RPC_PORT; do
    port_open $p && die "something already listens on 127.0.0.1:$p; stop it first"
done

T=$(mktemp -d /tmp/srvsess-wkssvc-impacket.XXXXXX)
SERVER_PID= TCPDUMP_PID=
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true   # setsid: its own group
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}
cleanup() {
    set +e
    [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null
    stop_server
    wait 2>/dev/null
    if [ -n "${KEEP_TMP:-}" ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$T/share" "$T/client" "$OUT"
echo "srvsess" > "$T/share/readme.txt"
. "$GEN/client_conf.sh"
write_client_conf "$T/client.conf" "$T/client"
. "$GEN/loopback_capture.sh"   # start_capture, stop_capture

start_server() {   # start_server LOGDIR PORT server-options...
    local logs=$1 port=$2; shift 2
    mkdir -p "$logs"
    setsid $PY "$GEN/impacket_srvsvc_server.py" serve --listen 127.0.0.1 "$@" \
        --share-dir "$T/share" --calls-log "$logs/calls.127.0.0.1.jsonl" --ready-file "$logs/ready" \
        > "$logs/server.log" 2>&1 &
    SERVER_PID=$!
    for i in $(seq 100); do
        [ -s "$logs/ready" ] && port_open "$port" && break
        kill -0 "$SERVER_PID" 2>/dev/null || die "server died: $(tail -n 20 "$logs/server.log")"
        [ "$i" = 100 ] && die "server did not come up: $(tail -n 20 "$logs/server.log")"
        sleep 0.1
    done
}

# rpcclient's exit status is the last command's WERROR: its log is checked.
RPC_CMDS='wkssvc_enumerateusers 0; wkssvc_enumerateusers 1'
record() {   # record NAME TRANSPORT [server options]
    local name=$1 transport=$2 d="$T/$1" client_tr binding port
    shift 2
    case $transport in
        smb2) client_tr=smb2; binding=127.0.0.1; port=445
              rpc_opts=() ;;
        smb1) client_tr=smb1; binding=127.0.0.1; port=445
              rpc_opts=(--option='client ipc min protocol=NT1' --option='client ipc max protocol=NT1') ;;
        ncacn_ip_tcp) client_tr=tcp; binding=; port=$RPC_PORT
              rpc_opts=() ;;
    esac
    if [ "$transport" = ncacn_ip_tcp ]; then
        start_server "$d" "$port" --rpc-port "$RPC_PORT" "$@"
        CAPTURE_FILTER="tcp port $RPC_PORT and host 127.0.0.1"
    else
        start_server "$d" "$port" --port 445 --wkssvc "$@"
        CAPTURE_FILTER="tcp port 445 and host 127.0.0.1"
    fi
    start_capture "$T/$name.pcap"
    $PY "$GEN/impacket_enum_client.py" --transport "$client_tr" --port "$RPC_PORT" \
        --out "$d/client.jsonl" 127.0.0.1:wkst0,wkst1 > "$d/client.log" 2>&1 \
        || die "impacket's client failed: $(tail -n 20 "$d/client.log")"
    local rpc_check=() want=4
    if [ "$transport" != ncacn_ip_tcp ]; then
        sleep 0.5
        timeout 120 rpcclient -s "$T/client.conf" -d 10 "${rpc_opts[@]}" -U 'srvsess%secret' \
            -c "$RPC_CMDS" "$binding" > "$d/rpcclient.log" 2>&1 || true
        grep -q 'opened pipe wkssvc' "$d/rpcclient.log" \
            || die "rpcclient failed: $(tail -n 5 "$d/rpcclient.log")"
        rpc_check=(--rpcclient-log "$d/rpcclient.log") want=8
    fi
    stop_capture
    stop_server
    $PY "$GEN/wkssvc_truth.py" --pcap "$T/$name.pcap" --logs-dir "$d" --transport "$transport" \
        --made-by "$SELF" --out "$T/$name.truth.json" --expect-calls $want \
        --client-out "$d/client.jsonl" "${rpc_check[@]}"
    echo $want > "$T/$name.want"
}

record impacket_wkssvc_smb2 smb2
record impacket_wkssvc_smb1 smb1
record impacket_wkssvc_tcp ncacn_ip_tcp
record impacket_wkssvc_denied smb2 --deny-wkssvc

# --- sanity checks with stock tshark (not a truth source) ------------------------
n=$(tshark -r "$T/impacket_wkssvc_smb1.pcap" -Y smb2 2>/dev/null | wc -l)
[ "$n" = 0 ] || die "impacket_wkssvc_smb1.pcap contains $n SMB2 frames"
n=$(tshark -r "$T/impacket_wkssvc_tcp.pcap" -Y 'smb || smb2' 2>/dev/null | wc -l)
[ "$n" = 0 ] || die "impacket_wkssvc_tcp.pcap contains $n SMB frames"
for n in impacket_wkssvc_smb2 impacket_wkssvc_smb1 impacket_wkssvc_tcp impacket_wkssvc_denied; do
    want=$(cat "$T/$n.want")
    got=$(tshark -r "$T/$n.pcap" -Y 'wkssvc.opnum == 2 && !_ws.malformed' 2>/dev/null | wc -l)
    [ "$got" = "$want" ] || die "stock tshark decodes $got NetrWkstaUserEnum PDUs cleanly in $n.pcap, the truth has $want"
    cp "$T/$n.pcap" "$T/$n.truth.json" "$OUT/"
    log "$n.pcap: $want NetrWkstaUserEnum PDUs, decoded by stock tshark (matches truth)"
done
log "wrote $OUT/impacket_wkssvc_{smb2,smb1,tcp,denied}.pcap (+ .truth.json)"
