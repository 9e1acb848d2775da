/* srvsess-format.h — how durations, entry labels (sessions, logged-on users)
 * and UNC names read.
 *
 * Labels are built for every session whenever a tree is visible (tshark -V,
 * and -T fields too, which builds a full visible tree), so they are written
 * with a few byte copies instead of printf.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_FORMAT_H
#define SRVSESS_FORMAT_H

#include <epan/packet.h>

/* BASE_CUSTOM formatter of srvsess.time and srvsess.idle_time: "3661 (1h 1m 1s)";
 * durations read "1h 1m 1s", days leading when there are any: "2d 0h 0m 5s". */
void srvsess_format_seconds(gchar *label, guint32 seconds);

/* BASE_CUSTOM formatter of srvsess.ndr.referent_id (formatted only when shown). */
void srvsess_format_referent(gchar *label, guint64 referent);

/* A name without its leading "\\" UNC prefix ("\\FS1" -> "FS1"): the one
 * place that strips it (client hosts, server and workstation names). */
const char *srvsess_unc_host(const char *name);

/* Packet text made safe for a label or a column: control characters escaped. */
const char *srvsess_printable(wmem_allocator_t *scope, const char *utf8);

/* A label being written; what does not fit in an item label is cut. */
typedef struct {
    char   text[ITEM_LABEL_LENGTH];
    size_t len;
} srvsess_label_t;

void srvsess_label_init(srvsess_label_t *label);
void srvsess_label_add(srvsess_label_t *label, const char *text);
void srvsess_label_add_u32(srvsess_label_t *label, guint32 value);
void srvsess_label_add_duration(srvsess_label_t *label, guint32 seconds);
/* Packet text: control characters become \xNN, as format_text() would escape them. */
void srvsess_label_add_packet_text(srvsess_label_t *label, const char *utf8);

#endif /* SRVSESS_FORMAT_H */
