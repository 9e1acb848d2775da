/* srvsess-stats.c — a capture-wide summary of the sessions servers reported
 * (NetrSessionEnum, MS-SRVS 3.1.4.5), the users workstations reported logged
 * on (NetrWkstaUserEnum, MS-WKST 3.2.4.3), where each user was seen, and who
 * asked: Statistics › SRVSVC Sessions in the GUI, `tshark -q -z srvsess,tree`
 * on the command line.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "srvsess-format.h"
#include "srvsess-levels.h"
#include "srvsess-stats.h"
#include "srvsess-tap.h"

static int st_sessions = -1;
static int st_by_user = -1;
static int st_by_host = -1;
static int st_by_cltype = -1;
static int st_guest = -1;
static int st_noencryption = -1;
static int st_anonymous = -1;
static int st_enumerations = -1;
static int st_by_server = -1;
static int st_by_workstation = -1;
static int st_where = -1;

static const char sessions_node[] = "Sessions reported";
static const char by_user_node[] = "By user";
static const char by_host_node[] = "By client host";
static const char by_cltype_node[] = "By client type";
static const char guest_node[] = "Guest sessions (SESS_GUEST)";
static const char noencryption_node[] = "No-encryption sessions (SESS_NOENCRYPTION)";
static const char anonymous_node[] = "Anonymous sessions (empty or NULL user)";
static const char enumerations_node[] = "Enumeration requests by client, then server";
static const char by_server_node[] = "Sessions by server";
static const char by_workstation_node[] = "Logged-on users by workstation";
static const char where_node[] = "Where is each user";
static const char answers_node[] = "NetrSessionEnum answers";
static const char distinct_users_node[] = "Distinct users";
static const char no_user[] = "(no user)";
static const char no_host[] = "(no client)";

/* "Distinct users" of a server needs what was seen before, which a stats tree
 * cannot be asked: each tree (the GUI can open several) keeps a set of
 * "server\x01user" pairs, emptied when the tree is reset and freed with it. */
static GHashTable *seen_pairs;   /* stats_tree * -> GHashTable of pair strings */

static GHashTable *
pairs_of(stats_tree *st)
{
    GHashTable *pairs;

    if (!seen_pairs)
        seen_pairs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify)g_hash_table_destroy);
    pairs = (GHashTable *)g_hash_table_lookup(seen_pairs, st);
    if (!pairs) {
        pairs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert(seen_pairs, st, pairs);
    }
    return pairs;
}

static void
stats_cleanup(stats_tree *st)
{
    if (seen_pairs)
        g_hash_table_remove(seen_pairs, st);
}

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
    st_by_server = stats_tree_create_node(st, by_server_node, 0, STAT_DT_INT, TRUE);
    st_by_workstation = stats_tree_create_node(st, by_workstation_node, 0, STAT_DT_INT, TRUE);
    st_where = stats_tree_create_node(st, where_node, 0, STAT_DT_INT, TRUE);
    g_hash_table_remove_all(pairs_of(st));   /* init also runs when the tree is reset */
}

/* A user as the nodes name it: "(no user)" for a NULL pointer, "(empty)". */
static const char *
user_node(const srvsess_tap_entry_t *e)
{
    const char *user = e->text[SRVSESS_USERNAME];

    return user ? (*user ? user : "(empty)") : no_user;
}

static void
count_session(stats_tree *st, const srvsess_tap_entry_t *s)
{
    const char *username = s->text[SRVSESS_USERNAME];
    const char *cname_host = srvsess_unc_host(s->text[SRVSESS_CNAME]);
    const char *cltype_name = s->text[SRVSESS_CLTYPE_NAME];
    gboolean has_user_flags = s->has[SRVSESS_USER_FLAGS];

    tick_stat_node(st, sessions_node, 0, TRUE);
    if (username) {
        tick_stat_node(st, by_user_node, st_sessions, TRUE);
        tick_stat_node(st, *username ? username : "(empty)", st_by_user, FALSE);
    }
    if (cname_host) {
        tick_stat_node(st, by_host_node, st_sessions, TRUE);
        tick_stat_node(st, cname_host, st_by_host, FALSE);
    }
    if (cltype_name) {
        tick_stat_node(st, by_cltype_node, st_sessions, TRUE);
        tick_stat_node(st, *cltype_name ? cltype_name : "(empty)", st_by_cltype, FALSE);
    }
    if (has_user_flags && (s->user_flags & SESS_GUEST))
        tick_stat_node(st, guest_node, st_sessions, FALSE);
    if (has_user_flags && (s->user_flags & SESS_NOENCRYPTION))
        tick_stat_node(st, noencryption_node, st_sessions, FALSE);
    if (s->has[SRVSESS_USERNAME] && (!username || !*username))
        tick_stat_node(st, anonymous_node, st_sessions, FALSE);
}

