#!/bin/bash
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Record the protected Samba captures (issue 10, parts 1 and 2):
#
#   pcaps/samba_smb3_encrypted.pcap  rpcclient over SMB 3.1.1 to a private smbd
#                                    with `server smb encrypt = required`
#                                    (rpcclient --client-protection=encrypt);
#                                    .keys: the SMB3 session ids and keys smbd
#                                    dumped (`debug encryption = yes`)
#   pcaps/samba_dcerpc_sealed.pcap   rpcclient with `ncacn_ip_tcp:127.0.0.1[seal]`
#                                    to samba-dcerpcd (NTLMSSP packet privacy);
#                                    .keys: the user's password
#   pcaps/samba_np_sealed.pcap       the same sealed binding on the srvsvc pipe
#                                    over SMB (ncacn_np:127.0.0.1[seal]); .keys: the password
#
# each with its .truth.json from rpcclient's own -d 10 NDR prints
# (tests/gen/rpcclient_truth.py).  The server, users and helpers are those of
# tests/gen/record_samba.sh, run once per capture with SRVSESS_RECORD_HOOK
# pointing at tests/gen/protected_hook.sh, which does the recording.
#
# Needs root and the Debian packages: samba smbclient tcpdump python3-samba.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

GEN=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SRVSESS_RECORD_HOOK="$GEN/protected_hook.sh"

# smbd 4.17: `debug encryption` dumps each SMB3 session's id and keys at log
# level 0; the client side (libsmb in rpcclient) does the same, for the
# cross-check in smb3_keys.py.  SMB3_11 only, so the capture is SMB 3.1.1.
SRVSESS_PROTECTED_MODE=encrypted \
SRVSESS_SMB_CONF_EXTRA='  server smb encrypt = required
  server min protocol = SMB3_11
  debug encryption = yes' \
SRVSESS_CLIENT_CONF_EXTRA='  debug encryption = yes' \
    bash "$GEN/record_samba.sh"

# Sealed DCE-RPC: SMB signing and encryption stay off (record_samba.sh's
# defaults), and the pipe does not use SMB anyway: ncacn_ip_tcp.
SRVSESS_PROTECTED_MODE=sealed bash "$GEN/record_samba.sh"
# ... and over SMB: the sealed srvsvc pipe (ncacn_np), SMB unsigned and unencrypted.
SRVSESS_PROTECTED_MODE=sealed_np bash "$GEN/record_samba.sh"
