/* srvsess-takeover.h — taking NetrSessionEnum and NetrSessionDel over from
 * Wireshark's built-in srvsvc dissector, and handing them back.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_TAKEOVER_H
#define SRVSESS_TAKEOVER_H

#include <epan/packet.h>
#include <epan/dissectors/packet-dcerpc.h>

#define SRVSVC_OPNUM_NETRSESSIONENUM 12
#define SRVSVC_OPNUM_NETRSESSIONDEL  13

/* srvsess's own request/response dissectors for one opnum. */
typedef struct {
    guint16                opnum;
    dcerpc_dissect_fnct_t *request;
    dcerpc_dissect_fnct_t *response;
} srvsess_operation_t;

/* Points the srvsvc interface's operations `ops` (n of them) at srvsess,
 * keeping the built-in handlers for when srvsess is disabled. Returns FALSE,
 * and changes nothing, if the built-in registration is not what srvsess was
 * written against. */
gboolean srvsess_takeover(int proto_srvsess, const srvsess_operation_t *ops, unsigned n);

#endif /* SRVSESS_TAKEOVER_H */
