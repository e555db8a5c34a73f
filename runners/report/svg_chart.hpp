// SPDX-License-Identifier: Apache-2.0
// The accept-queue capacity chart: accepted connections against requested backlog, one colour
// and marker shape per series, observed values as solid lines with markers, the expected
// formula's values as a dashed line. Both axes use log2(1 + v), so backlog 0, 1, 5 and 128 all
// stay readable; the x-axis reaches the backlog clamps (somaxconn) even where no flood did, and
// each clamp is a labelled vertical line: the plateau it makes and the sysctl that makes it. A
// series whose points all lie on an earlier one's says "same as ..." in the legend. Inline SVG,
// no scripts; every point carries data-x/data-y attributes and a <title> tooltip.
#pragma once

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "report_common.hpp"

namespace lc::report {

struct ChartPoint {
  double x = 0;
  double y = 0;
  std::string label;   // tooltip
  bool drift = false;  // ringed in the drift colour
  bool fail = false;   // ringed in the deviation colour
};

struct ChartSeries {
  std::string name;
  std::string expected_name;           // legend text of the dashed line
  std::vector<ChartPoint> observed;
  std::vector<ChartPoint> expected;
};

// A backlog above which listen() takes this one instead (the clamp a sysctl sets): the series it
// applies to level off from x on. Drawn as a vertical line with its label beside the plateau, or
// near the axis where no measurement reached it; the x-axis extends to it.
struct ChartClamp {
  double x = 0;
  std::string label;                // "net.core.somaxconn = 16 (set by the case)"
  std::vector<std::string> series;  // the names of the series it applies to
};

struct ChartOptions {
  std::string title;
  std::string x_label = "requested backlog";
  std::string y_label = "accepted connections";
  int width = 760;   // the plot's, without a legend beside it
  int height = 400;  // likewise
  // The legend to the right of the plot (the SVG grows by kLegendBesideWidth) instead of below
  // it: a chart with many series then stays as tall as its plot, and report.html's first
  // 1280x800 screen holds it whole. The page scales it down in a narrower window.
  bool legend_beside = false;
  std::vector<ChartClamp> clamps = {};
};
inline constexpr int kLegendBesideWidth = 430;

// Appends <svg class="chart"> to `parent`.
void append_chart(pugi::xml_node parent, const std::vector<ChartSeries>& series, const ChartOptions& options);

// The colour of series i (a fixed palette, repeated).
std::string series_colour(std::size_t i);

// One series per case: observed accepted and the `accepted` check's expected value per backlog.
std::vector<ChartSeries> capacity_series(const std::vector<CapacityPoint>& points);

// The clamps in force for those points, one per sysctl value (and whether a case set it), with
// the series (case ids) each applies to; points whose clamp is unknown give none.
std::vector<ChartClamp> capacity_clamps(const std::vector<CapacityPoint>& points);

}  // namespace lc::report
