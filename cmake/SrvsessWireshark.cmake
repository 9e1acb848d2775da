# Finds the Wireshark that libwireshark-dev installed and refuses any other
# release series than 4.0: srvsess patches 4.0's DCE-RPC srvsvc operation table.
find_package(Wireshark CONFIG)
if(NOT Wireshark_FOUND)
  message(FATAL_ERROR
    "Wireshark's CMake package was not found. On Debian 12: apt-get install libwireshark-dev wireshark-dev")
endif()
if(NOT Wireshark_VERSION VERSION_GREATER_EQUAL 4.0 OR Wireshark_VERSION VERSION_GREATER_EQUAL 4.1)
  message(FATAL_ERROR
    "srvsess supports Wireshark 4.0.x only; found Wireshark ${Wireshark_VERSION}. "
    "It relies on 4.0's dcerpc_uuid_value layout and srvsvc operation table.")
endif()
if(NOT Wireshark_PLUGINS_ENABLED)
  message(FATAL_ERROR "This Wireshark ${Wireshark_VERSION} was built without plugin support")
endif()
set(SRVSESS_WS_SERIES "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
message(STATUS "srvsess: building against Wireshark ${Wireshark_VERSION}")
