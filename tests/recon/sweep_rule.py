# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""When srvsess.enum_sweep and srvsess.session_collection must fire, written down
independently of the plugin (the README's rules; the one Python definition of
each, used by tests/srvsess_test.py and tests/recon/recon_test.py).

enum_sweep: one client (source address) has sent NetrSessionEnum or
NetrWkstaUserEnum (the two count alike) to
at least `servers` distinct servers (destination addresses) within the last
`window` seconds, this request included; it fires once for that client, then
stays quiet for that client until more than `window` seconds have passed since
it fired (one alert per client and window, not one per request).

A server counts while the client's last request to it is at most `window`
seconds old; `servers` = 0 turns the detection off.

session_collection (issue 16, CONTRACT): a NetrSessionEnum or NetrWkstaUserEnum
request from client C to host H when C's latest request of the OTHER call to H
lies at most `window` seconds earlier (srvsess.collection_window, default 5,
0 = off). One alert per (C, H) and window: after an alert the pair alerts again
only once more than `window` seconds have passed since it.

Times are epoch seconds as a double (Wireshark's nstime_to_sec()).
"""

SESSION_ENUM = "NetrSessionEnum"
WKST_USER_ENUM = "NetrWkstaUserEnum"
COLLECTION_WINDOW_DEFAULT = 5


def expected_sweeps(requests, servers, window):
    """requests: (frame, epoch seconds, client, server) of every NetrSessionEnum
    and NetrWkstaUserEnum request, in capture order.  Returns {frame: distinct servers counted} for
    the requests that must carry srvsess.enum_sweep."""
    fired = {}
    if not servers:
        return fired
    asked, last_fire = {}, {}
    for frame, when, client, server in requests:
        recent = {s: t for s, t in asked.get(client, {}).items() if when - t <= window}
        recent[server] = when
        asked[client] = recent
        if len(recent) >= servers and (client not in last_fire or when - last_fire[client] > window):
            last_fire[client] = when
            fired[frame] = len(recent)
    return fired


def expected_collections(requests, window):
    """requests: (frame, epoch seconds, client, host, call) of every
    NetrSessionEnum / NetrWkstaUserEnum request (call = SESSION_ENUM or
    WKST_USER_ENUM), in capture order. Returns {frame: seconds since the other
    call} for the requests that must carry srvsess.session_collection."""
    fired = {}
    if not window:
        return fired
    latest, last_fire = {}, {}
    for frame, when, client, host, call in requests:
        other = WKST_USER_ENUM if call == SESSION_ENUM else SESSION_ENUM
        before = latest.get((client, host, other))
        pair = (client, host)
        if before is not None and abs(when - before) <= window and (
                pair not in last_fire or when - last_fire[pair] > window):
            last_fire[pair] = when
            fired[frame] = when - before
        latest[(client, host, call)] = when
    return fired
