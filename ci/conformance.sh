#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: installs what is missing, builds, runs this OS's conformance suite and says
# where the reports are. Extra arguments go to `listen-conformance run` (e.g. --filter, -j).
# Exit status: that of `run` (0 conforms, 1 deviations, 2 errors or bad input).
# LC_OUT=DIR puts the reports elsewhere (default out/). LC_FAIL_ON=error (CI matrices) makes
# deviations exit 0 as well: they are findings about the kernel, reported, not harness failures.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
ci/install-deps.sh
ci/build.sh
out="${LC_OUT:-out}"
status=0
"$(lc_binary)" run -j "$(lc_jobs)" --report-dir "$out" "$@" || status=$?
echo "conformance: reports in $out/ (exit status $status: 0 conforms, 1 deviations, 2 errors)"
if [ "$status" -eq 1 ] && [ "${LC_FAIL_ON:-deviation}" = error ]; then
  echo "conformance: deviations are reported above and in $out/; not failing (LC_FAIL_ON=error)"
  exit 0
fi
exit "$status"
