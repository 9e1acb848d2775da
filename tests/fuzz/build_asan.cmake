# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake -DSRC=<source dir> -DBIN=<build dir> [-DWireshark_DIR=...] -P build_asan.cmake
# Configures and builds srvsess with -DSRVSESS_SANITIZE=ON (ASan + UBSan) into BIN.
# Used by the fuzz.build_asan ctest fixture and the fuzz-campaign target.
if(NOT SRC OR NOT BIN)
  message(FATAL_ERROR "usage: cmake -DSRC=... -DBIN=... -P build_asan.cmake")
endif()
set(_args -S "${SRC}" -B "${BIN}" -DSRVSESS_SANITIZE=ON -DSRVSESS_WERROR=ON -DBUILD_TESTING=OFF)
if(Wireshark_DIR)
  list(APPEND _args "-DWireshark_DIR=${Wireshark_DIR}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" ${_args} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "configuring the sanitizer build failed (${_rc})")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BIN}" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "building the sanitizer build failed (${_rc})")
endif()
file(GLOB _plugin "${BIN}/plugins/*/epan/srvsess.so")
if(NOT _plugin)
  message(FATAL_ERROR "no ${BIN}/plugins/<major.minor>/epan/srvsess.so after the build")
endif()
