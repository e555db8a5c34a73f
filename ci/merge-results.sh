#!/usr/bin/env bash
# Merges the results.json of several runners (or machines) into one cross-OS matrix page:
# `listen-conformance merge A.json B.json ... --out OUT_DIR`. Finds every results.json below
# COLLECTED_DIR (one subdirectory per runner, as download-artifact lays them out).
# Where this build's program has no `merge` yet, copies the inputs into OUT_DIR and says so.
# Usage: ci/merge-results.sh COLLECTED_DIR OUT_DIR
set -euo pipefail
collected="${1:?usage: merge-results.sh COLLECTED_DIR OUT_DIR}"
out="${2:?usage: merge-results.sh COLLECTED_DIR OUT_DIR}"
cd "$(dirname "$0")/.."
. ci/lib.sh
bin="$(lc_binary)"
inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(find "$collected" -name results.json -type f | sort)
if [ "${#inputs[@]}" -eq 0 ]; then
  echo "merge-results: no results.json below $collected" >&2
  exit 2
fi
echo "merge-results: ${#inputs[@]} result files:"
printf '  %s\n' "${inputs[@]}"
mkdir -p "$out"
# (Asked through the top-level help: CLI11 answers `merge --help` with it when there is no merge.)
if "$bin" --help 2>/dev/null | grep -Eq '^[[:space:]]+merge([[:space:]]|$)'; then
  exec "$bin" merge "${inputs[@]}" --out "$out"
fi
echo "merge-results: this listen-conformance has no 'merge' subcommand yet; copying the inputs into $out/"
for f in "${inputs[@]}"; do
  name="$(basename "$(dirname "$f")")"
  cp "$f" "$out/$name.results.json"
done
