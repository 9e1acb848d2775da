/* srvsess-ndr.h — a cursor over one NDR stub (NDR20 either byte order, or NDR64).
 *
 * srvsess walks the stub itself instead of using Wireshark's generic NDR
 * pointer machinery: the shapes it reads are few (uint32, unique pointers,
 * conformant varying UTF-16 strings, one conformant array of structs), and
 * knowing them lets every read be bounded by the bytes actually captured.
 *
 * Copyright 2026 The srvsess authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SRVSESS_NDR_H
#define SRVSESS_NDR_H

#include <epan/packet.h>

typedef struct srvsess_ndr {
    tvbuff_t    *tvb;
    packet_info *pinfo;
    int          offset;    /* next unread byte, relative to the stub start */
    guint        enc;       /* ENC_LITTLE_ENDIAN or ENC_BIG_ENDIAN, from the DREP */
    gboolean     ndr64;     /* pointers and array counts are 8 bytes, 8-aligned */
} srvsess_ndr_t;

/* Width and alignment of a pointer or of an array/string count. */
static inline int srvsess_ndr_wide(const srvsess_ndr_t *ndr) { return ndr->ndr64 ? 8 : 4; }

/* Skip padding so that the next read is aligned to `alignment` (a power of two). */
static inline void srvsess_ndr_align(srvsess_ndr_t *ndr, int alignment)
{
    ndr->offset = (ndr->offset + alignment - 1) & ~(alignment - 1);
}

/* The decoded text of one [string] wchar_t* member; `text` is NULL when the
 * pointer was NULL or when nothing asked for the text (see want_text). */
typedef struct srvsess_string {
    gboolean     present;       /* referent id was non-zero */
    gboolean     bad;           /* srvsess.bad_string was raised on it */
    guint32      units;         /* UTF-16 code units before the terminator */
    int          data_offset;   /* where the code units start in the stub */
    const char  *text;          /* UTF-8, pinfo->pool; NULL if not converted */
    proto_item  *item;          /* the string's field item, when a tree was built */
} srvsess_string_t;

void srvsess_ndr_register(int proto);

/* Reads a uint32, adds it as `hf` (may be -1 for "read only"). */
guint32 srvsess_ndr_uint32(srvsess_ndr_t *ndr, proto_tree *tree, int hf, proto_item **item);

/* Reads a pointer's referent id (4 or 8 bytes). Adds it as srvsess.ndr.referent_id
 * only when `tree` is not NULL; returns the id and where it stood. */
guint64 srvsess_ndr_pointer(srvsess_ndr_t *ndr, proto_tree *tree, int *where);

/* The referent id stored at `offset` (read without advancing). */
guint64 srvsess_ndr_referent_at(const srvsess_ndr_t *ndr, int offset);

/* Reads an array's conformance (max) count as plumbing under `tree`. */
guint64 srvsess_ndr_max_count(srvsess_ndr_t *ndr, proto_tree *tree);

/* Reads the pointee of a [string] wchar_t* whose referent id (at `ref_offset`,
 * `ref_width` bytes) was non-zero, and adds it as `hf` with its plumbing
 * (referent id, max count, offset, actual count) tucked beneath. The text is
 * converted only when `want_text` or a tree is built. Malformed strings get
 * srvsess.bad_string on their item; a string cut short by the end of the stub
 * throws after showing what was there. */
void srvsess_ndr_string(srvsess_ndr_t *ndr, proto_tree *tree, int hf,
                        int ref_offset, gboolean want_text, srvsess_string_t *out);

/* A top-level unique pointer to a string: pointer, then its pointee at once. */
void srvsess_ndr_unique_string(srvsess_ndr_t *ndr, proto_tree *tree, int hf,
                               gboolean want_text, srvsess_string_t *out);

/* Shows the referent id stored at `offset` as plumbing under `tree`. */
proto_item *srvsess_ndr_referent_item(srvsess_ndr_t *ndr, proto_tree *tree, int offset);

/* Shows a NULL referent id of member `what` (no field for the member itself). */
void srvsess_ndr_null_pointer(srvsess_ndr_t *ndr, proto_tree *tree, int ref_offset,
                              const char *what);

/* True if the UTF-16 code units of `s` equal the ASCII text `ascii`. */
gboolean srvsess_ndr_string_equals(const srvsess_ndr_t *ndr, const srvsess_string_t *s,
                                   const char *ascii);

/* Index of the first backslash at or after code unit `from`, or -1. */
int srvsess_ndr_string_find_backslash(const srvsess_ndr_t *ndr, const srvsess_string_t *s,
                                      guint32 from);

/* UTF-16 code unit `i` of `s`. */
static inline guint16 srvsess_ndr_string_unit(const srvsess_ndr_t *ndr,
                                              const srvsess_string_t *s, guint32 i)
{
    return tvb_get_uint16(ndr->tvb, s->data_offset + 2 * (int)i, ndr->enc);
}

#endif /* SRVSESS_NDR_H */
