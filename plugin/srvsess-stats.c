/* srvsess-stats.c — a capture-wide summary of the sessions servers reported
 * and of who asked for them: Statistics › SRVSVC Sessions in the GUI,
 * `tshark -q -z srvsess,tree` on the command line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "srvsess-stats.h"
#include "srvsess-tap.h"

#define SESS_GUEST        0x00000001
#define SESS_NOENCRYPTION 0x00000002

static int st_sessions = -1;
static int st_by_user = -1;
static int st_by_host = -1;
static int st_by_cltype = -1;
static int st_guest = -1;
static int st_noencryption = -1;
static int st_anonymous = -1;
static int st_enumerations = -1;

static const char sessions_node[] = "Sessions reported";
static const char by_user_node[] = "By user";
static const char by_host_node[] = "By client host";
static const char by_cltype_node[] = "By client type";
static const char guest_node[] = "Guest sessions (SESS_GUEST)";
static const char noencryption_node[] = "No-encryption sessions (SESS_NOENCRYPTION)";
static const char anonymous_node[] = "Anonymous sessions (empty or NULL user)";
static const char enumerations_node[] = "NetrSessionEnum requests by client, then server";

static void
stats_init(stats_tree *st)
{
    st_sessions = stats_tree_create_node(st, sessions_node, 0, STAT_DT_INT, TRUE);
    st_by_user = stats_tree_create_node(st, by_user_node, st_sessions, STAT_DT_INT, TRUE);
    st_by_host = stats_tree_create_node(st, by_host_node, st_sessions, STAT_DT_INT, TRUE);
    st_by_cltype = stats_tree_create_node(st, by_cltype_node, st_sessions, STAT_DT_INT, TRUE);
    st_guest = stats_tree_create_node(st, guest_node, st_sessions, STAT_DT_INT, FALSE);
    st_noencryption = stats_tree_create_node(st, noencryption_node, st_sessions, STAT_DT_INT, FALSE);
    st_anonymous = stats_tree_create_node(st, anonymous_node, st_sessions, STAT_DT_INT, FALSE);
    st_enumerations = stats_tree_create_node(st, enumerations_node, 0, STAT_DT_INT, TRUE);
}

static void
count_session(stats_tree *st, const srvsess_tap_session_t *s)
{
    tick_stat_node(st, sessions_node, 0, TRUE);
    if (s->username) {
        tick_stat_node(st, by_user_node, st_sessions, TRUE);
        tick_stat_node(st, *s->username ? s->username : "(empty)", st_by_user, FALSE);
    }
    if (s->cname_host) {
        tick_stat_node(st, by_host_node, st_sessions, TRUE);
        tick_stat_node(st, s->cname_host, st_by_host, FALSE);
    }
    if (s->cltype_name) {
        tick_stat_node(st, by_cltype_node, st_sessions, TRUE);
        tick_stat_node(st, *s->cltype_name ? s->cltype_name : "(empty)", st_by_cltype, FALSE);
    }
    if (s->has_user_flags && (s->user_flags & SESS_GUEST))
        tick_stat_node(st, guest_node, st_sessions, FALSE);
    if (s->has_user_flags && (s->user_flags & SESS_NOENCRYPTION))
        tick_stat_node(st, noencryption_node, st_sessions, FALSE);
    if (s->has_username_member && (!s->username || !*s->username))
        tick_stat_node(st, anonymous_node, st_sessions, FALSE);
}

static tap_packet_status
stats_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,
             tap_flags_t flags _U_)
{
    const srvsess_tap_t *t = (const srvsess_tap_t *)data;

    if (t->is_request) {
        int client = tick_stat_node(st, t->client, st_enumerations, TRUE);
        tick_stat_node(st, enumerations_node, 0, TRUE);
        tick_stat_node(st, t->server, client, FALSE);
        return TAP_PACKET_REDRAW;
    }
    for (guint32 i = 0; i < t->n_sessions; i++)
        count_session(st, &t->sessions[i]);
    return t->n_sessions ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

void
srvsess_stats_register(void)
{
    stats_tree_register_plugin("srvsess", "srvsess", "SRVSVC Sessions", 0, stats_packet, stats_init, NULL);
}
