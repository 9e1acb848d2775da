#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record a SharpHound-like session collection between real peers:
#
#   pcaps/sharphound_like_smb2.pcap
#     1. one client (127.0.0.1) asks one host (127.0.0.2) srvsvc NetrSessionEnum
#        (level 10, as SharpHound's session collection) and wkssvc
#        NetrWkstaUserEnum (level 1, its logged-on collection) within
#        milliseconds: both pipes are bound first, then the two calls go
#        back to back;
#     2. a second later the same client sweeps 127.0.0.3-127.0.0.7, 0.2 s
#        apart, mixing the calls: both, wkssvc only, srvsvc only, both in the
#        other order (wkssvc level 0 first), both.
#
# Each host is tests/gen/impacket_srvsvc_server.py (SMB2, port 445) with its
# own tables (tests/gen/wkssvc_truth.py HOSTS: machine accounts, the asking
# account "srvsess", a user on several hosts, non-ASCII names, an empty
# answer of each kind) and its own calls log; the client is impacket's own
# (impacket.dcerpc.v5.srvs.hNetrSessionEnum and wkst.hNetrWkstaUserEnum,
# driven by tests/gen/impacket_enum_client.py).  Truth = what the handlers
# logged they told impacket to encode, in capture order, each request with
# its client and server addresses (tests/gen/wkssvc_truth.py), cross-checked
# against the user names impacket's client read.
#
# Needs root and the Debian packages: python3-impacket tcpdump tshark.
# Temp files are removed on exit, every server is stopped.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="${WKSSVC_OUT:-$REPO/pcaps}"   # WKSSVC_OUT: record elsewhere (to try the script)
GEN="$REPO/tests/gen"
PY=/usr/bin/python3            # python3-impacket imports only under Debian's python
SELF="tests/gen/record_wkssvc_sharphound.sh"
NAME=sharphound_like_smb2
SERVERS="127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7"

die() { echo "record_wkssvc_sharphound: $*" >&2; exit 1; }
log() { echo "record_wkssvc_sharphound: $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (binds port 445, runs tcpdump)"
for c in tcpdump tshark; do
    command -v "$c" >/dev/null || die "missing $c (apt-get install tcpdump tshark)"
done
$PY -c 'import impacket.smbserver' 2>/dev/null || die "python3-impacket missing for $PY"
port_open() { (exec 3<>"/dev/tcp/$1/445") 2>/dev/null; }
for a in $SERVERS; do
    port_open "$a" && die "something already listens on $a:445; stop it first"
done

T=$(mktemp -d /tmp/srvsess-sharphound.XXXXXX)
# stop_servers, cleanup and the exit traps (SERVER_PIDS, TCPDUMP_PID)
. "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

mkdir -p "$T/share" "$T/tables" "$T/logs" "$OUT"
echo "srvsess" > "$T/share/readme.txt"
$PY "$GEN/wkssvc_truth.py" --tables "$T/tables"

for a in $SERVERS; do
    setsid $PY "$GEN/impacket_srvsvc_server.py" serve --listen "$a" --port 445 --page 1000 \
        --share-dir "$T/share" --sessions-json "$T/tables/sessions.$a.json" \
        --users-json "$T/tables/users.$a.json" \
        --calls-log "$T/logs/calls.$a.jsonl" --ready-file "$T/logs/ready.$a" \
        > "$T/logs/server.$a.log" 2>&1 &
    SERVER_PIDS="$SERVER_PIDS $!"
done
for a in $SERVERS; do
    for i in $(seq 100); do
        [ -s "$T/logs/ready.$a" ] && port_open "$a" && break
        [ "$i" = 100 ] && die "server $a did not come up: $(tail -n 20 "$T/logs/server.$a.log")"
        sleep 0.1
    done
done
log "impacket servers up on $SERVERS"

. "$GEN/loopback_capture.sh"   # start_capture, stop_capture
CAPTURE_FILTER="tcp port 445 and ($(echo $SERVERS | sed 's/\([0-9.]*\)/host \1/g; s/ host/ or host/g'))"
export CAPTURE_FILTER

client() { $PY "$GEN/impacket_enum_client.py" --transport smb2 "$@" || die "impacket's client failed"; }
start_capture "$T/$NAME.pcap"
client --out "$T/client.1.jsonl" 127.0.0.2:sess10,wkst1
sleep 1
client --pause 0.2 --out "$T/client.2.jsonl" \
    127.0.0.3:sess10,wkst1 127.0.0.4:wkst1 127.0.0.5:sess10 127.0.0.6:wkst0,sess10 127.0.0.7:sess10,wkst1
stop_capture
stop_servers

# 2 + 2 + 1 + 1 + 2 + 2 calls, each a request and a response
$PY "$GEN/wkssvc_truth.py" --pcap "$T/$NAME.pcap" --logs-dir "$T/logs" --transport smb2 \
    --made-by "$SELF" --out "$T/$NAME.truth.json" --expect-calls 20 \
    --client-out "$T/client.1.jsonl" "$T/client.2.jsonl"

# --- sanity checks with stock tshark (not a truth source) ------------------------
got=$(tshark -r "$T/$NAME.pcap" -Y '(wkssvc.opnum == 2 || srvsvc.opnum == 12) && !_ws.malformed' 2>/dev/null | wc -l)
[ "$got" = 20 ] || die "stock tshark decodes $got NetrWkstaUserEnum/NetrSessionEnum PDUs cleanly, the truth has 20"
# the first host's two requests lie within milliseconds of each other
$PY - "$T/$NAME.pcap" <<'PYEOF'
import subprocess, sys
out = subprocess.run(["tshark", "-r", sys.argv[1], "-Y", "dcerpc.pkt_type == 0 && ip.dst == 127.0.0.2 && "
                      "(wkssvc.opnum == 2 || srvsvc.opnum == 12)", "-T", "fields", "-e", "frame.time_epoch"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout.split()
t = [float(x) for x in out]
if len(t) != 2 or t[1] - t[0] > 0.1:
    sys.exit("127.0.0.2's two requests are not within 100 ms: %s" % t)
print("127.0.0.2: NetrSessionEnum and NetrWkstaUserEnum %.1f ms apart" % (1000 * (t[1] - t[0])))
PYEOF
cp "$T/$NAME.pcap" "$T/$NAME.truth.json" "$OUT/"
log "wrote $OUT/$NAME.pcap (+ .truth.json)"
