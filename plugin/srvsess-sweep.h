/* srvsess-sweep.h — session-enumeration sweeps: one client asking many servers.
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

/* Call for every NetrSessionEnum request. On the first pass it records that
 * pinfo's source asked pinfo's destination; on every pass it raises
 * srvsess.enum_sweep on `item` when, counting this request, the source had
 * asked at least the configured number of distinct servers within the window
 * and no alert was raised for that source within the window before. */
void srvsess_sweep_request(packet_info *pinfo, proto_item *item);

#endif /* SRVSESS_SWEEP_H */
