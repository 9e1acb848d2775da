# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake --install: the personal plugin folder (~/.local/lib/wireshark/plugins/<series>/epan,
# <series> the major.minor built against), or Wireshark's system plugin folder when
# run as root (Wireshark run as root reads only that one), when configured with -DSRVSESS_INSTALL_SYSTEM=ON, or when
# SRVSESS_INSTALL_SYSTEM=1 is in the environment of the install.
option(SRVSESS_INSTALL_SYSTEM "cmake --install into Wireshark's system plugin folder" OFF)

set(SRVSESS_SYSTEM_PLUGIN_DIR "${Wireshark_PLUGIN_INSTALL_DIR}/epan")
install(CODE "
  set(SRVSESS_PLUGIN_FILE \"$<TARGET_FILE:srvsess>\")
  set(SRVSESS_SYSTEM_PLUGIN_DIR \"${SRVSESS_SYSTEM_PLUGIN_DIR}\")
  set(SRVSESS_WS_SERIES \"${SRVSESS_WS_SERIES}\")
  set(SRVSESS_FORCE_SYSTEM \"${SRVSESS_INSTALL_SYSTEM}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/SrvsessInstall.cmake\")
" COMPONENT user)

# The .deb: the plugin in the system folder. EXCLUDE_FROM_ALL keeps this rule
# out of a plain cmake --install; cpack installs exactly this component.
install(TARGETS srvsess LIBRARY DESTINATION "${Wireshark_PLUGIN_LIBDIR}/epan"
        COMPONENT deb EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wireshark-plugin-srvsess)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "srvsess developers <dev@srvsess.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin: SRVSVC session enumeration (NetrSessionEnum) as fields and expert info")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Install only the "deb" component into the package (not the per-user rule above).
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};deb;/")
# The architecture is the build's own (CPack asks dpkg --print-architecture).
# The dependency is the libwireshark package that holds the library this build
# linked against (its name carries the soname: libwireshark16 for 4.0,
# libwireshark18 for 4.4, ...), from this version up to the next release series.
get_target_property(_epan_configs epan IMPORTED_CONFIGURATIONS)
list(GET _epan_configs 0 _epan_config)
get_target_property(_epan_lib epan IMPORTED_LOCATION_${_epan_config})
set(SRVSESS_LIBWIRESHARK_PACKAGE "")
find_program(SRVSESS_DPKG_QUERY dpkg-query)
if(SRVSESS_DPKG_QUERY AND _epan_lib)
  get_filename_component(_epan_real "${_epan_lib}" REALPATH)
  execute_process(COMMAND ${SRVSESS_DPKG_QUERY} -S "${_epan_real}"
                  OUTPUT_VARIABLE _owner OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REGEX REPLACE "^([^:, ]+).*" "\\1" SRVSESS_LIBWIRESHARK_PACKAGE "${_owner}")
endif()
if(SRVSESS_LIBWIRESHARK_PACKAGE)
  math(EXPR _next_minor "${Wireshark_MINOR_VERSION} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "${SRVSESS_LIBWIRESHARK_PACKAGE} (>= ${Wireshark_VERSION}), ${SRVSESS_LIBWIRESHARK_PACKAGE} (<< ${Wireshark_MAJOR_VERSION}.${_next_minor})")
else()
  message(STATUS "srvsess: no dpkg package owns ${_epan_lib}; the .deb will declare no libwireshark dependency")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
