# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the record_*.sh scripts: record SMB (tcp/445) on loopback with tcpdump.
# Needs: $T (the script's temp dir), die().  CAPTURE_FILTER overrides the
# filter (sealed DCE-RPC over TCP also needs the endpoint mapper and its port).
start_capture() {   # start_capture FILE
    rm -f "$1"
    tcpdump -i lo -U -Z root -s 0 -w "$1" "${CAPTURE_FILTER:-tcp port 445 and host 127.0.0.1}" \
        > "$T/tcpdump.log" 2>&1 &
    TCPDUMP_PID=$!
    for i in $(seq 100); do
        grep -q 'listening on' "$T/tcpdump.log" && break
        [ "$i" = 100 ] && die "tcpdump did not start: $(cat "$T/tcpdump.log")"
        sleep 0.1
    done
    sleep 0.5
}
stop_capture() {
    sleep 1
    kill -INT "$TCPDUMP_PID"
    wait "$TCPDUMP_PID" || true
    TCPDUMP_PID=
}
