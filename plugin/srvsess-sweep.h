/* srvsess-sweep.h — session-enumeration sweeps: one client asking many servers,
 * by NetrSessionEnum (MS-SRVS 3.1.4.5) or NetrWkstaUserEnum (MS-WKST 3.2.4.3);
 * and what "a request from client C to host H at time t" is, for every rule
 * that looks at request history (the sweep, srvsess-collection.c).
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_SWEEP_H
#define SRVSESS_SWEEP_H

#include <epan/packet.h>
#include <epan/prefs.h>

void srvsess_sweep_register(int proto, module_t *prefs);

/* One enumeration request as the history rules see it: the client C (source
 * address), the host H it asked (destination address), the time t (seconds,
 * a double as nstime_to_sec() gives it). Strings in pinfo->pool. */
typedef struct {
    const char *client;
    const char *host;
    double      when;
} srvsess_request_t;

srvsess_request_t srvsess_request_of(packet_info *pinfo);

/* Call for every NetrSessionEnum and NetrWkstaUserEnum request. On the first pass it records that
 * pinfo's source asked pinfo's destination; on every pass it raises
 * srvsess.enum_sweep on `item` when, counting this request, the source had
 * asked at least the configured number of distinct servers within the window
 * and no alert was raised for that source within the window before. */
void srvsess_sweep_request(packet_info *pinfo, proto_item *item);

#endif /* SRVSESS_SWEEP_H */
