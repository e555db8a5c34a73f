# SPDX-License-Identifier: Apache-2.0
# Packages with CPack from the install layout of cmake/Install.cmake: `cpack -G DEB` in the build
# directory (ci/package.sh) makes listen-conformance_<version>_<arch>.deb for /usr. Its Depends are
# computed by dpkg-shlibdeps from the libraries the programs link (yaml-cpp, muparser, OpenSSL,
# pugixml, Boost.Filesystem, libstdc++ ...), so they follow the distribution it is built on.
# ci/fresh-debian-check.sh --only package installs it with apt on a fresh Debian 12.
set(CPACK_PACKAGE_NAME listen-conformance)
set(CPACK_PACKAGE_VENDOR "listen-conformance")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "measures what listen(2) and its backlog do on this machine")
set(CPACK_PACKAGE_DESCRIPTION
    "A conformance suite for listen(2) and its backlog argument: measures, in network namespaces of its own, how many connections the kernel holds, what somaxconn truncates and what a client sees when the queue is full, and judges it against each OS's documented claims.")
set(CPACK_PACKAGE_CONTACT "listen-conformance maintainers <listen-conformance@users.noreply.github.com>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/;/vcpkg_installed/")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
