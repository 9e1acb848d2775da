/* srvsess-session.h — the session array: one subtree per session, its experts.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_SESSION_H
#define SRVSESS_SESSION_H

#include <epan/packet.h>

#include "srvsess-levels.h"
#include "srvsess-ndr.h"

/* One session as the statistics tap sees it (texts in pinfo->pool, NULL when
 * the pointer was NULL or the level does not carry the member). */
typedef struct {
    const char *username;
    const char *cname_host;     /* cname without its leading "\\" */
    const char *cltype_name;
    guint32     user_flags;
    gboolean    has_user_flags;
    gboolean    has_username_member;   /* the level carries a user name */
} srvsess_tap_session_t;

/* What the walk of one container found. */
typedef struct {
    gboolean               container_present;   /* union arm pointer non-NULL */
    guint32                entries_read;
    proto_item            *entries_read_item;
    guint32                shown;               /* sessions decoded and shown */
    srvsess_tap_session_t *tap_sessions;        /* `shown` of them, when collect_for_tap */
} srvsess_container_t;

/* Idle time (seconds) at or above which srvsess.idle_over_threshold is raised; 0 = off. */
extern guint srvsess_pref_idle_threshold;

void srvsess_session_register(int proto);

/* Walks the union arm of `level`: the container pointer, and if it is not
 * NULL the container { EntriesRead; pointer to array } and the array with
 * every session's strings. Sessions are shown as they are read; bytes that
 * run out end the walk with an exception after the last readable session. */
void srvsess_session_container(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_level_t *level,
                               gboolean collect_for_tap, srvsess_container_t *out);

/* Raises srvsess.count_mismatch on `total_item` when TotalEntries is below
 * the EntriesRead of `container`. */
void srvsess_session_check_total(packet_info *pinfo, proto_item *total_item, guint32 total,
                                 const srvsess_container_t *container);

#endif /* SRVSESS_SESSION_H */
