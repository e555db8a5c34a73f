# SPDX-License-Identifier: Apache-2.0
# Clean-build speed (issue 16; docs/benchmarks.md has the times). Included after every target
# exists. Two means, each an option:
# - LC_UNITY_BUILD (ON): every target of this project compiles as one translation unit (CMake's
#   unity build), so the heavy headers (nlohmann/json, GoogleTest, CLI11, yaml-cpp, valijson) are
#   parsed and their templates instantiated once per target instead of once per source file.
#   Names at namespace scope must then be unique across a target's sources, anonymous namespaces
#   included. LC_UNITY_BUILD=OFF for a tight edit-compile loop on one file.
# - LC_PCH (ON): the standard library, nlohmann/json and GoogleTest precompiled once, in two
#   object libraries, and reused by every library, program and test program (REUSE_FROM): with a
#   unity build a per-target precompiled header would cost as much as it saves. GCC checks that a
#   precompiled header fits the compilation (CMake adds -Winvalid-pch: with LC_WERROR a misfit
#   fails the build instead of silently costing time); Clang refuses a misfit with an error.
#   GCC and Clang (CMake adds -fpch-instantiate-templates for Clang: the header's templates are
#   instantiated once, in the header). Not AppleClang or MSVC: untested there.
# The compiler is the one CMake was given: ci/build.sh gives the Check build Clang when one of
# version 16 or later is installed (lc_check_compiler in ci/lib.sh), because Clang with these
# precompiled headers builds everything here in about half of GCC's CPU time
# (docs/benchmarks.md, "Clean build time").
option(LC_UNITY_BUILD "Compile each target as one translation unit (cmake/BuildSpeed.cmake)" ON)
option(LC_PCH "Precompile the standard library, nlohmann/json and GoogleTest once (cmake/BuildSpeed.cmake)" ON)
if(LC_FUZZ)
  return()
endif()

# Every target of the build system, in this directory and below.
function(lc_collect_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    lc_collect_targets(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()
lc_collect_targets(${PROJECT_SOURCE_DIR} lc_all_targets)

set(lc_compiled_targets)
foreach(target IN LISTS lc_all_targets)
  get_target_property(type ${target} TYPE)
  get_target_property(sources ${target} SOURCES)
  if(type MATCHES "^(STATIC_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$" AND sources MATCHES "\\.cpp")
    list(APPEND lc_compiled_targets ${target})
  endif()
endforeach()

if(LC_UNITY_BUILD)
  set_target_properties(${lc_compiled_targets} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  # GCC 12 warns falsely about std::string's memcpy once a unit inlines enough of it (-O2 and
  # up): -Warray-bounds, -Wrestrict, -Wstringop-overread/-overflow (GCC bugs 105329, 105651 and
  # their duplicates, fixed in GCC 13). One unit per target inlines more: the mingw-w64 Release
  # build met two of them in listener_lookup_none.cpp's push_back of a string literal.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    foreach(target IN LISTS lc_compiled_targets)
      target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-restrict -Wno-stringop-overread -Wno-stringop-overflow)
    endforeach()
  endif()
endif()

# GCC collects its garbage from a heap of 4 MB on (growing by 30 % to 100 % with the machine's
# memory), dozens of times per unit of this project. From 1 GB on it hardly collects: lc_kernels'
# unit takes 7.6 s of CPU instead of 8.4 s with 256 MB (and ~9 s with the default), for a peak
# of ~700 MB per compiler instead of 600 MB.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT LC_FUZZ)
  foreach(target IN LISTS lc_compiled_targets)
    target_compile_options(${target} PRIVATE --param=ggc-min-heapsize=1048576 --param=ggc-min-expand=100)
  endforeach()
endif()

if(LC_PCH AND CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$")
  # Two: GoogleTest's targets are compiled with its definitions (GTEST_HAS_PTHREAD=1 ...), and a
  # precompiled header made with other macros than the compilation's is refused.
  set(lc_pch_headers <algorithm> <chrono> <cstdint> <filesystem> <functional> <map> <memory> <optional> <set>
      <sstream> <string> <string_view> <vector> <nlohmann/json.hpp>)
  add_library(lc_pch_code OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp)
  target_link_libraries(lc_pch_code PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(lc_pch_code PRIVATE ${lc_pch_headers})
  set(lc_pch_tests_made OFF)
  if(TARGET GTest::gtest)
    add_library(lc_pch_tests OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch_anchor.cpp)
    target_link_libraries(lc_pch_tests PRIVATE nlohmann_json::nlohmann_json GTest::gtest)
    target_precompile_headers(lc_pch_tests PRIVATE ${lc_pch_headers} <gtest/gtest.h>)
    set(lc_pch_tests_made ON)
  endif()
  foreach(target IN LISTS lc_compiled_targets)
    get_target_property(links ${target} LINK_LIBRARIES)
    if(lc_pch_tests_made AND links MATCHES "GTest::")
      target_precompile_headers(${target} REUSE_FROM lc_pch_tests)
    else()
      target_precompile_headers(${target} REUSE_FROM lc_pch_code)
    endif()
  endforeach()
endif()

# GNU gold links the programs in half the time of the default BFD linker (lc_kernel_tests: 0.23 s
# against 0.51 s), where the toolchain has it (binutils on Debian). Not the worker: it is linked
# fully static for the qemu guests, which stays with the linker that was tested for it.
if(CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$" AND CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT LC_FUZZ)
  include(CheckLinkerFlag)
  check_linker_flag(CXX "-fuse-ld=gold" LC_HAVE_GOLD)
  if(LC_HAVE_GOLD)
    foreach(target IN LISTS lc_compiled_targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE" AND NOT target STREQUAL "listen-conformance-worker")
        target_link_options(${target} PRIVATE -fuse-ld=gold)
      endif()
    endforeach()
  endif()
endif()
