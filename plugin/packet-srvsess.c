/* packet-srvsess.c — who is logged on where: srvsvc NetrSessionEnum (opnum 12,
 * MS-SRVS 3.1.4.5) and NetrSessionDel (opnum 13, MS-SRVS 3.1.4.6), and wkssvc
 * NetrWkstaUserEnum (opnum 2, MS-WKST 3.2.4.3), as named, filterable fields.
 *
 * The parameters of the calls are walked here, once for what their IDL
 * shares (ServerName, the ENUM_STRUCT, PreferredMaximumLength, TotalEntries,
 * ResumeHandle, status); the arrays are walked by srvsess-entries.c from the
 * level tables of srvsess-levels.c.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/addr_resolv.h>
#include <wsutil/str_util.h>

#include <epan/dissectors/packet-windows-common.h>

#include "srvsess-collection.h"
#include "srvsess-entries.h"
#include "srvsess-format.h"
#include "srvsess-levels.h"
#include "srvsess-logon.h"
#include "srvsess-ndr.h"
#include "srvsess-session.h"
#include "srvsess-stats.h"
#include "srvsess-sweep.h"
#include "srvsess-takeover.h"
#include "srvsess-tap.h"

void proto_register_srvsess(void);
void proto_reg_handoff_srvsess(void);

static int proto_srvsess = -1;
static int srvsess_tap = -1;

static int hf_server_name = -1;
static int hf_client_qualifier = -1;
static int hf_user_qualifier = -1;
static int hf_prefmaxlen = -1;
static int hf_level = -1;
static int hf_switch = -1;
static int hf_total_entries = -1;
static int hf_resume_handle = -1;
static int hf_status = -1;
static int hf_request_level = -1;
static int hf_request_server_name = -1;

static gint ett_srvsess = -1;
static gint ett_level = -1;
static gint ett_resume_handle = -1;

static expert_field ei_level_mismatch = EI_INIT;
static expert_field ei_unknown_level = EI_INIT;
static expert_field ei_more_data = EI_INIT;

#define WERR_MORE_DATA 234
#define SRVSVC_VERSION 3
#define WKSSVC_VERSION 1

/* The Windows error names (MS-ERREF 2.2) come from Wireshark's own list in
 * epan/dissectors/packet-windows-common.h, which 4.0, 4.4 and 4.6 all ship.
 * Its tables (WERR_errors, WERR_errors_ext) are not exported by libwireshark
 * on any of them (nm -D), so the array is made here from the header's list
 * macro: the names are Wireshark's, only the storage is ours. The list is
 * sorted by value, so the extended lookup is a binary search. */
#define SRVSESS_WERR_ENTRY(name, value) { value, #name },
static const value_string werr_names[] = {
    WERR_errors_VALUE_STRING_LIST(SRVSESS_WERR_ENTRY)
    { 0, NULL }
};
static value_string_ext werr_names_ext = VALUE_STRING_EXT_INIT(werr_names);

/* The Info column's name for a return value. */
static const char *
status_name(wmem_allocator_t *scope, guint32 status)
{
    const char *name = try_val_to_str_ext(status, &werr_names_ext);

    return name ? name : wmem_strdup_printf(scope, "error 0x%08x", status);
}

static const value_string prefmaxlen_special[] = {
    { 0xFFFFFFFF, "MAX_PREFERRED_LENGTH" },
    { 0, NULL }
};

/* What a request asked, kept with its DCE-RPC call for the response. */
typedef struct {
    guint32     level;
    const char *server_name;    /* the request's ServerName as decoded; NULL when its pointer was NULL */
} srvsess_call_t;

static srvsess_ndr_t
ndr_start(tvbuff_t *tvb, int offset, packet_info *pinfo, dcerpc_info *di, guint8 *drep)
{
    srvsess_ndr_t ndr;

    ndr.tvb = tvb;
    ndr.pinfo = pinfo;
    ndr.offset = offset;
    ndr.enc = DREP_ENC_INTEGER(drep);
    ndr.ndr64 = (di->call_data->flags & DCERPC_IS_NDR64) != 0;
    return ndr;
}

