/* srvsess-tap.h — what srvsess hands to its statistics tap, per
 * NetrSessionEnum (MS-SRVS 3.1.4.5) or NetrWkstaUserEnum (MS-WKST 3.2.4.3) PDU.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_TAP_H
#define SRVSESS_TAP_H

#include <epan/packet.h>

#include "srvsess-entries.h"

typedef struct {
    gboolean                   is_request;
    guint16                    opnum;
    guint32                    level;
    srvsess_call_id_t          call;         /* which enumeration */
    const char                *client;       /* who asked: the request's source address */
    const char                *server;       /* who was asked: its address */
    const char                *server_name;  /* the request's ServerName without its leading
                                                "\\"; NULL when NULL or empty (both records) */
    guint32                    n_entries;    /* sessions or logged-on users, responses only */
    const srvsess_tap_entry_t *entries;
} srvsess_tap_t;

#endif /* SRVSESS_TAP_H */
