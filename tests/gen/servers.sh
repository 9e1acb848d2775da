# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the recorders that run several impacket servers at once
# (record_recon.sh, record_wkssvc_sharphound.sh): stop them and clean up on exit.
# The sourcing script sets T (its temp dir), defines log(), starts each server
# with setsid and appends its pid to SERVER_PIDS, and sets TCPDUMP_PID.
SERVER_PIDS='' TCPDUMP_PID=''
stop_servers() {
    local p
    for p in $SERVER_PIDS; do kill -TERM -- "-$p" 2>/dev/null || true; done   # setsid groups
    for _ in $(seq 50); do
        local alive=0
        for p in $SERVER_PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for p in $SERVER_PIDS; do kill -KILL -- "-$p" 2>/dev/null || true; done
    SERVER_PIDS=
}
cleanup() {
    set +e
    [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null
    stop_servers
    wait 2>/dev/null
    if [ -n "${KEEP_TMP:-}" ]; then log "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
