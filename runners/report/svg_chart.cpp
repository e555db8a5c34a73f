// SPDX-License-Identifier: Apache-2.0
#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "lc/vocabulary/format_number.hpp"
#include "xhtml.hpp"

namespace lc::report {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The top of the axes is at most 2^kMaxTickExponent: the loops below draw one tick per power of
// two, so their count is bounded whatever the data says (load_results() refuses values above
// 2^53; a value beyond the top, or not finite, is drawn at the edge).
constexpr int kMaxTickExponent = 62;

double clamped(double v, double top) { return std::isfinite(v) ? std::clamp(v, 0.0, top) : (v > 0 ? top : 0.0); }

std::string points_attr(std::vector<std::pair<double, double>> pts) {
  std::string out;
  for (const auto& [x, y] : pts) out += (out.empty() ? "" : " ") + num(x) + "," + num(y);
  return out;
}

}  // namespace

std::string series_colour(std::size_t i) {
  static const char* palette[] = {"#0969da", "#bf3989", "#1a7f37", "#bc4c00", "#8250df", "#0a7d8c", "#6e7781", "#953800"};
  return palette[i % (sizeof palette / sizeof palette[0])];
}

std::vector<ChartSeries> capacity_series(const std::vector<CapacityPoint>& points) {
  std::vector<ChartSeries> series;
  std::map<std::string, std::size_t> index;
  for (const auto& p : points) {
    auto [it, inserted] = index.emplace(p.case_id, series.size());
    if (inserted) {
      ChartSeries s;
      s.name = p.case_id;
      s.expected_name = "expected " + (p.formula.empty() ? std::string("value") : p.formula);
      series.push_back(std::move(s));
    }
    ChartSeries& s = series[it->second];
    const std::string b = std::to_string(p.backlog);
    s.observed.push_back({static_cast<double>(p.backlog), p.observed,
                          p.instance_id + ": backlog " + b + ", observed " + vocabulary::format_number(p.observed) +
                              ", expected " + vocabulary::format_number(p.expected) + (p.drift ? " (documentation drift)" : ""),
                          p.drift, !p.pass && !p.drift});
    s.expected.push_back({static_cast<double>(p.backlog), p.expected,
                          p.instance_id + ": expected " + p.formula + " = " + vocabulary::format_number(p.expected), false, false});
  }
  return series;
}

