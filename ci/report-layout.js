// SPDX-License-Identifier: Apache-2.0
// Injected by ci/report-screenshot.sh --check into a copy of a report page: measures the boxes
// Chromium laid out and writes them as JSON into a pre element (id lc-layout) that --dump-dom prints
// (ci/report-layout-check.py judges them). Page coordinates in CSS pixels; null when absent.
(function () {
  function box(el) {
    if (!el) return null;
    var r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY,
             left: r.left + window.scrollX, right: r.right + window.scrollX };
  }
  var overflow = document.querySelector("table.overflow");
  var lastHeader = null;
  if (overflow && overflow.rows.length > 0) {
    var cells = overflow.rows[0].cells;
    lastHeader = cells[cells.length - 1];
  }
  var out = {
    viewport: { width: window.innerWidth, height: window.innerHeight },
    page_width: document.documentElement.scrollWidth,
    answer: box(document.querySelector(".answer")),
    chart: box(document.querySelector("svg.chart")),
    facts: box(document.querySelector("table.facts")),
    overflow_last_column: box(lastHeader),
    overflow_last_column_text: lastHeader ? lastHeader.textContent : null,
    // Its scrolling box: what of the table is in view without scrolling it.
    overflow_clip: box(overflow ? overflow.closest(".scroll") : null),
    tables: Array.prototype.map.call(document.querySelectorAll("table"), function (t) {
      return { class: t.className, box: box(t), scrolls_in: box(t.closest(".scroll")) };
    })
  };
  var pre = document.createElement("pre");
  pre.id = "lc-layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