static proto_tree *
srvsess_tree(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent, proto_item **item)
{
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "SRVSESS");
    pinfo->current_proto = "SRVSESS";   /* experts name srvsess; DCE-RPC restores it after us */
    *item = proto_tree_add_item(parent, proto_srvsess, tvb, offset, -1, ENC_NA);
    return proto_item_add_subtree(*item, ett_srvsess);
}

/* " (SESSION_INFO_2)" after a level number, in a visible tree: one value can
 * name a SESSION_INFO or a WKSTA_USER_INFO level, so the field has no value
 * string and the call's table names it. */
static void
name_level(const srvsess_enum_desc_t *desc, proto_tree *tree, proto_item *item, guint32 level)
{
    const char *name;

    if (!tree || !PTREE_DATA(tree)->visible)
        return;
    name = srvsess_level_name(desc, level);
    if (name)
        proto_item_append_text(item, " (%s)", name);
}

/* [unique] DWORD *ResumeHandle */
static void
dissect_resume_handle(srvsess_ndr_t *ndr, proto_tree *tree)
{
    proto_item *pi;
    guint64 referent;
    int at;

    referent = srvsess_ndr_pointer(ndr, NULL, &at);
    if (referent == 0) {
        srvsess_ndr_null_pointer(ndr, tree, at, "resume handle");
        return;
    }
    srvsess_ndr_uint32(ndr, tree, hf_resume_handle, &pi);
    srvsess_ndr_referent_item(ndr, proto_item_add_subtree(pi, ett_resume_handle), at);
}

/* SESSION_ENUM_STRUCT { DWORD Level; [switch_is(Level)] SESSION_ENUM_UNION SessionInfo; }
 * WKSTA_USER_ENUM_STRUCT { DWORD Level; [switch_is(Level)] union { ... } WkstaUserInfo; }
 * The non-encapsulated union repeats its discriminant on the wire; each known
 * arm is a unique pointer to a container. */
static guint32
dissect_enum_struct(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_enum_desc_t *desc,
                    const srvsess_call_t *call, gboolean collect_for_tap, srvsess_container_t *container)
{
    int wide = srvsess_ndr_wide(ndr);
    proto_item *level_item, *switch_item;
    proto_tree *level_tree;
    const srvsess_level_t *level;
    guint32 level_value, discriminant;

    srvsess_ndr_align(ndr, wide);
    level_value = srvsess_ndr_uint32(ndr, tree, hf_level, &level_item);
    name_level(desc, tree, level_item, level_value);
    srvsess_ndr_align(ndr, wide);   /* NDR64 aligns a union to its widest arm */
    level_tree = proto_item_add_subtree(level_item, ett_level);
    discriminant = srvsess_ndr_uint32(ndr, level_tree, hf_switch, &switch_item);
    name_level(desc, level_tree, switch_item, discriminant);

    if (call && call->level != level_value)
        expert_add_info_format(ndr->pinfo, level_item, &ei_level_mismatch,
                               "The response's level %u differs from the level %u its request asked for",
                               level_value, call->level);
    if (discriminant != level_value)
        expert_add_info_format(ndr->pinfo, switch_item, &ei_level_mismatch,
                               "The union discriminant %u differs from the level %u",
                               discriminant, level_value);
    if (!srvsess_level_find(desc, level_value))
        expert_add_info_format(ndr->pinfo, level_item, &ei_unknown_level,
                               "Level %u is not a %s level (%s)", level_value, desc->family,
                               srvsess_level_list(desc));
    else if (!srvsess_level_find(desc, discriminant))
        expert_add_info_format(ndr->pinfo, switch_item, &ei_unknown_level,
                               "Union discriminant %u is not a %s level (%s)", discriminant,
                               desc->family, srvsess_level_list(desc));

    /* The arm that the discriminant selects is what is on the wire. */
    level = srvsess_level_find(desc, discriminant);
    if (level) {
        /* The arm's pointer ends the flat part, aligned; its pointee follows. */
        srvsess_entries_container(ndr, tree, desc, level, collect_for_tap, container);
    } else {
        /* An empty default arm: NDR64 pads the structure to its alignment. */
        memset(container, 0, sizeof(*container));
        srvsess_ndr_align(ndr, wide);
    }
    return level_value;
}

