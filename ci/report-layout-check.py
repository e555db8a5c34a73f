#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Judges the boxes ci/report-layout.js measured (ci/report-screenshot.sh --check): usage
#   report-layout-check.py report|matrix WIDE.dom NARROW.dom
# WIDE.dom: the page's DOM dumped by Chromium at 1280x800 (the first screen); NARROW.dom: at
# 800x800. Prints each check with the numbers it used; exit 0 all hold, 1 one fails, 2 bad input.
import html
import json
import re
import sys

FOLD = 800  # the first screen's height in CSS pixels


def layout(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    found = re.findall(r'<pre id="lc-layout">(.*?)</pre>', text, re.S)
    try:
        return json.loads(html.unescape(found[-1]))
    except (IndexError, ValueError) as e:
        print(f"{path}: no layout measured (did the injected script run?): {e}", file=sys.stderr)
        sys.exit(2)


failures = 0


def check(ok, what, detail):
    global failures
    print(f"  {'ok  ' if ok else 'FAIL'} {what}: {detail}")
    if not ok:
        failures += 1


def px(b):
    return f"top {b['top']:.0f}, bottom {b['bottom']:.0f}, left {b['left']:.0f}, right {b['right']:.0f}"


def on_first_screen(wide, name, what):
    b = wide[name]
    if b is None:
        check(False, what, "not on the page")
        return
    vw = wide["viewport"]["width"]
    ok = b["top"] >= 0 and b["bottom"] <= FOLD and b["left"] >= 0 and b["right"] <= vw and b["bottom"] > b["top"]
    check(ok, f"{what} wholly within the first {vw}x{FOLD} screen", px(b))


def no_sideways_scroll(narrow):
    vw = narrow["viewport"]["width"]
    check(narrow["page_width"] <= vw, f"the page does not scroll sideways in a {vw} px window",
          f"page width {narrow['page_width']}")
    for t in narrow["tables"]:
        b = t["box"]
        clip = t["scrolls_in"]
        # A table wider than the window scrolls inside its own box, never the page.
        right = clip["right"] if clip else b["right"]
        check(right <= vw, f"table.{t['class'] or '(no class)'} fits the {vw} px window",
              f"right edge {right:.0f}" + (" (its scroll box)" if clip else ""))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("report", "matrix"):
        print("usage: report-layout-check.py report|matrix WIDE.dom NARROW.dom", file=sys.stderr)
        return 2
    kind, wide, narrow = sys.argv[1], layout(sys.argv[2]), layout(sys.argv[3])
    # Only the width is compared: Chromium's headless window keeps room for a frame, so its
    # viewport is shorter than --window-size asks, and the pages' layout does not depend on the
    # height (no vh units, no media queries); the first screen is the page's top FOLD pixels.
    for name, lay, want in (("wide", wide, 1280), ("narrow", narrow, 800)):
        if lay["viewport"]["width"] != want:
            print(f"the {name} window is {lay['viewport']['width']} px wide, not {want}: check Chromium's --window-size",
                  file=sys.stderr)
            return 2
    if kind == "report":
        on_first_screen(wide, "answer", "the answer sentence")
        on_first_screen(wide, "chart", "the capacity chart")
        if wide["chart"] and wide["facts"]:
            check(wide["chart"]["bottom"] <= wide["facts"]["top"], "the chart comes before the machine facts",
                  f"chart bottom {wide['chart']['bottom']:.0f}, facts top {wide['facts']['top']:.0f}")
        last = wide["overflow_last_column"]
        if last is not None:
            clip = wide["overflow_clip"] or {"right": wide["viewport"]["width"]}
            edge = min(clip["right"], wide["viewport"]["width"])
            check(last["right"] <= edge,
                  f"the overflow table's last column ({wide['overflow_last_column_text']!r}) is in view at 1280 px",
                  f"its right edge {last['right']:.0f}, visible up to {edge:.0f}")
    no_sideways_scroll(narrow)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
