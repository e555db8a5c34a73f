# SPDX-License-Identifier: Apache-2.0
# Tests of the install layout, the man page and the completion (suites/install/), and of the
# JUnit file against its published schema (suites/junit/).
set(LC_INSTALL_TEST_DIR ${PROJECT_BINARY_DIR}/install-test)
add_test(NAME install.layout
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DWORK=${LC_INSTALL_TEST_DIR}/layout -P ${PROJECT_SOURCE_DIR}/suites/install/install_layout.cmake)
set_tests_properties(install.layout PROPERTIES LABELS unit)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_test(NAME install.run_from_root
    COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DWORK=${LC_INSTALL_TEST_DIR}/run
            -P ${PROJECT_SOURCE_DIR}/suites/install/install_run.cmake)
  set_tests_properties(install.run_from_root PROPERTIES LABELS kernel FIXTURES_REQUIRED host_sysctls)
endif()
if(NOT CMAKE_CROSSCOMPILING AND LC_HELP2MAN)
  find_program(LC_BASH bash)
  if(LC_BASH)
    add_test(NAME install.completion_and_man
      COMMAND ${LC_BASH} ${PROJECT_SOURCE_DIR}/suites/install/completion_and_man_test.sh
              $<TARGET_FILE:listen-conformance> ${LC_COMPLETION_FILE} ${LC_MAN_PAGE})
    set_tests_properties(install.completion_and_man PROPERTIES LABELS unit)
  endif()
endif()

# junit.xml against Jenkins xunit's junit-10.xsd (suites/junit/).
if(UNIX)
  add_test(NAME report.junit_xsd
    COMMAND bash ${PROJECT_SOURCE_DIR}/suites/junit/junit_xsd_test.sh $<TARGET_FILE:listen-conformance>
            ${PROJECT_SOURCE_DIR}/suites/junit/junit-10.xsd ${PROJECT_SOURCE_DIR}/suites/golden/results-small.json
            ${PROJECT_BINARY_DIR}/junit-xsd-test)
  set_tests_properties(report.junit_xsd PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
endif()

# Every new source file has its SPDX license header (ci/spdx-check.sh; older ones are listed in
# ci/spdx-pending.txt until the mechanical insertion, `ci/spdx-check.sh --insert`).
if(UNIX)
  add_test(NAME ci.spdx COMMAND bash ${PROJECT_SOURCE_DIR}/ci/spdx-check.sh)
  set_tests_properties(ci.spdx PROPERTIES LABELS unit)
endif()

# The command line: suggestions, --report-dir checked first, --help width and defaults, --version.
if(UNIX)
  add_test(NAME cli.newcomer COMMAND bash ${PROJECT_SOURCE_DIR}/suites/install/cli_test.sh
                                     $<TARGET_FILE:listen-conformance> ${PROJECT_BINARY_DIR}/cli-test)
  set_tests_properties(cli.newcomer PROPERTIES LABELS unit)
endif()