/* The request's ServerName as the statistics name the server: without its
 * leading "\\" (so "\\FS1" and "FS1" are one server), NULL when the pointer
 * is NULL or the name empty (the tree then uses the responding address). */
static const char *
tap_server_name(const char *name)
{
    name = srvsess_unc_host(name);
    return name && *name ? name : NULL;
}

static srvsess_tap_t *
new_tap_record(packet_info *pinfo, gboolean is_request, guint16 opnum, srvsess_call_id_t call)
{
    srvsess_tap_t *t = wmem_new0(pinfo->pool, srvsess_tap_t);

    t->is_request = is_request;
    t->opnum = opnum;
    t->call = call;
    /* The request goes client -> server, the response back. */
    t->client = address_to_str(pinfo->pool, is_request ? &pinfo->src : &pinfo->dst);
    t->server = address_to_str(pinfo->pool, is_request ? &pinfo->dst : &pinfo->src);
    return t;
}

/* The parameters a request has between ServerName and the ENUM_STRUCT
 * (NetrSessionEnum's ClientName and UserName), or NULL. */
typedef void (*qualifiers_fn)(srvsess_ndr_t *ndr, proto_tree *tree);

/* NetrSessionEnum(ServerName, ClientName, UserName, InfoStruct, PreferedMaximumLength,
 *                 [out] TotalEntries, ResumeHandle) and
 * NetrWkstaUserEnum(ServerName, UserInfo, PreferredMaximumLength, [out] TotalEntries,
 *                   ResumeHandle): the [in] side. */
static int
dissect_enum_request(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                     dcerpc_info *di, guint8 *drep, const srvsess_enum_desc_t *desc,
                     guint16 opnum, qualifiers_fn qualifiers)
{
    srvsess_ndr_t ndr = ndr_start(tvb, offset, pinfo, di, drep);
    gboolean tapping = have_tap_listener(srvsess_tap);
    srvsess_container_t container;
    srvsess_string_t server;
    proto_item *ti;
    proto_tree *tree = srvsess_tree(tvb, offset, pinfo, parent, &ti);
    guint32 level;

    /* The server's name is converted on the first pass, for the response's
     * srvsess.request_server_name, and for a listening tap. */
    srvsess_ndr_unique_string(&ndr, tree, hf_server_name, tapping || !PINFO_FD_VISITED(pinfo), &server);
    if (qualifiers)
        qualifiers(&ndr, tree);
    level = dissect_enum_struct(&ndr, tree, desc, NULL, FALSE, &container);
    srvsess_ndr_uint32(&ndr, tree, hf_prefmaxlen, NULL);
    dissect_resume_handle(&ndr, tree);
    proto_item_set_end(ti, tvb, ndr.offset);

    col_append_fstr(pinfo->cinfo, COL_INFO, ", level %u", level);
    /* Not keyed on req_frame: a request in several fragments is dissected in its
     * last frame, while DCE-RPC records its first as req_frame. */
    if (!PINFO_FD_VISITED(pinfo)) {
        srvsess_call_t *call = wmem_new0(wmem_file_scope(), srvsess_call_t);
        call->level = level;
        if (server.text)
            call->server_name = wmem_strdup(wmem_file_scope(), server.text);
        di->call_data->se_data = call;
    }
    srvsess_sweep_request(pinfo, ti);
    srvsess_collection_request(pinfo, ti, desc->id);

    if (tapping) {
        srvsess_tap_t *t = new_tap_record(pinfo, TRUE, opnum, desc->id);

        t->level = level;
        t->server_name = tap_server_name(server.text);
        tap_queue_packet(srvsess_tap, pinfo, t);
    }
    return ndr.offset;
}

/* The [out] side, the same for both calls: the ENUM_STRUCT, TotalEntries,
 * ResumeHandle, the status. */