/* The host an answer describes: the request's name, else the responding address. */
static const char *
answer_host(const srvsess_tap_t *t)
{
    return t->server_name ? t->server_name : t->server;
}

/* Sessions by server: server (the request's name, else the responding
 * address) -> its answers, its distinct users, and user -> client host. */
static void
count_by_server(stats_tree *st, const srvsess_tap_t *t)
{
    const char *server = answer_host(t);
    int srv = increase_stat_node(st, server, st_by_server, TRUE, 0);   /* a server with no session too */
    int by_user = increase_stat_node(st, by_user_node, srv, TRUE, 0);
    GHashTable *pairs = NULL;

    tick_stat_node(st, answers_node, srv, FALSE);
    increase_stat_node(st, distinct_users_node, srv, FALSE, 0);
    for (guint32 i = 0; i < t->n_entries; i++) {
        const srvsess_tap_entry_t *s = &t->entries[i];
        const char *host = srvsess_unc_host(s->text[SRVSESS_CNAME]);
        int u;

        tick_stat_node(st, by_server_node, 0, TRUE);
        tick_stat_node(st, server, st_by_server, TRUE);
        tick_stat_node(st, by_user_node, srv, TRUE);
        u = tick_stat_node(st, user_node(s), by_user, TRUE);
        /* An empty name would make a node that the text output cannot show. */
        tick_stat_node(st, host ? (*host ? host : "(empty)") : no_host, u, FALSE);
        if (s->text[SRVSESS_USERNAME]) {
            char *pair = g_strconcat(server, "\x01", s->text[SRVSESS_USERNAME], NULL);

            if (!pairs)
                pairs = pairs_of(st);
            if (g_hash_table_add(pairs, pair))
                tick_stat_node(st, distinct_users_node, srv, FALSE);
        }
    }
}

/* Logged-on users by workstation: workstation (the request's ServerName
 * without its leading "\\", else the responding address) -> user. */
static void
count_by_workstation(stats_tree *st, const srvsess_tap_t *t)
{
    const char *workstation = answer_host(t);
    int ws = increase_stat_node(st, workstation, st_by_workstation, TRUE, 0);   /* none logged on too */

    for (guint32 i = 0; i < t->n_entries; i++) {
        tick_stat_node(st, by_workstation_node, 0, TRUE);
        tick_stat_node(st, workstation, st_by_workstation, TRUE);
        tick_stat_node(st, user_node(&t->entries[i]), ws, FALSE);
    }
}

/* Where is each user: user -> host -> the call that reported it there. Every
 * entry whose level carries a user name and whose name is not NULL. */
static void
count_where(stats_tree *st, const srvsess_tap_t *t)
{
    const char *host = answer_host(t);
    const char *call = srvsess_enum_desc(t->call)->name;

    for (guint32 i = 0; i < t->n_entries; i++) {
        const srvsess_tap_entry_t *e = &t->entries[i];
        int u, h;

        if (!e->has[SRVSESS_USERNAME] || !e->text[SRVSESS_USERNAME])
            continue;
        tick_stat_node(st, where_node, 0, TRUE);
        u = tick_stat_node(st, user_node(e), st_where, TRUE);
        h = tick_stat_node(st, host, u, TRUE);
        tick_stat_node(st, call, h, FALSE);
    }
}

static tap_packet_status
stats_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,
             tap_flags_t flags _U_)
{
    const srvsess_tap_t *t = (const srvsess_tap_t *)data;

    if (t->is_request) {   /* NetrSessionEnum and NetrWkstaUserEnum requests alike */
        int client = tick_stat_node(st, t->client, st_enumerations, TRUE);
        tick_stat_node(st, enumerations_node, 0, TRUE);
        tick_stat_node(st, t->server, client, FALSE);
        return TAP_PACKET_REDRAW;
    }
    if (t->call == SRVSESS_CALL_SESSION_ENUM) {
        for (guint32 i = 0; i < t->n_entries; i++)
            count_session(st, &t->entries[i]);
        count_by_server(st, t);
    } else {
        count_by_workstation(st, t);
    }
    count_where(st, t);
    return TAP_PACKET_REDRAW;
}

void
srvsess_stats_register(void)
{
    stats_tree_register_plugin("srvsess", "srvsess", "SRVSVC Sessions", 0, stats_packet, stats_init, stats_cleanup);
}
