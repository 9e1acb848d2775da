/* packet-srvsess.c — SRVSVC Session Info: NetrSessionEnum (opnum 12) and
 * NetrSessionDel (opnum 13) of MS-SRVS, as named, filterable fields.
 *
 * The parameters of both calls are walked here; the SESSION_INFO array is
 * walked by srvsess-session.c from the level tables of srvsess-levels.c.
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

#include "srvsess-format.h"
#include "srvsess-levels.h"
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

/* The Windows errors NetrSessionEnum and NetrSessionDel return (MS-SRVS 3.1.4.5, 3.1.4.6;
 * MS-ERREF 2.2). libwireshark does not export its table, so the few that matter are here. */
static const value_string status_names[] = {
    { 0,    "WERR_OK" },
    { 5,    "WERR_ACCESS_DENIED" },
    { 8,    "WERR_NOT_ENOUGH_MEMORY" },
    { 50,   "WERR_NOT_SUPPORTED" },
    { 87,   "WERR_INVALID_PARAMETER" },
    { 123,  "WERR_INVALID_NAME" },
    { 124,  "WERR_INVALID_LEVEL" },
    { 234,  "WERR_MORE_DATA" },
    { 2221, "NERR_UserNotFound" },
    { 2312, "NERR_ClientNameNotFound" },
    { 0, NULL }
};

/* The Info column's name for a return value. 4.6's val_to_str() takes the
 * allocator first; before it, val_to_str() used the packet scope itself. */
