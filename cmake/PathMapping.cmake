# SPDX-License-Identifier: Apache-2.0
# The build's paths stay out of what it builds: __FILE__ and the debug information name sources
# relative to the source tree (as Debian's dpkg-buildflags does with -ffile-prefix-map), so an
# installed program or a .deb holds no path of the machine it was built on.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" AND NOT MSVC)
  add_compile_options("-ffile-prefix-map=${PROJECT_SOURCE_DIR}/=")
  string(FIND "${PROJECT_BINARY_DIR}/" "${PROJECT_SOURCE_DIR}/" binary_in_source)
  if(NOT binary_in_source EQUAL 0)
    add_compile_options("-ffile-prefix-map=${PROJECT_BINARY_DIR}/=")
  endif()
endif()
