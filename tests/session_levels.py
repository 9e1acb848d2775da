# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The members of each SESSION_INFO level, in wire order (MS-SRVS 2.2.4.10-15),
by their srvsess field names: shared by the capture generators and the checks."""

LEVEL_MEMBERS = {
    0: ("cname",),
    1: ("cname", "username", "num_opens", "time", "idle_time", "user_flags"),
    2: ("cname", "username", "num_opens", "time", "idle_time", "user_flags", "cltype_name"),
    10: ("cname", "username", "time", "idle_time"),
    502: ("cname", "username", "num_opens", "time", "idle_time", "user_flags", "cltype_name", "transport"),
}

STRING_MEMBERS = ("cname", "username", "cltype_name", "transport")
UINT_MEMBERS = ("num_opens", "time", "idle_time", "user_flags")

# The members of each WKSTA_USER_INFO level (MS-WKST 2.2.5.13-14, NetrWkstaUserEnum
# opnum 2), in wire order, by their srvsess field names. All are [string] pointers.
WKSTA_LEVEL_MEMBERS = {
    0: ("username",),
    1: ("username", "logon_domain", "oth_domains", "logon_server"),
}
WKSTA_STRING_MEMBERS = ("username", "logon_domain", "oth_domains", "logon_server")
