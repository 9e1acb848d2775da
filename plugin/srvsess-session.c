/* srvsess-session.c — walks a SESSION_INFO array and shows each session as
 * one subtree, raising the per-session anomalies as expert info.
 *
 * NDR puts an array's fixed parts first and the strings its elements point
 * to after the whole array, element by element, member by member. Reading
 * element i's fixed part at base + i * stride while the string cursor walks
 * on sequentially gives every session in a single pass, with its strings in
 * place, and nothing allocated per session.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>
#include <wsutil/str_util.h>

#include "srvsess-format.h"
#include "srvsess-session.h"

guint srvsess_pref_idle_threshold = 0;

static int hf_session = -1;
static int hf_entries_read = -1;
static int hf_start_time = -1;
static int hf_last_active = -1;
static int hf_cname_host = -1;

static gint ett_container = -1;
static gint ett_entries_read = -1;
static gint ett_session = -1;

static expert_field ei_cname_backslash = EI_INIT;
static expert_field ei_idle_exceeds_time = EI_INIT;
static expert_field ei_user_flags_undefined = EI_INIT;
static expert_field ei_guest_session = EI_INIT;
static expert_field ei_noencryption_session = EI_INIT;
static expert_field ei_anonymous_session = EI_INIT;
static expert_field ei_legacy_client = EI_INIT;
static expert_field ei_count_mismatch = EI_INIT;
static expert_field ei_idle_over_threshold = EI_INIT;

#define SESS_GUEST        0x00000001
#define SESS_NOENCRYPTION 0x00000002

/* The LAN Manager client types of the SESSION_INFO_2 spec. */
static const char *const legacy_client_types[] = {
    "DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0"
};

