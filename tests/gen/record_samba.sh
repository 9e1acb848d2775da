#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record real Samba traffic: rpcclient <-> a private smbd on 127.0.0.1:445,
# srvsvc NetSessEnum / NetSessDel plus NetSrvGetInfo / NetShareEnumAll.
#
#   pcaps/samba_smb1.pcap   rpcclient over SMB1 (NT1) as an admin
#   pcaps/samba_smb2.pcap   rpcclient over SMB 3.1.1 as an admin, then over
#                           SMB 2.0.2 as a non-admin (WERR_ACCESS_DENIED)
# and their .truth.json, parsed from rpcclient's own -d 10 NDR prints
# (tests/gen/rpcclient_truth.py), never from a dissector.
#
# Needs root and the Debian packages: samba smbclient tcpdump python3-samba
# (tshark optional, for the final check).  Everything the daemons write lives
# in a temp dir removed on exit; the Unix users/groups srvsess_* stay.
#
# Notes:
#  * smbd answers NetSessEnum only to members of BUILTIN\Administrators, and
#    NetSessDel only to root or Domain Admins (RID 512).  Both groups are
#    mapped with `net groupmap` to Unix groups (no winbindd needed: net's
#    createbuiltingroup would need winbindd, but libwbclient only finds a
#    winbindd on the compiled-in socket path /run/samba/winbindd).
#  * smbd 4.17 serves session levels 0 and 1 only; 2/10/502 -> WERR_INVALID_LEVEL.
#  * rpcclient's syntax is `netsessenum [client] [user] [level] [resume]`, so
#    choosing a level means passing client and user qualifiers (smbd ignores them).
#  * Signing and encryption are off on both sides so the pipe is readable.
# Bash script; re-exec under bash when started as `sh record_....sh`.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$REPO/pcaps"
GEN="$REPO/tests/gen"
PY=/usr/bin/python3            # python3-samba imports only under Debian's python
SELF="tests/gen/record_samba.sh"
DCERPCD=/usr/libexec/samba/samba-dcerpcd

