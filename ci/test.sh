#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every test: installs what is missing, builds, runs all GoogleTest suites through ctest
# (unit tests, and real-kernel tests that need root or user namespaces). Uses this OS's test
# preset when the build directory is the preset's own; extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
ci/install-deps.sh
ci/build.sh
build_dir="$(lc_build_dir)"
preset="$(lc_preset)"
jobs="$(lc_jobs)"
if [ -n "$preset" ] && [ "$build_dir" = build ] && lc_cmake_has_presets; then
  ctest --preset "$preset" --parallel "$jobs" "$@"
else
  config_args=()
  [ "$(lc_os)" = windows ] && config_args=(-C "$(lc_config)")
  ctest --test-dir "$build_dir" ${config_args[@]+"${config_args[@]}"} --output-on-failure --parallel "$jobs" "$@"
fi
