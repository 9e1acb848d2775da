# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Included at install time by each `cmake --install` rule of srvsess (the plugin,
# srvsess-scan, the profile), so all three go the same way: sets
# SRVSESS_INSTALL_FOR_SYSTEM to TRUE for Wireshark's system folders, FALSE for
# the personal ones of whoever installs.
#   system:   root (Wireshark run as root reads only the system plugin folder),
#             -DSRVSESS_INSTALL_SYSTEM=ON (SRVSESS_FORCE_SYSTEM in the rule), or
#             SRVSESS_INSTALL_SYSTEM=1 in the environment;
#   personal: anyone else, and SRVSESS_INSTALL_PERSONAL=1 in the environment
#             even as root (root preparing a user's home).
execute_process(COMMAND id -u OUTPUT_VARIABLE _srvsess_uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT "$ENV{SRVSESS_INSTALL_PERSONAL}"
   AND (SRVSESS_FORCE_SYSTEM OR "$ENV{SRVSESS_INSTALL_SYSTEM}" OR _srvsess_uid STREQUAL "0"))
  set(SRVSESS_INSTALL_FOR_SYSTEM TRUE)
else()
  set(SRVSESS_INSTALL_FOR_SYSTEM FALSE)
endif()