die() { echo "record_samba: $*" >&2; exit 1; }
log() { echo "record_samba: $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (starts smbd, adds Unix users)"
for c in smbd smbpasswd net smbclient rpcclient tcpdump useradd groupadd usermod; do
    command -v "$c" >/dev/null || die "missing $c (apt-get install samba smbclient tcpdump)"
done
[ -x "$DCERPCD" ] || die "missing $DCERPCD (apt-get install samba)"
$PY -c 'import samba' 2>/dev/null || die "python3-samba missing for $PY"
# bash's /dev/tcp: is anything accepting on 127.0.0.1:445?
port445_open() { (exec 3<>/dev/tcp/127.0.0.1/445) 2>/dev/null; }
if port445_open; then
    die "something already listens on TCP port 445; stop it first"
fi

T=$(mktemp -d /tmp/srvsess-samba.XXXXXX)
SMBD_PID= DCERPCD_PID= TCPDUMP_PID=
HOLD_PIDS=()

cleanup() {
    set +e
    for fd in 7 8 9; do eval "exec $fd>&-" 2>/dev/null; done
    [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null
    for p in "${HOLD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    # smbd and samba-dcerpcd were started with setsid: each leads its own
    # process group (with its children: smbd workers, rpcd_* helpers).
    [ -n "$SMBD_PID" ] && kill -TERM -- "-$SMBD_PID" 2>/dev/null
    [ -n "$DCERPCD_PID" ] && kill -TERM -- "-$DCERPCD_PID" 2>/dev/null
    for _ in $(seq 50); do
        alive=0
        for p in $SMBD_PID $DCERPCD_PID $TCPDUMP_PID "${HOLD_PIDS[@]}"; do
            kill -0 "$p" 2>/dev/null && alive=1
        done
        [ -n "$SMBD_PID" ] && pgrep -g "$SMBD_PID" >/dev/null && alive=1
        [ -n "$DCERPCD_PID" ] && pgrep -g "$DCERPCD_PID" >/dev/null && alive=1
        [ $alive = 0 ] && break
        sleep 0.1
    done
    [ -n "$SMBD_PID" ] && kill -KILL -- "-$SMBD_PID" 2>/dev/null
    [ -n "$DCERPCD_PID" ] && kill -KILL -- "-$DCERPCD_PID" 2>/dev/null
    wait 2>/dev/null
    if [ -n "${KEEP_TMP:-}" ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$T"/{private,lock,state,cache,pid,ncalrpc,winbindd,log,share} \
         "$T"/client/{lock,state,cache,private} "$OUT"
chmod 755 "$T" "$T/share"

cat > "$T/smb.conf" <<EOF
[global]
  netbios name = SRVSESSTEST
  workgroup = SRVSESS
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  private dir = $T/private
  lock directory = $T/lock
  state directory = $T/state
  cache directory = $T/cache
  pid directory = $T/pid
  ncalrpc dir = $T/ncalrpc
  winbindd socket directory = $T/winbindd
  log file = $T/log/log.%m
  log level = 1
  passdb backend = tdbsam:$T/private/passdb.tdb
  server min protocol = NT1
  server signing = disabled
  server smb encrypt = off
  map to guest = Bad User
  guest account = nobody
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  usershare max shares = 0
  rpc start on demand helpers = no
  idmap config * : backend = tdb
  idmap config * : range = 3000000-3099999
  # later lines win: tests/gen/record_protected.sh turns encryption on here
${SRVSESS_SMB_CONF_EXTRA:-}

[share]
  path = $T/share
  read only = no
  guest ok = yes
EOF

cat > "$T/client.conf" <<EOF
[global]
  workgroup = SRVSESS
  client min protocol = NT1
  client signing = off
  client ipc signing = off
  client smb encrypt = off
  lock directory = $T/client/lock
  state directory = $T/client/state
  cache directory = $T/client/cache
  private dir = $T/client/private
${SRVSESS_CLIENT_CONF_EXTRA:-}
EOF

# --- users and groups (Unix ones stay; the SMB passdb is in $T) ---------------
pw() { echo "Pass-${1}1"; }
for g in srvsess_admins srvsess_dadmins; do
    getent group "$g" >/dev/null || groupadd "$g"
done
for u in srvsess_admin srvsess_user1 srvsess_user2 srvsess_plain; do
    id "$u" >/dev/null 2>&1 || useradd -M -d /nonexistent -s /usr/sbin/nologin "$u"
    printf '%s\n%s\n' "$(pw $u)" "$(pw $u)" | smbpasswd -c "$T/smb.conf" -a -s "$u" >/dev/null
done
usermod -aG srvsess_dadmins srvsess_admin
net -s "$T/smb.conf" groupmap add sid=S-1-5-32-544 unixgroup=srvsess_admins \
    type=builtin ntgroup=Administrators >/dev/null
net -s "$T/smb.conf" groupmap add rid=512 unixgroup=srvsess_dadmins \
    type=domain ntgroup="Domain Admins" >/dev/null
net -s "$T/smb.conf" sam addmem 'BUILTIN\Administrators' 'SRVSESSTEST\srvsess_admin' >/dev/null
net -s "$T/smb.conf" sam listmem 'BUILTIN\Administrators' | grep -q srvsess_admin \
    || die "srvsess_admin is not in BUILTIN\\Administrators"

# --- daemons -------------------------------------------------------------------
setsid smbd -F --no-process-group --debug-stdout -s "$T/smb.conf" > "$T/log/smbd.out" 2>&1 &
SMBD_PID=$!
setsid "$DCERPCD" -F --no-process-group --libexec-rpcds --debug-stdout \
    -s "$T/smb.conf" > "$T/log/dcerpcd.out" 2>&1 &
DCERPCD_PID=$!
for i in $(seq 100); do
    port445_open && [ -S "$T/ncalrpc/np/srvsvc" ] && break
    [ "$i" = 100 ] && { tail -n 20 "$T"/log/*.out >&2; die "smbd/samba-dcerpcd did not come up"; }
    sleep 0.1
done
log "smbd pid $SMBD_PID, samba-dcerpcd pid $DCERPCD_PID"

RPC=(rpcclient -s "$T/client.conf" -d 10)
admin=(-U "srvsess_admin%$(pw srvsess_admin)")
plain=(-U "srvsess_plain%$(pw srvsess_plain)")
# rpcclient connects to IPC$, for which Samba uses "client ipc min/max protocol";
# -m / "client max protocol" only apply to other shares (smbclient below).
ipc_smb1=(--option='client ipc min protocol=NT1' --option='client ipc max protocol=NT1')
ipc_smb2_02=(--option='client ipc max protocol=SMB2_02')

# --- sessions held open while enumerating ---------------------------------------
# smbclient reads commands from a FIFO we keep open: it stays connected until
# the write end is closed (or smbd drops it after NetSessDel).
hold() {   # hold FD NAME smbclient-args...
    local fd=$1 name=$2; shift 2
    mkfifo "$T/$name.fifo"
    smbclient -s "$T/client.conf" "$@" //127.0.0.1/share < "$T/$name.fifo" \
        > "$T/log/$name.out" 2>&1 &
    HOLD_PIDS+=($!)
    eval "exec $fd>\"\$T/\$name.fifo\""
}
# --- capture helpers -----------------------------------------------------------------
. "$REPO/tests/gen/loopback_capture.sh"   # start_capture, stop_capture
run_rpc() {   # run_rpc LOG rpcclient-args... ; rpcclient's exit status reflects the
    local logf=$1; shift   # last command's WERROR, the log is checked instead
    "${RPC[@]}" "$@" 127.0.0.1 > "$logf" 2>&1 || true
    grep -q 'bound anonymously\|opened pipe srvsvc' "$logf" || die "rpcclient failed, see $logf: $(tail -n 5 "$logf")"
}

# SRVSESS_RECORD_HOOK: another recording (tests/gen/record_protected.sh) reuses this
# server setup; the hook holds its own sessions, records, and exits (cleanup runs).
if [ -n "${SRVSESS_RECORD_HOOK:-}" ]; then . "$SRVSESS_RECORD_HOOK"; exit 0; fi

hold 7 user1 -U "srvsess_user1%$(pw srvsess_user1)"            # SMB3
hold 8 user2 -m NT1 -U "srvsess_user2%$(pw srvsess_user2)"     # SMB1
hold 9 guest -N                                                 # guest session
sleep 2
for p in "${HOLD_PIDS[@]}"; do kill -0 "$p" 2>/dev/null || die "an smbclient session died: $(cat "$T"/log/*.out)"; done

# --- capture 1: SMB1 -----------------------------------------------------------------
start_capture "$T/samba_smb1.pcap"
run_rpc "$T/smb1_admin.log" "${ipc_smb1[@]}" "${admin[@]}" -c 'srvinfo; netsessenum; netsessenum 127.0.0.1 srvsess_user1 0; netsessenum \\\\127.0.0.1 srvsess_user2 1 0; netsessenum 127.0.0.1 srvsess_user1 2'
stop_capture

# --- capture 2: SMB2/3 ------------------------------------------------------------------
start_capture "$T/samba_smb2.pcap"
run_rpc "$T/smb2_admin.log" "${admin[@]}" -c 'srvinfo; netshareenumall; netsessenum; netsessenum 127.0.0.1 srvsess_user1 0; netsessenum 127.0.0.1 srvsess_admin 1 0; netsessenum 127.0.0.1 srvsess_user1 2; netsessenum 127.0.0.1 srvsess_user1 10; netsessenum 127.0.0.1 srvsess_user1 502'
run_rpc "$T/smb2_del.log" "${admin[@]}" -c 'netsessdel 127.0.0.1 srvsess_user1'
sleep 1     # let smbd tear the deleted session down before listing again
run_rpc "$T/smb2_after.log" "${admin[@]}" -c 'netsessenum 127.0.0.1 srvsess_admin 1'
run_rpc "$T/smb2_plain.log" "${ipc_smb2_02[@]}" "${plain[@]}" -c 'netsessenum; netsessdel 127.0.0.1 srvsess_user2'
stop_capture

# --- truth from rpcclient's NDR prints ----------------------------------------------------
$PY "$GEN/rpcclient_truth.py" --capture samba_smb1.pcap --transport smb1 \
    --made-by "$SELF" --out "$T/samba_smb1.truth.json" "$T/smb1_admin.log"
$PY "$GEN/rpcclient_truth.py" --capture samba_smb2.pcap --transport smb2 \
    --made-by "$SELF" --out "$T/samba_smb2.truth.json" \
    "$T/smb2_admin.log" "$T/smb2_del.log" "$T/smb2_after.log" "$T/smb2_plain.log"

# Expectations about what smbd did (fail loudly if Samba behaves differently).
$PY - "$T" <<'EOF'
import json, sys
T = sys.argv[1]
def load(n): return json.load(open("%s/%s.truth.json" % (T, n)))
def summary(t): return [(c["op"], c.get("level"), c.get("status")) for c in t["calls"]]
s1, s2 = load("samba_smb1"), load("samba_smb2")
exp1 = [("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 0, None), ("enum_response", 0, 0),
        ("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 2, None), ("enum_response", 2, 124)]
exp2 = [("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 0, None), ("enum_response", 0, 0),
        ("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 2, None), ("enum_response", 2, 124),
        ("enum_request", 10, None), ("enum_response", 10, 124),
        ("enum_request", 502, None), ("enum_response", 502, 124),
        ("del_request", None, None), ("del_response", None, 0),
        ("enum_request", 1, None), ("enum_response", 1, 0),
        ("enum_request", 1, None), ("enum_response", 1, 5),
        ("del_request", None, None), ("del_response", None, 5)]
ok = True
for name, t, exp, other in (("samba_smb1", s1, exp1, 2), ("samba_smb2", s2, exp2, 4)):
    if summary(t) != exp or t["other_srvsvc_calls"] != other:
        ok = False
        print("unexpected calls in %s: %s other=%s" % (name, summary(t), t["other_srvsvc_calls"]))
users = {s["username"] for s in s2["calls"][5]["sessions"]}
if not {"srvsess_user1", "srvsess_user2", "srvsess_admin", "nobody"} <= users:
    ok = False; print("held sessions missing from level 1 list:", users)
after = {s["username"] for s in s2["calls"][15]["sessions"]}
if "srvsess_user1" in after:
    ok = False; print("NetSessDel did not remove srvsess_user1:", after)
sys.exit(0 if ok else 1)
EOF

cp "$T/samba_smb1.pcap" "$T/samba_smb2.pcap" "$T/samba_smb1.truth.json" \
   "$T/samba_smb2.truth.json" "$OUT/"

# --- sanity check with stock tshark (not a truth source) -------------------------------------
if command -v tshark >/dev/null; then
    # (the held smbclient sessions may send SMB2 keepalives, command 13)
    n=$(tshark -r "$OUT/samba_smb1.pcap" -Y 'smb2 && smb2.cmd != 13' 2>/dev/null | wc -l)
    [ "$n" = 0 ] || die "samba_smb1.pcap contains $n SMB2 frames"
    n=$(tshark -r "$OUT/samba_smb2.pcap" -Y 'smb2.dialect == 0x0202' 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] || die "samba_smb2.pcap: no SMB 2.0.2 negotiation seen"
    for n in samba_smb1 samba_smb2; do
        want=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["calls"]))' "$OUT/$n.truth.json")
        got=$(tshark -r "$OUT/$n.pcap" -Y 'srvsvc.opnum == 12 || srvsvc.opnum == 13' 2>/dev/null | wc -l)
        [ "$got" = "$want" ] || die "tshark sees $got NetSessEnum/Del PDUs in $n.pcap, truth has $want"
        log "$n.pcap: $got NetSessEnum/NetSessDel PDUs decoded by tshark (matches truth)"
    done
fi
log "wrote $OUT/samba_smb1.pcap $OUT/samba_smb2.pcap (+ .truth.json)"
