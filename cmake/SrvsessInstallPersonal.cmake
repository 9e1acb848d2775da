# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmake --build build --target install-personal` (script mode, paths from the
# generated build/srvsess-install-personal.cmake): srvsess for one account, in
# the folders that account's Wireshark reads, found the way Wireshark finds them
# (wsutil/filesystem.c), from $HOME:
#   plugin    ~/.local/lib/wireshark/plugins/<series>/epan/srvsess.so
#   profile   <personal configuration>/profiles/srvsess: $WIRESHARK_CONFIG_DIR if set,
#             else a legacy ~/.wireshark if it exists, else $XDG_CONFIG_HOME/wireshark
#             (~/.config/wireshark)
#   scan      ~/.local/bin/srvsess-scan (Debian's ~/.profile puts it on PATH)
#   helper    ~/.local/libexec/srvsess/srvsess-prefilter (found by srvsess-scan from its own folder)
# Wireshark run as root reads only the system folders: root uses cmake --install.
if("$ENV{HOME}" STREQUAL "")
  message(FATAL_ERROR "srvsess install-personal: HOME is not set")
endif()
set(_home "$ENV{HOME}")
if(NOT "$ENV{WIRESHARK_CONFIG_DIR}" STREQUAL "")
  set(_conf "$ENV{WIRESHARK_CONFIG_DIR}")
elseif(IS_DIRECTORY "${_home}/.wireshark")
  set(_conf "${_home}/.wireshark")
elseif(NOT "$ENV{XDG_CONFIG_HOME}" STREQUAL "")
  set(_conf "$ENV{XDG_CONFIG_HOME}/wireshark")
else()
  set(_conf "${_home}/.config/wireshark")
endif()
set(_r OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
set(_x OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# file(INSTALL) puts $DESTDIR in front of these absolute folders itself, and
# prints each file it installs.
file(INSTALL "${SRVSESS_PLUGIN_FILE}"
     DESTINATION "${_home}/.local/lib/wireshark/plugins/${SRVSESS_WS_SERIES}/epan" FILE_PERMISSIONS ${_r})
# Only the shipped files are (re)written: what Wireshark keeps in the profile
# (recent, the user's own changes in other files) stays.
file(INSTALL ${SRVSESS_PROFILE_FILES} DESTINATION "${_conf}/profiles/srvsess" FILE_PERMISSIONS ${_r})
file(INSTALL "${SRVSESS_SCAN}" DESTINATION "${_home}/.local/bin" FILE_PERMISSIONS ${_x})
file(INSTALL "${SRVSESS_PREFILTER_FILE}" DESTINATION "${_home}/.local/libexec/srvsess" FILE_PERMISSIONS ${_x})
