# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the record_*.sh scripts that drive impacket servers with Samba's
# clients: one smb.conf for rpcclient/smbclient, plain SMB1-capable, unsigned and
# unencrypted (so the captures show the DCE-RPC in the clear), its state in DIR.
write_client_conf() {   # write_client_conf FILE DIR
    cat > "$1" <<CONF
[global]
  workgroup = SRVSESS
  client min protocol = NT1
  client signing = off
  client ipc signing = off
  client smb encrypt = off
  lock directory = $2
  state directory = $2
  cache directory = $2
  private dir = $2
CONF
}
