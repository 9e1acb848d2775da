#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record a real reconnaissance sweep and a single-server poller:
#
#   pcaps/recon_netview_smb2.pcap  impacket's netview.py (python3-impacket's
#                                  example, unmodified) sweeping six impacket
#                                  SMB servers on 127.0.0.2-127.0.0.7 port 445,
#                                  in its monitoring loop (a pass every 3 s):
#                                  srvsvc NetrSessionEnum, then wkssvc
#                                  NetrWkstaUserEnum, to each server a pass
#   pcaps/recon_netview_smb1.pcap  the same against SMB1-only servers: netview
#                                  offers no dialect option, impacket's client
#                                  falls back to NT LM 0.12 when the server
#                                  does not answer SMB2
#   pcaps/recon_poll_smb2.pcap     one admin polling one server (127.0.0.2,
#                                  called FS-ALPHA: rpcclient -I) with
#                                  rpcclient, 12 runs, about 1 s apart
#
# Each server is tests/gen/impacket_srvsvc_server.py with its own session
# table and logged-on user table (tests/gen/recon_truth.py TABLES, USERS:
# --sessions-json, --users-json, so its wkssvc pipe answers NetrWkstaUserEnum)
# and calls log.  Truth (.truth.json) = what the handlers logged they told
# impacket to encode, in capture order (tests/gen/wkssvc_truth.py's
# ordering), cross-checked against netview's own prints or rpcclient's -d 10
# NDR prints (tests/gen/recon_truth.py).
#
#   record_recon.sh [NAME...]   record only these captures (default: all three)
#
# netview.py run non-interactively and bounded: the password is in the
# identity (no prompt), -targets lists every server twice because netview
# 0.10.0's aliveness pass removes items from the list it iterates over and
# would skip every second target, and `timeout -s INT` ends its loop (netview
# catches the interrupt and stops its background thread, which can take up to
# 10 s; `-k` kills it after that).
#
# Needs root and the Debian packages: python3-impacket smbclient tcpdump tshark.
# Temp files are removed on exit, every server is stopped.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="${RECON_OUT:-$REPO/pcaps}"   # RECON_OUT: record elsewhere (to try the script)
GEN="$REPO/tests/gen"
PY=/usr/bin/python3            # python3-impacket imports only under Debian's python
SELF="tests/gen/record_recon.sh"
NETVIEW=/usr/share/doc/python3-impacket/examples/netview.py
SERVERS="127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7"
SWEEP_SECONDS=${SWEEP_SECONDS:-20}   # netview's loop runs this long (then SIGINT)
POLLS=12

