#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record real rpcclient <-> impacket traffic: impacket's SMB server on
# 127.0.0.1:445 with our NetrSessionEnum / NetrSessionDel handler on its srvsvc
# pipe (tests/gen/impacket_srvsvc_server.py), every level 0/1/2/10/502 plus an
# unknown level, resume handles (ERROR_MORE_DATA), qualifier filters, an empty
# answer, NetrSessionDel (0 and 2312), NetrServerGetInfo and NetrShareEnum.
#
#   pcaps/impacket_smb2.pcap   over SMB2 (impacket answers dialect 2.0.2)
#   pcaps/impacket_smb1.pcap   the same commands over SMB1 (NT LM 0.12)
#
# Truth (.truth.json) = what the handler logged it told impacket to encode
# (`impacket_srvsvc_server.py truth`), cross-checked against rpcclient's own
# -d 10 NDR prints of every request and response; a mismatch fails the run.
#
# Needs root and the Debian packages: python3-impacket smbclient tcpdump
# python3-samba (tshark optional, for the final check).  Temp files are
# removed on exit, the server is stopped.
# Bash script; re-exec under bash when started as `sh record_....sh`.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$REPO/pcaps"
GEN="$REPO/tests/gen"
PY=/usr/bin/python3            # python3-impacket imports only under Debian's python
SELF="tests/gen/record_impacket.sh"

die() { echo "record_impacket: $*" >&2; exit 1; }
log() { echo "record_impacket: $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (binds port 445, runs tcpdump)"
for c in rpcclient tcpdump; do
    command -v "$c" >/dev/null || die "missing $c (apt-get install smbclient tcpdump)"
done
$PY -c 'import impacket.smbserver' 2>/dev/null || die "python3-impacket missing for $PY"
# bash's /dev/tcp: is anything accepting on 127.0.0.1:445?
port445_open() { (exec 3<>/dev/tcp/127.0.0.1/445) 2>/dev/null; }
if port445_open; then
    die "something already listens on TCP port 445; stop it first"
fi

T=$(mktemp -d /tmp/srvsess-impacket.XXXXXX)
SERVER_PID= TCPDUMP_PID=
cleanup() {
    set +e
    [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null
    # the server was started with setsid: it leads its own process group
    [ -n "$SERVER_PID" ] && kill -TERM -- "-$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do
        alive=0
        for p in $SERVER_PID $TCPDUMP_PID; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    [ -n "$SERVER_PID" ] && kill -KILL -- "-$SERVER_PID" 2>/dev/null
    wait 2>/dev/null
    if [ -n "${KEEP_TMP:-}" ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$T/share" "$T/client" "$OUT"
echo "srvsess" > "$T/share/readme.txt"
. "$GEN/client_conf.sh"
write_client_conf "$T/client.conf" "$T/client"

setsid $PY "$GEN/impacket_srvsvc_server.py" serve --listen 127.0.0.1 --port 445 \
    --share-dir "$T/share" --calls-log "$T/calls.jsonl" --ready-file "$T/ready" \
    > "$T/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 100); do
    [ -s "$T/ready" ] && port445_open && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server died: $(tail -n 20 "$T/server.log")"
    [ "$i" = 100 ] && die "server did not come up: $(tail -n 20 "$T/server.log")"
    sleep 0.1
done
log "impacket server pid $SERVER_PID"

. "$REPO/tests/gen/loopback_capture.sh"   # start_capture, stop_capture

# rpcclient's syntax: netsessenum [client] [user] [level] [resume_handle];
# inside -c a doubled backslash gives one.  Each rpcclient command name opens
# its own srvsvc pipe (several FIDs/binds in one SMB session).
# netshareenumall is asked for level 1: impacket always answers level 1 and
# rpcclient would crash printing a level-2 request's answer.
CMDS='srvinfo; netshareenumall 1;
 netsessenum;
 netsessenum * * 0; netsessenum * * 1; netsessenum * * 2; netsessenum * * 10; netsessenum * * 502;
 netsessenum * * 1 0; netsessenum * * 1 4; netsessenum * * 1 20;
 netsessenum \\\\127.0.0.30 heidi 502; netsessenum WS\\ODD * 2; netsessenum * GUEST 10;
 netsessenum * nosuchuser 1; netsessenum * * 3; netsessenum * * 3 7;
 netsessdel 127.0.0.21 alice; netsessdel 127.0.0.99 nobody'
CMDS=$(echo "$CMDS" | tr '\n' ' ')

record() {   # record NAME TRANSPORT rpcclient-options...
    local name=$1 transport=$2; shift 2
    rm -f "$T/calls.jsonl"
    start_capture "$T/$name.pcap"
    rpcclient -s "$T/client.conf" -d 10 "$@" -U 'srvsess%secret' -c "$CMDS" 127.0.0.1 \
        > "$T/$name.rpcclient.log" 2>&1 || true
    stop_capture
    grep -q 'opened pipe srvsvc' "$T/$name.rpcclient.log" \
        || die "rpcclient failed: $(tail -n 5 "$T/$name.rpcclient.log")"
    [ -s "$T/calls.jsonl" ] || die "the handler logged no call"
    mv "$T/calls.jsonl" "$T/$name.calls.jsonl"
    $PY "$GEN/impacket_srvsvc_server.py" truth --calls-log "$T/$name.calls.jsonl" \
        --capture "$name.pcap" --transport "$transport" --made-by "$SELF" \
        --out "$T/$name.truth.json" --check-rpcclient-log "$T/$name.rpcclient.log"
}

record impacket_smb2 smb2
record impacket_smb1 smb1 --option='client ipc min protocol=NT1' --option='client ipc max protocol=NT1'

# 19 commands -> 17 NetSessEnum/NetSessDel request+response pairs each
for n in impacket_smb2 impacket_smb1; do
    c=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["calls"]))' "$T/$n.truth.json")
    [ "$c" = 34 ] || die "$n: expected 34 calls in the truth, got $c"
done
cp "$T"/impacket_smb2.pcap "$T"/impacket_smb1.pcap \
   "$T"/impacket_smb2.truth.json "$T"/impacket_smb1.truth.json "$OUT/"

# --- sanity check with stock tshark (not a truth source) -------------------------
if command -v tshark >/dev/null; then
    n=$(tshark -r "$OUT/impacket_smb1.pcap" -Y smb2 2>/dev/null | wc -l)
    [ "$n" = 0 ] || die "impacket_smb1.pcap contains $n SMB2 frames"
    for n in impacket_smb2 impacket_smb1; do
        got=$(tshark -r "$OUT/$n.pcap" -Y 'srvsvc.opnum == 12 || srvsvc.opnum == 13' 2>/dev/null | wc -l)
        [ "$got" = 34 ] || die "tshark sees $got NetSessEnum/Del PDUs in $n.pcap, truth has 34"
        log "$n.pcap: $got NetSessEnum/NetSessDel PDUs decoded by tshark (matches truth)"
    done
fi
log "wrote $OUT/impacket_smb2.pcap $OUT/impacket_smb1.pcap (+ .truth.json)"
