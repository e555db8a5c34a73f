#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Merges the results.json of several runners (or machines) into one cross-OS matrix page:
# `listen-conformance merge A.json B.json ... --out OUT_DIR` (matrix.md, matrix.html). Finds every
# results.json below COLLECTED_DIR (one subdirectory per runner, as download-artifact lays them
# out) and copies each to OUT_DIR/inputs/<subdirectory>.json first: that name tells two runners
# of the same OS and kernel apart in the matrix (the root and the unprivileged Ubuntu jobs).
# Usage: ci/merge-results.sh COLLECTED_DIR OUT_DIR
set -euo pipefail
collected="${1:?usage: merge-results.sh COLLECTED_DIR OUT_DIR}"
out="${2:?usage: merge-results.sh COLLECTED_DIR OUT_DIR}"
cd "$(dirname "$0")/.."
. ci/lib.sh
bin="$(lc_binary)"
found=()
while IFS= read -r f; do found+=("$f"); done < <(find "$collected" -name results.json -type f | sort)
if [ "${#found[@]}" -eq 0 ]; then
  echo "merge-results: no results.json below $collected" >&2
  exit 2
fi
mkdir -p "$out/inputs"
inputs=()
for f in "${found[@]}"; do
  name="$(basename "$(dirname "$f")")"
  cp "$f" "$out/inputs/$name.json"
  inputs+=("$out/inputs/$name.json")
done
echo "merge-results: ${#inputs[@]} result files:"
printf '  %s\n' "${inputs[@]}"
# (Asked through the top-level help: CLI11 answers `merge --help` with it when there is no merge.)
if "$bin" --help 2>/dev/null | grep -Eq '^[[:space:]]+merge([[:space:]]|$)'; then
  exec "$bin" merge "${inputs[@]}" --out "$out"
fi
echo "merge-results: this listen-conformance has no 'merge' subcommand; the inputs are in $out/inputs/"
