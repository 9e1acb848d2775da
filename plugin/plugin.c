/* plugin.c — the entry points Wireshark 4.0 looks for in a dissector plugin.
 *
 * plugin_want_major/minor make Wireshark itself refuse to load srvsess into
 * another release series; config-srvsess.h refuses to compile against one.
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

void
plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_srvsess;
    plug.register_handoff = proto_reg_handoff_srvsess;
    proto_register_plugin(&plug);
}
