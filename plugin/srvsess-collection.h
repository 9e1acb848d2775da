/* srvsess-collection.h — session collection: one client asking one host for
 * both lists, NetrSessionEnum (MS-SRVS 3.1.4.5) and NetrWkstaUserEnum
 * (MS-WKST 3.2.4.3), within a few seconds.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_COLLECTION_H
#define SRVSESS_COLLECTION_H

#include <epan/packet.h>
#include <epan/prefs.h>

#include "srvsess-levels.h"

void srvsess_collection_register(int proto, module_t *prefs);

/* Call for every NetrSessionEnum and NetrWkstaUserEnum request (`call`). On
 * the first pass it records the request; on every pass it raises
 * srvsess.session_collection on `item` when the first pass decided so. */
void srvsess_collection_request(packet_info *pinfo, proto_item *item, srvsess_call_id_t call);

#endif /* SRVSESS_COLLECTION_H */
