/* srvsess-logon.c — one logged-on user of a NetrWkstaUserEnum answer
 * (MS-WKST 2.2.5.13 WKSTA_USER_INFO_0, 2.2.5.14 WKSTA_USER_INFO_1, 3.2.4.3):
 * its label. The array is walked by srvsess-entries.c; the experts that apply
 * to a logged-on user (srvsess.machine_account) are raised there.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>

#include "srvsess-format.h"
#include "srvsess-logon.h"

int srvsess_hf_logon = -1;
gint srvsess_ett_logon = -1;

void
srvsess_logon_register(int proto)
{
    static hf_register_info hf[] = {
        { &srvsess_hf_logon,
          { "Logged-on user", "srvsess.logon", FT_UINT32, BASE_DEC, NULL, 0,
            "NetrWkstaUserEnum: one logged-on user of the returned array (1-based index)", HFILL } },
    };
    static gint *ett[] = { &srvsess_ett_logon };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

/* A text piece of the label: escaped, "(NULL)" for a NULL pointer, "(empty)". */
static void
add_piece(srvsess_label_t *label, const srvsess_entry_t *u, srvsess_member_t m)
{
    const char *text = srvsess_entry_text(u, m, NULL);

    if (!text)
        srvsess_label_add(label, "(NULL)");
    else if (!*text)
        srvsess_label_add(label, "(empty)");
    else
        srvsess_label_add_packet_text(label, text);
}

/* "User N: <username>" and, at level 1, ", domain <logon_domain>, logon server
 * <logon_server>" and ", other domains <oth_domains>" when there are any. */
static void
set_logon_label(proto_item *item, guint32 number, const srvsess_entry_t *u)
{
    srvsess_label_t label;

    srvsess_label_init(&label);
    srvsess_label_add(&label, "User ");
    srvsess_label_add_u32(&label, number);
    srvsess_label_add(&label, ": ");
    add_piece(&label, u, SRVSESS_USERNAME);
    if (u->has[SRVSESS_LOGON_DOMAIN]) {
        srvsess_label_add(&label, ", domain ");
        add_piece(&label, u, SRVSESS_LOGON_DOMAIN);
    }
    if (u->has[SRVSESS_LOGON_SERVER]) {
        srvsess_label_add(&label, ", logon server ");
        add_piece(&label, u, SRVSESS_LOGON_SERVER);
    }
    if (u->has[SRVSESS_OTH_DOMAINS] && u->text[SRVSESS_OTH_DOMAINS].present &&
        u->text[SRVSESS_OTH_DOMAINS].units > 0) {
        srvsess_label_add(&label, ", other domains ");
        add_piece(&label, u, SRVSESS_OTH_DOMAINS);
    }
    proto_item_set_text(item, "%s", label.text);
}

void
srvsess_logon_done(srvsess_ndr_t *ndr _U_, proto_tree *logon_tree _U_, proto_item *logon_item,
                   guint32 number, const srvsess_entry_t *u, gboolean visible)
{
    if (visible)
        set_logon_label(logon_item, number, u);
}
