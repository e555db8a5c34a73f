// SPDX-License-Identifier: Apache-2.0
#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>

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

std::vector<ChartClamp> capacity_clamps(const std::vector<CapacityPoint>& points) {
  std::vector<ChartClamp> clamps;
  std::map<std::tuple<std::string, long long, bool>, std::size_t> index;
  for (const auto& p : points) {
    if (!p.clamp || p.clamp_sysctl.empty()) continue;
    auto [it, inserted] = index.emplace(std::tuple{p.clamp_sysctl, *p.clamp, p.clamp_set_by_case}, clamps.size());
    if (inserted) {
      clamps.push_back({static_cast<double>(*p.clamp),
                        p.clamp_sysctl + " = " + std::to_string(*p.clamp) +
                            (p.clamp_set_by_case ? " (set by the case)" : " (in force by default)"),
                        {}});
    }
    auto& names = clamps[it->second].series;
    if (std::find(names.begin(), names.end(), p.case_id) == names.end()) names.push_back(p.case_id);
  }
  return clamps;
}

namespace {

// The earlier series that series i is drawn on top of, and how: every point of i is one of its
// points ("same as X"), or the two agree wherever both were measured, at two backlogs or more
// ("same as X where both measured"). "" when i stands apart.
std::string coincidence_note(const std::vector<ChartSeries>& series, std::size_t i) {
  const auto& mine = series[i].observed;
  if (mine.empty()) return "";
  for (std::size_t j = 0; j < i; ++j) {
    const auto& theirs = series[j].observed;
    std::set<double> shared;
    bool agree = true, covered = true;
    for (const auto& p : mine) {
      bool same_x = false, same_point = false;
      for (const auto& q : theirs) {
        same_x = same_x || q.x == p.x;
        same_point = same_point || (q.x == p.x && q.y == p.y);
      }
      if (same_x && !same_point) agree = false;
      if (same_point) shared.insert(p.x);
      covered = covered && same_point;
    }
    if (agree && covered) return "same as " + series[j].name;
    if (agree && shared.size() >= 2) return "same as " + series[j].name + " where both measured";
  }
  return "";
}

// Marker shapes, so that series of one colour (the palette repeats) or drawn on top of each
// other stay apart: circle, square, triangle, diamond. The shape changes with the colour's
// round, so series i and i + 8 differ.
constexpr int kShapes = 4;
int marker_shape(std::size_t i) { return static_cast<int>((i + i / 8) % kShapes); }

pugi::xml_node add_marker(pugi::xml_node parent, int shape, double cx, double cy, double r, const std::string& cls,
                          const std::string& fill) {
  if (shape == 0) {
    return xhtml::add(parent, "circle", {}, {{"class", cls}, {"cx", num(cx)}, {"cy", num(cy)}, {"r", vocabulary::format_number(r)}, {"fill", fill}});
  }
  const double s = r * 0.9, t = r * 1.2;
  std::string d;
  if (shape == 1) {
    d = "M" + num(cx - s) + "," + num(cy - s) + "h" + num(2 * s) + "v" + num(2 * s) + "h" + num(-2 * s) + "z";
  } else if (shape == 2) {
    d = "M" + num(cx) + "," + num(cy - t) + "L" + num(cx + t) + "," + num(cy + 0.8 * r) + "L" + num(cx - t) + "," +
        num(cy + 0.8 * r) + "z";
  } else {
    d = "M" + num(cx) + "," + num(cy - t) + "L" + num(cx + t) + "," + num(cy) + "L" + num(cx) + "," + num(cy + t) + "L" +
        num(cx - t) + "," + num(cy) + "z";
  }
  return xhtml::add(parent, "path", {}, {{"class", cls}, {"d", d}, {"fill", fill}});
}

// The top of an axis: the power of two at or above every value (at most 2^kMaxTickExponent).
int top_exponent_for(double max_v) {
  int e = 0;
  while (e < kMaxTickExponent && std::ldexp(1.0, e) < max_v) ++e;
  return e;
}

// 0, 1, 2, 4, ... 2^top (every other one, or fewer, when there are many).
std::vector<double> axis_ticks(int top_exponent) {
  std::vector<double> all = {0};
  for (int e = 0; e <= top_exponent; ++e) all.push_back(std::ldexp(1.0, e));
  const std::size_t stride = all.size() > 14 ? (all.size() + 13) / 14 : 1;
  std::vector<double> ticks;
  for (std::size_t i = 0; i < all.size(); i += stride) ticks.push_back(all[i]);
  return ticks;
}

}  // namespace

