# Run by cmake --install (see SrvsessPackaging.cmake): picks the plugin folder
# Wireshark will actually read for whoever installs.
execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE)
# SRVSESS_INSTALL_PERSONAL=1 asks for $HOME's personal folder even as root
# (for a user's home prepared by root; Wireshark run as root does not read it).
if("$ENV{SRVSESS_INSTALL_PERSONAL}")
  set(_dir "$ENV{HOME}/.local/lib/wireshark/plugins/${SRVSESS_WS_SERIES}/epan")
elseif(SRVSESS_FORCE_SYSTEM OR "$ENV{SRVSESS_INSTALL_SYSTEM}" OR _uid STREQUAL "0")
  set(_dir "${SRVSESS_SYSTEM_PLUGIN_DIR}")
else()
  set(_dir "$ENV{HOME}/.local/lib/wireshark/plugins/${SRVSESS_WS_SERIES}/epan")
endif()
# file(INSTALL) puts $DESTDIR in front of an absolute destination itself.
file(INSTALL "${SRVSESS_PLUGIN_FILE}" DESTINATION "${_dir}")
