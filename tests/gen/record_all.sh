#!/bin/sh
# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Records every committed capture in pcaps/ again, with its truth file.
# Run as root on Debian 12 (smbd, winbindd, tcpdump on loopback); needs
# samba smbclient python3-samba python3-impacket tcpdump.
set -eu
cd "$(dirname "$0")"
/usr/bin/python3 ndr_edge.py            # Samba-marshalled edge cases, DCE-RPC over TCP
/usr/bin/python3 ndr_boundary.py        # every rule at its boundary (edge_bounds_*, edge_sweep_bounds)
bash record_samba.sh                      # smbd asked by rpcclient, SMB1 and SMB2
bash record_impacket.sh                   # impacket's SMB server with our NetrSessionEnum handler
bash record_protected.sh                  # encrypted SMB3 and sealed DCE-RPC, with their keys
/usr/bin/python3 add_truth_keys.py       # discriminant, client, server keys for the samba_smb* and impacket_smb* truths
bash record_recon.sh                      # netview.py sweeping impacket servers on 127.0.0.2-.7, an rpcclient poller
cp ../../pcaps/impacket_smb2.pcap ../../pcaps/sample.pcap
