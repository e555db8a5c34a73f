#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The workflow's helper scripts, run here as the workflow runs them (ctest `ci.gha_scripts`):
# run-as.sh as a user, step-summary.sh with and without a summary.md, merge-results.sh on two
# runners' results, distro-cmake.sh outside GitHub. Results come from `run` on another OS's
# expectation file: every case is skipped (another OS), so no worker starts.
# Usage: gha_scripts_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="${1:?SOURCE_DIR}"
build="${2:?BUILD_DIR}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src"

# run-as.sh: as a user it runs the command itself, with its arguments and exit status.
out="$(LC_PRIVILEGE=user ci/gha/run-as.sh printf '%s|' a 'b c')"
[ "$out" = "a|b c|" ] || fail "run-as.sh passed '$out'"
status=0; LC_PRIVILEGE=user ci/gha/run-as.sh sh -c 'exit 3' || status=$?
[ "$status" -eq 3 ] || fail "run-as.sh exit status $status, expected 3"

# Two runners' results (another OS's expectations: all skipped, no workers).
bin="$(LC_BUILD_DIR="$build" bash -c '. ci/lib.sh; lc_binary')"
[ -x "$bin" ] || fail "no program at $bin"
for os in windows macos; do
  mkdir -p "$tmp/collected/results-$os"
  status=0
  "$bin" run -q --expectations "expectations/$os.yaml" --report-dir "$tmp/collected/results-$os" >/dev/null || status=$?
  [ "$status" -eq 0 ] || fail "run on expectations/$os.yaml exited $status"
  [ -f "$tmp/collected/results-$os/results.json" ] || fail "no results.json for $os"
done

# step-summary.sh: summary.md when there is one, otherwise the counts from results.json.
rm -f "$tmp/collected/results-macos/summary.md"
GITHUB_STEP_SUMMARY="$tmp/summary" ci/gha/step-summary.sh "$tmp/collected/results-macos" "macos-14 (user)"
grep -q . "$tmp/summary" || fail "step summary empty"
grep -q '| skipped | [1-9]' "$tmp/summary" || { cat "$tmp/summary"; fail "no skipped count in the fallback summary"; }
echo "# from summary.md" >"$tmp/collected/results-windows/summary.md"
GITHUB_STEP_SUMMARY="$tmp/summary2" ci/gha/step-summary.sh "$tmp/collected/results-windows"
grep -q '^# from summary.md$' "$tmp/summary2" || fail "summary.md not used"
GITHUB_STEP_SUMMARY="$tmp/summary3" ci/gha/step-summary.sh "$tmp/nothing-here" title
grep -q 'No results' "$tmp/summary3" || fail "missing results not said"

# merge-results.sh: every runner's results.json into one matrix, a column per runner.
LC_BUILD_DIR="$build" ci/merge-results.sh "$tmp/collected" "$tmp/matrix"
[ -f "$tmp/matrix/inputs/results-windows.json" ] && [ -f "$tmp/matrix/inputs/results-macos.json" ] ||
  fail "merge-results.sh did not keep its inputs"
if "$bin" --help | grep -Eq '^[[:space:]]+merge([[:space:]]|$)'; then
  [ -s "$tmp/matrix/matrix.md" ] && [ -s "$tmp/matrix/matrix.html" ] || fail "no matrix.md/matrix.html"
  GITHUB_STEP_SUMMARY="$tmp/summary4" ci/gha/step-summary.sh "$tmp/matrix"
  cmp -s "$tmp/summary4" <(cat "$tmp/matrix/matrix.md"; echo) || fail "matrix.md not used as the step summary"
fi
# Two runners of the same OS and kernel (root and user jobs) stay two columns.
cp -r "$tmp/collected/results-macos" "$tmp/collected/results-macos-user"
LC_BUILD_DIR="$build" ci/merge-results.sh "$tmp/collected" "$tmp/matrix2" >/dev/null
if [ -f "$tmp/matrix2/matrix.md" ]; then
  grep -q 'results-macos-user' "$tmp/matrix2/matrix.md" || fail "runners of one OS not told apart in the matrix"
fi
status=0; LC_BUILD_DIR="$build" ci/merge-results.sh "$tmp/nothing-here" "$tmp/m2" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "merge of nothing exited $status, expected 2"

# distro-cmake.sh outside GitHub: says what to do, changes nothing.
if [ -x /usr/bin/cmake ]; then
  env -u GITHUB_PATH ci/gha/distro-cmake.sh | grep -q 'PATH=/usr/bin' || fail "distro-cmake.sh"
fi
echo "gha scripts: 1 passed, 0 failed"
