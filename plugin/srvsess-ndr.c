/* srvsess-ndr.c — bounded NDR reads: integers, unique pointers, [string] UTF-16.
 *
 * Every length that comes from the packet is checked against the bytes that
 * are really there before anything is read or converted, so a count of
 * 0xFFFFFFFF in a 200-byte stub costs one comparison.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config-srvsess.h"

#include <epan/packet.h>
#include <epan/expert.h>

#include "srvsess-format.h"
#include "srvsess-ndr.h"

static int hf_referent_id = -1;
static int hf_max_count = -1;
static int hf_array_offset = -1;
static int hf_actual_count = -1;

static gint ett_string_plumbing = -1;

static expert_field ei_bad_string = EI_INIT;

void
srvsess_ndr_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_referent_id,
          { "Referent ID", "srvsess.ndr.referent_id", FT_UINT64, BASE_CUSTOM,
            CF_FUNC(srvsess_format_referent), 0,
            "NDR pointer: 0 is NULL, anything else says the pointee follows", HFILL } },
        { &hf_max_count,
          { "Max Count", "srvsess.ndr.max_count", FT_UINT64, BASE_DEC, NULL, 0,
            "NDR conformance: how many elements were allocated", HFILL } },
        { &hf_array_offset,
          { "Offset", "srvsess.ndr.offset", FT_UINT64, BASE_DEC, NULL, 0,
            "NDR variance: index of the first transmitted element (always 0 here)", HFILL } },
        { &hf_actual_count,
          { "Actual Count", "srvsess.ndr.actual_count", FT_UINT64, BASE_DEC, NULL, 0,
            "NDR variance: how many elements were transmitted, terminator included", HFILL } },
    };
    static gint *ett[] = { &ett_string_plumbing };
    static ei_register_info ei[] = {
        { &ei_bad_string,
          { "srvsess.bad_string", PI_MALFORMED, PI_ERROR,
            "Malformed NDR string", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

static guint64
get_wide(const srvsess_ndr_t *ndr, int offset)
{
    return ndr->ndr64 ? tvb_get_uint64(ndr->tvb, offset, ndr->enc)
                      : tvb_get_uint32(ndr->tvb, offset, ndr->enc);
}

proto_item *
srvsess_ndr_referent_item(srvsess_ndr_t *ndr, proto_tree *tree, int offset)
{
    guint64 referent;

    if (!tree)
        return NULL;
    referent = get_wide(ndr, offset);
    return proto_tree_add_uint64(tree, hf_referent_id, ndr->tvb, offset, srvsess_ndr_wide(ndr), referent);
}

guint64
srvsess_ndr_referent_at(const srvsess_ndr_t *ndr, int offset)
{
    return get_wide(ndr, offset);
}

guint32
srvsess_ndr_uint32(srvsess_ndr_t *ndr, proto_tree *tree, int hf, proto_item **item)
{
    guint32 value;
    proto_item *pi = NULL;

    srvsess_ndr_align(ndr, 4);
    if (hf >= 0)
        pi = proto_tree_add_item_ret_uint(tree, hf, ndr->tvb, ndr->offset, 4, ndr->enc, &value);
    else
        value = tvb_get_uint32(ndr->tvb, ndr->offset, ndr->enc);
    ndr->offset += 4;
    if (item)
        *item = pi;
    return value;
}

guint64
srvsess_ndr_pointer(srvsess_ndr_t *ndr, proto_tree *tree, int *where)
{
    int wide = srvsess_ndr_wide(ndr);
    guint64 referent;

    srvsess_ndr_align(ndr, wide);
    referent = get_wide(ndr, ndr->offset);
    srvsess_ndr_referent_item(ndr, tree, ndr->offset);
    if (where)
        *where = ndr->offset;
    ndr->offset += wide;
    return referent;
}

guint64
srvsess_ndr_max_count(srvsess_ndr_t *ndr, proto_tree *tree)
{
    int wide = srvsess_ndr_wide(ndr);
    guint64 count;

    srvsess_ndr_align(ndr, wide);
    count = get_wide(ndr, ndr->offset);
    if (tree)
        proto_tree_add_uint64(tree, hf_max_count, ndr->tvb, ndr->offset, wide, count);
    ndr->offset += wide;
    return count;
}

/* UTF-16 that is not well formed: a high surrogate without its low one, or a
 * low one alone. Wireshark's converter shows U+FFFD there; we also say why. */
