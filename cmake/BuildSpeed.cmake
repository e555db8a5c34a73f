# SPDX-License-Identifier: Apache-2.0
# Precompiled headers for the heavy third-party headers that most translation units include
# (nlohmann/json through results.hpp and observation_json.hpp, CLI11 through commands.hpp,
# pugixml through the report writers, GoogleTest in every test): each target compiles them once
# instead of once per source file. docs/benchmarks.md has the clean-build times before and after.
# Only targets with several sources get one (a PCH costs about one source file to make).
# LC_PCH=OFF turns it off (e.g. for ccache without `sloppiness = pch_defines,time_macros`).
option(LC_PCH "Precompile the heavy third-party headers (cmake/BuildSpeed.cmake)" OFF)
if(NOT LC_PCH OR LC_FUZZ)
  return()
endif()

function(lc_precompile target)
  if(TARGET ${target})
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

set(LC_PCH_STD <string> <vector> <map> <optional> <filesystem> <functional> <sstream>)
lc_precompile(lc_fixtures ${LC_PCH_STD} <nlohmann/json.hpp>)
lc_precompile(lc_runner ${LC_PCH_STD} <nlohmann/json.hpp> <CLI/CLI.hpp>)
if(LC_WITH_SUITE)
  lc_precompile(lc_suite ${LC_PCH_STD} <nlohmann/json.hpp> <CLI/CLI.hpp> <pugixml.hpp>)
  lc_precompile(lc_kernels ${LC_PCH_STD} <nlohmann/json.hpp> <CLI/CLI.hpp>)
endif()
foreach(tests lc_kernel_tests lc_report_tests lc_kernels_tests)
  lc_precompile(${tests} ${LC_PCH_STD} <gtest/gtest.h> <nlohmann/json.hpp>)
endforeach()

# formula.cpp has a helper named quoted(std::string&): with <iomanip> from the precompiled
# headers, argument-dependent lookup would pick std::quoted instead.
set_source_files_properties(${PROJECT_SOURCE_DIR}/runners/expect/formula.cpp DIRECTORY ${PROJECT_SOURCE_DIR}/runners PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
