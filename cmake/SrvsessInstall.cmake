# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Run by cmake --install (see SrvsessPackaging.cmake): picks the plugin folder
# Wireshark will actually read for whoever installs.
include("${CMAKE_CURRENT_LIST_DIR}/SrvsessInstallFor.cmake")
if(SRVSESS_INSTALL_FOR_SYSTEM)
  set(_dir "${SRVSESS_SYSTEM_PLUGIN_DIR}")
else()
  set(_dir "$ENV{HOME}/.local/lib/wireshark/plugins/${SRVSESS_WS_SERIES}/epan")
endif()
# file(INSTALL) puts $DESTDIR in front of an absolute destination itself.
file(INSTALL "${SRVSESS_PLUGIN_FILE}" DESTINATION "${_dir}")
