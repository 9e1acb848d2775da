/* srvsess-format.c — durations and labels as people read them, without printf;
 * UNC names without their "\\" prefix.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <time.h>

#include <epan/strutil.h>

#include "srvsess-format.h"

/* Longest duration: "49710d 23h 59m 59s" (18 characters) and its NUL, with room. */
#define DURATION_MAX 24

static char *
put_u32(char *p, guint32 value)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (n)
        *p++ = digits[--n];
    return p;
}

static char *
put_unit(char *p, guint32 value, char unit)
{
    p = put_u32(p, value);
    *p++ = unit;
    return p;
}

/* Writes the duration and its NUL; returns where the NUL is. */
static char *
put_duration(char *p, guint32 seconds)
{
    guint32 days = seconds / 86400;

    if (days) {
        p = put_unit(p, days, 'd');
        *p++ = ' ';
    }
    p = put_unit(p, seconds / 3600 % 24, 'h');
    *p++ = ' ';
    p = put_unit(p, seconds / 60 % 60, 'm');
    *p++ = ' ';
    p = put_unit(p, seconds % 60, 's');
    *p = '\0';
    return p;
}

void
srvsess_format_seconds(gchar *label, guint32 seconds)
{
    /* 10 digits + " (" + 18 + ")" + NUL fits ITEM_LABEL_LENGTH many times over. */
    char *p = put_u32(label, seconds);

    *p++ = ' ';
    *p++ = '(';
    p = put_duration(p, seconds);
    *p++ = ')';
    *p = '\0';
}

void
srvsess_format_referent(gchar *label, guint64 referent)
{
    /* Referent ids are 4 bytes in NDR20: show them 8 digits wide unless they need 16.
     * -V formats three of them per session: hex digits by hand, not snprintf. */
    static const char hex[] = "0123456789abcdef";
    int digits = referent <= G_MAXUINT32 ? 8 : 16;

    label[0] = '0';
    label[1] = 'x';
    for (int i = digits - 1; i >= 0; i--) {
        label[2 + i] = hex[referent & 0xf];
        referent >>= 4;
    }
    label[2 + digits] = '\0';
}

const char *
srvsess_unc_host(const char *name)
{
    if (name && name[0] == '\\' && name[1] == '\\')
        return name + 2;
    return name;
}

const char *
srvsess_printable(wmem_allocator_t *scope, const char *utf8)
{
    /* format_text() takes `const guchar *` on 4.0 and `const char *` from 4.4 on:
     * a `const void *` converts to either without a cast or a version check. */
    return format_text(scope, (const void *)utf8, strlen(utf8));
}

void
srvsess_label_init(srvsess_label_t *label)
{
    label->len = 0;
    label->text[0] = '\0';
}

static void
add_bytes(srvsess_label_t *label, const char *bytes, size_t n)
{
    size_t room = sizeof label->text - 1 - label->len;

    if (n > room)
        n = room;
    memcpy(label->text + label->len, bytes, n);
    label->len += n;
    label->text[label->len] = '\0';
}

void
srvsess_label_add(srvsess_label_t *label, const char *text)
{
    add_bytes(label, text, strlen(text));
}

void
srvsess_label_add_u32(srvsess_label_t *label, guint32 value)
{
    char digits[10];

    add_bytes(label, digits, (size_t)(put_u32(digits, value) - digits));
}

void
srvsess_label_add_duration(srvsess_label_t *label, guint32 seconds)
{
    char text[DURATION_MAX];

    add_bytes(label, text, (size_t)(put_duration(text, seconds) - text));
}

void
srvsess_label_add_packet_text(srvsess_label_t *label, const char *utf8)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = utf8;

    for (const char *p = utf8; *p; p++) {
        guchar c = (guchar)*p;
        if (c >= 0x20 && c != 0x7f)
            continue;
        add_bytes(label, run, (size_t)(p - run));
        {
            char escaped[4] = { '\\', 'x', hex[c >> 4], hex[c & 0xf] };
            add_bytes(label, escaped, sizeof escaped);
        }
        run = p + 1;
    }
    add_bytes(label, run, strlen(run));
}
