#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Renders the HTML report in headless Chromium and saves a PNG, to see that the page works
# offline and shows its chart; --check also measures the layout Chromium computed (issue 16).
#
# Usage:
#   ci/report-screenshot.sh                      a fresh `listen-conformance run` into $LC_OUT/report
#                                                (default out/report), then out/report/report.png,
#                                                checked as with --check report
#   ci/report-screenshot.sh --html PAGE [--out PNG] [--check report|matrix]
#                                                an existing page (default PNG: PAGE with .png)
#   --check report   the first screen (1280x800) holds the whole answer sentence and the whole
#                    first capacity chart; in an 800 px window nothing makes the page scroll
#                    sideways; at 1280 px the overflow table's last column is in view
#   --check matrix   in an 800 px window nothing makes the page scroll sideways
# Environment: LC_BUILD_DIR (default build), LC_OUT (default out), LC_SCREENSHOT_SIZE (default
# 1280,2000), LC_NO_INSTALL=1 to fail instead of installing chromium when it is missing.
# Exit: 0 PNG written and checked, 1 rendering or a layout check failed, 2 bad usage or chromium
# unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."

html="" png="" check=""
while [ $# -gt 0 ]; do
  case "$1" in
    --html) html="${2:?--html needs a file}"; shift 2 ;;
    --out) png="${2:?--out needs a file}"; shift 2 ;;
    --check) check="${2:?--check needs report or matrix}"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "report-screenshot: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$check" in "" | report | matrix) ;; *) echo "report-screenshot: --check report|matrix, not '$check'" >&2; exit 2 ;; esac

browser=""
find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser="$(command -v "$b")"; return 0; fi
  done
  return 1
}
if ! find_browser; then
  if [ "${LC_NO_INSTALL:-0}" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "report-screenshot: no chromium found (Debian: apt-get install chromium)" >&2
    exit 2
  fi
  echo "report-screenshot: installing chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium
  find_browser || { echo "report-screenshot: chromium did not install" >&2; exit 2; }
fi

if [ -z "$html" ]; then
  build_dir="${LC_BUILD_DIR:-build}"
  bin="$build_dir/runners/listen-conformance"
  [ -x "$bin" ] || ci/build.sh
  report_dir="${LC_OUT:-out}/report"
  set +e
  "$bin" run --report-dir "$report_dir" -q
  rc=$?
  set -e
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "report-screenshot: listen-conformance run exited $rc" >&2
    exit 1
  fi
  html="$report_dir/report.html"
  [ -n "$check" ] || check=report
fi
[ -f "$html" ] || { echo "report-screenshot: $html does not exist" >&2; exit 2; }
[ -n "$png" ] || png="${html%.html}.png"

size="${LC_SCREENSHOT_SIZE:-1280,2000}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
abs_html="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
abs_png="$(mkdir -p "$(dirname "$png")" && cd "$(dirname "$png")" && pwd)/$(basename "$png")"
rm -f "$abs_png"
# No network: the page must render from the file alone.
chromium_headless() {  # chromium_headless WIDTH,HEIGHT ARGS... (stdout: Chromium's, for --dump-dom)
  local size="$1"; shift
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --hide-scrollbars --proxy-server=127.0.0.1:9 --user-data-dir="$profile" --window-size="$size" "$@" \
    2>>"$profile/chromium.log" || {
    echo "report-screenshot: chromium failed:" >&2
    tail -20 "$profile/chromium.log" >&2
    exit 1
  }
}
chromium_headless "$size" --screenshot="$abs_png" "file://$abs_html" >>"$profile/chromium.log"
# A PNG of the requested size.
python3 - "$abs_png" "$size" <<'PY'
import struct, sys
path, size = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    head = f.read(24)
if head[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
w, h = struct.unpack(">II", head[16:24])
want = tuple(int(x) for x in size.split(","))
if (w, h) != want:
    sys.exit(f"{path}: {w}x{h}, expected {want[0]}x{want[1]}")
PY
bytes=$(wc -c <"$abs_png")
if [ "$bytes" -lt 20000 ]; then
  echo "report-screenshot: $abs_png is only $bytes bytes: a blank page?" >&2
  exit 1
fi
echo "report-screenshot: $abs_png ($bytes bytes, $size) from $abs_html"
[ -n "$check" ] || exit 0

# The layout as Chromium computed it: a copy of the page with ci/report-layout.js injected, which
# writes the boxes it measured into the DOM; --dump-dom prints that DOM; report-layout-check.py
# judges it. At 1280x800 (the first screen) and at 800x800 (a narrow window).
for view in 1280,800 800,800; do
  probe="$profile/page-${view/,/x}.html"
  python3 - "$abs_html" "$probe" ci/report-layout.js <<'PY'
import sys
page, probe, script = sys.argv[1:4]
html = open(page, encoding="utf-8").read()
js = open(script, encoding="utf-8").read()
at = html.rfind("</body>")
if at < 0:
    sys.exit(f"{page}: no </body>")
open(probe, "w", encoding="utf-8").write(html[:at] + "<script>" + js + "</script>" + html[at:])
PY
  chromium_headless "$view" --dump-dom "file://$probe" >"$probe.dom"
done
python3 ci/report-layout-check.py "$check" "$profile/page-1280x800.html.dom" "$profile/page-800x800.html.dom" || {
  echo "report-screenshot: $abs_html: the layout check ($check) failed" >&2
  exit 1
}
echo "report-screenshot: $abs_html: layout check ($check) passed"