static int
dissect_enum_response(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                      dcerpc_info *di, guint8 *drep, const srvsess_enum_desc_t *desc, guint16 opnum)
{
    srvsess_ndr_t ndr = ndr_start(tvb, offset, pinfo, di, drep);
    gboolean tapping = have_tap_listener(srvsess_tap);
    const srvsess_call_t *call = NULL;
    srvsess_container_t container;
    proto_item *ti, *total_item, *status_item;
    proto_tree *tree = srvsess_tree(tvb, offset, pinfo, parent, &ti);
    guint32 level, total, status;

    /* A response whose request was not captured comes with a throw-away call. */
    if (di->call_data->req_frame != 0)
        call = (const srvsess_call_t *)di->call_data->se_data;

    if (call) {
        proto_item *pi = proto_tree_add_uint(tree, hf_request_level, tvb, 0, 0, call->level);
        proto_item_set_generated(pi);
        name_level(desc, tree, pi, call->level);
        if (call->server_name) {
            pi = proto_tree_add_string(tree, hf_request_server_name, tvb, 0, 0, call->server_name);
            proto_item_set_generated(pi);
        }
    }
    level = dissect_enum_struct(&ndr, tree, desc, call, tapping, &container);
    total = srvsess_ndr_uint32(&ndr, tree, hf_total_entries, &total_item);
    srvsess_entries_check_total(pinfo, total_item, total, &container);
    dissect_resume_handle(&ndr, tree);
    status = srvsess_ndr_uint32(&ndr, tree, hf_status, &status_item);
    if (status == WERR_MORE_DATA)
        expert_add_info(pinfo, status_item, &ei_more_data);
    proto_item_set_end(ti, tvb, ndr.offset);

    col_append_fstr(pinfo->cinfo, COL_INFO, ", level %u, %u %s%s", level, container.entries_read,
                    desc->entry_noun, plurality(container.entries_read, "", "s"));
    if (status != 0)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", %s", status_name(pinfo->pool, status));

    if (tapping) {
        srvsess_tap_t *t = new_tap_record(pinfo, FALSE, opnum, desc->id);
        t->level = level;
        t->server_name = call ? tap_server_name(call->server_name) : NULL;
        t->n_entries = container.shown;
        t->entries = container.tap_entries;
        tap_queue_packet(srvsess_tap, pinfo, t);
    }
    return ndr.offset;
}

/* NetrSessionEnum's own [in] parameters: [in,string,unique] WCHAR *ClientName,
 * [in,string,unique] WCHAR *UserName (only sessions from / of these). */
static void
dissect_session_qualifiers(srvsess_ndr_t *ndr, proto_tree *tree)
{
    srvsess_string_t ignored;

    srvsess_ndr_unique_string(ndr, tree, hf_client_qualifier, FALSE, &ignored);
    srvsess_ndr_unique_string(ndr, tree, hf_user_qualifier, FALSE, &ignored);
}

/* NetrSessionEnum([in,string,unique] SRVSVC_HANDLE ServerName,
 *                 [in,string,unique] WCHAR *ClientName, [in,string,unique] WCHAR *UserName,
 *                 [in,out] PSESSION_ENUM_STRUCT InfoStruct, [in] DWORD PreferedMaximumLength,
 *                 [out] DWORD *TotalEntries, [in,out,unique] DWORD *ResumeHandle) */
static int
dissect_session_enum_request(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                             dcerpc_info *di, guint8 *drep)
{
    return dissect_enum_request(tvb, offset, pinfo, parent, di, drep, &srvsess_session_enum,
                                SRVSVC_OPNUM_NETRSESSIONENUM, dissect_session_qualifiers);
}

static int
dissect_session_enum_response(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                              dcerpc_info *di, guint8 *drep)
{
    return dissect_enum_response(tvb, offset, pinfo, parent, di, drep, &srvsess_session_enum,
                                 SRVSVC_OPNUM_NETRSESSIONENUM);
}

/* NetrWkstaUserEnum([in,string,unique] WKSSVC_IDENTIFY_HANDLE ServerName,
 *                   [in,out] LPWKSTA_USER_ENUM_STRUCT UserInfo, [in] DWORD PreferredMaximumLength,
 *                   [out] DWORD *TotalEntries, [in,out,unique] DWORD *ResumeHandle) */
