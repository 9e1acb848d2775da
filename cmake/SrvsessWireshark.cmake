# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# Finds the Wireshark that libwireshark-dev installed and refuses release series
# srvsess was not written for. srvsess patches the srvsvc operation table that
# the DCE-RPC dissector keeps in its exported dcerpc_uuids hash; that layout is
# what 4.0 through 4.6 share (4.4 only made `procs` const). Tested: 4.0 (Debian 12),
# 4.4 (Debian 13), 4.6 (Debian sid); 4.2 builds from the same version checks but
# no Debian release ships it, so it is untested.
set(SRVSESS_WIRESHARK_MIN 4.0)
set(SRVSESS_WIRESHARK_MAX 4.6)   # the newest series, inclusive
# QUIET: when it is missing, the one line below says what to do, not CMake's page
# about package configuration files.
find_package(Wireshark CONFIG QUIET)
if(NOT Wireshark_FOUND)
  message(FATAL_ERROR "srvsess needs libwireshark-dev: apt-get install libwireshark-dev")
endif()
set(SRVSESS_WS_SERIES "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
if(SRVSESS_WS_SERIES VERSION_LESS SRVSESS_WIRESHARK_MIN OR SRVSESS_WS_SERIES VERSION_GREATER SRVSESS_WIRESHARK_MAX)
  message(FATAL_ERROR
    "srvsess supports Wireshark ${SRVSESS_WIRESHARK_MIN} through ${SRVSESS_WIRESHARK_MAX}; found Wireshark ${Wireshark_VERSION}. "
    "It relies on the dcerpc_uuid_value layout and srvsvc operation table of those releases.")
endif()
if(NOT Wireshark_PLUGINS_ENABLED)
  message(FATAL_ERROR "This Wireshark ${Wireshark_VERSION} was built without plugin support")
endif()
message(STATUS "srvsess: building against Wireshark ${Wireshark_VERSION}")
