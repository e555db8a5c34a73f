# SPDX-License-Identifier: Apache-2.0
# Runs `listen-conformance validate INPUT` as a user would and passes only when the input is
# rejected as bad input: exit status 2 (a crash is 134 or 139, a silent acceptance 0) and a
# problem at a position, "<file name>:<line>:<col>: ", whose message matches EXPECT. EXPECT
# defaults to the regex on the input's first line, "# expect-error: REGEX" (any message when
# there is none).
#   cmake -DLC_BINARY=... -DINPUT=... [-DEXPECT=regex] -P validate_rejects.cmake
if(NOT DEFINED EXPECT)
  set(EXPECT "")
  if(NOT IS_DIRECTORY "${INPUT}" AND INPUT MATCHES "\\.yaml$")
    file(STRINGS "${INPUT}" first LIMIT_COUNT 1)
    if(first MATCHES "^# expect-error: (.*)$")
      set(EXPECT "${CMAKE_MATCH_1}")
    endif()
  endif()
endif()
execute_process(COMMAND "${LC_BINARY}" validate "${INPUT}"
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
get_filename_component(name "${INPUT}" NAME)
string(REGEX REPLACE "([][+.*()^$?|\\\\])" "\\\\\\1" name_re "${name}")
if(NOT status STREQUAL "2")
  message(FATAL_ERROR "validate ${INPUT}: exit status ${status}, expected 2 (bad input)\n${out}${err}")
endif()
if(NOT err MATCHES "${name_re}:[0-9]+:[0-9]+: [^\n]*${EXPECT}")
  message(FATAL_ERROR "validate ${INPUT}: no '${name}:LINE:COL: ...${EXPECT}' problem in:\n${err}")
endif()
message(STATUS "rejected as bad input: ${err}")
