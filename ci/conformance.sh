#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs this OS's conformance suite and says
# where the reports are. Extra arguments go to `listen-conformance run` (e.g. --filter, -j).
# Exit status: that of `run` (0 conforms, 1 deviations, 2 errors or bad input).
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
build_dir="${LC_BUILD_DIR:-build}"
out="${LC_OUT:-out}"
jobs="$(nproc 2>/dev/null || echo 2)"
status=0
"$build_dir/runners/listen-conformance" run -j "$jobs" --report-dir "$out" "$@" || status=$?
echo "conformance: reports in $out/ (exit status $status: 0 conforms, 1 deviations, 2 errors)"
exit "$status"
