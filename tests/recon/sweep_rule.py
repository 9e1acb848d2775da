# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""When srvsess.enum_sweep must fire, written down independently of the plugin
(the README's rule): one client (source address) has sent NetrSessionEnum to
at least `servers` distinct servers (destination addresses) within the last
`window` seconds, this request included; it fires once for that client, then
stays quiet for that client until more than `window` seconds have passed since
it fired (one alert per client and window, not one per request).

A server counts while the client's last request to it is at most `window`
seconds old; `servers` = 0 turns the detection off.
"""


def expected_sweeps(requests, servers, window):
    """requests: (frame, epoch seconds, client, server) of every NetrSessionEnum
    request, in capture order.  Returns {frame: distinct servers counted} for
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
