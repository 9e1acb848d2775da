# Run by cmake --install (see SrvsessPackaging.cmake): picks the plugin folder
# Wireshark will actually read for whoever installs.
execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(SRVSESS_FORCE_SYSTEM OR "$ENV{SRVSESS_INSTALL_SYSTEM}" OR _uid STREQUAL "0")
  set(_dir "${SRVSESS_SYSTEM_PLUGIN_DIR}")
else()
  set(_dir "$ENV{HOME}/.local/lib/wireshark/plugins/${SRVSESS_WS_SERIES}/epan")
endif()
file(INSTALL "${SRVSESS_PLUGIN_FILE}" DESTINATION "$ENV{DESTDIR}${_dir}")
