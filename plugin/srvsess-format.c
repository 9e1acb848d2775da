/* srvsess-format.c — durations as people read them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/strutil.h>

#include "srvsess-format.h"

void
srvsess_duration(char *buf, size_t size, guint32 seconds)
{
    guint32 d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;

    if (d)
        snprintf(buf, size, "%ud %uh %um %us", d, h, m, s);
    else
        snprintf(buf, size, "%uh %um %us", h, m, s);
}

void
srvsess_format_seconds(gchar *label, guint32 seconds)
{
    char duration[32];

    srvsess_duration(duration, sizeof duration, seconds);
    snprintf(label, ITEM_LABEL_LENGTH, "%u (%s)", seconds, duration);
}

const char *
srvsess_printable(wmem_allocator_t *scope, const char *utf8)
{
    return format_text(scope, (const guchar *)utf8, strlen(utf8));
}