die() { echo "record_recon: $*" >&2; exit 1; }
log() { echo "record_recon: $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (binds port 445, runs tcpdump)"
for c in rpcclient tcpdump tshark timeout; do
    command -v "$c" >/dev/null || die "missing $c (apt-get install smbclient tcpdump tshark)"
done
[ -r "$NETVIEW" ] || NETVIEW=$(dpkg -L python3-impacket 2>/dev/null | grep '/netview\.py$' | head -n 1)
[ -r "$NETVIEW" ] || die "netview.py not found (python3-impacket's examples)"
$PY -c 'import impacket.smbserver' 2>/dev/null || die "python3-impacket missing for $PY"
port_open() { (exec 3<>"/dev/tcp/$1/445") 2>/dev/null; }
for a in $SERVERS; do
    port_open "$a" && die "something already listens on $a:445; stop it first"
done

T=$(mktemp -d /tmp/srvsess-recon.XXXXXX)
# stop_servers, cleanup and the exit traps (SERVER_PIDS, TCPDUMP_PID)
. "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

mkdir -p "$T/share" "$T/client" "$T/tables" "$OUT"
echo "srvsess" > "$T/share/readme.txt"
$PY "$GEN/recon_truth.py" tables "$T/tables"
. "$GEN/client_conf.sh"
write_client_conf "$T/client.conf" "$T/client"

start_servers() {   # start_servers LOGDIR [--smb1-only]
    local logs=$1 a; shift
    mkdir -p "$logs"
    for a in $SERVERS; do
        setsid $PY "$GEN/impacket_srvsvc_server.py" serve --listen "$a" --port 445 \
            --share-dir "$T/share" --sessions-json "$T/tables/sessions.$a.json" \
            --users-json "$T/tables/users.$a.json" --page 1000 "$@" \
            --calls-log "$logs/calls.$a.jsonl" --ready-file "$logs/ready.$a" \
            > "$logs/server.$a.log" 2>&1 &
        SERVER_PIDS="$SERVER_PIDS $!"
    done
    for a in $SERVERS; do
        for i in $(seq 100); do
            [ -s "$logs/ready.$a" ] && port_open "$a" && break
            [ "$i" = 100 ] && die "server $a did not come up: $(tail -n 20 "$logs/server.$a.log")"
            sleep 0.1
        done
    done
    log "impacket servers up on $SERVERS"
}

. "$GEN/loopback_capture.sh"   # start_capture, stop_capture
# Only our servers' traffic (other recordings may run on 127.0.0.1 meanwhile).
CAPTURE_FILTER="tcp port 445 and ($(echo $SERVERS | sed 's/\([0-9.]*\)/host \1/g; s/ host/ or host/g'))"
export CAPTURE_FILTER

sweep() {   # sweep NAME TRANSPORT [server options]
    local name=$1 transport=$2 a; shift 2
    start_servers "$T/$name" "$@"
    for a in $SERVERS; do echo "$a"; echo "$a"; done > "$T/$name/targets"
    start_capture "$T/$name.pcap"
    timeout -s INT -k 15 "$SWEEP_SECONDS" $PY "$NETVIEW" -targets "$T/$name/targets" -delay 3 \
        'srvsess:secret' > "$T/$name/netview.out" 2>&1 || true
    stop_capture
    stop_servers
    $PY "$GEN/recon_truth.py" truth --pcap "$T/$name.pcap" --logs-dir "$T/$name" \
        --transport "$transport" --made-by "$SELF" --out "$T/$name.truth.json" \
        --netview-out "$T/$name/netview.out" --expect-requests 18 --expect-user-enums 18
}

poll() {   # poll NAME TRANSPORT
    local name=$1 transport=$2 i
    start_servers "$T/$name"
    start_capture "$T/$name.pcap"
    for i in $(seq $POLLS); do
        rpcclient -s "$T/client.conf" -d 10 -U 'srvsess%secret' -c 'netsessenum * * 10' -I 127.0.0.2 FS-ALPHA \
            > "$T/$name/rpcclient.$(printf %02d "$i").log" 2>&1 || true
        sleep 1
    done
    stop_capture
    stop_servers
    $PY "$GEN/recon_truth.py" truth --pcap "$T/$name.pcap" --logs-dir "$T/$name" \
        --transport "$transport" --made-by "$SELF" --out "$T/$name.truth.json" \
        --rpcclient-log "$T/$name"/rpcclient.*.log --expect-requests $POLLS
}

NAMES="${*:-recon_netview_smb2 recon_netview_smb1 recon_poll_smb2}"
for n in $NAMES; do
    case $n in
        recon_netview_smb2) sweep recon_netview_smb2 smb2 ;;
        recon_netview_smb1) sweep recon_netview_smb1 smb1 --smb1-only ;;
        recon_poll_smb2) poll recon_poll_smb2 smb2 ;;
        *) die "unknown capture $n" ;;
    esac
done

# --- sanity checks with stock tshark (not a truth source) ------------------------
for n in $NAMES; do
    case $n in
        recon_netview_smb1)
            c=$(tshark -r "$T/$n.pcap" -Y smb2 2>/dev/null | wc -l)
            [ "$c" = 0 ] || die "$n.pcap contains $c SMB2 frames" ;;
        recon_netview_smb2)
            c=$(tshark -r "$T/$n.pcap" -Y smb 2>/dev/null | grep -vc 'Negotiate Protocol' || true)
            [ "$c" = 0 ] || die "$n.pcap contains $c SMB1 frames beyond the negotiation" ;;
    esac
    # every wkssvc answer now decodes (stock Wireshark marked impacket's
    # unanswered ones malformed before the handler)
    c=$(tshark -r "$T/$n.pcap" -Y '(wkssvc || srvsvc) && _ws.malformed' 2>/dev/null | wc -l)
    [ "$c" = 0 ] || die "stock tshark finds $c malformed srvsvc/wkssvc frames in $n.pcap"
done
for n in $NAMES; do
    cp "$T/$n.pcap" "$T/$n.truth.json" "$OUT/"
    log "wrote $OUT/$n.pcap (+ .truth.json)"
done