static int
dissect_wksta_user_enum_request(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                                dcerpc_info *di, guint8 *drep)
{
    return dissect_enum_request(tvb, offset, pinfo, parent, di, drep, &srvsess_wksta_user_enum,
                                WKSSVC_OPNUM_NETRWKSTAUSERENUM, NULL);
}

static int
dissect_wksta_user_enum_response(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                                 dcerpc_info *di, guint8 *drep)
{
    return dissect_enum_response(tvb, offset, pinfo, parent, di, drep, &srvsess_wksta_user_enum,
                                 WKSSVC_OPNUM_NETRWKSTAUSERENUM);
}

/* NetrSessionDel([in,string,unique] SRVSVC_HANDLE ServerName,
 *                [in,string,unique] WCHAR *ClientName, [in,string,unique] WCHAR *UserName) */
static int
dissect_del_request(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                    dcerpc_info *di, guint8 *drep)
{
    srvsess_ndr_t ndr = ndr_start(tvb, offset, pinfo, di, drep);
    srvsess_string_t server, client, user;
    proto_item *ti;
    proto_tree *tree = srvsess_tree(tvb, offset, pinfo, parent, &ti);

    /* The texts of the qualifiers go to the Info column. */
    srvsess_ndr_unique_string(&ndr, tree, hf_server_name, FALSE, &server);
    srvsess_ndr_unique_string(&ndr, tree, hf_client_qualifier, TRUE, &client);
    srvsess_ndr_unique_string(&ndr, tree, hf_user_qualifier, TRUE, &user);
    proto_item_set_end(ti, tvb, ndr.offset);
    if (client.text)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", client %s", srvsess_printable(pinfo->pool, client.text));
    if (user.text)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", user %s", srvsess_printable(pinfo->pool, user.text));
    return ndr.offset;
}

static int
dissect_del_response(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                     dcerpc_info *di, guint8 *drep)
{
    srvsess_ndr_t ndr = ndr_start(tvb, offset, pinfo, di, drep);
    proto_item *ti;
    proto_tree *tree = srvsess_tree(tvb, offset, pinfo, parent, &ti);
    guint32 status;

    status = srvsess_ndr_uint32(&ndr, tree, hf_status, NULL);
    proto_item_set_end(ti, tvb, ndr.offset);
    if (status != 0)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", %s", status_name(pinfo->pool, status));
    return ndr.offset;
}

