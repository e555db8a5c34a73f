# SPDX-License-Identifier: Apache-2.0
# ctest script (cmake/InstallTests.cmake): `cmake --install` into a fresh prefix puts every file
# in its place, and the installed program, started from `/`, finds its expectations in its own
# prefix only: not in a stray <prefix>/../expectations/linux.yaml (the old lookup loaded that
# one), not in the source tree it was built from, whose path it does not contain at all; the
# environment variable LC_EXPECTATIONS_DIR overrides.
#   -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK=<scratch directory>
set(prefix "${WORK}/prefix")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}${err}")
endif()

foreach(file bin/listen-conformance bin/listen-conformance-worker
             share/listen-conformance/expectations/linux.yaml
             share/listen-conformance/expectations/schema/expectations.schema.json
             share/listen-conformance/schema/results.schema.json
             share/man/man1/listen-conformance.1
             share/bash-completion/completions/listen-conformance)
  if(NOT EXISTS "${prefix}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()
if(EXISTS "${prefix}/bin/listen-conformance.build-tree")
  message(FATAL_ERROR "the build tree's marker was installed: the installed program would read the source tree")
endif()

# The build's source path is nowhere in the installed programs (debug information included).
foreach(program listen-conformance listen-conformance-worker)
  file(STRINGS "${prefix}/bin/${program}" hits REGEX "${SOURCE_DIR}")
  list(LENGTH hits n)
  if(n GREATER 0)
    list(GET hits 0 first)
    message(FATAL_ERROR "bin/${program} contains the source path ${SOURCE_DIR} ${n} times, e.g. '${first}'")
  endif()
endforeach()

# A stray expectations directory beside the prefix, with a file that must not be read.
file(WRITE "${WORK}/expectations/linux.yaml" "stray: this file must not be loaded\n")
function(version_says expected)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ARGN} "${prefix}/bin/listen-conformance" --version
                  WORKING_DIRECTORY / RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "--version exited ${rc}: ${out}${err}")
  endif()
  string(FIND "${out}" "expectations: ${expected}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "--version (env ${ARGN}) does not say 'expectations: ${expected}':\n${out}")
  endif()
  if(NOT out MATCHES "^listen-conformance [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit [0-9a-f]+(-dirty)?\\)\n"
     OR NOT out MATCHES "\n  linux\\.yaml  sha256 [0-9a-f]+\n")
    message(FATAL_ERROR "--version does not say the version, the commit and the files:\n${out}")
  endif()
  message("${out}")
endfunction()
version_says("${prefix}/share/listen-conformance/expectations" --unset=LC_EXPECTATIONS_DIR)
file(WRITE "${WORK}/override/linux.yaml" "override: only listed\n")
version_says("${WORK}/override" "LC_EXPECTATIONS_DIR=${WORK}/override")
