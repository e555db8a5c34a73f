#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Determinism: N full runs of the Linux suite must give identical verdicts and outcome counts
# per case instance — N quiet, then N more while a busy loop keeps one core occupied.
# Usage: ci/determinism.sh [N]   (default 20). Prints the count of identical runs; exit 1 if any
# run differs (the differing instances are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"
build_dir="${LC_BUILD_DIR:-build}"
[ -x "$build_dir/runners/listen-conformance" ] || ci/build.sh
command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
bin="$build_dir/runners/listen-conformance"
work=$(mktemp -d /tmp/lc-determinism.XXXXXX)
busy=""
cleanup() { [ -n "$busy" ] && kill "$busy" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# What must not change between runs: verdict and the count of each outcome, per instance.
fingerprint() {
  jq -S '[.results[] | {id, verdict, outcomes: (.observation.outcomes // null), accepted_later: (.observation.accepted_later // null)}]' "$1"
}

status=0
for phase in quiet busy; do
  if [ "$phase" = busy ]; then
    ( while :; do :; done ) &   # one core busy for the whole phase
    busy=$!
  fi
  same=0
  for i in $(seq 1 "$n"); do
    out="$work/$phase-$i"
    "$bin" run -q -j 2 --report-dir "$out" >/dev/null || true
    fingerprint "$out/results.json" > "$out/fingerprint.json"
    if [ ! -f "$work/reference.json" ]; then cp "$out/fingerprint.json" "$work/reference.json"; fi
    if cmp -s "$out/fingerprint.json" "$work/reference.json"; then
      same=$((same + 1))
    else
      status=1
      echo "run $phase-$i differs:"
      diff <(jq -c '.[]' "$work/reference.json") <(jq -c '.[]' "$out/fingerprint.json") | head -10 || true
    fi
  done
  instances=$(jq length "$work/reference.json")
  echo "determinism ($phase): $same/$n runs identical ($instances case instances each)"
  if [ -n "$busy" ]; then kill "$busy" 2>/dev/null; wait "$busy" 2>/dev/null || true; busy=""; fi
done
exit "$status"
