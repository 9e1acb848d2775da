/* plugin.c — the entry points Wireshark looks for in a dissector plugin.
 *
 * plugin_want_major/minor make Wireshark itself refuse to load srvsess into
 * another release series than the one it was built against; config-srvsess.h
 * refuses to compile against a series srvsess does not support.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/proto.h>

#ifndef SRVSESS_VERSION
#error "SRVSESS_VERSION is set by CMakeLists.txt"
#endif

void proto_register_srvsess(void);
void proto_reg_handoff_srvsess(void);

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SRVSESS_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

#if SRVSESS_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>

/* 4.2+ asks each plugin what it is: without this, `tshark -G plugins` lists
 * srvsess with type "unknown". */
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void
plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_srvsess;
    plug.register_handoff = proto_reg_handoff_srvsess;
    proto_register_plugin(&plug);
}
