#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Records every committed capture in pcaps/ again, with its truth file.
# Run as root on Debian 12 (smbd, winbindd, tcpdump on loopback); needs
# samba smbclient python3-samba python3-impacket tcpdump (and util-linux, overlayfs
# for record_wkssvc_samba.sh).
set -eu
cd "$(dirname "$0")"
/usr/bin/python3 ndr_edge.py            # Samba-marshalled edge cases, DCE-RPC over TCP
/usr/bin/python3 ndr_boundary.py        # every rule at its boundary (edge_bounds_*, edge_sweep_bounds)
bash record_samba.sh                      # smbd asked by rpcclient, SMB1 and SMB2
bash record_impacket.sh                   # impacket's SMB server with our NetrSessionEnum handler
bash record_protected.sh                  # encrypted SMB3 and sealed DCE-RPC, with their keys
/usr/bin/python3 add_truth_keys.py       # discriminant, client, server keys for the samba_smb* and impacket_smb* truths
bash record_recon.sh                      # netview.py sweeping impacket servers on 127.0.0.2-.7, an rpcclient poller
bash record_wkssvc_samba.sh               # smbd's NetWkstaEnumUsers from a private utmp, admin and non-admin, SMB2 and SMB1
bash record_wkssvc_impacket.sh            # impacket's wkssvc handler asked by impacket's client and rpcclient, SMB2/SMB1/TCP
bash record_wkssvc_sharphound.sh          # one client asks both calls of one host within ms, then sweeps 127.0.0.3-.7
cp ../../pcaps/impacket_smb2.pcap ../../pcaps/sample.pcap
