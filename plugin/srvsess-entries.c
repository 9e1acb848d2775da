/* srvsess-entries.c — walks the array of an enumeration answer (the
 * SESSION_INFO_x of NetrSessionEnum, MS-SRVS 3.1.4.5; the WKSTA_USER_INFO_x
 * of NetrWkstaUserEnum, MS-WKST 3.2.4.3) and shows each entry as one subtree.
 *
 * NDR puts an array's fixed parts first and the strings its elements point
 * to after the whole array, element by element, member by member. Reading
 * element i's fixed part at base + i * stride while the string cursor walks
 * on sequentially gives every entry in a single pass, with its strings in
 * place, and nothing allocated per entry. What differs between the calls
 * (levels, members, the entry's field, label and experts) comes from the
 * call's table (srvsess-levels.c); the NDR accounting here is the same.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>
#include <wsutil/str_util.h>

#include "srvsess-entries.h"
#include "srvsess-session.h"

static int hf_entries_read = -1;

static gint ett_container = -1;
static gint ett_entries_read = -1;

static expert_field ei_count_mismatch = EI_INIT;
static expert_field ei_machine_account = EI_INIT;

void
srvsess_entries_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_entries_read,
          { "Entries read", "srvsess.entries_read", FT_UINT32, BASE_DEC, NULL, 0,
            "EntriesRead: how many sessions (NetrSessionEnum) or users (NetrWkstaUserEnum) "
            "the container holds", HFILL } },
    };
    static gint *ett[] = { &ett_container, &ett_entries_read };
    static ei_register_info ei[] = {
        { &ei_count_mismatch,
          { "srvsess.count_mismatch", PI_MALFORMED, PI_ERROR,
            "Entry counts disagree", EXPFILL } },
        { &ei_machine_account,
          { "srvsess.machine_account", PI_SECURITY, PI_CHAT,
            "Machine account: the user name ends with $", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

/* A user name ending with `$` names a computer's account (NAME$). Read from
 * the UTF-16 units, so nothing is converted for it.
 *
 * There is no srvsess.own_account ("the entry is the asking account"): on
 * 4.0, 4.4 and 4.6 an interface dissector cannot learn that account soundly.
 * DCE-RPC hands it no link to the SMB1/SMB2 PDU it came in (dcerpc_info has
 * none, and the smb2_info_t SMB2 passes to the DCE-RPC heuristic stops
 * there); packet-smb2.h declares smb2_sesid_info_t.acct_name, but
 * libwireshark exports no lookup of a session (only smb2_cmd_vals_ext is
 * WS_DLL_PUBLIC in that header); that name is known only when an NTLMSSP
 * session setup was captured (not for Kerberos, nor over ncacn_ip_tcp); and
 * an "ntlmssp" tap keyed on the TCP connection would guess wrong when
 * several SMB sessions share one connection. */
static void
check_machine_account(srvsess_ndr_t *ndr, proto_item *entry_item, const srvsess_entry_t *e)
{
    const srvsess_string_t *user = &e->text[SRVSESS_USERNAME];

    if (e->has[SRVSESS_USERNAME] && user->present && user->units > 0 &&
        srvsess_ndr_string_unit(ndr, user, user->units - 1) == '$')
        expert_add_info(ndr->pinfo, entry_item, &ei_machine_account);
}

static void
collect_tap_entry(const srvsess_entry_t *e, srvsess_tap_entry_t *t)
{
    for (unsigned m = 0; m < SRVSESS_N_MEMBERS; m++) {
        t->has[m] = e->has[m];
        t->text[m] = e->text[m].text;
    }
    t->user_flags = e->value[SRVSESS_USER_FLAGS];
}

/* One array element: its fixed part at `element`, its strings (when
 * `strings_follow`) at the string cursor. */
static void
dissect_entry(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_enum_desc_t *call,
              const srvsess_level_t *level, const srvsess_layout_t *layout, guint32 number, int element,
              gboolean strings_follow, gboolean want_text, srvsess_tap_entry_t *tap)
{
    srvsess_entry_t e;
    proto_item *entry_item;
    proto_tree *entry_tree;
    gboolean visible = tree && PTREE_DATA(tree)->visible;

    memset(&e, 0, sizeof e);
    entry_item = proto_tree_add_uint(tree, *call->hf_entry, ndr->tvb, element, layout->stride, number);
    entry_tree = proto_item_add_subtree(entry_item, *call->ett_entry);
    /* Until its label is set (after its strings), an entry cut short by the
     * end of the data reads "Session: N" / "Logged-on user: N". */

    for (unsigned k = 0; k < level->n_members; k++) {
        srvsess_member_t m = level->members[k];
        int at = element + layout->offset[k];
        int hf = *srvsess_members[m].hf;

        e.has[m] = TRUE;
        if (srvsess_members[m].kind == SRVSESS_KIND_STRING) {
            if (srvsess_ndr_referent_at(ndr, at) == 0)
                srvsess_ndr_null_pointer(ndr, entry_tree, at, srvsess_members[m].name);
            else if (strings_follow)
                srvsess_ndr_string(ndr, entry_tree, hf, at,
                                   want_text || (m == SRVSESS_CNAME && srvsess_session_wants_cname(entry_tree)),
                                   &e.text[m]);
            continue;
        }
        if (m == SRVSESS_USER_FLAGS) {
            guint64 flags;
            e.item[m] = proto_tree_add_bitmask_ret_uint64(entry_tree, ndr->tvb, at, hf,
                                                          srvsess_ett_user_flags,
                                                          srvsess_user_flag_bits, ndr->enc, &flags);
            e.value[m] = (guint32)flags;
        } else {
            e.item[m] = proto_tree_add_item_ret_uint(entry_tree, hf, ndr->tvb, at, 4, ndr->enc,
                                                     &e.value[m]);
        }
    }

    call->entry_done(ndr, entry_tree, entry_item, number, &e, visible);
    check_machine_account(ndr, entry_item, &e);
    if (tap)
        collect_tap_entry(&e, tap);
}

