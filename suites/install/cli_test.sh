#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The command line as a newcomer meets it: a mistyped subcommand or option is named, with the
# nearest subcommand; a report directory that cannot be written is bad input before anything is
# measured; every --help line fits 100 columns and options show their defaults; --version says
# the version, the commit and the expectation files.
# Usage: cli_test.sh PROGRAM WORK_DIR
set -uo pipefail
program="$1" work="$2"
export LC_ALL=C.UTF-8
rm -rf "$work" && mkdir -p "$work"
status=0
fail() { echo "FAIL: $*"; status=1; }

expect_exit() {  # expect_exit CODE TEXT ARGS...: exit CODE and TEXT in stderr
  local code="$1" text="$2" rc=0
  shift 2
  "$program" "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, not $code: $(cat "$work/err")"
  grep -qF -- "$text" "$work/err" || fail "'$*' did not say \"$text\" on stderr: $(cat "$work/err")"
}
expect_exit 2 "unknown command 'prob'; did you mean 'probe'?" prob
expect_exit 2 "unknown command 'rnu'; did you mean 'run'?" rnu
expect_exit 2 "unknown option '--bogus'" --bogus
expect_exit 2 "commands: probe" --bogus

# Bad --report-dir: said at once, nothing measured (no worker started: the run's header and
# summary are not printed).
: >"$work/a-file"
for bad in /dev/null/reports "$work/a-file"; do
  expect_exit 2 "cannot write reports to $bad" run --report-dir "$bad"
  grep -q "case instances" "$work/out" && fail "run --report-dir $bad ran the suite before refusing the directory"
done
mkdir -p "$work/reports/results.json"
expect_exit 2 "results.json is not a regular file" run --report-dir "$work/reports"

mapfile -t commands < <("$program" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ "${#commands[@]}" -ge 5 ] || fail "only ${#commands[@]} subcommands in --help"
for c in "" "${commands[@]}"; do
  # shellcheck disable=SC2086  # "" is the top level: no word
  "$program" $c --help >"$work/help" || fail "$c --help exited $?"
  while IFS= read -r line; do
    [ "${#line}" -le 100 ] || fail "'${c:-listen-conformance} --help' has a line of ${#line} columns: $line"
  done <"$work/help"
done
"$program" run --help >"$work/help"
grep -q -- '--report-dir TEXT=listen-conformance-report' "$work/help" || fail "run --help does not show --report-dir's default"
grep -Eq -- '-j,--jobs .*=1$' "$work/help" || fail "run --help does not show --jobs' default"

"$program" --version >"$work/version" || fail "--version exited $?"
head -n 1 "$work/version" | grep -Eq '^listen-conformance [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]+(-dirty)?|unknown)\)$' ||
  fail "--version's first line: $(head -n 1 "$work/version")"
grep -q '^expectations: ' "$work/version" || fail "--version does not say where the expectations are"

[ "$status" -eq 0 ] && echo "PASS: suggestions, early --report-dir check, help width and defaults (${#commands[@]} subcommands), --version"
exit "$status"
