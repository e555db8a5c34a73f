# SPDX-License-Identifier: Apache-2.0
# vcpkg overlay port of listen-conformance (docs/packaging.md). UNTESTED with vcpkg: written where
# neither vcpkg nor Windows was at hand; ctest packaging.ports checks its dependencies against the
# root vcpkg.json and its tools against cmake/Install.cmake.
#   vcpkg install listen-conformance --overlay-ports=packaging/vcpkg/ports
# RELEASE: fill in REPO's owner and SHA512 (vcpkg prints the right one when this one mismatches).

# Programs only: the release build is all there is to install.
set(VCPKG_BUILD_TYPE release)

vcpkg_from_github(
  OUT_SOURCE_PATH SOURCE_PATH
  REPO OWNER/listen-conformance
  REF "v${VERSION}"
  SHA512 0
  HEAD_REF main
)

# No GoogleTest suites (they are not installed, and gtest is no dependency of this port).
vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DLC_BUILD_TESTS=OFF
)
vcpkg_cmake_install()

# The program finds its expectations at <its directory>/../share/listen-conformance/expectations
# (runners/expect/expectations_path.cpp): the tools and that share/ go together into
# tools/listen-conformance/{bin,share}, a prefix of their own.
set(tool_prefix "${CURRENT_PACKAGES_DIR}/tools/${PORT}")
vcpkg_copy_tools(TOOL_NAMES listen-conformance listen-conformance-worker
                 DESTINATION "${tool_prefix}/bin" AUTO_CLEAN)
file(MAKE_DIRECTORY "${tool_prefix}/share")
file(RENAME "${CURRENT_PACKAGES_DIR}/share/${PORT}" "${tool_prefix}/share/${PORT}")
foreach(dir man bash-completion)
  if(EXISTS "${CURRENT_PACKAGES_DIR}/share/${dir}")
    file(RENAME "${CURRENT_PACKAGES_DIR}/share/${dir}" "${tool_prefix}/share/${dir}")
  endif()
endforeach()
# share/doc/listen-conformance/LICENSE: the copyright file below replaces it.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")

# Installs no headers and no library.
set(VCPKG_POLICY_EMPTY_INCLUDE_FOLDER enabled)
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