static const char *
status_name(wmem_allocator_t *scope, guint32 status)
{
#if SRVSESS_WS_AT_LEAST(4, 6)
    return val_to_str(scope, status, status_names, "error 0x%08x");
#else
    return val_to_str_wmem(scope, status, status_names, "error 0x%08x");
#endif
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
 * The non-encapsulated union repeats its discriminant on the wire; each known
 * arm is a unique pointer to a container. */
static guint32
dissect_enum_struct(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_call_t *call,
                    gboolean collect_for_tap, srvsess_container_t *container)
{
    int wide = srvsess_ndr_wide(ndr);
    proto_item *level_item, *switch_item;
    const srvsess_level_t *level;
    guint32 level_value, discriminant;

    srvsess_ndr_align(ndr, wide);
    level_value = srvsess_ndr_uint32(ndr, tree, hf_level, &level_item);
    srvsess_ndr_align(ndr, wide);   /* NDR64 aligns a union to its widest arm */
    discriminant = srvsess_ndr_uint32(ndr, proto_item_add_subtree(level_item, ett_level), hf_switch,
                                      &switch_item);

    if (call && call->level != level_value)
        expert_add_info_format(ndr->pinfo, level_item, &ei_level_mismatch,
                               "The response's level %u differs from the level %u its request asked for",
                               level_value, call->level);
    if (discriminant != level_value)
        expert_add_info_format(ndr->pinfo, switch_item, &ei_level_mismatch,
                               "The union discriminant %u differs from the level %u",
                               discriminant, level_value);
    if (!srvsess_level_find(level_value))
        expert_add_info_format(ndr->pinfo, level_item, &ei_unknown_level,
                               "Level %u is not a SESSION_INFO level (0, 1, 2, 10, 502)", level_value);
    else if (!srvsess_level_find(discriminant))
        expert_add_info_format(ndr->pinfo, switch_item, &ei_unknown_level,
                               "Union discriminant %u is not a SESSION_INFO level (0, 1, 2, 10, 502)",
                               discriminant);

    /* The arm that the discriminant selects is what is on the wire. */
    level = srvsess_level_find(discriminant);
    if (level) {
        /* The arm's pointer ends the flat part, aligned; its pointee follows. */
        srvsess_session_container(ndr, tree, level, collect_for_tap, container);
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
    if (!name)
        return NULL;
    if (name[0] == '\\' && name[1] == '\\')
        name += 2;
    return *name ? name : NULL;
}

static srvsess_tap_t *
new_tap_record(packet_info *pinfo, gboolean is_request, guint16 opnum)
{
    srvsess_tap_t *t = wmem_new0(pinfo->pool, srvsess_tap_t);

    t->is_request = is_request;
    t->opnum = opnum;
    /* The request goes client -> server, the response back. */
    t->client = address_to_str(pinfo->pool, is_request ? &pinfo->src : &pinfo->dst);
    t->server = address_to_str(pinfo->pool, is_request ? &pinfo->dst : &pinfo->src);
    return t;
}

/* NetrSessionEnum([in,string,unique] SRVSVC_HANDLE ServerName,
 *                 [in,string,unique] WCHAR *ClientName, [in,string,unique] WCHAR *UserName,
 *                 [in,out] PSESSION_ENUM_STRUCT InfoStruct, [in] DWORD PreferedMaximumLength,
 *                 [out] DWORD *TotalEntries, [in,out,unique] DWORD *ResumeHandle) */
static int
dissect_enum_request(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                     dcerpc_info *di, guint8 *drep)
{
    srvsess_ndr_t ndr = ndr_start(tvb, offset, pinfo, di, drep);
    gboolean tapping = have_tap_listener(srvsess_tap);
    srvsess_container_t container;
    srvsess_string_t server, ignored;
    proto_item *ti;
    proto_tree *tree = srvsess_tree(tvb, offset, pinfo, parent, &ti);
    guint32 level;

    /* The server's name is converted on the first pass, for the response's
     * srvsess.request_server_name, and for a listening tap. */
    srvsess_ndr_unique_string(&ndr, tree, hf_server_name, tapping || !PINFO_FD_VISITED(pinfo), &server);
    srvsess_ndr_unique_string(&ndr, tree, hf_client_qualifier, FALSE, &ignored);
    srvsess_ndr_unique_string(&ndr, tree, hf_user_qualifier, FALSE, &ignored);
    level = dissect_enum_struct(&ndr, tree, NULL, FALSE, &container);
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

    if (tapping) {
        srvsess_tap_t *t = new_tap_record(pinfo, TRUE, SRVSVC_OPNUM_NETRSESSIONENUM);

        t->level = level;
        t->server_name = tap_server_name(server.text);
        tap_queue_packet(srvsess_tap, pinfo, t);
    }
    return ndr.offset;
}

static int
dissect_enum_response(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *parent,
                      dcerpc_info *di, guint8 *drep)
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
        if (call->server_name) {
            pi = proto_tree_add_string(tree, hf_request_server_name, tvb, 0, 0, call->server_name);
            proto_item_set_generated(pi);
        }
    }
    level = dissect_enum_struct(&ndr, tree, call, tapping, &container);
    total = srvsess_ndr_uint32(&ndr, tree, hf_total_entries, &total_item);
    srvsess_session_check_total(pinfo, total_item, total, &container);
    dissect_resume_handle(&ndr, tree);
    status = srvsess_ndr_uint32(&ndr, tree, hf_status, &status_item);
    if (status == WERR_MORE_DATA)
        expert_add_info(pinfo, status_item, &ei_more_data);
    proto_item_set_end(ti, tvb, ndr.offset);

    col_append_fstr(pinfo->cinfo, COL_INFO, ", level %u, %u session%s", level, container.entries_read,
                    plurality(container.entries_read, "", "s"));
    if (status != 0)
        col_append_fstr(pinfo->cinfo, COL_INFO, ", %s", status_name(pinfo->pool, status));

    if (tapping) {
        srvsess_tap_t *t = new_tap_record(pinfo, FALSE, SRVSVC_OPNUM_NETRSESSIONENUM);
        t->level = level;
        t->server_name = call ? tap_server_name(call->server_name) : NULL;
        t->n_sessions = container.shown;
        t->sessions = container.tap_sessions;
        tap_queue_packet(srvsess_tap, pinfo, t);
    }
    return ndr.offset;
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
            "ServerName: the server asked", HFILL } },
        { &hf_client_qualifier,
          { "Client qualifier", "srvsess.client_qualifier", FT_STRING, BASE_NONE, NULL, 0,
            "ClientName: only sessions from this computer", HFILL } },
        { &hf_user_qualifier,
          { "User qualifier", "srvsess.user_qualifier", FT_STRING, BASE_NONE, NULL, 0,
            "UserName: only sessions of this user", HFILL } },
        { &hf_prefmaxlen,
          { "Preferred maximum length", "srvsess.prefmaxlen", FT_UINT32, BASE_DEC | BASE_SPECIAL_VALS,
            VALS(prefmaxlen_special), 0, "PreferedMaximumLength of the returned data, in bytes", HFILL } },
        { &hf_level,
          { "Level", "srvsess.level", FT_UINT32, BASE_DEC, VALS(srvsess_level_names), 0,
            "Information level asked (request) or returned (response)", HFILL } },
        { &hf_switch,
          { "Union discriminant", "srvsess.ndr.switch", FT_UINT32, BASE_DEC, VALS(srvsess_level_names), 0,
            "NDR: the discriminant of SESSION_ENUM_UNION, which selects the arm on the wire", HFILL } },
        { &hf_total_entries,
          { "Total entries", "srvsess.total_entries", FT_UINT32, BASE_DEC, NULL, 0,
            "TotalEntries: how many sessions the server has in all", HFILL } },
        { &hf_resume_handle,
          { "Resume handle", "srvsess.resume_handle", FT_UINT32, BASE_HEX, NULL, 0,
            "ResumeHandle: where to continue an enumeration", HFILL } },
        { &hf_status,
          { "Status", "srvsess.status", FT_UINT32, BASE_HEX, VALS(status_names), 0,
            "The Windows error code returned", HFILL } },
        { &hf_request_level,
          { "Level requested", "srvsess.request_level", FT_UINT32, BASE_DEC, VALS(srvsess_level_names), 0,
            "The level this response's request asked for", HFILL } },
        { &hf_request_server_name,
          { "Server name requested", "srvsess.request_server_name", FT_STRING, BASE_NONE, NULL, 0,
            "The ServerName this response's request asked", HFILL } },
    };
    static gint *ett[] = { &ett_srvsess, &ett_level, &ett_resume_handle };
    static ei_register_info ei[] = {
        { &ei_level_mismatch,
          { "srvsess.level_mismatch", PI_PROTOCOL, PI_WARN,
            "Level differs from the level asked", EXPFILL } },
        { &ei_unknown_level,
          { "srvsess.unknown_level", PI_PROTOCOL, PI_WARN,
            "Unknown SESSION_INFO level", EXPFILL } },
        { &ei_more_data,
          { "srvsess.more_data", PI_SEQUENCE, PI_CHAT,
            "ERROR_MORE_DATA: more sessions wait behind the resume handle", EXPFILL } },
    };
    module_t *module;

    proto_srvsess = proto_register_protocol("SRVSVC Session Info", "SRVSESS", "srvsess");
    proto_register_field_array(proto_srvsess, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_srvsess), ei, array_length(ei));

    srvsess_ndr_register(proto_srvsess);
    srvsess_levels_register(proto_srvsess);
    srvsess_session_register(proto_srvsess);

    module = prefs_register_protocol(proto_srvsess, NULL);
    prefs_register_uint_preference(module, "idle_threshold", "Idle threshold (seconds)",
        "Raise srvsess.idle_over_threshold for sessions idle at least this long (0 = off)",
        10, &srvsess_pref_idle_threshold);
    srvsess_sweep_register(proto_srvsess, module);

    srvsess_tap = register_tap("srvsess");
    srvsess_stats_register();
}

void
proto_reg_handoff_srvsess(void)
{
    static const srvsess_operation_t operations[] = {
        { SRVSVC_OPNUM_NETRSESSIONENUM, dissect_enum_request, dissect_enum_response },
        { SRVSVC_OPNUM_NETRSESSIONDEL,  dissect_del_request,  dissect_del_response },
    };

    srvsess_takeover(proto_srvsess, operations, array_length(operations));
}
