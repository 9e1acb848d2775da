/* known_bad.c
 * Not built: input for tests/checkers/run_checkers.sh, which first checks that
 * each of Wireshark's checkers reports this file (a prohibited API, an hf that
 * is registered but never used, a filter name outside the protocol's
 * abbreviation), so a checker that silently stopped working cannot pass.
 *
 * Copyright 2026 The srvsess authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>

static int proto_bad = -1;
static int hf_bad_used = -1;
static int hf_bad_unused = -1;
static int hf_bad_wrong = -1;
static gint ett_bad = -1;

static void
dissect_bad(proto_tree *tree, tvbuff_t *tvb)
{
    char buf[8];
    sprintf(buf, "x");
    proto_tree_add_item(tree, hf_bad_used, tvb, 0, 1, ENC_NA);
    proto_tree_add_item(tree, hf_bad_wrong, tvb, 0, 1, ENC_NA);
}

void
proto_register_bad(void)
{
    static hf_register_info hf[] = {
        { &hf_bad_used, { "Used", "bad.used", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_bad_unused, { "Unused", "bad.unused", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_bad_wrong, { "Wrong", "other.wrong", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    };
    static gint *ett[] = { &ett_bad };

    proto_bad = proto_register_protocol("Bad", "BAD", "bad");
    proto_register_field_array(proto_bad, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}
