# SPDX-License-Identifier: Apache-2.0
# cmake -DPROGRAM=listen-conformance -DOUTPUT=FILE -P write_completion.cmake (cmake/ManPage.cmake)
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(COMMAND ${PROGRAM} completion bash OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} completion bash: exit ${status}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
