#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# junit.xml validates against Jenkins xunit's junit-10.xsd (xmllint), and the validation catches
# what it was written for: a copy with the old `testsuites@skipped` or a <properties> inside a
# <testcase> must fail. summary.md has no <br> in its cells.
# Usage: junit_xsd_test.sh PROGRAM XSD RESULTS_JSON WORK_DIR      Exit: 0 pass, 1 fail, 77 no xmllint
set -euo pipefail
program="$1" xsd="$2" results="$3" work="$4"
command -v xmllint >/dev/null 2>&1 || { echo "skipped: no xmllint (Debian: libxml2-utils)"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
"$program" report "$results" --format junit --out "$work/junit.xml"
"$program" report "$results" --format md --out "$work/summary.md"
status=0
xmllint --noout --schema "$xsd" "$work/junit.xml" || { echo "FAIL: junit.xml does not validate against $xsd"; status=1; }

sed '0,/<testsuites /s//<testsuites skipped="1" /' "$work/junit.xml" >"$work/broken-skipped.xml"
sed '0,/<testcase \([^>]*\)>/s//<testcase \1><properties\/>/' "$work/junit.xml" >"$work/broken-properties.xml"
for broken in broken-skipped broken-properties; do
  cmp -s "$work/junit.xml" "$work/$broken.xml" && { echo "FAIL: could not make $broken.xml"; status=1; continue; }
  if xmllint --noout --schema "$xsd" "$work/$broken.xml" 2>/dev/null; then
    echo "FAIL: $broken.xml validates: the schema check would not catch it"
    status=1
  fi
done
if grep -n '<br' "$work/summary.md"; then
  echo "FAIL: summary.md has <br> (HTML in Markdown cells is dropped or shown literally outside GitHub)"
  status=1
fi
[ "$status" -eq 0 ] && echo "PASS: junit.xml validates against junit-10.xsd; broken copies do not; no <br> in summary.md"
exit "$status"
