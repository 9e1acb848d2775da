/* srvsess-logon.h — one logged-on user of a NetrWkstaUserEnum answer
 * (MS-WKST 2.2.5.13-2.2.5.14): its label.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_LOGON_H
#define SRVSESS_LOGON_H

#include <epan/packet.h>

#include "srvsess-entries.h"

/* srvsess.logon and its subtree: the entry field of NetrWkstaUserEnum. */
extern int srvsess_hf_logon;
extern gint srvsess_ett_logon;

void srvsess_logon_register(int proto);

/* The entry hook of NetrWkstaUserEnum (srvsess_entry_fn). */
void srvsess_logon_done(srvsess_ndr_t *ndr, proto_tree *logon_tree, proto_item *logon_item,
                        guint32 number, const srvsess_entry_t *u, gboolean visible);

#endif /* SRVSESS_LOGON_H */
