#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Renders the HTML report in headless Chromium and saves a PNG, to see that the page works
# offline and shows its chart.
#
# Usage:
#   ci/report-screenshot.sh                      a fresh `listen-conformance run` into $LC_OUT/report
#                                                (default out/report), then out/report/report.png
#   ci/report-screenshot.sh --html PAGE [--out PNG]   an existing page (default PNG: PAGE with .png)
# Environment: LC_BUILD_DIR (default build), LC_OUT (default out), LC_SCREENSHOT_SIZE (default
# 1280,2000), LC_NO_INSTALL=1 to fail instead of installing chromium when it is missing.
# Exit: 0 PNG written and checked, 1 rendering failed, 2 bad usage or chromium unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."

html="" png=""
while [ $# -gt 0 ]; do
  case "$1" in
    --html) html="${2:?--html needs a file}"; shift 2 ;;
    --out) png="${2:?--out needs a file}"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "report-screenshot: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

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
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
  --proxy-server=127.0.0.1:9 --user-data-dir="$profile" \
  --screenshot="$abs_png" --window-size="$size" "file://$abs_html" >"$profile/chromium.log" 2>&1 || {
  echo "report-screenshot: chromium failed:" >&2
  tail -20 "$profile/chromium.log" >&2
  exit 1
}
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
