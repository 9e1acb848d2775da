/* alternative.c — not part of srvsess: the two takeovers srvsess does NOT use.
 *
 * Could srvsess take srvsvc over with the public API instead of swapping the
 * `procs` pointer of the built-in registration? This plugin registers srvsvc a
 * second time, as srvsess would have to:
 *   MODE 1: dcerpc_init_uuid() with the built-in's own operation table;
 *   MODE 2: dcerpc_init_from_handle() (4.4+) with a dissector handle of its own.
 * tests/takeover/alternatives.sh builds it and runs tshark under valgrind.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/dissectors/packet-dcerpc.h>

WS_DLL_PUBLIC_DEF const char plugin_version[] = "0";
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#if WIRESHARK_VERSION_MINOR >= 2
#include <wsutil/plugins.h>
WS_DLL_PUBLIC uint32_t plugin_describe(void);
uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
#endif
static int proto_x = -1, hf_x_opnum = -1, ett_x = -1;
static e_guid_t uuid = { 0x4b324fc8, 0x1670, 0x01d3, { 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 } };
#if MODE == 2
static int dissect_guid(tvbuff_t *tvb, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_) { return tvb_captured_length(tvb); }
#endif
static void reg(void) {
    static hf_register_info hf[] = { { &hf_x_opnum, { "Op", "xsrv.opnum", FT_UINT16, BASE_DEC, NULL, 0, NULL, HFILL } } };
    static int *ett[] = { &ett_x };
    proto_x = proto_register_protocol("xsrv", "xsrv", "xsrv");
    proto_register_field_array(proto_x, hf, 1);
    proto_register_subtree_array(ett, 1);
}
static void handoff(void) {
    guid_key key = { uuid, 3 };
    dcerpc_uuid_value *v = g_hash_table_lookup(dcerpc_uuids, &key);
#if MODE == 1
    dcerpc_init_uuid(proto_x, ett_x, &uuid, 3, (dcerpc_sub_dissector *)v->procs, hf_x_opnum);
#else
    (void)v;
    dcerpc_init_from_handle(proto_x, &uuid, 3, create_dissector_handle(dissect_guid, proto_x));
#endif
}
void plugin_register(void) { static proto_plugin p; p.register_protoinfo = reg; p.register_handoff = handoff; proto_register_plugin(&p); }
