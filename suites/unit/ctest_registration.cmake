# SPDX-License-Identifier: Apache-2.0
# cmake -DCTEST=<ctest> -DBUILD_DIR=<build tree> -DWORK_DIR=<scratch dir> -DCONFIG=<config> -DHOST_GUARD=ON|OFF
#       -P ctest_registration.cmake
#
# The tests ctest knows are the ones suites/CMakeLists.txt registers, with its labels and
# fixtures: read back from `ctest --show-only=json-v1`, not from the CMake code, because
# gtest_discover_tests() can silently lose properties (PROPERTIES LABELS "a;b" is split into
# LABELS a, then a property named b: every later property is dropped).
#  - the tests of each GoogleTest executable carry exactly the labels the file gives them;
#  - `ctest -L conformance` selects the conformance suite: more than none, and all of it;
#  - every `kernel` test requires the host_sysctls fixture, whose setup and cleanup exist once
#    each where the host guard is registered (Linux), so the guard brackets every kernel test;
#  - no test name repeats, and no two tests run the same command (a repeated --gtest_filter
#    runs one GoogleTest twice and another never);
#  - every test has a label, so that `-L unit` and `-L kernel` between them miss nothing
#    but the opt-in labels (browser, kmatrix).
cmake_minimum_required(VERSION 3.22)  # string(JSON), IN_LIST
foreach(var CTEST BUILD_DIR WORK_DIR CONFIG HOST_GUARD)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ctest_registration.cmake: -D${var}=... is required")
  endif()
endforeach()

# The labels each GoogleTest executable's tests get in suites/CMakeLists.txt (sorted).
foreach(room vocabulary observation expectations judge results console spawn)  # one unit-test program per room
  set(expected_labels_lc_${room}_tests "unit")
endforeach()
set(expected_labels_lc_report_tests "unit")
set(expected_labels_lc_ci_tests "unit")
set(expected_labels_lc_kernels_tests "unit")
set(expected_labels_lc_kernel_tests "kernel")
set(expected_labels_lc_kernel_channel_tests "kernel")
set(expected_labels_lc_conformance_tests "conformance;kernel")
set(expected_labels_lc_runtime_conformance_tests "conformance;kernel")  # the runtime answers (runtime.*)
set(expected_labels_lc_fault_tests "faults;kernel")
set(guard_fixture host_sysctls)

set(problems "")
macro(problem text)
  string(APPEND problems "\n  ${text}")
endmacro()

# ctest lists tests from the build tree's CTestTestfile.cmake files, which include the
# GoogleTest lists by absolute path. It also rewrites Testing/Temporary/LastTest.log even with
# --show-only, which would clobber the log of the ctest running this check: so it runs on a copy
# of those files in WORK_DIR, and writes its log there.
file(REMOVE_RECURSE "${WORK_DIR}")
file(GLOB_RECURSE test_files RELATIVE "${BUILD_DIR}" "${BUILD_DIR}/*CTestTestfile.cmake")
foreach(f ${test_files})
  get_filename_component(dir "${WORK_DIR}/${f}" DIRECTORY)
  file(COPY "${BUILD_DIR}/${f}" DESTINATION "${dir}")
endforeach()

set(config_args "")
if(NOT CONFIG STREQUAL "")
  set(config_args -C ${CONFIG})
