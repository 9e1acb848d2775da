/* srvsess-levels.h — the info levels of the enumeration calls, as data.
 *
 * Each call srvsess decodes (srvsvc NetrSessionEnum, MS-SRVS 3.1.4.5; wkssvc
 * NetrWkstaUserEnum, MS-WKST 3.2.4.3) is described once by a table: its
 * levels, each level's members in wire order, each member with its kind and
 * its field. One walker (srvsess-entries.c) serves every level of both calls
 * from these tables, in NDR20 and NDR64 alike.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_LEVELS_H
#define SRVSESS_LEVELS_H

#include <epan/packet.h>

/* SESSION_INFO_1/2/502 sesi*_user_flags (MS-SRVS 2.2.4.15): the one definition. */
#define SESS_GUEST        0x00000001
#define SESS_NOENCRYPTION 0x00000002

/* Every member any level carries; the same field whatever the level or call. */
typedef enum {
    SRVSESS_CNAME,
    SRVSESS_USERNAME,           /* sesi*_username and wkui*_username alike */
    SRVSESS_NUM_OPENS,
    SRVSESS_TIME,
    SRVSESS_IDLE_TIME,
    SRVSESS_USER_FLAGS,
    SRVSESS_CLTYPE_NAME,
    SRVSESS_TRANSPORT,
    SRVSESS_LOGON_DOMAIN,       /* wkssvc only from here on */
    SRVSESS_OTH_DOMAINS,
    SRVSESS_LOGON_SERVER,
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
    const char      *name;                          /* "SESSION_INFO_2": the one name of the level */
    unsigned         n_members;
    srvsess_member_t members[SRVSESS_MAX_MEMBERS];  /* wire order */
    srvsess_layout_t layout[2];                     /* [0] NDR20, [1] NDR64 */
} srvsess_level_t;

/* The calls srvsess decodes, as the statistics and the experts name them. */
typedef enum {
    SRVSESS_CALL_SESSION_ENUM,      /* srvsvc NetrSessionEnum */
    SRVSESS_CALL_WKSTA_USER_ENUM,   /* wkssvc NetrWkstaUserEnum */
    SRVSESS_N_CALLS
} srvsess_call_id_t;

struct srvsess_entry;
struct srvsess_ndr;

/* Called for every entry once its members are read: the call's generated
 * fields, its label (only when `visible`) and its own experts. */
typedef void (*srvsess_entry_fn)(struct srvsess_ndr *ndr, proto_tree *entry_tree, proto_item *entry_item,
                                 guint32 number, const struct srvsess_entry *entry, gboolean visible);

/* One enumeration call: its levels and how one entry of it is shown. */
typedef struct {
    srvsess_call_id_t  id;
    const char        *name;              /* "NetrSessionEnum" */
    const char        *family;            /* "SESSION_INFO": what an unknown level is not */
    srvsess_level_t   *levels;
    unsigned           n_levels;
    int               *hf_entry;          /* srvsess.session / srvsess.logon */
    gint              *ett_entry;
    const char        *entry_noun;        /* "session" / "user": "3 sessions" */
    srvsess_entry_fn   entry_done;
} srvsess_enum_desc_t;

extern const srvsess_member_desc_t srvsess_members[SRVSESS_N_MEMBERS];
extern const srvsess_enum_desc_t srvsess_session_enum;      /* MS-SRVS 2.2.4.10-15 */
extern const srvsess_enum_desc_t srvsess_wksta_user_enum;   /* MS-WKST 2.2.5.x */

/* The description of call `id`. */
const srvsess_enum_desc_t *srvsess_enum_desc(srvsess_call_id_t id);

/* The level's description, or NULL for a level the call does not define. */
const srvsess_level_t *srvsess_level_find(const srvsess_enum_desc_t *call, guint32 level);

/* The level's name ("SESSION_INFO_2"), or NULL. */
const char *srvsess_level_name(const srvsess_enum_desc_t *call, guint32 level);

/* "0, 1, 2, 10, 502": the call's levels, for messages. */
const char *srvsess_level_list(const srvsess_enum_desc_t *call);

/* Registers the member fields and computes the layouts. */
void srvsess_levels_register(int proto);

/* Subtree for user_flags' bits, and the bit fields themselves. */
extern gint srvsess_ett_user_flags;
extern int * const srvsess_user_flag_bits[];

#endif /* SRVSESS_LEVELS_H */
