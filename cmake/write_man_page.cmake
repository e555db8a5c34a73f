# SPDX-License-Identifier: Apache-2.0
# cmake -DPROGRAM=... -DHELP2MAN=... -DVERSION=... -DOUTPUT=listen-conformance.1 -P write_man_page.cmake
# help2man reads `PROGRAM --help`; each subcommand listed there gets a subsection of COMMANDS
# with its own --help, through a help2man include file.
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE top RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --help: exit ${status}")
endif()
string(REGEX MATCH "Subcommands:\n.*" listing "${top}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "${listing}")
set(include "[COMMANDS]\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  execute_process(COMMAND ${PROGRAM} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${name} --help: exit ${status}")
  endif()
  # roff: a leading dot or quote starts a request, a backslash an escape.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND include ".SS ${name}\n.nf\n${help}.fi\n")
endforeach()
string(APPEND include "[ENVIRONMENT]\n.TP\n.B LC_EXPECTATIONS_DIR\nThe directory of the expectation files (<os>.yaml), ahead of the installed ones.\n"
                      "[FILES]\n.TP\n.I <prefix>/share/listen-conformance/expectations/<os>.yaml\nWhat `run` judges this OS against (`--version` says which were found).\n")
file(WRITE ${OUTPUT}.h2m "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 --version-string=${VERSION}
                        "--name=measure what listen(2) and its backlog do on this machine"
                        --include=${OUTPUT}.h2m --output=${OUTPUT}.tmp ${PROGRAM}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man: exit ${status}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
