#!/usr/bin/env bash
# Every test: installs what is missing, builds, runs all GoogleTest suites through ctest
# (unit tests, and real-kernel tests that need root or user namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
build_dir="${LC_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@"
