/* srvsess-takeover.c — routes srvsvc opnums 12 and 13 (MS-SRVS 3.1.4.5-3.1.4.6)
 * and wkssvc opnum 2 (MS-WKST 3.2.4.3) to srvsess.
 *
 * The built-in srvsvc and wkssvc dissectors registered their operation
 * tables with dcerpc_init_uuid(); the DCE-RPC dissector finds a table through
 * the exported `dcerpc_uuids` hash (key: interface UUID + version) and calls
 * value->procs[opnum]. Registering an interface again with dcerpc_init_uuid()
 * is not an option on 4.0: it frees the key it then hands to
 * dissector_add_guid() (a use-after-free). Instead srvsess leaves the
 * registration in place and swaps only the `procs` pointer of the existing
 * value for a copy of the table in which its operations point to
 * trampolines. The trampolines call srvsess while it is enabled and the
 * built-in's own handlers otherwise, so a disabled srvsess is byte-for-byte
 * stock Wireshark, and every operation srvsess does not take keeps the
 * built-in's handlers untouched. Nothing is freed or re-keyed; each copy lives
 * in the epan scope, as long as the table that points to it.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <wsutil/wslog.h>

#include "srvsess-takeover.h"

#define MAX_TAKEN 4

static protocol_t          *srvsess_protocol;
static srvsess_operation_t  ours[MAX_TAKEN];
static dcerpc_sub_dissector builtins[MAX_TAKEN];
static unsigned             n_taken;
static gboolean             taken_over;

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
TRAMPOLINE(slot2_request, 2, FALSE)
TRAMPOLINE(slot2_response, 2, TRUE)
TRAMPOLINE(slot3_request, 3, FALSE)
TRAMPOLINE(slot3_response, 3, TRUE)

static dcerpc_dissect_fnct_t *const trampolines[MAX_TAKEN][2] = {
    { slot0_request, slot0_response },
    { slot1_request, slot1_response },
    { slot2_request, slot2_response },
    { slot3_request, slot3_response },
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

/* Takes the operations of one interface into slots n_taken onwards. */
static gboolean
take_interface(const srvsess_interface_t *iface)
{
    guid_key key;
    dcerpc_uuid_value *value;
    dcerpc_sub_dissector *copy;
    unsigned count = 0;

    if (n_taken + iface->n_ops > MAX_TAKEN)
        return FALSE;
    key.guid = iface->uuid;
    key.ver = iface->version;
    value = (dcerpc_uuid_value *)g_hash_table_lookup(dcerpc_uuids, &key);
    if (!value || !value->procs) {
        ws_warning("srvsess: the %s interface is not registered; srvsess leaves it to Wireshark", iface->name);
        return FALSE;
    }
    for (unsigned i = 0; i < iface->n_ops; i++) {
        int at = find_op(value->procs, iface->ops[i].opnum);
        const dcerpc_sub_dissector *op = at < 0 ? NULL : &value->procs[at];
        if (!op || !op->dissect_rqst || !op->dissect_resp) {
            ws_warning("srvsess: %s opnum %u has no built-in handlers; srvsess leaves %s to Wireshark",
                       iface->name, iface->ops[i].opnum, iface->name);
            return FALSE;
        }
    }

    while (value->procs[count].name)
        count++;
    copy = wmem_alloc_array(wmem_epan_scope(), dcerpc_sub_dissector, count + 1);
    memcpy(copy, value->procs, (count + 1) * sizeof *copy);
    for (unsigned i = 0; i < iface->n_ops; i++) {
        unsigned slot = n_taken + i;
        int at = find_op(copy, iface->ops[i].opnum);   /* found above: the copy holds the same entries */

        builtins[slot] = copy[at];
        ours[slot] = iface->ops[i];
        copy[at].dissect_rqst = trampolines[slot][0];
        copy[at].dissect_resp = trampolines[slot][1];
    }
    n_taken += iface->n_ops;
    value->procs = copy;
    return TRUE;
}

gboolean
srvsess_takeover(int proto_srvsess, const srvsess_interface_t *ifaces, unsigned n)
{
    gboolean all = TRUE;

    if (taken_over)          /* handoffs can run again (preference changes) */
        return TRUE;
    if (!dcerpc_uuids)
        return FALSE;
    srvsess_protocol = find_protocol_by_id(proto_srvsess);
    for (unsigned i = 0; i < n; i++)
        all = take_interface(&ifaces[i]) && all;
    taken_over = TRUE;
    return all;
}
