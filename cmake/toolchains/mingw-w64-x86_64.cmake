# SPDX-License-Identifier: Apache-2.0
# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix).
# The posix thread model is needed: GCC 12's win32 model has no std::thread, which Asio uses.
# Programs are linked statically (libstdc++, libgcc, winpthread), so a bare .exe runs on Windows
# or under wine without DLLs next to it. Dependencies are not searched on the build host; pass
# their package directories explicitly (Boost_DIR, nlohmann_json_DIR, CLI11_DIR), as
# ci/windows-mingw-wine.sh does.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(LC_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${LC_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${LC_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${LC_MINGW_TRIPLET}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${LC_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Lets add_test()/ctest run the Windows programs on the build host.
find_program(LC_WINE NAMES wine wine64)
if(LC_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LC_WINE})
endif()
