#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the .deb (Debian/Ubuntu): installs what is missing, builds, then `cpack -G DEB` in the
# build directory (cmake/Package.cmake). Prints the package's path and its Depends.
# Usage: ci/package.sh        Exit: 0 the .deb was made, else the failing step's status.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
ci/install-deps.sh
# The package holds the optimized build (RelWithDebInfo, build-release), not the Check build.
export LC_RELEASE="${LC_RELEASE:-1}"
bash ci/build.sh
build_dir="$(lc_build_dir)"
(cd "$build_dir" && cpack -G DEB)
deb="$(ls -t "$build_dir"/listen-conformance_*.deb | head -n 1)"
echo "package: $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends
