#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# kselftest-style entry of listen-conformance: the suite on the running kernel, as KTAP on
# standard output (one test per case instance), and kselftest's exit status: 0 pass, 1 fail
# (a behaviour deviation or an error), 4 skip (KSFT_SKIP: the program is missing, or every case
# instance was skipped). Documentation drift passes (an `ok` with a diagnostic line).
# The program: $LISTEN_CONFORMANCE, else listen-conformance beside this script, else on PATH;
# it finds its expectation file itself (or pass --expectations FILE). Extra arguments go to
# `listen-conformance run` (e.g. --filter 'backlog-zero/*'). Reports: $LC_REPORT_DIR (default
# a new directory under /tmp). See docs/kernels.md for kselftest trees and LAVA/KernelCI jobs.
KSFT_PASS=0 KSFT_FAIL=1 KSFT_SKIP=4
here=$(dirname "$0")
lc=${LISTEN_CONFORMANCE:-}
[ -n "$lc" ] || { [ -x "$here/listen-conformance" ] && lc=$here/listen-conformance; }
[ -n "$lc" ] || lc=$(command -v listen-conformance 2> /dev/null)
if [ -z "$lc" ] || [ ! -x "$lc" ]; then
  echo "KTAP version 1"
  echo "1..0 # SKIP listen-conformance not found (set LISTEN_CONFORMANCE)"
  exit "$KSFT_SKIP"
fi
# Copied into a kselftest directory, the expectation file sits beside the script.
if [ -z "${LC_EXPECTATIONS_DIR:-}" ] && [ -r "$here/linux.yaml" ]; then
  LC_EXPECTATIONS_DIR=$here
  export LC_EXPECTATIONS_DIR
fi
reports=${LC_REPORT_DIR:-$(mktemp -d /tmp/listen-conformance-ktap.XXXXXX)}
ktap=$(mktemp /tmp/listen-conformance-ktap.XXXXXX)
rc=0
"$lc" run --format ktap --report-dir "$reports" "$@" > "$ktap" || rc=$?
cat "$ktap"
# A passing test is "ok N name" without a directive; none and no failure: everything skipped.
passed=$(grep -c '^ok [0-9][0-9]* [^#]*$' "$ktap")
failed=$(grep -c '^not ok ' "$ktap")
rm -f "$ktap"
case "$rc" in
  0) if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then exit "$KSFT_SKIP"; fi; exit "$KSFT_PASS" ;;
  *) exit "$KSFT_FAIL" ;;
esac
