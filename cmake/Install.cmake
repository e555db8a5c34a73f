# SPDX-License-Identifier: Apache-2.0
# The install layout (GNUInstallDirs), for `cmake --install build --prefix P` and the .deb:
#   <bindir>/listen-conformance            the program
#   <bindir>/listen-conformance-worker     the lean worker; the program looks for it beside itself
#   <datadir>/listen-conformance/expectations/*.yaml (+ schema/)   what `run` judges against
#   <datadir>/listen-conformance/schema/results.schema.json        the results format
#   <mandir>/man1/listen-conformance.1     (cmake/ManPage.cmake)
#   <datadir>/bash-completion/completions/listen-conformance        (cmake/ManPage.cmake)
# The installed program finds its expectations at <bindir>/../share/listen-conformance/expectations
# (runners/commands/expectations_path.cpp), so bindir and datadir must keep GNUInstallDirs'
# relative defaults `bin` and `share`.
include(GNUInstallDirs)

if(NOT CMAKE_INSTALL_BINDIR STREQUAL "bin" OR NOT CMAKE_INSTALL_DATADIR STREQUAL "share")
  message(FATAL_ERROR "listen-conformance finds its expectations at <prefix>/bin/../share/listen-conformance: "
                      "CMAKE_INSTALL_BINDIR must be `bin` and CMAKE_INSTALL_DATADIR `share` "
                      "(got `${CMAKE_INSTALL_BINDIR}` and `${CMAKE_INSTALL_DATADIR}`)")
endif()

set(LC_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/listen-conformance)

install(TARGETS listen-conformance listen-conformance-worker RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

if(LC_WITH_SUITE)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/expectations/ DESTINATION ${LC_INSTALL_DATADIR}/expectations
          FILES_MATCHING PATTERN "*.yaml" PATTERN "*.json" PATTERN "*.md")
  install(FILES ${PROJECT_SOURCE_DIR}/runners/results/results.schema.json DESTINATION ${LC_INSTALL_DATADIR}/schema)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

  # The build tree's program finds the source tree's expectations through a file beside it
  # (the marker), which `cmake --install` does not copy: no source path is compiled into the
  # program, and an installed one looks only in its own prefix.
  file(GENERATE OUTPUT $<TARGET_FILE_DIR:listen-conformance>/listen-conformance.build-tree
       CONTENT "${PROJECT_SOURCE_DIR}/expectations\n")
endif()
