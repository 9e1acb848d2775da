/* srvsess-levels.h — the SESSION_INFO levels as data.
 *
 * Each info level is described once: its members in wire order, each member
 * with its kind and its field. One walker (srvsess-session.c) serves all
 * five levels from these tables, in NDR20 and NDR64 alike.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_LEVELS_H
#define SRVSESS_LEVELS_H

#include <epan/packet.h>

/* Every member any level carries; the same field whatever the level. */
typedef enum {
    SRVSESS_CNAME,
    SRVSESS_USERNAME,
    SRVSESS_NUM_OPENS,
    SRVSESS_TIME,
    SRVSESS_IDLE_TIME,
    SRVSESS_USER_FLAGS,
    SRVSESS_CLTYPE_NAME,
    SRVSESS_TRANSPORT,
    SRVSESS_N_MEMBERS
} srvsess_member_t;

typedef enum {
    SRVSESS_KIND_UINT32,     /* DWORD */
    SRVSESS_KIND_STRING      /* [string] wchar_t*, a unique pointer */
} srvsess_kind_t;

typedef struct {
    srvsess_kind_t kind;
    const char    *name;     /* member name for labels and NULL plumbing */
    int           *hf;       /* its field */
} srvsess_member_desc_t;

/* Where each member sits inside one array element, for one NDR flavour. */
typedef struct {
    int offset[SRVSESS_N_MEMBERS];   /* by position in the level's member list */
    int stride;                      /* element size, trailing padding included */
    int alignment;
} srvsess_layout_t;

#define SRVSESS_MAX_MEMBERS 8

typedef struct {
    guint32          level;
    const char      *name;                          /* "SESSION_INFO_2" */
    unsigned         n_members;
    srvsess_member_t members[SRVSESS_MAX_MEMBERS];  /* wire order */
    srvsess_layout_t layout[2];                     /* [0] NDR20, [1] NDR64 */
} srvsess_level_t;

extern const srvsess_member_desc_t srvsess_members[SRVSESS_N_MEMBERS];
extern const value_string srvsess_level_names[];

/* The level's description, or NULL for a level MS-SRVS does not define. */
const srvsess_level_t *srvsess_level_find(guint32 level);

/* Registers the member fields and computes the layouts. */
void srvsess_levels_register(int proto);

/* Subtree for user_flags' bits, and the bit fields themselves. */
extern gint srvsess_ett_user_flags;
extern int * const srvsess_user_flag_bits[];

#endif /* SRVSESS_LEVELS_H */