void
proto_register_srvsess(void)
{
    static hf_register_info hf[] = {
        { &hf_server_name,
          { "Server name", "srvsess.server_name", FT_STRING, BASE_NONE, NULL, 0,
            "ServerName: the server (NetrSessionEnum) or workstation (NetrWkstaUserEnum) asked", HFILL } },
        { &hf_client_qualifier,
          { "Client qualifier", "srvsess.client_qualifier", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum ClientName: only sessions from this computer", HFILL } },
        { &hf_user_qualifier,
          { "User qualifier", "srvsess.user_qualifier", FT_STRING, BASE_NONE, NULL, 0,
            "NetrSessionEnum UserName: only sessions of this user", HFILL } },
        { &hf_prefmaxlen,
          { "Preferred maximum length", "srvsess.prefmaxlen", FT_UINT32, BASE_DEC | BASE_SPECIAL_VALS,
            VALS(prefmaxlen_special), 0, "PreferedMaximumLength (PreferredMaximumLength) of the returned data, in bytes", HFILL } },
        { &hf_level,
          { "Level", "srvsess.level", FT_UINT32, BASE_DEC, NULL, 0,
            "Information level asked (request) or returned (response): SESSION_INFO_x "
            "(NetrSessionEnum) or WKSTA_USER_INFO_x (NetrWkstaUserEnum)", HFILL } },
        { &hf_switch,
          { "Union discriminant", "srvsess.ndr.switch", FT_UINT32, BASE_DEC, NULL, 0,
            "NDR: the discriminant of SESSION_ENUM_UNION or of the WKSTA_USER_ENUM_STRUCT union, "
            "which selects the arm on the wire", HFILL } },
        { &hf_total_entries,
          { "Total entries", "srvsess.total_entries", FT_UINT32, BASE_DEC, NULL, 0,
            "TotalEntries: how many sessions the server has (NetrSessionEnum), or users are logged "
            "on (NetrWkstaUserEnum), in all", HFILL } },
        { &hf_resume_handle,
          { "Resume handle", "srvsess.resume_handle", FT_UINT32, BASE_HEX, NULL, 0,
            "ResumeHandle: where to continue an enumeration", HFILL } },
        { &hf_status,
          { "Status", "srvsess.status", FT_UINT32, BASE_HEX | BASE_EXT_STRING, &werr_names_ext, 0,
            "The Windows error code returned", HFILL } },
        { &hf_request_level,
          { "Level requested", "srvsess.request_level", FT_UINT32, BASE_DEC, NULL, 0,
            "The level this response's request asked for", HFILL } },
        { &hf_request_server_name,
          { "Server name requested", "srvsess.request_server_name", FT_STRING, BASE_NONE, NULL, 0,
            "The ServerName this response's request asked (NetrSessionEnum, NetrWkstaUserEnum)", HFILL } },
    };
    static gint *ett[] = { &ett_srvsess, &ett_level, &ett_resume_handle };
    static ei_register_info ei[] = {
        { &ei_level_mismatch,
          { "srvsess.level_mismatch", PI_PROTOCOL, PI_WARN,
            "Level differs from the level asked", EXPFILL } },
        { &ei_unknown_level,
          { "srvsess.unknown_level", PI_PROTOCOL, PI_WARN,
            "Unknown SESSION_INFO or WKSTA_USER_INFO level", EXPFILL } },
        { &ei_more_data,
          { "srvsess.more_data", PI_SEQUENCE, PI_CHAT,
            "ERROR_MORE_DATA: more entries wait behind the resume handle", EXPFILL } },
    };
    module_t *module;

    proto_srvsess = proto_register_protocol("SRVSVC Session Info", "SRVSESS", "srvsess");
    proto_register_field_array(proto_srvsess, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_srvsess), ei, array_length(ei));

    srvsess_ndr_register(proto_srvsess);
    srvsess_levels_register(proto_srvsess);
    srvsess_entries_register(proto_srvsess);
    srvsess_session_register(proto_srvsess);
    srvsess_logon_register(proto_srvsess);

    module = prefs_register_protocol(proto_srvsess, NULL);
    prefs_register_uint_preference(module, "idle_threshold", "Idle threshold (seconds)",
        "Raise srvsess.idle_over_threshold for sessions idle at least this long (0 = off)",
        10, &srvsess_pref_idle_threshold);
    srvsess_sweep_register(proto_srvsess, module);
    srvsess_collection_register(proto_srvsess, module);

    srvsess_tap = register_tap("srvsess");
    srvsess_stats_register();
}

void
proto_reg_handoff_srvsess(void)
{
    static const srvsess_operation_t srvsvc_ops[] = {
        { SRVSVC_OPNUM_NETRSESSIONENUM, dissect_session_enum_request, dissect_session_enum_response },
        { SRVSVC_OPNUM_NETRSESSIONDEL,  dissect_del_request,  dissect_del_response },
    };
    /* Only NetrWkstaUserEnum: every other wkssvc operation stays the built-in's. */
    static const srvsess_operation_t wkssvc_ops[] = {
        { WKSSVC_OPNUM_NETRWKSTAUSERENUM, dissect_wksta_user_enum_request, dissect_wksta_user_enum_response },
    };
    static const srvsess_interface_t interfaces[] = {
        /* srvsvc: 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 (MS-SRVS 1.9) */
        { "srvsvc", { 0x4b324fc8, 0x1670, 0x01d3, { 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 } },
          SRVSVC_VERSION, srvsvc_ops, array_length(srvsvc_ops) },
        /* wkssvc: 6bffd098-a112-3610-9833-46c3f87e345a v1.0 (MS-WKST 1.9) */
        { "wkssvc", { 0x6bffd098, 0xa112, 0x3610, { 0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e, 0x34, 0x5a } },
          WKSSVC_VERSION, wkssvc_ops, array_length(wkssvc_ops) },
    };

    srvsess_takeover(proto_srvsess, interfaces, array_length(interfaces));
}