void append_chart(pugi::xml_node parent, const std::vector<ChartSeries>& series, const ChartOptions& o) {
  const double left = 64, right = 24, top = 34, bottom = 48;
  const double legend_row = 20;
  const double plot_w = o.width - left - right;
  const double plot_h = o.height - top - bottom;
  const double legend_h = legend_row * static_cast<double>(series.size()) + 8;
  const double total_h = o.legend_beside ? std::max<double>(o.height, top + legend_h) : o.height + legend_h;
  const int total_w = o.width + (o.legend_beside ? kLegendBesideWidth : 0);

  double max_v = 1;
  for (const auto& s : series) {
    for (const auto* pts : {&s.observed, &s.expected}) {
      for (const auto& p : *pts) {
        for (double v : {p.x, p.y}) {
          if (std::isfinite(v)) max_v = std::max(max_v, v);
        }
      }
    }
  }
  int top_exponent = 0;
  while (top_exponent < kMaxTickExponent && std::ldexp(1.0, top_exponent) < max_v) ++top_exponent;
  const double top_tick = std::ldexp(1.0, top_exponent);
  const double domain = std::log2(1.0 + top_tick);
  auto scaled = [&](double v) { return std::log2(1.0 + clamped(v, top_tick)); };
  auto px = [&](double v) { return left + scaled(v) / domain * plot_w; };
  auto py = [&](double v) { return top + plot_h - scaled(v) / domain * plot_h; };

  using xhtml::add;
  pugi::xml_node svg = add(parent, "svg", {},
                           {{"xmlns", "http://www.w3.org/2000/svg"},
                            {"class", "chart"},
                            {"width", std::to_string(total_w)},
                            {"height", num(total_h)},
                            {"viewBox", "0 0 " + std::to_string(total_w) + " " + num(total_h)},
                            {"role", "img"},
                            {"aria-label", o.title}});
  add(svg, "title", o.title);
  add(svg, "text", o.title, {{"x", num(left)}, {"y", "20"}, {"style", "font-size:13px;font-weight:600;fill:#1f2328"}});

  // Grid and ticks at 0, 1, 2, 4, ... top_tick (every other one, or fewer, when there are many).
  std::vector<double> ticks = {0};
  for (int e = 0; e <= top_exponent; ++e) ticks.push_back(std::ldexp(1.0, e));
  const std::size_t stride = ticks.size() > 14 ? (ticks.size() + 13) / 14 : 1;
  pugi::xml_node grid = add(svg, "g", {}, {{"class", "ticks"}});
  for (std::size_t i = 0; i < ticks.size(); i += stride) {
    const double t = ticks[i];
    const std::string label = vocabulary::format_number(t);
    add(grid, "line", {}, {{"class", "grid"}, {"x1", num(px(t))}, {"y1", num(top)}, {"x2", num(px(t))}, {"y2", num(top + plot_h)}});
    add(grid, "line", {}, {{"class", "grid"}, {"x1", num(left)}, {"y1", num(py(t))}, {"x2", num(left + plot_w)}, {"y2", num(py(t))}});
    add(grid, "text", label, {{"x", num(px(t))}, {"y", num(top + plot_h + 16)}, {"text-anchor", "middle"}});
    add(grid, "text", label, {{"x", num(left - 6)}, {"y", num(py(t) + 4)}, {"text-anchor", "end"}});
  }
  add(svg, "line", {}, {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top + plot_h)}, {"x2", num(left + plot_w)}, {"y2", num(top + plot_h)}});
  add(svg, "line", {}, {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top)}, {"x2", num(left)}, {"y2", num(top + plot_h)}});
  add(svg, "text", o.x_label, {{"x", num(left + plot_w / 2)}, {"y", num(top + plot_h + 36)}, {"text-anchor", "middle"}});
  add(svg, "text", o.y_label,
      {{"x", "14"}, {"y", num(top + plot_h / 2)}, {"text-anchor", "middle"},
       {"transform", "rotate(-90 14 " + num(top + plot_h / 2) + ")"}});

  auto sorted = [](std::vector<ChartPoint> pts) {
    std::stable_sort(pts.begin(), pts.end(), [](const ChartPoint& a, const ChartPoint& b) {
      return a.x != b.x ? a.x < b.x : a.y < b.y;
    });
    return pts;
  };
  for (std::size_t i = 0; i < series.size(); ++i) {
    const ChartSeries& s = series[i];
    const std::string colour = series_colour(i);
    pugi::xml_node g = add(svg, "g", {}, {{"class", "series"}, {"data-series", s.name}});
    if (!s.expected.empty()) {
      std::vector<std::pair<double, double>> line;
      for (const auto& p : sorted(s.expected)) line.emplace_back(px(p.x), py(p.y));
      add(g, "polyline", {}, {{"class", "expected"}, {"stroke", colour}, {"points", points_attr(line)}});
      for (const auto& p : s.expected) {
        pugi::xml_node c = add(g, "circle", {},
                               {{"class", "expected-point"}, {"cx", num(px(p.x))}, {"cy", num(py(p.y))}, {"r", "2.5"},
                                {"fill", "#fff"}, {"stroke", colour}, {"data-x", vocabulary::format_number(p.x)},
                                {"data-y", vocabulary::format_number(p.y)}});
        add(c, "title", p.label);
      }
    }
    std::vector<std::pair<double, double>> line;
    for (const auto& p : sorted(s.observed)) line.emplace_back(px(p.x), py(p.y));
    // Earlier series are drawn wider, so that identical lines (two machines that agree) still
    // both show.
    const double width = std::min(6.5, 2.0 + 1.5 * static_cast<double>(series.size() - 1 - i));
    add(g, "polyline", {},
        {{"class", "observed"}, {"stroke", colour}, {"style", "stroke-width:" + num(width)}, {"points", points_attr(line)}});
    for (const auto& p : s.observed) {
      if (p.drift || p.fail) {
        add(g, "circle", {},
            {{"class", p.drift ? "drift-point" : "fail-point"}, {"cx", num(px(p.x))}, {"cy", num(py(p.y))}, {"r", "8"}});
      }
      pugi::xml_node c = add(g, "circle", {},
                             {{"class", "observed-point"}, {"cx", num(px(p.x))}, {"cy", num(py(p.y))}, {"r", "4"},
                              {"fill", colour}, {"data-x", vocabulary::format_number(p.x)},
                              {"data-y", vocabulary::format_number(p.y)}});
      add(c, "title", p.label);
    }
    // Legend row: solid = observed, dashed = expected; below the plot, or beside it from its top.
    const double ly = (o.legend_beside ? top + 6 : o.height + 4) + legend_row * static_cast<double>(i);
    const double lx = o.legend_beside ? o.width : left;
    pugi::xml_node lg = add(svg, "g", {}, {{"class", "legend-row"}});
    add(lg, "line", {}, {{"class", "observed"}, {"stroke", colour}, {"x1", num(lx)}, {"y1", num(ly)}, {"x2", num(lx + 24)}, {"y2", num(ly)}});
    add(lg, "circle", {}, {{"cx", num(lx + 12)}, {"cy", num(ly)}, {"r", "3.5"}, {"fill", colour}});
    add(lg, "text", s.name, {{"x", num(lx + 30)}, {"y", num(ly + 4)}, {"style", "fill:#1f2328"}});
    if (!s.expected.empty()) {
      const double ex = o.legend_beside ? lx + 260 : left + plot_w / 2;
      add(lg, "line", {}, {{"class", "expected"}, {"stroke", colour}, {"x1", num(ex)}, {"y1", num(ly)}, {"x2", num(ex + 24)}, {"y2", num(ly)}});
      add(lg, "text", s.expected_name, {{"x", num(ex + 30)}, {"y", num(ly + 4)}});
    }
  }
}

}  // namespace lc::report
