# SPDX-License-Identifier: Apache-2.0
# Configures suites/layering with -DBREAK=<case> and checks the outcome:
#   cmake -DBREAK=<case> [-DEXPECT=<regex>] -DSOURCE=<dir> -DBINARY=<dir> -DLC_CMAKE_DIR=<dir>
#         -DGENERATOR=<generator> -DCXX=<compiler> -P layering_test.cmake
# BREAK=none must configure; any other case must fail with an error matching EXPECT (so that
# the configure failed for the forbidden link, not for something else).
foreach(var BREAK SOURCE BINARY LC_CMAKE_DIR GENERATOR CXX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "layering_test.cmake: -D${var}=... is missing")
  endif()
endforeach()
file(REMOVE_RECURSE ${BINARY})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
          -DLC_CMAKE_DIR=${LC_CMAKE_DIR} -DBREAK=${BREAK}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(BREAK STREQUAL "none")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "allowed links only, yet the configure failed (${status}):\n${err}")
  endif()
  message(STATUS "allowed links: the configure passed")
  return()
endif()
if(status EQUAL 0)
  message(FATAL_ERROR "BREAK=${BREAK}: a forbidden dependency went unnoticed: the configure passed")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "BREAK=${BREAK}: the configure failed, but not with /${EXPECT}/:\n${err}")
endif()
message(STATUS "BREAK=${BREAK}: refused as expected:\n${err}")