endif()
function(show_only out_var)
  execute_process(COMMAND ${CTEST} ${config_args} --show-only=json-v1 ${ARGN}
    WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE status OUTPUT_VARIABLE json ERROR_VARIABLE err TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ctest --show-only=json-v1 ${ARGN}: exit status ${status}\n${err}")
  endif()
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

# A property of one test (its JSON object) as a CMake list ("" when absent). Each test is taken
# out of the listing once: string(JSON) parses the whole document on every call.
function(test_property test property out_var)
  set(value "")
  string(JSON count ERROR_VARIABLE no_properties LENGTH "${test}" properties)
  if(no_properties)
    set(count 0)
  endif()
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(p RANGE ${last})
      string(JSON name GET "${test}" properties ${p} name)
      if(name STREQUAL property)
        string(JSON type TYPE "${test}" properties ${p} value)
        if(type STREQUAL "ARRAY")
          string(JSON n LENGTH "${test}" properties ${p} value)
          math(EXPR n_last "${n} - 1")
          foreach(k RANGE ${n_last})
            string(JSON item GET "${test}" properties ${p} value ${k})
            list(APPEND value "${item}")
          endforeach()
        else()
          string(JSON value GET "${test}" properties ${p} value)
        endif()
      endif()
    endforeach()
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

# The test names of a show-only listing, with the labels of those run by lc_conformance_tests.
show_only(all_json)
string(JSON test_count LENGTH "${all_json}" tests)
if(test_count EQUAL 0)
  message(FATAL_ERROR "ctest lists no tests in ${BUILD_DIR} (copied to ${WORK_DIR})")
endif()
math(EXPR last_test "${test_count} - 1")
set(names "")
set(commands "")
set(conformance_tests "")
set(kernel_tests 0)
set(guard_setups "")
set(guard_cleanups "")
foreach(i RANGE ${last_test})
  string(JSON test GET "${all_json}" tests ${i})
  string(JSON name GET "${test}" name)
  string(JSON command ERROR_VARIABLE no_command GET "${test}" command)
  set(executable "")
  if(NOT no_command)
    string(JSON executable GET "${test}" command 0)
    get_filename_component(executable "${executable}" NAME_WE)
  endif()
  test_property("${test}" LABELS labels)
  test_property("${test}" FIXTURES_REQUIRED required)
  test_property("${test}" FIXTURES_SETUP setup)
  test_property("${test}" FIXTURES_CLEANUP cleanup)
  list(SORT labels)

  # Lists cannot hold ';', and names and commands of GoogleTest tests have none: compare as text.
  if(name IN_LIST names)
    problem("test name repeats: ${name}")
  endif()
  list(APPEND names "${name}")
  if(NOT no_command)
    if(command IN_LIST commands)
      problem("two tests run the same command: ${command} (one is ${name})")
    endif()
    list(APPEND commands "${command}")
  endif()

  if(labels STREQUAL "")
    problem("${name}: no label (neither -L unit nor -L kernel selects it)")
  endif()
  if(DEFINED expected_labels_${executable} AND NOT labels STREQUAL expected_labels_${executable})
    problem("${name} (${executable}): labels '${labels}', suites/CMakeLists.txt gives '${expected_labels_${executable}}'")
  endif()
  if(executable STREQUAL "lc_conformance_tests" OR executable STREQUAL "lc_runtime_conformance_tests")
    list(APPEND conformance_tests "${name}")
  endif()

  if(guard_fixture IN_LIST setup)
    list(APPEND guard_setups "${name}")
  elseif(guard_fixture IN_LIST cleanup)
    list(APPEND guard_cleanups "${name}")
  elseif("kernel" IN_LIST labels)
    math(EXPR kernel_tests "${kernel_tests} + 1")
    if(NOT guard_fixture IN_LIST required)
      problem("${name}: a kernel test without FIXTURES_REQUIRED ${guard_fixture} (the host guard does not bracket it)")
    endif()
  endif()
endforeach()

if(HOST_GUARD)
  list(LENGTH guard_setups n_setups)
  list(LENGTH guard_cleanups n_cleanups)
  if(NOT n_setups EQUAL 1 OR NOT n_cleanups EQUAL 1)
    problem("the ${guard_fixture} fixture needs one setup and one cleanup test; setup: '${guard_setups}', cleanup: '${guard_cleanups}'")
  endif()
  if(kernel_tests EQUAL 0)
    problem("no kernel test is registered")
  endif()
elseif(guard_setups OR guard_cleanups)
  problem("the host guard is registered here, where it should not be: ${guard_setups} ${guard_cleanups}")
endif()

# What `ctest -L conformance` selects: the conformance tests, all of them (and, with them, the
# guard's setup and cleanup, which ctest adds for the fixture they require).
list(LENGTH conformance_tests n_conformance)
if(n_conformance EQUAL 0)
  problem("lc_conformance_tests registered no test")
endif()
show_only(selected_json -L conformance)
string(JSON selected_count LENGTH "${selected_json}" tests)
set(selected "")
if(selected_count GREATER 0)
  math(EXPR last_selected "${selected_count} - 1")
  foreach(i RANGE ${last_selected})
    string(JSON test GET "${selected_json}" tests ${i})
    string(JSON name GET "${test}" name)
    if(NOT name IN_LIST guard_setups AND NOT name IN_LIST guard_cleanups)
      list(APPEND selected "${name}")
    endif()
  endforeach()
endif()
list(LENGTH selected n_selected)
list(SORT selected)
list(SORT conformance_tests)
if(NOT selected STREQUAL conformance_tests)
  problem("ctest -L conformance selects ${n_selected} tests besides the guard; lc_conformance_tests has ${n_conformance}")
endif()

if(problems)
  message(FATAL_ERROR "ctest's tests are not what suites/CMakeLists.txt registers:${problems}")
endif()
message(STATUS "${test_count} tests: names and commands unique; ${kernel_tests} kernel tests, each bracketed by ${guard_fixture}"
               "; ctest -L conformance selects all ${n_conformance} conformance tests")
