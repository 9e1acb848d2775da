/* config-srvsess.h — included first by every srvsess source.
 *
 * srvsess reaches into libwireshark's DCE-RPC internals (the dcerpc_uuids
 * table and the dcerpc_uuid_value layout), which are only stable within one
 * release series. Refuse, at compile time and with a clear message, to build
 * against any other series than the one it was written and tested against.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CONFIG_SRVSESS_H
#define CONFIG_SRVSESS_H

#define WS_LOG_DOMAIN "srvsess"

#include <wireshark.h>

#if WIRESHARK_VERSION_MAJOR != 4 || WIRESHARK_VERSION_MINOR != 0
#error "srvsess supports Wireshark 4.0.x only (it patches the 4.0 DCE-RPC srvsvc operation table); these headers are another version"
#endif

#endif /* CONFIG_SRVSESS_H */
