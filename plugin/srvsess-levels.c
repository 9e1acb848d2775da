/* srvsess-levels.c — the levels of NetrSessionEnum (SESSION_INFO_0/1/2/10/502,
 * MS-SRVS 2.2.4.10-2.2.4.15) and of NetrWkstaUserEnum (WKSTA_USER_INFO_0/1,
 * MS-WKST 2.2.5.13-2.2.5.14), and the fields of their members.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>

#include "srvsess-levels.h"
#include "srvsess-format.h"
#include "srvsess-logon.h"
#include "srvsess-session.h"

static int hf_cname = -1;
static int hf_username = -1;
static int hf_num_opens = -1;
static int hf_time = -1;
static int hf_idle_time = -1;
static int hf_user_flags = -1;
static int hf_user_flags_guest = -1;
static int hf_user_flags_noencryption = -1;
static int hf_cltype_name = -1;
static int hf_transport = -1;
static int hf_logon_domain = -1;
static int hf_oth_domains = -1;
static int hf_logon_server = -1;

gint srvsess_ett_user_flags = -1;

int * const srvsess_user_flag_bits[] = {
    &hf_user_flags_guest,
    &hf_user_flags_noencryption,
    NULL
};

const srvsess_member_desc_t srvsess_members[SRVSESS_N_MEMBERS] = {
    [SRVSESS_CNAME]        = { SRVSESS_KIND_STRING, "cname",        &hf_cname },
    [SRVSESS_USERNAME]     = { SRVSESS_KIND_STRING, "username",     &hf_username },
    [SRVSESS_NUM_OPENS]    = { SRVSESS_KIND_UINT32, "num_opens",    &hf_num_opens },
    [SRVSESS_TIME]         = { SRVSESS_KIND_UINT32, "time",         &hf_time },
    [SRVSESS_IDLE_TIME]    = { SRVSESS_KIND_UINT32, "idle_time",    &hf_idle_time },
    [SRVSESS_USER_FLAGS]   = { SRVSESS_KIND_UINT32, "user_flags",   &hf_user_flags },
    [SRVSESS_CLTYPE_NAME]  = { SRVSESS_KIND_STRING, "cltype_name",  &hf_cltype_name },
    [SRVSESS_TRANSPORT]    = { SRVSESS_KIND_STRING, "transport",    &hf_transport },
    [SRVSESS_LOGON_DOMAIN] = { SRVSESS_KIND_STRING, "logon_domain", &hf_logon_domain },
    [SRVSESS_OTH_DOMAINS]  = { SRVSESS_KIND_STRING, "oth_domains",  &hf_oth_domains },
    [SRVSESS_LOGON_SERVER] = { SRVSESS_KIND_STRING, "logon_server", &hf_logon_server },
};

/* MS-SRVS 2.2.4.10-2.2.4.15: the members of each level, in wire order. */
static srvsess_level_t session_levels[] = {
    { 0, "SESSION_INFO_0", 1, { SRVSESS_CNAME }, { { { 0 }, 0, 0 } } },
    { 1, "SESSION_INFO_1", 6,
      { SRVSESS_CNAME, SRVSESS_USERNAME, SRVSESS_NUM_OPENS, SRVSESS_TIME, SRVSESS_IDLE_TIME,
        SRVSESS_USER_FLAGS }, { { { 0 }, 0, 0 } } },
    { 2, "SESSION_INFO_2", 7,
      { SRVSESS_CNAME, SRVSESS_USERNAME, SRVSESS_NUM_OPENS, SRVSESS_TIME, SRVSESS_IDLE_TIME,
        SRVSESS_USER_FLAGS, SRVSESS_CLTYPE_NAME }, { { { 0 }, 0, 0 } } },
    { 10, "SESSION_INFO_10", 4,
      { SRVSESS_CNAME, SRVSESS_USERNAME, SRVSESS_TIME, SRVSESS_IDLE_TIME }, { { { 0 }, 0, 0 } } },
    { 502, "SESSION_INFO_502", 8,
      { SRVSESS_CNAME, SRVSESS_USERNAME, SRVSESS_NUM_OPENS, SRVSESS_TIME, SRVSESS_IDLE_TIME,
        SRVSESS_USER_FLAGS, SRVSESS_CLTYPE_NAME, SRVSESS_TRANSPORT }, { { { 0 }, 0, 0 } } },
};

/* MS-WKST 2.2.5.13-2.2.5.14: the members of each level, in wire order. */
static srvsess_level_t wksta_user_levels[] = {
    { 0, "WKSTA_USER_INFO_0", 1, { SRVSESS_USERNAME }, { { { 0 }, 0, 0 } } },
    { 1, "WKSTA_USER_INFO_1", 4,
      { SRVSESS_USERNAME, SRVSESS_LOGON_DOMAIN, SRVSESS_OTH_DOMAINS, SRVSESS_LOGON_SERVER },
      { { { 0 }, 0, 0 } } },
};

const srvsess_enum_desc_t srvsess_session_enum = {
    SRVSESS_CALL_SESSION_ENUM, "NetrSessionEnum", "SESSION_INFO",
    session_levels, array_length(session_levels),
    &srvsess_hf_session, &srvsess_ett_session, "session", srvsess_session_done,
};

const srvsess_enum_desc_t srvsess_wksta_user_enum = {
    SRVSESS_CALL_WKSTA_USER_ENUM, "NetrWkstaUserEnum", "WKSTA_USER_INFO",
    wksta_user_levels, array_length(wksta_user_levels),
    &srvsess_hf_logon, &srvsess_ett_logon, "user", srvsess_logon_done,
};

