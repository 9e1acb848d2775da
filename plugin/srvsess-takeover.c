/* srvsess-takeover.c — routes srvsvc opnums 12 and 13 to srvsess.
 *
 * The built-in srvsvc dissector registered its operation table with
 * dcerpc_init_uuid(); the DCE-RPC dissector finds that table through the
 * exported `dcerpc_uuids` hash (key: interface UUID + version) and calls
 * value->procs[opnum]. Registering the interface again with dcerpc_init_uuid()
 * is not an option on 4.0: it frees the key it then hands to
 * dissector_add_guid() (a use-after-free). Instead srvsess leaves the
 * registration in place and swaps only the `procs` pointer of the existing
 * value for a copy of the table in which its two operations point to
 * trampolines. The trampolines call srvsess while it is enabled and the
 * built-in's own handlers otherwise, so a disabled srvsess is byte-for-byte
 * stock Wireshark. Nothing is freed or re-keyed; the copy lives in the epan
 * scope, as long as the table that points to it.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <wsutil/wslog.h>

#include "srvsess-takeover.h"

#define MAX_TAKEN 2

/* srvsvc: 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 (MS-SRVS 1.9) */
static const e_guid_t srvsvc_uuid = {
    0x4b324fc8, 0x1670, 0x01d3, { 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 }
};
#define SRVSVC_VERSION 3

static protocol_t          *srvsess_protocol;
static srvsess_operation_t  ours[MAX_TAKEN];
static dcerpc_sub_dissector builtins[MAX_TAKEN];
static unsigned             n_taken;

static int
route(unsigned i, gboolean response, tvbuff_t *tvb, int offset, packet_info *pinfo,
      proto_tree *tree, dcerpc_info *di, guint8 *drep)
{
    dcerpc_dissect_fnct_t *fn;

    if (proto_is_protocol_enabled(srvsess_protocol))
        fn = response ? ours[i].response : ours[i].request;
    else
        fn = response ? builtins[i].dissect_resp : builtins[i].dissect_rqst;
    return fn(tvb, offset, pinfo, tree, di, drep);
}

/* dcerpc_dissect_fnct_t carries no user data: one trampoline per slot. */
#define TRAMPOLINE(name, slot, response)                                                     \
    static int name(tvbuff_t *tvb, int offset, packet_info *pinfo, proto_tree *tree,         \
                    dcerpc_info *di, guint8 *drep)                                            \
    {                                                                                         \
        return route(slot, response, tvb, offset, pinfo, tree, di, drep);                     \
    }
TRAMPOLINE(slot0_request, 0, FALSE)
TRAMPOLINE(slot0_response, 0, TRUE)
TRAMPOLINE(slot1_request, 1, FALSE)
TRAMPOLINE(slot1_response, 1, TRUE)

static dcerpc_dissect_fnct_t *const trampolines[MAX_TAKEN][2] = {
    { slot0_request, slot0_response },
    { slot1_request, slot1_response },
};

/* Index of `opnum` in a name-terminated operation table, or -1. By index, so
 * the same lookup serves the built-in table (`const` from 4.4 on) and our copy. */
static int
find_op(const dcerpc_sub_dissector *procs, guint16 opnum)
{
    for (int i = 0; procs[i].name; i++)
        if (procs[i].num == opnum)
            return i;
    return -1;
}

gboolean
srvsess_takeover(int proto_srvsess, const srvsess_operation_t *ops, unsigned n)
{
    guid_key key;
    dcerpc_uuid_value *value;
    dcerpc_sub_dissector *copy;
    unsigned count = 0;

    if (n_taken)          /* handoffs can run again (preference changes) */
        return TRUE;
    if (n > MAX_TAKEN || !dcerpc_uuids)
        return FALSE;

    key.guid = srvsvc_uuid;
    key.ver = SRVSVC_VERSION;
    value = (dcerpc_uuid_value *)g_hash_table_lookup(dcerpc_uuids, &key);
    if (!value || !value->procs) {
        ws_warning("srvsess: the srvsvc interface is not registered; srvsess stays inactive");
        return FALSE;
    }
    for (unsigned i = 0; i < n; i++) {
        int at = find_op(value->procs, ops[i].opnum);
        const dcerpc_sub_dissector *op = at < 0 ? NULL : &value->procs[at];
        if (!op || !op->dissect_rqst || !op->dissect_resp) {
            ws_warning("srvsess: srvsvc opnum %u has no built-in handlers; srvsess stays inactive",
                       ops[i].opnum);
            return FALSE;
        }
        builtins[i] = *op;
        ours[i] = ops[i];
    }

    while (value->procs[count].name)
        count++;
    copy = wmem_alloc_array(wmem_epan_scope(), dcerpc_sub_dissector, count + 1);
    memcpy(copy, value->procs, (count + 1) * sizeof *copy);
    for (unsigned i = 0; i < n; i++) {
        int at = find_op(copy, ops[i].opnum);   /* found above: the copy holds the same entries */
        copy[at].dissect_rqst = trampolines[i][0];
        copy[at].dissect_resp = trampolines[i][1];
    }

    srvsess_protocol = find_protocol_by_id(proto_srvsess);
    n_taken = n;
    value->procs = copy;
    return TRUE;
}
