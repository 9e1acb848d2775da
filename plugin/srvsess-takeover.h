/* srvsess-takeover.h — taking operations over from Wireshark's built-in
 * DCE-RPC interface dissectors (srvsvc NetrSessionEnum and NetrSessionDel,
 * MS-SRVS 3.1.4.5-3.1.4.6; wkssvc NetrWkstaUserEnum, MS-WKST 3.2.4.3), and
 * handing them back.
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
#define WKSSVC_OPNUM_NETRWKSTAUSERENUM 2

/* srvsess's own request/response dissectors for one opnum. */
typedef struct {
    guint16                opnum;
    dcerpc_dissect_fnct_t *request;
    dcerpc_dissect_fnct_t *response;
} srvsess_operation_t;

/* One interface and the operations of it srvsess takes. */
typedef struct {
    const char                *name;      /* "srvsvc", for messages */
    e_guid_t                   uuid;
    guint16                    version;
    const srvsess_operation_t *ops;
    unsigned                   n_ops;
} srvsess_interface_t;

/* Points each interface's operations at srvsess, keeping the built-in
 * handlers for when srvsess is disabled. An interface whose built-in
 * registration is not what srvsess was written against is left untouched
 * (and FALSE returned); the others are taken. */
gboolean srvsess_takeover(int proto_srvsess, const srvsess_interface_t *ifaces, unsigned n);

#endif /* SRVSESS_TAKEOVER_H */
