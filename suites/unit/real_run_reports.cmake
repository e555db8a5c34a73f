# SPDX-License-Identifier: Apache-2.0
# ctest script: `listen-conformance run` on this kernel writes results.json, junit.xml,
# summary.md and report.html; the results validate against the schema and the XML parses.
file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND "${LC_BINARY}" run --filter "accept-queue/*" --report-dir "${OUT}" -q
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
  message(FATAL_ERROR "listen-conformance run exited ${rc}")
endif()
foreach(name results.json junit.xml summary.md report.html)
  if(NOT EXISTS "${OUT}/${name}")
    message(FATAL_ERROR "run did not write ${OUT}/${name}")
  endif()
endforeach()
execute_process(COMMAND "${PYTHON}" "${VALIDATOR}" "${SCHEMA}" "${OUT}/results.json"
                        --well-formed "${OUT}/junit.xml" "${OUT}/report.html"
                RESULT_VARIABLE vrc)
if(NOT vrc EQUAL 0)
  message(FATAL_ERROR "validation failed (${vrc})")
endif()
