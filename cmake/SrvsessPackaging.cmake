# cmake --install: the personal plugin folder (~/.local/lib/wireshark/plugins/4.0/epan),
# or Wireshark's system plugin folder when run as root (Wireshark 4.0 run as root
# reads only that one), when configured with -DSRVSESS_INSTALL_SYSTEM=ON, or when
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
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libwireshark16 (>= ${Wireshark_VERSION}), libwireshark16 (<< 4.1)")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
