# Copyright 2026 The srvsess authors
# SPDX-License-Identifier: GPL-2.0-or-later
# -DSRVSESS_SANITIZE=ON builds the plugin with AddressSanitizer and
# UndefinedBehaviorSanitizer. The stock tshark is not instrumented, so the
# runtimes are preloaded when tshark runs (see tests/tshark-env.sh):
#   LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
option(SRVSESS_SANITIZE "Build the plugin with ASan and UBSan" OFF)

function(srvsess_apply_sanitizers target)
  if(SRVSESS_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
