#!/usr/bin/env bash
# The main job: installs what is missing, builds, measures this machine and says where the
# output is. Until `listen-conformance run` exists this is a probe sweep over backlog values.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
build_dir="${LC_BUILD_DIR:-build}"
out="${LC_OUT:-out}"
mkdir -p "$out"
bin="$build_dir/runners/listen-conformance"
for b in -1 0 1 5 16 128; do
  n=$(( b < 0 ? 16 : b + 9 ))
  args=(--backlog="$b" --connections "$n")
  [ "$b" -lt 0 ] && args+=(--sysctl net.core.somaxconn=7)
  "$bin" probe "${args[@]}" --json > "$out/probe-backlog$b.json"
  "$bin" probe "${args[@]}" | tee -a "$out/sweep.txt"
done
echo "conformance: observations in $out/ (sweep.txt, probe-*.json)"
