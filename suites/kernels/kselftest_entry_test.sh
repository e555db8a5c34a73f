#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The kselftest entry (ci/kmatrix/kselftest/listen_conformance.sh) maps the program's outcome to
# kselftest's exit status: 0 pass, 1 fail, 4 skip; with the real program on a real run (root or
# user namespaces: the case instances that need a namespace skip otherwise), and with stubs for
# the outcomes a healthy kernel does not give.
# Usage: kselftest_entry_test.sh SOURCE_DIR BINARY
set -uo pipefail
src=$1 bin=$2
entry=$src/ci/kmatrix/kselftest/listen_conformance.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
# shellcheck source=suites/kernels/test_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
stub() {  # NAME RC KTAP-LINES...: a stand-in program that prints KTAP and exits RC
  local name=$1 rc=$2
  shift 2
  { echo '#!/bin/sh'; echo 'cat << "K"'; echo "KTAP version 1"; printf '%s\n' "$@"; echo 'K'; echo "exit $rc"; } > "$work/$name"
  chmod +x "$work/$name"
}
stub pass 0 "1..2" "ok 1 a" "ok 2 b # SKIP other kernel"
stub skipped 0 "1..2" "ok 1 a # SKIP no namespace" "ok 2 b # SKIP other kernel"
stub deviates 1 "1..2" "# a: accepted: expected 1, observed 0" "not ok 1 a" "ok 2 b"
stub error 2 "1..1" "# a: error (hung)" "not ok 1 a"
expect_exit 0 "conforming run" -- env LISTEN_CONFORMANCE="$work/pass" sh "$entry"
expect_exit 4 "every instance skipped" -- env LISTEN_CONFORMANCE="$work/skipped" sh "$entry"
expect_exit 1 "a deviation" -- env LISTEN_CONFORMANCE="$work/deviates" sh "$entry"
expect_exit 1 "an error" -- env LISTEN_CONFORMANCE="$work/error" sh "$entry"
expect_exit 4 "no program" -- env LISTEN_CONFORMANCE="$work/absent" sh "$entry"
# The real program on this kernel, one family: KTAP out, exit 0.
expect_exit 0 "the real program (--filter 'errors/*')" -- env LISTEN_CONFORMANCE="$bin" LC_REPORT_DIR="$work/reports" \
  sh "$entry" --filter 'errors/*'
head -1 "$work/out" | grep -qx 'KTAP version 1' || { echo "FAIL: the real run's output is not KTAP"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ]
