/* srvsess-session.h — one session of a NetrSessionEnum answer: its label,
 * generated fields and experts (MS-SRVS 2.2.4.10-2.2.4.15).
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_SESSION_H
#define SRVSESS_SESSION_H

#include <epan/packet.h>

#include "srvsess-entries.h"

/* Idle time (seconds) at or above which srvsess.idle_over_threshold is raised; 0 = off. */
extern guint srvsess_pref_idle_threshold;

/* srvsess.session and its subtree: the entry field of NetrSessionEnum. */
extern int srvsess_hf_session;
extern gint srvsess_ett_session;

void srvsess_session_register(int proto);

/* True when srvsess.cname_host is wanted under `tree` (it needs cname's text). */
gboolean srvsess_session_wants_cname(proto_tree *tree);

/* The entry hook of NetrSessionEnum (srvsess_entry_fn). */
void srvsess_session_done(srvsess_ndr_t *ndr, proto_tree *session_tree, proto_item *session_item,
                          guint32 number, const srvsess_entry_t *s, gboolean visible);

#endif /* SRVSESS_SESSION_H */
