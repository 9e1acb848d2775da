/* srvsess-format.h — how durations read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_FORMAT_H
#define SRVSESS_FORMAT_H

#include <epan/packet.h>

/* "3661" -> "1h 1m 1s"; days lead when there are any: "2d 0h 0m 5s". */
void srvsess_duration(char *buf, size_t size, guint32 seconds);

/* BASE_CUSTOM formatter of srvsess.time and srvsess.idle_time: "3661 (1h 1m 1s)". */
void srvsess_format_seconds(gchar *label, guint32 seconds);

/* Packet text made safe for a label or a column: control characters escaped. */
const char *srvsess_printable(wmem_allocator_t *scope, const char *utf8);

#endif /* SRVSESS_FORMAT_H */
