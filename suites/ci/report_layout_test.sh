#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# ci/report-screenshot.sh --check report on deliberately broken copies of the golden report page
# (ctest `report_screenshot.catches_breaks`, label browser): each break must fail the layout check
# and name what it broke. The copies are made from the golden page, so they follow it.
# Usage: report_layout_test.sh SOURCE_DIR GOLDEN_PAGE     Exit: 0 pass, 1 fail
set -euo pipefail
src="$(cd "${1:?SOURCE_DIR}" && pwd)"
page="${2:?GOLDEN_PAGE}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# `broken NAME PYTHON-EXPR`: $tmp/NAME.html, the golden page with `html` replaced by the
# expression's value; an edit that changes nothing is a broken test, not a passing one.
broken() {
  python3 - "$page" "$tmp/$1.html" "$2" <<'PY'
import sys
page, out, expr = sys.argv[1:4]
html = open(page, encoding="utf-8").read()
changed = eval(expr, {"html": html})
if changed == html:
    sys.exit(f"{out}: the edit changed nothing")
open(out, "w", encoding="utf-8").write(changed)
PY
}
# `expect NAME REGEX`: the check fails (exit 1) on the copy NAME and prints a FAIL line matching REGEX.
expect() {
  local rc=0
  LC_NO_INSTALL=1 bash "$src/ci/report-screenshot.sh" --html "$tmp/$1.html" --check report >"$tmp/$1.log" 2>&1 || rc=$?
  [ "$rc" -eq 1 ] || { cat "$tmp/$1.log" >&2; fail "$1: exit $rc, expected 1"; }
  grep -E "FAIL +$2" "$tmp/$1.log" >/dev/null || { cat "$tmp/$1.log" >&2; fail "$1: no FAIL line matching '$2'"; }
  echo "ok: $1 fails the check: $(grep -E "FAIL +$2" "$tmp/$1.log" | head -n 1 | sed 's/^ *//')"
}

# The capacity chart moved below the machine-facts table: off the first screen.
broken chart-below-facts \
  'html[:html.index("<h2 id=\"capacity\"")] + html[html.index("<h2 id=\"machine\""):html.index("</table>", html.index("<table class=\"facts\"")) + 8] + html[html.index("<h2 id=\"capacity\""):html.index("<h2 id=\"machine\"")] + html[html.index("</table>", html.index("<table class=\"facts\"")) + 8:]'
expect chart-below-facts "the capacity chart wholly within the first"
# A long answer sentence pushes the chart down.
broken long-answer 'html.replace("<p class=\"answer\" id=\"answer\">", "<p class=\"answer\" id=\"answer\">" + "A much longer preamble. " * 60, 1)'
expect long-answer "the capacity chart wholly within the first"
# Overflow ids and headers that do not wrap (no <wbr/>, nowrap): the verdict column leaves the
# 1280 px screen.
broken overflow-nowrap 'html.replace("<wbr />", "").replace("table.matrix td.id {", "table.overflow td.id, table.matrix td.id {", 1)'
expect overflow-nowrap "the overflow table's last column"
# Facts whose long values (the sha256) cannot wrap: the page scrolls sideways at 800 px.
broken facts-nowrap 'html.replace("table.facts td { overflow-wrap: anywhere; }", "table.facts td { white-space: nowrap; }", 1)'
expect facts-nowrap "table.facts fits the 800 px window"
echo "report_layout_test: every break was caught"