static gboolean
has_lone_surrogate(const guint8 *data, guint32 units, guint enc)
{
    /* The byte holding each unit's high bits; most strings hold no surrogate
     * at all, so the common path looks at one byte per unit. */
    const guint8 *high = data + (enc == ENC_LITTLE_ENDIAN ? 1 : 0);
    gboolean expect_low = FALSE;

    for (guint32 i = 0; i < units; i++) {
        guint8 h = high[2 * i];
        gboolean low = (h & 0xFC) == 0xDC;

        if (expect_low != low)
            return TRUE;
        expect_low = (h & 0xFC) == 0xD8;
    }
    return expect_low;
}

/* UTF-16 to UTF-8, U+FFFD for each lone surrogate unit and nothing dropped
 * (Wireshark 4.0's own converter swallows the unit after a lone high
 * surrogate, and 4.0 has no way to say why a string is bad: hence our own).
 * ASCII, the common case, is copied a byte per unit. At most 3 bytes per
 * unit: a surrogate pair gives 4 bytes for 2 units. Sets *lone_surrogate,
 * so that a converted string is read once, not twice. */
static char *
utf16_to_utf8(wmem_allocator_t *scope, const guint8 *data, guint32 units, guint enc,
              gboolean *lone_surrogate)
{
    char *text = (char *)wmem_alloc(scope, 3 * (gsize)units + 1);
    char *p = text;
    int lo = enc == ENC_LITTLE_ENDIAN ? 0 : 1;   /* which byte of a unit holds its low bits */
    gboolean lone = FALSE;

    for (guint32 i = 0; i < units; i++) {
        gunichar c = (gunichar)(data[2 * i + lo] | data[2 * i + 1 - lo] << 8);

        if (c < 0x80) {
            *p++ = (char)c;
            continue;
        }
        if (c < 0x800) {
            *p++ = (char)(0xC0 | c >> 6);
            *p++ = (char)(0x80 | (c & 0x3F));
            continue;
        }
        if ((c & 0xFC00) == 0xD800 && i + 1 < units) {
            gunichar low = (gunichar)(data[2 * i + 2 + lo] | data[2 * i + 3 - lo] << 8);
            if ((low & 0xFC00) == 0xDC00) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i++;
            } else {
                c = 0xFFFD;
                lone = TRUE;
            }
        } else if ((c & 0xF800) == 0xD800) {
            c = 0xFFFD;
            lone = TRUE;
        }
        p += g_unichar_to_utf8(c, p);
    }
    *p = '\0';
    *lone_surrogate = lone;
    return text;
}