void
srvsess_session_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_session,
          { "Session", "srvsess.session", FT_UINT32, BASE_DEC, NULL, 0,
            "One session of the returned array (1-based index)", HFILL } },
        { &hf_entries_read,
          { "Entries read", "srvsess.entries_read", FT_UINT32, BASE_DEC, NULL, 0,
            "EntriesRead: how many sessions the container holds", HFILL } },
        { &hf_start_time,
          { "Session start", "srvsess.start_time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_LOCAL, NULL, 0,
            "The response's capture time minus the session's active time", HFILL } },
        { &hf_last_active,
          { "Last active", "srvsess.last_active", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_LOCAL, NULL, 0,
            "The response's capture time minus the session's idle time", HFILL } },
        { &hf_cname_host,
          { "Client host", "srvsess.cname_host", FT_STRING, BASE_NONE, NULL, 0,
            "cname without its leading \\\\ UNC prefix", HFILL } },
    };
    static gint *ett[] = { &ett_container, &ett_entries_read, &ett_session };
    static ei_register_info ei[] = {
        { &ei_cname_backslash,
          { "srvsess.cname_backslash", PI_PROTOCOL, PI_WARN,
            "cname holds a backslash other than a leading \\\\ prefix", EXPFILL } },
        { &ei_idle_exceeds_time,
          { "srvsess.idle_exceeds_time", PI_PROTOCOL, PI_WARN,
            "Idle time exceeds the session's active time", EXPFILL } },
        { &ei_user_flags_undefined,
          { "srvsess.user_flags_undefined", PI_PROTOCOL, PI_WARN,
            "user_flags has bits other than SESS_GUEST and SESS_NOENCRYPTION", EXPFILL } },
        { &ei_guest_session,
          { "srvsess.guest_session", PI_SECURITY, PI_NOTE,
            "Guest session (SESS_GUEST)", EXPFILL } },
        { &ei_noencryption_session,
          { "srvsess.noencryption_session", PI_SECURITY, PI_WARN,
            "Session established without password encryption (SESS_NOENCRYPTION)", EXPFILL } },
        { &ei_anonymous_session,
          { "srvsess.anonymous_session", PI_SECURITY, PI_NOTE,
            "Anonymous session: empty or NULL user name", EXPFILL } },
        { &ei_legacy_client,
          { "srvsess.legacy_client", PI_SECURITY, PI_NOTE,
            "LAN Manager client type", EXPFILL } },
        { &ei_count_mismatch,
          { "srvsess.count_mismatch", PI_MALFORMED, PI_ERROR,
            "Session counts disagree", EXPFILL } },
        { &ei_idle_over_threshold,
          { "srvsess.idle_over_threshold", PI_SEQUENCE, PI_NOTE,
            "Idle time at or above the configured threshold", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

/* Everything read of one session. */
typedef struct {
    gboolean         has[SRVSESS_N_MEMBERS];     /* the level carries the member */
    guint32          value[SRVSESS_N_MEMBERS];   /* the uint32 members */
    proto_item      *item[SRVSESS_N_MEMBERS];
    srvsess_string_t text[SRVSESS_N_MEMBERS];    /* the string members */
} session_t;

static const char *
text_or(const session_t *s, srvsess_member_t m, const char *absent)
{
    return s->text[m].present && s->text[m].text ? s->text[m].text : absent;
}

static void
set_session_label(proto_item *item, guint32 number, const session_t *s)
{
    srvsess_label_t label;

    srvsess_label_init(&label);
    srvsess_label_add(&label, "Session ");
    srvsess_label_add_u32(&label, number);
    srvsess_label_add(&label, ":");
    if (s->has[SRVSESS_USERNAME]) {
        const char *user = text_or(s, SRVSESS_USERNAME, "(NULL user)");
        srvsess_label_add(&label, " ");
        if (*user)
            srvsess_label_add_packet_text(&label, user);
        else
            srvsess_label_add(&label, "(anonymous)");
    }
    if (s->has[SRVSESS_CNAME]) {
        const char *cname = text_or(s, SRVSESS_CNAME, "(NULL client)");
        srvsess_label_add(&label, " from ");
        if (*cname)
            srvsess_label_add_packet_text(&label, cname);
        else
            srvsess_label_add(&label, "(empty)");
    }
    if (s->has[SRVSESS_NUM_OPENS]) {
        srvsess_label_add(&label, ", ");
        srvsess_label_add_u32(&label, s->value[SRVSESS_NUM_OPENS]);
        srvsess_label_add(&label, s->value[SRVSESS_NUM_OPENS] == 1 ? " open" : " opens");
    }
    if (s->has[SRVSESS_TIME]) {
        srvsess_label_add(&label, ", active ");
        srvsess_label_add_duration(&label, s->value[SRVSESS_TIME]);
    }
    if (s->has[SRVSESS_IDLE_TIME]) {
        srvsess_label_add(&label, ", idle ");
        srvsess_label_add_duration(&label, s->value[SRVSESS_IDLE_TIME]);
    }
    proto_item_set_text(item, "%s", label.text);
}

/* Seconds before the response was captured, as an absolute time. */
static void
add_time_before(proto_tree *tree, int hf, packet_info *pinfo, tvbuff_t *tvb, guint32 seconds)
{
    nstime_t when = pinfo->abs_ts;

    when.secs -= seconds;
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &when));
}

static void
raise_session_experts(srvsess_ndr_t *ndr, proto_item *session_item, const session_t *s)
{
    packet_info *pinfo = ndr->pinfo;

    if (s->has[SRVSESS_CNAME] && s->text[SRVSESS_CNAME].present) {
        const srvsess_string_t *cname = &s->text[SRVSESS_CNAME];
        guint32 skip = (cname->units >= 2 && srvsess_ndr_string_unit(ndr, cname, 0) == '\\' &&
                        srvsess_ndr_string_unit(ndr, cname, 1) == '\\') ? 2 : 0;
        if (srvsess_ndr_string_find_backslash(ndr, cname, skip) >= 0)
            expert_add_info(pinfo, cname->item, &ei_cname_backslash);
    }
    if (s->has[SRVSESS_TIME] && s->has[SRVSESS_IDLE_TIME] &&
        s->value[SRVSESS_IDLE_TIME] > s->value[SRVSESS_TIME])
        expert_add_info_format(pinfo, s->item[SRVSESS_IDLE_TIME], &ei_idle_exceeds_time,
                               "Idle time (%u s) exceeds the session's active time (%u s)",
                               s->value[SRVSESS_IDLE_TIME], s->value[SRVSESS_TIME]);
    if (s->has[SRVSESS_IDLE_TIME] && srvsess_pref_idle_threshold &&
        s->value[SRVSESS_IDLE_TIME] >= srvsess_pref_idle_threshold)
        expert_add_info_format(pinfo, s->item[SRVSESS_IDLE_TIME], &ei_idle_over_threshold,
                               "Idle time %u s is at or above the threshold of %u s",
                               s->value[SRVSESS_IDLE_TIME], srvsess_pref_idle_threshold);
    if (s->has[SRVSESS_USER_FLAGS]) {
        guint32 flags = s->value[SRVSESS_USER_FLAGS];
        if (flags & ~(guint32)(SESS_GUEST | SESS_NOENCRYPTION))
            expert_add_info_format(pinfo, s->item[SRVSESS_USER_FLAGS], &ei_user_flags_undefined,
                                   "user_flags has undefined bits 0x%08x",
                                   flags & ~(guint32)(SESS_GUEST | SESS_NOENCRYPTION));
        if (flags & SESS_GUEST)
            expert_add_info(pinfo, session_item, &ei_guest_session);
        if (flags & SESS_NOENCRYPTION)
            expert_add_info(pinfo, session_item, &ei_noencryption_session);
    }
    if (s->has[SRVSESS_USERNAME] &&
        (!s->text[SRVSESS_USERNAME].present || s->text[SRVSESS_USERNAME].units == 0))
        expert_add_info(pinfo, session_item, &ei_anonymous_session);
    if (s->has[SRVSESS_CLTYPE_NAME] && s->text[SRVSESS_CLTYPE_NAME].present) {
        for (unsigned i = 0; i < array_length(legacy_client_types); i++) {
            if (srvsess_ndr_string_equals(ndr, &s->text[SRVSESS_CLTYPE_NAME], legacy_client_types[i])) {
                expert_add_info_format(pinfo, s->text[SRVSESS_CLTYPE_NAME].item, &ei_legacy_client,
                                       "LAN Manager client type %s", legacy_client_types[i]);
                break;
            }
        }
    }
}

static void
collect_tap_session(const session_t *s, srvsess_tap_session_t *t)
{
    const char *cname = s->text[SRVSESS_CNAME].text;

    if (cname && cname[0] == '\\' && cname[1] == '\\')
        cname += 2;
    t->cname_host = cname;
    t->username = s->text[SRVSESS_USERNAME].text;
    t->cltype_name = s->text[SRVSESS_CLTYPE_NAME].text;
    t->has_user_flags = s->has[SRVSESS_USER_FLAGS];
    t->has_username_member = s->has[SRVSESS_USERNAME];
    t->user_flags = s->value[SRVSESS_USER_FLAGS];
}

/* One array element: its fixed part at `element`, its strings (when
 * `strings_follow`) at the string cursor. */
static void
dissect_session(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_level_t *level,
                const srvsess_layout_t *layout, guint32 number, int element,
                gboolean strings_follow, gboolean want_text, srvsess_tap_session_t *tap)
{
    session_t s;
    proto_item *session_item;
    proto_tree *session_tree;
    gboolean visible = tree && PTREE_DATA(tree)->visible;

    memset(&s, 0, sizeof s);
    session_item = proto_tree_add_uint(tree, hf_session, ndr->tvb, element, layout->stride, number);
    session_tree = proto_item_add_subtree(session_item, ett_session);
    /* Until its label is set (after its strings), a session cut short by the
     * end of the data reads "Session: N". */

    for (unsigned k = 0; k < level->n_members; k++) {
        srvsess_member_t m = level->members[k];
        int at = element + layout->offset[k];
        int hf = *srvsess_members[m].hf;

        s.has[m] = TRUE;
        if (srvsess_members[m].kind == SRVSESS_KIND_STRING) {
            if (srvsess_ndr_referent_at(ndr, at) == 0)
                srvsess_ndr_null_pointer(ndr, session_tree, at, srvsess_members[m].name);
            else if (strings_follow)
                srvsess_ndr_string(ndr, session_tree, hf, at,
                                   want_text || (m == SRVSESS_CNAME &&
                                                 proto_field_is_referenced(session_tree, hf_cname_host)),
                                   &s.text[m]);
            continue;
        }
        if (m == SRVSESS_USER_FLAGS) {
            guint64 flags;
            s.item[m] = proto_tree_add_bitmask_ret_uint64(session_tree, ndr->tvb, at, hf,
                                                          srvsess_ett_user_flags,
                                                          srvsess_user_flag_bits, ndr->enc, &flags);
            s.value[m] = (guint32)flags;
        } else {
            s.item[m] = proto_tree_add_item_ret_uint(session_tree, hf, ndr->tvb, at, 4, ndr->enc,
                                                     &s.value[m]);
        }
    }

    if (session_tree) {
        if (s.text[SRVSESS_CNAME].text) {
            const char *host = s.text[SRVSESS_CNAME].text;
            proto_item *pi;
            if (host[0] == '\\' && host[1] == '\\')
                host += 2;
            pi = proto_tree_add_string(session_tree, hf_cname_host, ndr->tvb,
                                       s.text[SRVSESS_CNAME].data_offset, 0, host);
            proto_item_set_generated(pi);
        }
        if (s.has[SRVSESS_TIME])
            add_time_before(session_tree, hf_start_time, ndr->pinfo, ndr->tvb, s.value[SRVSESS_TIME]);
        if (s.has[SRVSESS_IDLE_TIME])
            add_time_before(session_tree, hf_last_active, ndr->pinfo, ndr->tvb, s.value[SRVSESS_IDLE_TIME]);
    }
    if (visible)
        set_session_label(session_item, number, &s);
    raise_session_experts(ndr, session_item, &s);
    if (tap)
        collect_tap_session(&s, tap);
}

void
srvsess_session_container(srvsess_ndr_t *ndr, proto_tree *tree, const srvsess_level_t *level,
                          gboolean collect_for_tap, srvsess_container_t *out)
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

    /* The container: { DWORD EntriesRead; [size_is(EntriesRead)] SESSION_INFO_x *Buffer; } */
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
    proto_item_append_text(ctr_item, ": %" G_GUINT64_FORMAT " session%s", max_count,
                           plurality(max_count, "", "s"));

    /* Bounded by the captured bytes, whatever the counts claim. */
    if (collect_for_tap && fits)
        out->tap_sessions = wmem_alloc0_array(ndr->pinfo->pool, srvsess_tap_session_t, (gsize)fits);
    for (guint32 i = 0; i < (guint32)fits; i++) {
        dissect_session(ndr, ctr_tree, level, layout, i + 1, array_base + (int)i * layout->stride,
                        fits == max_count, want_text,
                        out->tap_sessions ? &out->tap_sessions[i] : NULL);
        out->shown = i + 1;
    }
    proto_item_set_end(ctr_item, ndr->tvb, ndr->offset);
    if (fits < max_count) /* the array runs past the end of the stub */
        tvb_ensure_bytes_exist64(ndr->tvb, array_base, (guint64)available + 1);
}

void
srvsess_session_check_total(packet_info *pinfo, proto_item *total_item, guint32 total,
                            const srvsess_container_t *container)
{
    if (container->container_present && total < container->entries_read)
        expert_add_info_format(pinfo, total_item, &ei_count_mismatch,
                               "TotalEntries %u is less than EntriesRead %u", total,
                               container->entries_read);
}
