/* srvsess-sweep.c — srvsess.enum_sweep (NetrSessionEnum, MS-SRVS 3.1.4.5, and
 * NetrWkstaUserEnum, MS-WKST 3.2.4.3, counted alike).
 *
 * Session-collection tools used to plan lateral movement send
 * NetrSessionEnum or NetrWkstaUserEnum (SharpHound: both) to server after
 * server; either call counts as asking that host. Whether a request is part of such
 * a sweep depends on the requests before it, so the answer is computed once,
 * on the first pass in capture order, and kept with the frame: every later
 * pass (and the GUI, whatever packet is clicked) shows the same result.
 *
 * One alert per client and window: the request that brings a client to the
 * threshold raises it; the requests that follow within the window (a tool
 * sweeping 500 hosts, or looping over them) do not, or an analyst would get
 * one warning per host. Once more than a window has passed since the alert,
 * the next request that finds the threshold reached raises it again.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <epan/addr_resolv.h>

#include "srvsess-sweep.h"

static int proto_srvsess_sweep = -1;
static guint pref_sweep_servers = 5;
static guint pref_sweep_window = 60;

static expert_field ei_enum_sweep = EI_INIT;

/* Per client: the servers it asked within the window, each with when it last asked. */
typedef struct {
    const char *server;
    double      when;
} asked_t;

typedef struct {
    asked_t *asked;
    guint    n, capacity;
    gboolean alerted;       /* an alert was raised for this client ... */
    double   alerted_at;    /* ... at this time */
} client_t;

static wmem_map_t *clients;   /* client address string -> client_t */

#define SWEEP_PROTO_DATA_KEY 0

void
srvsess_sweep_register(int proto, module_t *prefs)
{
    static ei_register_info ei[] = {
        { &ei_enum_sweep,
          { "srvsess.enum_sweep", PI_SECURITY, PI_WARN,
            "Session enumeration sweep", EXPFILL } },
    };

    proto_srvsess_sweep = proto;
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
    prefs_register_uint_preference(prefs, "sweep_servers", "Sweep: distinct servers",
        "Raise srvsess.enum_sweep when one client sends NetrSessionEnum or NetrWkstaUserEnum to "
        "at least this many distinct servers within the sweep window (0 = off)", 10, &pref_sweep_servers);
    prefs_register_uint_preference(prefs, "sweep_window", "Sweep: window (seconds)",
        "The time window of the sweep detection", 10, &pref_sweep_window);
    clients = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
}

srvsess_request_t
srvsess_request_of(packet_info *pinfo)
{
    srvsess_request_t r;

    r.client = address_to_str(pinfo->pool, &pinfo->src);
    r.host = address_to_str(pinfo->pool, &pinfo->dst);
    r.when = nstime_to_sec(&pinfo->abs_ts);
    return r;
}

/* First pass: how many distinct servers this client asked within the window. */
static guint
count_servers(const srvsess_request_t *r, client_t **found)
{
    const char *client_name = r->client;
    const char *server = r->host;
    double now = r->when;
    client_t *client = (client_t *)wmem_map_lookup(clients, client_name);
    gboolean known = FALSE;
    guint kept = 0;

    if (!client) {
        client = wmem_new0(wmem_file_scope(), client_t);
        wmem_map_insert(clients, wmem_strdup(wmem_file_scope(), client_name), client);
    }
    *found = client;
    /* Forget what fell out of the window; refresh this server. */
    for (guint i = 0; i < client->n; i++) {
        asked_t a = client->asked[i];
        if (now - a.when > pref_sweep_window)
            continue;
        if (strcmp(a.server, server) == 0) {
            a.when = now;
            known = TRUE;
        }
        client->asked[kept++] = a;
    }
    client->n = kept;
    if (!known) {
        if (client->n == client->capacity) {
            client->capacity = client->capacity ? 2 * client->capacity : 8;
            client->asked = (asked_t *)wmem_realloc(wmem_file_scope(), client->asked,
                                                    client->capacity * sizeof(asked_t));
        }
        client->asked[client->n].server = wmem_strdup(wmem_file_scope(), server);
        client->asked[client->n].when = now;
        client->n++;
    }
    return client->n;
}

void
srvsess_sweep_request(packet_info *pinfo, proto_item *item)
{
    guint servers;

    if (!PINFO_FD_VISITED(pinfo)) {
        srvsess_request_t r = srvsess_request_of(pinfo);
        double now = r.when;
        client_t *client;

        servers = count_servers(&r, &client);
        if (pref_sweep_servers && servers >= pref_sweep_servers &&
            (!client->alerted || now - client->alerted_at > pref_sweep_window)) {
            client->alerted = TRUE;
            client->alerted_at = now;
            p_add_proto_data(wmem_file_scope(), pinfo, proto_srvsess_sweep, SWEEP_PROTO_DATA_KEY,
                             GUINT_TO_POINTER(servers));
        }
    }
    servers = GPOINTER_TO_UINT(p_get_proto_data(wmem_file_scope(), pinfo, proto_srvsess_sweep,
                                                SWEEP_PROTO_DATA_KEY));
    if (servers)
        expert_add_info_format(pinfo, item, &ei_enum_sweep,
                               "Session enumeration sweep: %s sent NetrSessionEnum or NetrWkstaUserEnum "
                               "to %u distinct servers within %u s",
                               address_to_str(pinfo->pool, &pinfo->src), servers, pref_sweep_window);
}
