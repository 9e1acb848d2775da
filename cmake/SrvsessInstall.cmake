# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# The install rules: one layout, the distribution's, whoever runs `cmake --install`
# (root, a packaging user, fakeroot, with or without DESTDIR). Nothing here looks
# at who installs: a packager gets the same tree as root does.
#
#   <prefix>/<Wireshark's plugin dir>/epan/srvsess.so
#        Wireshark's own answer, relative to its prefix (WiresharkConfig.cmake:
#        Wireshark_PLUGIN_LIBDIR, e.g. lib/x86_64-linux-gnu/wireshark/plugins/4.0)
#   <prefix>/share/wireshark/profiles/srvsess/{preferences,colorfilters}
#        the global profiles folder in Wireshark's data folder (tshark -G folders:
#        "Global configuration"); picking the profile copies it to the user's folder
#   <prefix>/bin/srvsess-scan
#   <prefix>/libexec/srvsess/srvsess-prefilter   (srvsess-scan finds it from its own folder)
#
# The default prefix is Wireshark's own (/usr on Debian), so `sudo cmake --install
# build` lands where that Wireshark reads; a packager passes --prefix anyway.
#
# The personal folders (no root needed) are an explicit choice, a separate target:
#   cmake --build build --target install-personal
# (cmake/SrvsessInstallPersonal.cmake; docs/install.md).
include(GNUInstallDirs)

if(DEFINED Wireshark_PLUGIN_LIBDIR)
  set(SRVSESS_PLUGIN_LIBDIR "${Wireshark_PLUGIN_LIBDIR}")
else()
  file(RELATIVE_PATH SRVSESS_PLUGIN_LIBDIR "${Wireshark_INSTALL_PREFIX}" "${Wireshark_PLUGIN_INSTALL_DIR}")
endif()
if(IS_ABSOLUTE "${SRVSESS_PLUGIN_LIBDIR}" OR SRVSESS_PLUGIN_LIBDIR MATCHES "^\\.\\.")
  message(FATAL_ERROR "srvsess: Wireshark's plugin folder '${SRVSESS_PLUGIN_LIBDIR}' is not under its prefix ${Wireshark_INSTALL_PREFIX}")
endif()
set(SRVSESS_PROFILE_FILES "${PROJECT_SOURCE_DIR}/profiles/srvsess/preferences"
                          "${PROJECT_SOURCE_DIR}/profiles/srvsess/colorfilters")
set(SRVSESS_SCAN "${PROJECT_SOURCE_DIR}/tools/srvsess-scan")

install(TARGETS srvsess LIBRARY DESTINATION "${SRVSESS_PLUGIN_LIBDIR}/epan")
install(FILES ${SRVSESS_PROFILE_FILES} DESTINATION "${CMAKE_INSTALL_DATADIR}/wireshark/profiles/srvsess")
install(PROGRAMS "${SRVSESS_SCAN}" DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS srvsess-prefilter RUNTIME DESTINATION "${CMAKE_INSTALL_LIBEXECDIR}/srvsess")

# The personal install: a script with this build's paths, run by the target (or by
# `cmake -P build/srvsess-install-personal.cmake`, which needs only read access
# to the build tree: root preparing another account runs it with that HOME).
file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/srvsess-install-personal.cmake" CONTENT "\
set(SRVSESS_PLUGIN_FILE \"$<TARGET_FILE:srvsess>\")
set(SRVSESS_WS_SERIES \"${SRVSESS_WS_SERIES}\")
set(SRVSESS_PROFILE_FILES \"${SRVSESS_PROFILE_FILES}\")
set(SRVSESS_SCAN \"${SRVSESS_SCAN}\")
set(SRVSESS_PREFILTER_FILE \"$<TARGET_FILE:srvsess-prefilter>\")
include(\"${CMAKE_CURRENT_LIST_DIR}/SrvsessInstallPersonal.cmake\")
")
add_custom_target(install-personal
  COMMAND "${CMAKE_COMMAND}" -P "${CMAKE_BINARY_DIR}/srvsess-install-personal.cmake"
  DEPENDS srvsess srvsess-prefilter
  COMMENT "srvsess: installing into the personal folders under $HOME"
  VERBATIM)
