/* srvsess-entries.h — the array of an enumeration answer (sessions of
 * NetrSessionEnum, logged-on users of NetrWkstaUserEnum): one walker for both,
 * driven by the level tables of srvsess-levels.c.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_ENTRIES_H
#define SRVSESS_ENTRIES_H

#include <epan/packet.h>

#include "srvsess-levels.h"
#include "srvsess-ndr.h"

/* Everything read of one entry (one session, one logged-on user). */
typedef struct srvsess_entry {
    gboolean         has[SRVSESS_N_MEMBERS];     /* the level carries the member */
    guint32          value[SRVSESS_N_MEMBERS];   /* the uint32 members */
    proto_item      *item[SRVSESS_N_MEMBERS];
    srvsess_string_t text[SRVSESS_N_MEMBERS];    /* the string members */
} srvsess_entry_t;

/* One entry as the statistics tap sees it: texts in pinfo->pool, NULL when
 * the pointer was NULL or the level does not carry the member. */
typedef struct {
    gboolean    has[SRVSESS_N_MEMBERS];          /* the level carries the member */
    const char *text[SRVSESS_N_MEMBERS];         /* the string members */
    guint32     user_flags;
} srvsess_tap_entry_t;

/* What the walk of one container found. */
typedef struct {
    gboolean             container_present;   /* union arm pointer non-NULL */
    guint32              entries_read;
    proto_item          *entries_read_item;
    guint32              shown;               /* entries decoded and shown */
    srvsess_tap_entry_t *tap_entries;         /* `shown` of them, when collect_for_tap */
} srvsess_container_t;

void srvsess_entries_register(int proto);

/* Walks the union arm of `level` of `call`: the container pointer, and if it
 * is not NULL the container { EntriesRead; pointer to array } and the array
 * with every entry's strings. Entries are shown as they are read; bytes that
 * run out end the walk with an exception after the last readable entry. */
void srvsess_entries_container(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_enum_desc_t *call,
                               const srvsess_level_t *level, gboolean collect_for_tap,
                               srvsess_container_t *out);

/* Raises srvsess.count_mismatch on `total_item` when TotalEntries is below
 * the EntriesRead of `container`. */
void srvsess_entries_check_total(packet_info *pinfo, proto_item *total_item, guint32 total,
                                 const srvsess_container_t *container);

/* The text of a string member, `null_text` when its pointer was NULL or it
 * was not converted. */
static inline const char *
srvsess_entry_text(const srvsess_entry_t *e, srvsess_member_t m, const char *null_text)
{
    return e->text[m].present && e->text[m].text ? e->text[m].text : null_text;
}

#endif /* SRVSESS_ENTRIES_H */
