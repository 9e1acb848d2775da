# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The `srvsess` Wireshark configuration profile (profiles/srvsess: preferences
# with the session columns, colorfilters with the session coloring rules),
# installed where Wireshark looks for profiles:
#
#   cmake --install, as a user    the personal profiles folder,
#                                 ~/.config/wireshark/profiles/srvsess
#   cmake --install, as root      the global profiles folder in Wireshark's data
#   (or SRVSESS_INSTALL_SYSTEM)   folder, /usr/share/wireshark/profiles/srvsess;
#                                 Wireshark lists it for every user, and picking
#                                 it (GUI, or tshark -C srvsess) copies it into
#                                 that user's personal folder
#   the .deb (cpack -G DEB)       the global profiles folder
#
# Same choice and same install components as the plugin (SrvsessPackaging.cmake,
# SrvsessInstall.cmake): `user` for cmake --install, `deb` for cpack.
#
# This file is read twice: by the top CMakeLists.txt (registers the install
# rules) and, at install time, by the rule itself with SRVSESS_PROFILE_SOURCE
# set (picks the folder for whoever installs).

if(NOT DEFINED SRVSESS_PROFILE_SOURCE)
  # Configure time.
  set(_profile_src "${PROJECT_SOURCE_DIR}/profiles/srvsess")
  set(_profile_files "${_profile_src}/preferences" "${_profile_src}/colorfilters")
  # Wireshark's data folder is <its prefix>/share/wireshark (tshark -G folders:
  # "Global configuration"); global profiles live in its profiles/ subfolder.
  set(SRVSESS_GLOBAL_PROFILE_DIR "${Wireshark_INSTALL_PREFIX}/share/wireshark/profiles/srvsess")
  install(CODE "
    set(SRVSESS_PROFILE_SOURCE \"${_profile_src}\")
    set(SRVSESS_PROFILE_FILES \"${_profile_files}\")
    set(SRVSESS_GLOBAL_PROFILE_DIR \"${SRVSESS_GLOBAL_PROFILE_DIR}\")
    set(SRVSESS_FORCE_SYSTEM \"${SRVSESS_INSTALL_SYSTEM}\")
    include(\"${CMAKE_CURRENT_LIST_FILE}\")
  " COMPONENT user)
  # The package: relative to CPACK_PACKAGING_INSTALL_PREFIX (/usr), like the plugin.
  install(FILES ${_profile_files} DESTINATION "share/wireshark/profiles/srvsess"
          PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
          COMPONENT deb EXCLUDE_FROM_ALL)
  return()
endif()

# Install time: the same choice as for the plugin.
include("${CMAKE_CURRENT_LIST_DIR}/SrvsessInstallFor.cmake")
if(SRVSESS_INSTALL_FOR_SYSTEM)
  set(_dir "${SRVSESS_GLOBAL_PROFILE_DIR}")
else()
  # The personal configuration folder, found the way Wireshark finds it
  # (wsutil/filesystem.c): $WIRESHARK_CONFIG_DIR if set, else a legacy
  # ~/.wireshark if it exists, else $XDG_CONFIG_HOME/wireshark (~/.config/wireshark).
  if(NOT "$ENV{WIRESHARK_CONFIG_DIR}" STREQUAL "")
    set(_conf "$ENV{WIRESHARK_CONFIG_DIR}")
  elseif(IS_DIRECTORY "$ENV{HOME}/.wireshark")
    set(_conf "$ENV{HOME}/.wireshark")
  elseif(NOT "$ENV{XDG_CONFIG_HOME}" STREQUAL "")
    set(_conf "$ENV{XDG_CONFIG_HOME}/wireshark")
  else()
    set(_conf "$ENV{HOME}/.config/wireshark")
  endif()
  set(_dir "${_conf}/profiles/srvsess")
endif()
# Only the shipped files are (re)written: what Wireshark itself keeps in the
# profile (recent, a user's other changes in other files) stays.
# file(INSTALL) puts $DESTDIR in front of an absolute destination itself.
file(INSTALL ${SRVSESS_PROFILE_FILES} DESTINATION "${_dir}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
