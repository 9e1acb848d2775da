#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record Samba's wkssvc NetWkstaEnumUsers (MS-WKST 3.2.4.3 NetrWkstaUserEnum,
# opnum 2) between real peers: rpcclient `wkssvc_enumerateusers 0` and `… 1`
# against a private smbd on 127.0.0.1, as a BUILTIN\Administrators member and
# as a non-admin (WERR_ACCESS_DENIED):
#
#   pcaps/samba_wkssvc_smb2.pcap  admin over SMB 3.1.1, non-admin over SMB 2.0.2
#   pcaps/samba_wkssvc_smb1.pcap  both over SMB1 (NT1)
#
# with .truth.json parsed from rpcclient's own -d 10 NDR prints
# (tests/gen/rpcclient_truth.py), never from a dissector.
#
# Where smbd's answer comes from (Samba 4.17, source3/rpc_server/wkssvc/
# srv_wkssvc_nt.c, run by samba-dcerpcd's rpcd_classic): only members of
# BUILTIN\Administrators are answered; level 0 lists the ut_user of every
# USER_PROCESS record of the default utmp file (getutxent(): /var/run/utmp,
# i.e. /run/utmp), each name once, oldest ut_tv first; level 1 adds, for
# those, the server's NetBIOS name as logon domain and logon server and NULL
# other domains, then SMB sessions whose client machine name is the server's
# own (none here: over port 445 that name is the client's address).  The
# ResumeHandle is ignored and answered 0.
#
# The utmp records are written with `utmpdump -r` from the table below into a
# file that replaces /run/utmp only inside a private mount namespace
# (`unshare -m`, an overlay over /run whose upper layer is in the temp dir):
# the host's /run (and its utmp, if any) is never written.  The server, users
# and groups are those of tests/gen/record_samba.sh, run with
# SRVSESS_RECORD_HOOK=tests/gen/record_wkssvc_samba_hook.sh, which records.
#
# Needs root and the Debian packages: samba smbclient tcpdump python3-samba
# util-linux (utmpdump, unshare), a kernel with overlayfs.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

GEN=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "record_wkssvc_samba: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (starts smbd, mounts in a private namespace)"
for c in utmpdump unshare mount; do command -v "$c" >/dev/null || die "missing $c (util-linux)"; done

# The logged-on users smbd will report: utmpdump's text format, one record a
# line: [type] [pid] [id] [user] [line] [host] [addr] [time].  Type 7 is
# USER_PROCESS (reported), 6 LOGIN_PROCESS and 8 DEAD_PROCESS (not).  Not in
# time order on purpose (smbd sorts by login time); alice twice (reported
# once); a machine account; the account rpcclient asks as (srvsess_admin);
# UTF-8 names (smbd converts them to UTF-16).
UTMP_TEXT='[7] [04101] [ts/3] [srvsess_admin] [pts/3       ] [127.0.0.1           ] [127.0.0.1      ] [2026-12-01T08:02:00,000000+00:00]
[7] [04100] [ts/1] [alice   ] [pts/1       ] [10.0.5.21           ] [10.0.5.21      ] [2026-12-01T08:00:00,000000+00:00]
[6] [04102] [tty1] [LOGIN   ] [tty1        ] [                    ] [0.0.0.0        ] [2026-12-01T08:00:30,000000+00:00]
[7] [04103] [ts/2] [WS01$   ] [pts/2       ] [10.0.5.40           ] [10.0.5.40      ] [2026-12-01T08:01:00,000000+00:00]
[7] [04104] [ts/4] [müller-éè] [pts/4       ] [10.0.5.22           ] [10.0.5.22      ] [2026-12-01T08:03:00,000000+00:00]
[8] [04105] [ts/5] [bob     ] [pts/5       ] [10.0.5.23           ] [10.0.5.23      ] [2026-12-01T08:03:30,000000+00:00]
[7] [04106] [ts/6] [alice   ] [pts/6       ] [10.0.5.21           ] [10.0.5.21      ] [2026-12-01T08:04:00,000000+00:00]
[7] [04107] [ts/7] [Администратор] [pts/7       ] [10.0.5.24           ] [10.0.5.24      ] [2026-12-01T08:05:00,000000+00:00]'
# What that must give (checked by the hook): USER_PROCESS names, once, by time.
export SRVSESS_WKSSVC_EXPECT='alice|WS01$|srvsess_admin|müller-éè|Администратор'

if [ -z "${SRVSESS_WKSSVC_NS:-}" ]; then
    # Re-run this script in a private mount namespace; mounts vanish with it.
    SRVSESS_WKSSVC_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

U=$(mktemp -d /tmp/srvsess-wkssvc-utmp.XXXXXX)
trap 'umount /run 2>/dev/null; rm -rf "$U"' EXIT
mkdir -p "$U/upper" "$U/work"
printf '%s\n' "$UTMP_TEXT" | utmpdump -r > "$U/upper/utmp" 2>/dev/null
[ -s "$U/upper/utmp" ] || die "utmpdump -r wrote no records"
mount -t overlay overlay -o "lowerdir=/run,upperdir=$U/upper,workdir=$U/work" /run \
    || die "cannot mount an overlay over /run in the private namespace"
[ "$(utmpdump /run/utmp 2>/dev/null | grep -c '^\[7\]')" = 6 ] || die "/run/utmp is not ours"

SRVSESS_RECORD_HOOK="$GEN/record_wkssvc_samba_hook.sh" bash "$GEN/record_samba.sh"
