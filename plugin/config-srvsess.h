/* config-srvsess.h — included first by every srvsess source.
 *
 * srvsess reaches into libwireshark's DCE-RPC internals (the dcerpc_uuids
 * table and the dcerpc_uuid_value layout). 4.0 through 4.6 share that layout
 * (4.4 made `procs` const); refuse, at compile time and with a clear message,
 * any other series. Everything that differs between those releases is decided
 * here or behind SRVSESS_WS_AT_LEAST() where it is used, never in per-version
 * copies of files.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef CONFIG_SRVSESS_H
#define CONFIG_SRVSESS_H

#define WS_LOG_DOMAIN "srvsess"

#include <wireshark.h>

#if WIRESHARK_VERSION_MAJOR != 4 || WIRESHARK_VERSION_MINOR > 6
#error "srvsess supports Wireshark 4.0 through 4.6 (it patches the DCE-RPC srvsvc operation table of those releases); these headers are another version"
#endif

/* True when building against Wireshark major.minor or later. */
#define SRVSESS_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* 4.4 deprecates tvb_get_guint16/32/64 for tvb_get_uint16/32/64, which 4.0
 * does not have: srvsess uses the new names, mapped to the old ones here. */
#if !SRVSESS_WS_AT_LEAST(4, 4)
#define tvb_get_uint16 tvb_get_guint16
#define tvb_get_uint32 tvb_get_guint32
#define tvb_get_uint64 tvb_get_guint64
#endif

#endif /* CONFIG_SRVSESS_H */
