# SPDX-License-Identifier: Apache-2.0
# The live kernel matrix (`listen-conformance kernels`) as a ctest test with the label `kmatrix`.
# Included from the top-level CMakeLists.txt when the tests are built.
#
# `ctest -L kmatrix` runs it; a plain `ctest` skips it (see ci/kmatrix/ctest-entry.sh for why).
# It skips with the reason (SKIP_RETURN_CODE 77) when the kernels are not cached: run
# ci/kernel-matrix.sh once to fetch them, and fails unless every target gave results and 5.10.218
# shows the 3479c7549fb1 difference (ctest-entry.sh). RUN_SERIAL: the guests need both CPUs; the host
# target starts workers, so the host guard brackets it (host_sysctls).
add_test(NAME kmatrix.guests
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/ctest-entry.sh $<TARGET_FILE:listen-conformance>
          ${CMAKE_BINARY_DIR}/kernel-matrix)
set_tests_properties(kmatrix.guests PROPERTIES
  LABELS kmatrix
  SKIP_RETURN_CODE 77
  RUN_SERIAL TRUE
  FIXTURES_REQUIRED host_sysctls
  TIMEOUT 600)
