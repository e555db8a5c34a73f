# SPDX-License-Identifier: Apache-2.0
# The commit the program is built from, for `listen-conformance --version`: written at every
# build (a new commit needs no re-configure), and rewritten only when it changed (no relink).
set(LC_BUILD_COMMIT_CPP ${PROJECT_BINARY_DIR}/generated/build_commit.cpp)
add_custom_target(lc_build_commit
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${LC_BUILD_COMMIT_CPP}
          -P ${PROJECT_SOURCE_DIR}/cmake/write_build_commit.cmake
  BYPRODUCTS ${LC_BUILD_COMMIT_CPP}
  COMMENT "The commit for --version"
  VERBATIM)
target_sources(listen-conformance PRIVATE ${LC_BUILD_COMMIT_CPP})
add_dependencies(listen-conformance lc_build_commit)