void
srvsess_ndr_string(srvsess_ndr_t *ndr, proto_tree *tree, int hf, int ref_offset,
                   gboolean want_text, srvsess_string_t *out)
{
    int wide = srvsess_ndr_wide(ndr);
    int counts_offset, data_offset;
    guint64 max_count, first, actual;
    guint32 readable, units;
    gboolean cut, terminated, lone_surrogate;
    const guint8 *data;
    const char *problem = NULL;
    proto_item *item = NULL;

    memset(out, 0, sizeof(*out));
    out->present = TRUE;

    srvsess_ndr_align(ndr, wide);
    counts_offset = ndr->offset;
    max_count = get_wide(ndr, counts_offset);
    first = get_wide(ndr, counts_offset + wide);
    actual = get_wide(ndr, counts_offset + 2 * wide);
    data_offset = counts_offset + 3 * wide;

    /* Only what the capture holds is ever read; `actual` may be anything. */
    readable = (guint32)MIN(actual, (guint64)(tvb_captured_length_remaining(ndr->tvb, data_offset) / 2));
    cut = actual > readable;
    terminated = !cut && actual >= 1 &&
                 tvb_get_uint16(ndr->tvb, data_offset + 2 * (int)(actual - 1), ndr->enc) == 0;
    units = terminated ? readable - 1 : readable;

    out->units = units;
    out->data_offset = data_offset;
    data = tvb_get_ptr(ndr->tvb, data_offset, 2 * (int)units);

    /* Converted only when displayed, filtered on, or asked for. The item
     * covers every unit read, the terminator included (readable units are
     * all captured, so the length cannot throw). */
    if (want_text || proto_field_is_referenced(tree, hf)) {
        out->text = utf16_to_utf8(ndr->pinfo->pool, data, units, ndr->enc, &lone_surrogate);
        item = proto_tree_add_string(tree, hf, ndr->tvb, data_offset, 2 * (int)readable, out->text);
    } else {
        lone_surrogate = has_lone_surrogate(data, units, ndr->enc);
        /* The tree wants no text, but the plumbing and experts need an anchor. */
        if (tree)
            item = proto_tree_add_string(tree, hf, ndr->tvb, data_offset, 2 * (int)readable, "");
    }
    if (item) {
        proto_tree *plumbing = proto_item_add_subtree(item, ett_string_plumbing);

        srvsess_ndr_referent_item(ndr, plumbing, ref_offset);
        proto_tree_add_uint64(plumbing, hf_max_count, ndr->tvb, counts_offset, wide, max_count);
        proto_tree_add_uint64(plumbing, hf_array_offset, ndr->tvb, counts_offset + wide, wide, first);
        proto_tree_add_uint64(plumbing, hf_actual_count, ndr->tvb, counts_offset + 2 * wide, wide, actual);
    }
    out->item = item;

    if (cut)
        problem = "cut short: fewer bytes than its actual count";
    else if (first != 0)
        problem = "offset is not 0";
    else if (actual > max_count)
        problem = "actual count exceeds max count";
    else if (!terminated)
        problem = "terminating NUL missing";
    else if (lone_surrogate)
        problem = "invalid UTF-16 (lone surrogate)";

    if (problem) {
        out->bad = TRUE;
        if (item)
            expert_add_info_format(ndr->pinfo, item, &ei_bad_string, "Malformed NDR string: %s", problem);
        else
            proto_tree_add_expert_format(tree, ndr->pinfo, &ei_bad_string, ndr->tvb, data_offset,
                                         2 * (int)readable, "Malformed NDR string: %s", problem);
    }

    /* Shown what was there; now stop as Wireshark does at the end of data.
     * 2 * actual would wrap for NDR64 counts of 2^63 and more: saturate. */
    if (cut)
        tvb_ensure_bytes_exist64(ndr->tvb, data_offset, actual > G_MAXINT ? G_MAXUINT64 : 2 * actual);
    ndr->offset = data_offset + 2 * (int)actual;
}

void
srvsess_ndr_null_pointer(srvsess_ndr_t *ndr, proto_tree *tree, int ref_offset, const char *what)
{
    proto_item_append_text(srvsess_ndr_referent_item(ndr, tree, ref_offset), " (NULL %s)", what);
}

void
srvsess_ndr_unique_string(srvsess_ndr_t *ndr, proto_tree *tree, int hf, gboolean want_text,
                          srvsess_string_t *out)
{
    int wide = srvsess_ndr_wide(ndr);
    int ref_offset;

    srvsess_ndr_align(ndr, wide);
    ref_offset = ndr->offset;
    if (get_wide(ndr, ref_offset) == 0) {
        memset(out, 0, sizeof(*out));
        srvsess_ndr_null_pointer(ndr, tree, ref_offset, proto_registrar_get_abbrev(hf));
        ndr->offset += wide;
        return;
    }
    ndr->offset += wide;
    srvsess_ndr_string(ndr, tree, hf, ref_offset, want_text, out);
}

/* Code unit i of a string, from the bytes tvb_get_ptr() gave. */
static inline guint16
unit_at(const guint8 *data, guint32 i, guint enc)
{
    return enc == ENC_LITTLE_ENDIAN ? (guint16)(data[2 * i] | data[2 * i + 1] << 8)
                                    : (guint16)(data[2 * i] << 8 | data[2 * i + 1]);
}

gboolean
srvsess_ndr_string_equals(const srvsess_ndr_t *ndr, const srvsess_string_t *s, const char *ascii)
{
    guint32 n = (guint32)strlen(ascii);
    const guint8 *data;

    if (!s->present || s->units != n)
        return FALSE;
    data = tvb_get_ptr(ndr->tvb, s->data_offset, 2 * (int)n);
    for (guint32 i = 0; i < n; i++)
        if (unit_at(data, i, ndr->enc) != (guint8)ascii[i])
            return FALSE;
    return TRUE;
}

int
srvsess_ndr_string_find_backslash(const srvsess_ndr_t *ndr, const srvsess_string_t *s, guint32 from)
{
    const guint8 *data;

    if (!s->present || from >= s->units)
        return -1;
    data = tvb_get_ptr(ndr->tvb, s->data_offset, 2 * (int)s->units);
    for (guint32 i = from; i < s->units; i++)
        if (unit_at(data, i, ndr->enc) == '\\')
            return (int)i;
    return -1;
}
