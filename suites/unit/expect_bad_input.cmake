# cmake -DLC_BINARY=... -DINPUT=FILE -DPOSITION=REGEX -P expect_bad_input.cmake
# `listen-conformance validate FILE` must reject the file as bad input: exit status 2 AND a
# message at file:line:col (POSITION). Both are checked: ctest's PASS_REGULAR_EXPRESSION alone
# would ignore the exit status, so a crash that printed the position first would pass.
cmake_minimum_required(VERSION 3.22)
foreach(var LC_BINARY INPUT POSITION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_bad_input.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND ${LC_BINARY} validate ${INPUT}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT status STREQUAL "2")
  message(FATAL_ERROR "validate ${INPUT}: exit status '${status}', expected 2 (bad input)\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT err MATCHES "${POSITION}")
  message(FATAL_ERROR "validate ${INPUT}: exit status 2, but stderr names no position matching '${POSITION}':\n${err}")
endif()
message(STATUS "validate ${INPUT}: exit status 2, position: ${CMAKE_MATCH_0}")
