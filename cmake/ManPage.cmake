# SPDX-License-Identifier: Apache-2.0
# listen-conformance(1) and the bash completion, both made at build time from the program's own
# command line (so they cannot fall behind it), and installed:
#   man page    help2man over `listen-conformance --help`, with every subcommand's --help as a
#               COMMANDS section (cmake/write_man_page.cmake)
#   completion  `listen-conformance completion bash` (runners/cli/bash_completion.cpp)
# Not when cross-compiling (the program cannot run here); the man page not without help2man
# (Debian: help2man; ci/install-deps.sh installs it).
if(CMAKE_CROSSCOMPILING)
  message(STATUS "Cross-compiling: no man page and no completion (they run the program)")
  return()
endif()

set(LC_COMPLETION_FILE ${PROJECT_BINARY_DIR}/share/bash-completion/completions/listen-conformance)
set(LC_MAN_PAGE ${PROJECT_BINARY_DIR}/share/man/man1/listen-conformance.1)
add_custom_command(
  OUTPUT ${LC_COMPLETION_FILE}
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:listen-conformance> -DOUTPUT=${LC_COMPLETION_FILE}
          -P ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
  DEPENDS listen-conformance ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
  COMMENT "bash completion from the command line"
  VERBATIM)
set(LC_DOC_OUTPUTS ${LC_COMPLETION_FILE})
install(FILES ${LC_COMPLETION_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

find_program(LC_HELP2MAN help2man)
if(LC_HELP2MAN)
  add_custom_command(
    OUTPUT ${LC_MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:listen-conformance> -DHELP2MAN=${LC_HELP2MAN}
            -DVERSION=${PROJECT_VERSION} -DOUTPUT=${LC_MAN_PAGE} -P ${PROJECT_SOURCE_DIR}/cmake/write_man_page.cmake
    DEPENDS listen-conformance ${PROJECT_SOURCE_DIR}/cmake/write_man_page.cmake
    COMMENT "listen-conformance(1) with help2man"
    VERBATIM)
  list(APPEND LC_DOC_OUTPUTS ${LC_MAN_PAGE})
  install(FILES ${LC_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man page (Debian: apt-get install help2man; ci/install-deps.sh)")
endif()
add_custom_target(lc_docs ALL DEPENDS ${LC_DOC_OUTPUTS})