void
srvsess_entries_container(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_enum_desc_t *call,
                          const srvsess_level_t *level, gboolean collect_for_tap, srvsess_container_t *out)
{
    const srvsess_layout_t *layout = &level->layout[ndr->ndr64 ? 1 : 0];
    gboolean want_text = collect_for_tap;
    proto_tree *ctr_tree, *count_tree;
    proto_item *ctr_item;
    guint64 referent, max_count, fits;
    int at, array_base, available;

    memset(out, 0, sizeof(*out));

    /* The union arm: a unique pointer to the container. */
    ctr_tree = proto_tree_add_subtree_format(tree, ndr->tvb, ndr->offset, -1, ett_container, &ctr_item,
                                             "%s container", level->name);
    referent = srvsess_ndr_pointer(ndr, ctr_tree, &at);
    if (referent == 0) {
        proto_item_append_text(ctr_item, ": NULL");
        proto_item_set_end(ctr_item, ndr->tvb, ndr->offset);
        return;
    }
    out->container_present = TRUE;

    /* The container: { DWORD EntriesRead; [size_is(EntriesRead)] <level> *Buffer; } */
    srvsess_ndr_align(ndr, srvsess_ndr_wide(ndr));
    out->entries_read = srvsess_ndr_uint32(ndr, ctr_tree, hf_entries_read, &out->entries_read_item);
    count_tree = proto_item_add_subtree(out->entries_read_item, ett_entries_read);
    referent = srvsess_ndr_pointer(ndr, count_tree, &at);
    if (referent == 0) {
        proto_item_append_text(ctr_item, ": %u entries, NULL array", out->entries_read);
        proto_item_set_end(ctr_item, ndr->tvb, ndr->offset);
        return;
    }

    /* The array: its conformance, then the fixed parts, then the strings. */
    max_count = srvsess_ndr_max_count(ndr, count_tree);
    if (max_count != out->entries_read)
        expert_add_info_format(ndr->pinfo, out->entries_read_item, &ei_count_mismatch,
                               "EntriesRead %u differs from the array's conformance count %" G_GUINT64_FORMAT,
                               out->entries_read, max_count);
    srvsess_ndr_align(ndr, layout->alignment);
    array_base = ndr->offset;
    available = MAX(0, tvb_captured_length_remaining(ndr->tvb, array_base));
    fits = MIN(max_count, (guint64)(available / layout->stride));
    ndr->offset = array_base + (int)fits * layout->stride;
    proto_item_append_text(ctr_item, ": %" G_GUINT64_FORMAT " %s%s", max_count, call->entry_noun,
                           plurality(max_count, "", "s"));

    /* Bounded by the captured bytes, whatever the counts claim. */
    if (collect_for_tap && fits)
        out->tap_entries = wmem_alloc0_array(ndr->pinfo->pool, srvsess_tap_entry_t, (gsize)fits);
    for (guint32 i = 0; i < (guint32)fits; i++) {
        dissect_entry(ndr, ctr_tree, call, level, layout, i + 1, array_base + (int)i * layout->stride,
                      fits == max_count, want_text,
                      out->tap_entries ? &out->tap_entries[i] : NULL);
        out->shown = i + 1;
    }
    proto_item_set_end(ctr_item, ndr->tvb, ndr->offset);
    if (fits < max_count) /* the array runs past the end of the stub */
        tvb_ensure_bytes_exist64(ndr->tvb, array_base, (guint64)available + 1);
}

void
srvsess_entries_check_total(packet_info *pinfo, proto_item *total_item, guint32 total,
                            const srvsess_container_t *container)
{
    if (container->container_present && total < container->entries_read)
        expert_add_info_format(pinfo, total_item, &ei_count_mismatch,
                               "TotalEntries %u is less than EntriesRead %u", total,
                               container->entries_read);
}
