# SPDX-License-Identifier: Apache-2.0
# ctest script (cmake/InstallTests.cmake): the installed program runs the suite from `/` (a
# filtered run: the listen() error cases), with the expectations and the lean worker of its own
# prefix, while a stray <prefix>/../expectations/linux.yaml that would fail to load is there;
# `--expectations` overrides the installed file.
#   -DBUILD_DIR=... -DWORK=<scratch directory>
set(prefix "${WORK}/prefix")
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}): ${err}")
endif()
file(WRITE "${WORK}/expectations/linux.yaml" "stray: this file must not be loaded\n")

function(run_from_root expected_file)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=LC_EXPECTATIONS_DIR
                          "${prefix}/bin/listen-conformance" run --filter "errors/*" --report-dir "${WORK}/report" ${ARGN}
                  WORKING_DIRECTORY / RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
    message(FATAL_ERROR "the installed listen-conformance run exited ${rc}")
  endif()
  string(FIND "${out}" ", ${expected_file}, " at)
  if(at EQUAL -1)
    message(FATAL_ERROR "run did not judge against ${expected_file}")
  endif()
  if(NOT EXISTS "${WORK}/report/results.json")
    message(FATAL_ERROR "run wrote no ${WORK}/report/results.json")
  endif()
endfunction()
run_from_root("${prefix}/share/listen-conformance/expectations/linux.yaml")
# an answer file loads with its catalogue beside it
file(COPY "${prefix}/share/listen-conformance/expectations/linux.yaml" "${prefix}/share/listen-conformance/expectations/questions.yaml"
     DESTINATION "${WORK}/chosen")
run_from_root("${WORK}/chosen/linux.yaml" --expectations "${WORK}/chosen/linux.yaml")
