# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# srvsess-scan (tools/srvsess-scan), the batch inventory command, installed
# like the plugin (SrvsessPackaging.cmake, SrvsessInstall.cmake):
#
#   cmake --install, as a user    ~/.local/bin/srvsess-scan (Debian's ~/.profile
#                                 puts ~/.local/bin on PATH when it exists)
#   cmake --install, as root      <CMAKE_INSTALL_PREFIX>/bin (/usr/local/bin by
#   (or SRVSESS_INSTALL_SYSTEM)   default; --prefix changes it)
#   the .deb (cpack -G DEB)       /usr/bin/srvsess-scan
#
# Same choice and same install components as the plugin: `user` for cmake
# --install, `deb` (EXCLUDE_FROM_ALL) for cpack.
#
# This file is read twice: by the top CMakeLists.txt (registers the install
# rules) and, at install time, by the rule itself with SRVSESS_SCAN_SOURCE set
# (picks the folder for whoever installs).

if(NOT DEFINED SRVSESS_SCAN_SOURCE)
  # Configure time.
  set(_scan "${PROJECT_SOURCE_DIR}/tools/srvsess-scan")
  install(CODE "
    set(SRVSESS_SCAN_SOURCE \"${_scan}\")
    set(SRVSESS_FORCE_SYSTEM \"${SRVSESS_INSTALL_SYSTEM}\")
    include(\"${CMAKE_CURRENT_LIST_FILE}\")
  " COMPONENT user)
  # The package: relative to CPACK_PACKAGING_INSTALL_PREFIX (/usr).
  install(PROGRAMS "${_scan}" DESTINATION bin COMPONENT deb EXCLUDE_FROM_ALL)
  return()
endif()

# Install time: the same choice as for the plugin.
include("${CMAKE_CURRENT_LIST_DIR}/SrvsessInstallFor.cmake")
if(SRVSESS_INSTALL_FOR_SYSTEM)
  set(_dir "${CMAKE_INSTALL_PREFIX}/bin")
else()
  set(_dir "$ENV{HOME}/.local/bin")
endif()
# file(INSTALL) puts $DESTDIR in front of an absolute destination itself.
file(INSTALL "${SRVSESS_SCAN_SOURCE}" DESTINATION "${_dir}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
