/* srvsess-session.c — one session of a NetrSessionEnum answer (MS-SRVS
 * 2.2.4.10-2.2.4.15, 3.1.4.5): its label, its generated fields (client host,
 * start and last-active times) and the per-session anomalies as expert info.
 * The array itself is walked by srvsess-entries.c.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>

#include "srvsess-format.h"
#include "srvsess-session.h"

guint srvsess_pref_idle_threshold = 0;

int srvsess_hf_session = -1;
gint srvsess_ett_session = -1;

static int hf_start_time = -1;
static int hf_last_active = -1;
static int hf_cname_host = -1;

static expert_field ei_cname_backslash = EI_INIT;
static expert_field ei_idle_exceeds_time = EI_INIT;
static expert_field ei_user_flags_undefined = EI_INIT;
static expert_field ei_guest_session = EI_INIT;
static expert_field ei_noencryption_session = EI_INIT;
static expert_field ei_anonymous_session = EI_INIT;
static expert_field ei_legacy_client = EI_INIT;
static expert_field ei_idle_over_threshold = EI_INIT;

/* The LAN Manager client types of the SESSION_INFO_2 spec. */
static const char *const legacy_client_types[] = {
    "DOS LM 1.0", "DOS LM 2.0", "OS/2 LM 1.0", "OS/2 LM 2.0"
};

void
srvsess_session_register(int proto)
{
    static hf_register_info hf[] = {
        { &srvsess_hf_session,
          { "Session", "srvsess.session", FT_UINT32, BASE_DEC, NULL, 0,
            "NetrSessionEnum: one session of the returned array (1-based index)", HFILL } },
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
    static gint *ett[] = { &srvsess_ett_session };
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
        { &ei_idle_over_threshold,
          { "srvsess.idle_over_threshold", PI_SEQUENCE, PI_NOTE,
            "Idle time at or above the configured threshold", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

gboolean
srvsess_session_wants_cname(proto_tree *tree)
{
    return proto_field_is_referenced(tree, hf_cname_host);
}

static void
set_session_label(proto_item *item, guint32 number, const srvsess_entry_t *s)
{
    srvsess_label_t label;

    srvsess_label_init(&label);
    srvsess_label_add(&label, "Session ");
    srvsess_label_add_u32(&label, number);
    srvsess_label_add(&label, ":");
    if (s->has[SRVSESS_USERNAME]) {
        const char *user = srvsess_entry_text(s, SRVSESS_USERNAME, "(NULL user)");
        srvsess_label_add(&label, " ");
        if (*user)
            srvsess_label_add_packet_text(&label, user);
        else
            srvsess_label_add(&label, "(anonymous)");
    }
    if (s->has[SRVSESS_CNAME]) {
        const char *cname = srvsess_entry_text(s, SRVSESS_CNAME, "(NULL client)");
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
raise_session_experts(srvsess_ndr_t *ndr, proto_item *session_item, const srvsess_entry_t *s)
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

void
srvsess_session_done(srvsess_ndr_t *ndr, proto_tree *session_tree, proto_item *session_item,
                     guint32 number, const srvsess_entry_t *s, gboolean visible)
{
    if (session_tree) {
        if (s->text[SRVSESS_CNAME].text) {
            proto_item *pi = proto_tree_add_string(session_tree, hf_cname_host, ndr->tvb,
                                                   s->text[SRVSESS_CNAME].data_offset, 0,
                                                   srvsess_unc_host(s->text[SRVSESS_CNAME].text));
            proto_item_set_generated(pi);
        }
        if (s->has[SRVSESS_TIME])
            add_time_before(session_tree, hf_start_time, ndr->pinfo, ndr->tvb, s->value[SRVSESS_TIME]);
        if (s->has[SRVSESS_IDLE_TIME])
            add_time_before(session_tree, hf_last_active, ndr->pinfo, ndr->tvb, s->value[SRVSESS_IDLE_TIME]);
    }
    if (visible)
        set_session_label(session_item, number, s);
    raise_session_experts(ndr, session_item, s);
}
