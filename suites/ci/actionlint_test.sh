#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# ci/actionlint.sh on deliberately broken copies of this repository's workflow and config
# (ctest `ci.actionlint_catches_breaks`): each break must be reported at its file:line, and a
# clean copy must pass. The copies are made from the real files, so they follow them.
# Usage: actionlint_test.sh SOURCE_DIR     Exit: 0 pass, 1 fail, 77 skipped (as ci/actionlint.sh)
# The sed edits and patterns below are workflow text, not shell: single quotes on purpose.
# shellcheck disable=SC2016
set -euo pipefail
src="$(cd "${1:?SOURCE_DIR}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wf=.github/workflows/conformance.yml

# A copy of the repository's .github in $tmp/$1 (the config only when $2 is "with-config").
copy() {
  mkdir -p "$tmp/$1/.github/workflows"
  cp "$src/$wf" "$tmp/$1/$wf"
  [ "${2:-}" != with-config ] || cp "$src/.github/actionlint.yaml" "$tmp/$1/.github/"
}
# `break_with NAME SED-EXPR`: the copy NAME with one edit; an edit that matched nothing is a
# broken test, not a passing one.
break_with() {
  sed -i.orig -e "$2" "$tmp/$1/$wf"
  ! cmp -s "$tmp/$1/$wf" "$tmp/$1/$wf.orig" || fail "$1: the edit '$2' changed nothing in $wf"
  rm "$tmp/$1/$wf.orig"
}
# `expect NAME STATUS REGEX...`: ci/actionlint.sh on the copy exits STATUS and prints each REGEX.
expect() {
  local name="$1" want="$2" status=0 re
  shift 2
  bash "$src/ci/actionlint.sh" "$tmp/$name" >"$tmp/$name.out" 2>&1 || status=$?
  [ "$status" -ne 77 ] || { cat "$tmp/$name.out"; exit 77; }
  [ "$status" -eq "$want" ] || { cat "$tmp/$name.out"; fail "$name: exit $status, expected $want"; }
  for re in "$@"; do
    grep -Eq -- "$re" "$tmp/$name.out" || { cat "$tmp/$name.out"; fail "$name: no line matching: $re"; }
  done
  echo "ok: $name"
}

copy clean with-config
expect clean 0 'no findings'

# An expression naming a matrix key that does not exist.
copy typo with-config
break_with typo 's/runs-on: \${{ matrix\.os }}/runs-on: ${{ matrix.oss }}/'
expect typo 1 "^$wf:[0-9]+:[0-9]+: property \"oss\" is not defined .*\\[expression\\]$"

# Runner labels: the config allows the current images, and only those.
copy no-config
expect no-config 1 "^$wf:[0-9]+:[0-9]+: label \"macos-14\" is unknown"
copy label with-config
break_with label 's/- os: macos-14/- os: macos-41/'
expect label 1 "^$wf:[0-9]+:[0-9]+: label \"macos-41\" is unknown"

# A run: script that shellcheck faults (an unquoted expansion), reported at its step.
if command -v shellcheck >/dev/null 2>&1; then
  copy shell with-config
  break_with shell 's|run: ci/build\.sh$|run: ci/build.sh $LC_OUT|'
  line="$(grep -n 'run: ci/build.sh \$LC_OUT' "$tmp/shell/$wf" | cut -d: -f1)"
  expect shell 1 "^$wf:$line:[0-9]+: shellcheck reported issue in this script: SC2086:"
else
  echo "note: shellcheck is not installed: the run: script case is not checked"
fi

# A config actionlint would not read is bad input, reported at its line.
copy bad-config with-config
printf 'self-hosted-runners:\n  labels: [macos-14]\n' >"$tmp/bad-config/.github/actionlint.yaml"
expect bad-config 2 'actionlint\.yaml:1:1: unknown key "self-hosted-runners"'

# A composite action: a clean one passes; a typo'd input, and a run step without its shell, fail.
mkdir -p "$tmp/action-clean" "$tmp/action-broken"
cat >"$tmp/action-clean/action.yml" <<'EOF'
name: example
description: a composite action
inputs:
  name:
    description: who to greet
runs:
  using: composite
  steps:
    - run: echo "hello ${{ inputs.name }}"
      shell: bash
EOF
expect action-clean 0 'no findings'
sed -e 's/inputs\.name/inputs.nme/' -e '/shell: bash/d' "$tmp/action-clean/action.yml" >"$tmp/action-broken/action.yml"
expect action-broken 1 '^action\.yml:9:7: runs\.steps\[0\]: property "nme" is not defined' \
  "^action\\.yml:9:7: a composite action's run step needs shell:"
echo "all actionlint break cases reported"