/* "0, 1, 2, 10, 502", made from the tables when they are registered. */
static char level_lists[SRVSESS_N_CALLS][64];

const srvsess_enum_desc_t *
srvsess_enum_desc(srvsess_call_id_t id)
{
    return id == SRVSESS_CALL_WKSTA_USER_ENUM ? &srvsess_wksta_user_enum : &srvsess_session_enum;
}

const srvsess_level_t *
srvsess_level_find(const srvsess_enum_desc_t *call, guint32 level)
{
    for (unsigned i = 0; i < call->n_levels; i++)
        if (call->levels[i].level == level)
            return &call->levels[i];
    return NULL;
}

const char *
srvsess_level_name(const srvsess_enum_desc_t *call, guint32 level)
{
    const srvsess_level_t *found = srvsess_level_find(call, level);

    return found ? found->name : NULL;
}

const char *
srvsess_level_list(const srvsess_enum_desc_t *call)
{
    return level_lists[call->id];
}

/* NDR20: everything is 4 bytes. NDR64: pointers are 8 bytes and 8-aligned,
 * and a structure holding one is 8-aligned and padded to a multiple of 8. */
static void
compute_layout(srvsess_level_t *level, gboolean ndr64, srvsess_layout_t *layout)
{
    int offset = 0, alignment = 4;

    for (unsigned i = 0; i < level->n_members; i++) {
        int size = (ndr64 && srvsess_members[level->members[i]].kind == SRVSESS_KIND_STRING) ? 8 : 4;

        offset = (offset + size - 1) & ~(size - 1);
        layout->offset[i] = offset;
        offset += size;
        alignment = MAX(alignment, size);
    }
    layout->alignment = alignment;
    layout->stride = (offset + alignment - 1) & ~(alignment - 1);
}

static void
prepare_call(const srvsess_enum_desc_t *call)
{
    char *list = level_lists[call->id];
    size_t len = 0;

    for (unsigned i = 0; i < call->n_levels; i++) {
        compute_layout(&call->levels[i], FALSE, &call->levels[i].layout[0]);
        compute_layout(&call->levels[i], TRUE, &call->levels[i].layout[1]);
        len += (size_t)snprintf(list + len, sizeof level_lists[0] - len, "%s%u", i ? ", " : "",
                                call->levels[i].level);
    }
}

void
srvsess_levels_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_cname,
          { "Client", "srvsess.cname", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum sesi*_cname: the computer that established the session", HFILL } },
        { &hf_username,
          { "User", "srvsess.username", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum sesi*_username: the user who established the session; "
            "NetrWkstaUserEnum wkui*_username: a user logged on at the workstation", HFILL } },
        { &hf_num_opens,
          { "Open files", "srvsess.num_opens", FT_UINT32, BASE_DEC, NULL, 0,
            "NetrSessionEnum sesi*_num_opens: files, devices and pipes open in the session", HFILL } },
        { &hf_time,
          { "Active time", "srvsess.time", FT_UINT32, BASE_CUSTOM, CF_FUNC(srvsess_format_seconds), 0,
            "NetrSessionEnum sesi*_time: seconds the session has been active", HFILL } },
        { &hf_idle_time,
          { "Idle time", "srvsess.idle_time", FT_UINT32, BASE_CUSTOM, CF_FUNC(srvsess_format_seconds), 0,
            "NetrSessionEnum sesi*_idle_time: seconds the session has been idle", HFILL } },
        { &hf_user_flags,
          { "User flags", "srvsess.user_flags", FT_UINT32, BASE_HEX, NULL, 0,
            "NetrSessionEnum sesi*_user_flags: how the user established the session", HFILL } },
        { &hf_user_flags_guest,
          { "Guest (SESS_GUEST)", "srvsess.user_flags.guest", FT_BOOLEAN, 32, NULL, SESS_GUEST,
            "The session was established with a guest account", HFILL } },
        { &hf_user_flags_noencryption,
          { "No encryption (SESS_NOENCRYPTION)", "srvsess.user_flags.noencryption", FT_BOOLEAN, 32,
            NULL, SESS_NOENCRYPTION, "The session was established without password encryption", HFILL } },
        { &hf_cltype_name,
          { "Client type", "srvsess.cltype_name", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum sesi*_cltype_name: the type of client that established the session", HFILL } },
        { &hf_transport,
          { "Transport", "srvsess.transport", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum sesi502_transport: the transport the client connected over", HFILL } },
        { &hf_logon_domain,
          { "Logon domain", "srvsess.logon_domain", FT_STRING, BASE_NONE, NULL, 0,
            "NetrWkstaUserEnum wkui1_logon_domain: the domain of the logged-on user", HFILL } },
        { &hf_oth_domains,
          { "Other domains", "srvsess.oth_domains", FT_STRING, BASE_NONE, NULL, 0,
            "NetrWkstaUserEnum wkui1_oth_domains: the other domains the workstation browses", HFILL } },
        { &hf_logon_server,
          { "Logon server", "srvsess.logon_server", FT_STRING, BASE_NONE, NULL, 0,
            "NetrWkstaUserEnum wkui1_logon_server: the server that authenticated the user", HFILL } },
    };
    static gint *ett[] = { &srvsess_ett_user_flags };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    prepare_call(&srvsess_session_enum);
    prepare_call(&srvsess_wksta_user_enum);
}