void append_chart(pugi::xml_node parent, const std::vector<ChartSeries>& series, const ChartOptions& o) {
  const double left = 64, right = 24, top = 34, bottom = 48;
  const double legend_row = 20, note_row = 13;
  const double plot_w = o.width - left - right;
  const double plot_h = o.height - top - bottom;
  std::vector<std::string> notes;
  double legend_h = 8;
  for (std::size_t i = 0; i < series.size(); ++i) {
    notes.push_back(coincidence_note(series, i));
    legend_h += legend_row + (notes.back().empty() ? 0 : note_row);
  }
  const double total_h = o.legend_beside ? std::max<double>(o.height, top + legend_h) : o.height + legend_h;
  const int total_w = o.width + (o.legend_beside ? kLegendBesideWidth : 0);

  // Each axis to its own top: x to the largest backlog or clamp (where the plateau sits, also
  // beyond the floods), y to the largest count.
  double max_x = 1, max_y = 1;
  for (const auto& s : series) {
    for (const auto* pts : {&s.observed, &s.expected}) {
      for (const auto& p : *pts) {
        if (std::isfinite(p.x)) max_x = std::max(max_x, p.x);
        if (std::isfinite(p.y)) max_y = std::max(max_y, p.y);
      }
    }
  }
  for (const auto& c : o.clamps) {
    if (std::isfinite(c.x)) max_x = std::max(max_x, c.x);
  }
  const int x_exponent = top_exponent_for(max_x), y_exponent = top_exponent_for(max_y);
  const double x_top = std::ldexp(1.0, x_exponent), y_top = std::ldexp(1.0, y_exponent);
  auto px = [&](double v) { return left + std::log2(1.0 + clamped(v, x_top)) / std::log2(1.0 + x_top) * plot_w; };
  auto py = [&](double v) { return top + plot_h - std::log2(1.0 + clamped(v, y_top)) / std::log2(1.0 + y_top) * plot_h; };

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

  pugi::xml_node grid = add(svg, "g", {}, {{"class", "ticks"}});
  for (double t : axis_ticks(x_exponent)) {
    add(grid, "line", {}, {{"class", "grid"}, {"x1", num(px(t))}, {"y1", num(top)}, {"x2", num(px(t))}, {"y2", num(top + plot_h)}});
    add(grid, "text", vocabulary::format_number(t), {{"x", num(px(t))}, {"y", num(top + plot_h + 16)}, {"text-anchor", "middle"}});
  }
  for (double t : axis_ticks(y_exponent)) {
    add(grid, "line", {}, {{"class", "grid"}, {"x1", num(left)}, {"y1", num(py(t))}, {"x2", num(left + plot_w)}, {"y2", num(py(t))}});
    add(grid, "text", vocabulary::format_number(t), {{"x", num(left - 6)}, {"y", num(py(t) + 4)}, {"text-anchor", "end"}});
  }
  add(svg, "line", {}, {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top + plot_h)}, {"x2", num(left + plot_w)}, {"y2", num(top + plot_h)}});
  add(svg, "line", {}, {{"class", "axis"}, {"x1", num(left)}, {"y1", num(top)}, {"x2", num(left)}, {"y2", num(top + plot_h)}});
  add(svg, "text", o.x_label, {{"x", num(left + plot_w / 2)}, {"y", num(top + plot_h + 36)}, {"text-anchor", "middle"}});
  add(svg, "text", o.y_label,
      {{"x", "14"}, {"y", num(top + plot_h / 2)}, {"text-anchor", "middle"},
       {"transform", "rotate(-90 14 " + num(top + plot_h / 2) + ")"}});

  auto series_index = [&](const std::string& name) {
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (series[i].name == name) return i;
    }
    return series.size();
  };
  // The clamps' lines, behind the series; their labels come after the series, on top.
  pugi::xml_node clamp_lines = o.clamps.empty() ? pugi::xml_node() : add(svg, "g", {}, {{"class", "clamps"}});
  for (const auto& c : o.clamps) {
    const std::size_t only = c.series.size() == 1 ? series_index(c.series.front()) : series.size();
    const std::string colour = only < series.size() ? series_colour(only) : "#57606a";
    add(clamp_lines, "line", {},
        {{"class", "clamp"}, {"data-x", vocabulary::format_number(c.x)}, {"stroke", colour}, {"x1", num(px(c.x))},
         {"y1", num(top)}, {"x2", num(px(c.x))}, {"y2", num(top + plot_h)}, {"style", "stroke-dasharray:2 3;stroke-width:1.2"}});
  }

  auto sorted = [](std::vector<ChartPoint> pts) {
    std::stable_sort(pts.begin(), pts.end(), [](const ChartPoint& a, const ChartPoint& b) {
      return a.x != b.x ? a.x < b.x : a.y < b.y;
    });
    return pts;
  };
  double ly = o.legend_beside ? top + 6 : o.height + 4;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const ChartSeries& s = series[i];
    const std::string colour = series_colour(i);
    const int shape = marker_shape(i);
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
      pugi::xml_node c = add_marker(g, shape, px(p.x), py(p.y), 4, "observed-point", colour);
      xhtml::attr(c, "data-x", vocabulary::format_number(p.x));
      xhtml::attr(c, "data-y", vocabulary::format_number(p.y));
      add(c, "title", p.label);
    }
    // Legend row: solid = observed, dashed = expected; below the plot, or beside it from its top.
    // A series drawn on top of an earlier one says so on a second line.
    const double lx = o.legend_beside ? o.width : left;
    pugi::xml_node lg = add(svg, "g", {}, {{"class", "legend-row"}});
    add(lg, "line", {}, {{"class", "observed"}, {"stroke", colour}, {"x1", num(lx)}, {"y1", num(ly)}, {"x2", num(lx + 24)}, {"y2", num(ly)}});
    add_marker(lg, shape, lx + 12, ly, 3.5, "legend-marker", colour);
    add(lg, "text", s.name, {{"x", num(lx + 30)}, {"y", num(ly + 4)}, {"style", "fill:#1f2328"}});
    if (!s.expected.empty()) {
      const double ex = o.legend_beside ? lx + 260 : left + plot_w / 2;
      add(lg, "line", {}, {{"class", "expected"}, {"stroke", colour}, {"x1", num(ex)}, {"y1", num(ly)}, {"x2", num(ex + 24)}, {"y2", num(ly)}});
      add(lg, "text", s.expected_name, {{"x", num(ex + 30)}, {"y", num(ly + 4)}});
    }
    if (!notes[i].empty()) add(lg, "text", notes[i], {{"class", "legend-note"}, {"x", num(lx + 30)}, {"y", num(ly + 4 + note_row)}, {"style", "font-size:10px"}});
    ly += legend_row + (notes[i].empty() ? 0 : note_row);
  }

  // Clamp labels: beside the plateau where a flood went past the clamp (below the level line,
  // where a capacity chart is empty), else at the foot of the clamp's line; on the right half
  // they run leftwards, so that they stay inside the plot.
  pugi::xml_node clamp_labels = o.clamps.empty() ? pugi::xml_node() : add(svg, "g", {}, {{"class", "clamp-labels"}});
  std::map<double, int> labels_at;  // x -> labels already there
  for (const auto& c : o.clamps) {
    std::optional<double> level;
    for (const auto& name : c.series) {
      const std::size_t i = series_index(name);
      if (i == series.size()) continue;
      for (const auto& p : series[i].observed) {
        if (p.x > c.x && std::isfinite(p.y)) level = std::max(level.value_or(p.y), p.y);
      }
    }
    const int nth = labels_at[c.x]++;
    const bool leftwards = px(c.x) > left + 0.6 * plot_w;
    const double x = px(c.x) + (leftwards ? -4 : 4);
    const double y = (level ? std::min(py(*level) + 14, top + plot_h - 6) : top + plot_h - 8) - 14.0 * nth;
    const std::string text = level ? "plateau: " + c.label : c.label + ": larger backlogs are clamped to it";
    pugi::xml_node t = add(clamp_labels, "text", text,
                           {{"class", "clamp-label"}, {"x", num(x)}, {"y", num(y)}, {"text-anchor", leftwards ? "end" : "start"},
                            {"style", "font-size:11px;fill:#1f2328;paint-order:stroke;stroke:#fff;stroke-width:3px"}});
    std::string applies;
    for (const auto& name : c.series) applies += (applies.empty() ? "" : ", ") + name;
    add(t, "title", c.label + ": clamps " + applies);
  }
}

}  // namespace lc::report
