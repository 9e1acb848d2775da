/* srvsess-collection.c — srvsess.session_collection.
 *
 * "Where is user X logged on?" takes two calls per host: NetrSessionEnum
 * (MS-SRVS 3.1.4.5, SMB sessions on a server) and NetrWkstaUserEnum
 * (MS-WKST 3.2.4.3, users logged on at a workstation). SharpHound-style
 * collectors send both to the same host within milliseconds. A request from
 * client C to host H (srvsess_request_of()) at time t is flagged when C sent
 * the other call to H at a time t' with |t - t'| <= the window.
 *
 * As for the sweep (srvsess-sweep.c), the decision depends on the requests
 * before it: it is made once, on the first pass in capture order, and kept
 * with the frame, so every pass and every click in the GUI agree. One alert
 * per (C, H) pair and window: after an alert the pair alerts again only once
 * more than a window has passed since it.
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
#include <math.h>

#include "srvsess-collection.h"
#include "srvsess-sweep.h"

static int proto_srvsess_collection = -1;
static guint pref_collection_window = 5;

static expert_field ei_session_collection = EI_INIT;

/* Per (client, host) pair: when each call was last sent, and the last alert. */
typedef struct {
    gboolean asked[SRVSESS_N_CALLS];
    double   asked_at[SRVSESS_N_CALLS];
    gboolean alerted;
    double   alerted_at;
} pair_t;

/* What the first pass decided for a flagged request. */
typedef struct {
    srvsess_call_id_t other;   /* the call sent before */
    double            apart;   /* seconds between the two */
} verdict_t;

static wmem_map_t *pairs;   /* "client\x01host" -> pair_t */

/* Distinct from the sweep's key (0) under the same protocol. */
#define COLLECTION_PROTO_DATA_KEY 1

void
srvsess_collection_register(int proto, module_t *prefs)
{
    static ei_register_info ei[] = {
        { &ei_session_collection,
          { "srvsess.session_collection", PI_SECURITY, PI_WARN,
            "Session collection: one client asked one host for both NetrSessionEnum and "
            "NetrWkstaUserEnum", EXPFILL } },
    };

    proto_srvsess_collection = proto;
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
    prefs_register_uint_preference(prefs, "collection_window", "Session collection: window (seconds)",
        "Raise srvsess.session_collection on a NetrSessionEnum or NetrWkstaUserEnum request when "
        "the same client sent the other call to the same host at most this many seconds apart; "
        "one alert per client and host and window (0 = off)",
        10, &pref_collection_window);
    pairs = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
}

/* First pass: record the request; a verdict when it completes a collection. */
static verdict_t *
judge(packet_info *pinfo, srvsess_call_id_t call)
{
    srvsess_request_t r = srvsess_request_of(pinfo);
    srvsess_call_id_t other = call == SRVSESS_CALL_SESSION_ENUM ? SRVSESS_CALL_WKSTA_USER_ENUM
                                                                : SRVSESS_CALL_SESSION_ENUM;
    char *key = wmem_strdup_printf(pinfo->pool, "%s\x01%s", r.client, r.host);
    pair_t *pair = (pair_t *)wmem_map_lookup(pairs, key);
    verdict_t *verdict = NULL;

    if (!pair) {
        pair = wmem_new0(wmem_file_scope(), pair_t);
        wmem_map_insert(pairs, wmem_strdup(wmem_file_scope(), key), pair);
    }
    pair->asked[call] = TRUE;
    pair->asked_at[call] = r.when;
    if (pref_collection_window && pair->asked[other] &&
        fabs(r.when - pair->asked_at[other]) <= pref_collection_window &&
        (!pair->alerted || r.when - pair->alerted_at > pref_collection_window)) {
        pair->alerted = TRUE;
        pair->alerted_at = r.when;
        verdict = wmem_new(wmem_file_scope(), verdict_t);
        verdict->other = other;
        verdict->apart = fabs(r.when - pair->asked_at[other]);
    }
    return verdict;
}

void
srvsess_collection_request(packet_info *pinfo, proto_item *item, srvsess_call_id_t call)
{
    const verdict_t *verdict;

    if (!PINFO_FD_VISITED(pinfo)) {
        verdict_t *v = judge(pinfo, call);
        if (v)
            p_add_proto_data(wmem_file_scope(), pinfo, proto_srvsess_collection, COLLECTION_PROTO_DATA_KEY, v);
    }
    verdict = (const verdict_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_srvsess_collection,
                                                  COLLECTION_PROTO_DATA_KEY);
    if (verdict)
        expert_add_info_format(pinfo, item, &ei_session_collection,
                               "Session collection: %s asked %s for %s and %s, %.3f s apart",
                               address_to_str(pinfo->pool, &pinfo->src),
                               address_to_str(pinfo->pool, &pinfo->dst), srvsess_enum_desc(verdict->other)->name,
                               srvsess_enum_desc(call)->name, verdict->apart);
}
