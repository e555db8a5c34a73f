// SPDX-License-Identifier: Apache-2.0
#include "merge.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "html_writer.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "markdown.hpp"
#include "markdown_writer.hpp"
#include "report_common.hpp"
#include "svg_chart.hpp"
#include "xhtml.hpp"

namespace lc::report {
namespace {

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// What a machine observed for a row, where it observed something.
std::optional<std::string> observed(const judge::CaseResult* r) {
  if (!r || r->not_applicable || r->verdict == judge::Verdict::skipped || (!r->observation && !r->runtime)) return std::nullopt;
  const std::string obs = key_observation(*r);
  return obs.empty() ? std::nullopt : std::optional<std::string>(obs);
}

Agreement agreement_of(const std::vector<const judge::CaseResult*>& cells) {
  std::set<std::string> seen;
  int observers = 0;
  for (const auto* r : cells) {
    if (auto o = observed(r)) {
      seen.insert(*o);
      ++observers;
    }
  }
  if (observers < 2) return Agreement::single;
  return seen.size() == 1 ? Agreement::same : Agreement::differ;
}

std::string agreement_text(Agreement a) {
  switch (a) {
    case Agreement::same: return "same";
    case Agreement::differ: return "differ";
    case Agreement::single: return "—";
  }
  return "";
}

}  // namespace

std::string to_string(Agreement a) { return agreement_text(a); }

Matrix build_matrix(const std::vector<MergeInput>& inputs) {
  Matrix m;
  std::map<std::string, int> label_count;
  for (const auto& in : inputs) ++label_count[machine_label(in.run)];
  for (const auto& in : inputs) {
    const std::string label = machine_label(in.run);
    if (!in.label.empty()) m.columns.push_back(in.label);
    else m.columns.push_back(label_count[label] > 1 ? label + " (" + file_name(in.source) + ")" : label);
  }
  // Families in order of first appearance; instances within a family likewise.
  std::vector<std::string> families;
  std::map<std::string, std::vector<std::string>> ids_by_family;
  std::set<std::string> known;
  for (const auto& in : inputs) {
    for (const auto& r : in.run.results) {
      if (!known.insert(r.id).second) continue;
      const std::string family = family_of(r.case_id.empty() ? r.id : r.case_id);
      if (!ids_by_family.count(family)) families.push_back(family);
      ids_by_family[family].push_back(r.id);
    }
  }
  std::vector<std::map<std::string, const judge::CaseResult*>> by_id(inputs.size());
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    for (const auto& r : inputs[c].run.results) by_id[c].emplace(r.id, &r);
  }
  for (const auto& family : families) {
    for (const auto& id : ids_by_family[family]) {
      Matrix::Row row{family, id, {}};
      for (std::size_t c = 0; c < inputs.size(); ++c) {
        auto it = by_id[c].find(id);
        row.cells.push_back(it == by_id[c].end() ? nullptr : it->second);
      }
      row.agreement = agreement_of(row.cells);
      m.rows.push_back(std::move(row));
    }
  }
  std::stable_partition(m.rows.begin(), m.rows.end(), [](const Matrix::Row& r) { return r.agreement == Agreement::differ; });
  return m;
}

std::string render_matrix_markdown(const std::vector<MergeInput>& inputs) {
  const Matrix m = build_matrix(inputs);
  std::string out = "## listen-conformance matrix\n\n";
  std::vector<std::vector<std::string>> machines;
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    const auto& run = inputs[c].run;
    const results::Summary& s = run.summary;
    machines.push_back({md::cell(m.columns[c]), md::code(expectations_name(run), true), std::to_string(s.conforms),
                        std::to_string(s.deviates), std::to_string(s.drift), std::to_string(s.skipped),
                        std::to_string(s.error), md::cell(run.started_at)});
  }
  out += md::table({"Machine", "Expectations", "Conform", "Deviate", "Drift", "Skipped", "Errors", "Started"}, machines,
                   {false, false, true, true, true, true, true, false});
  out += "\nRows are question instances, aligned by id across machines; the rows where the machines observed "
         "different things come first. Cells: verdict and the key observation (accepted connections for floods, the "
         "effective backlog or the errno for listen() calls). The HTML page beside this file has the capacity "
         "charts.\n\n";
  std::vector<std::string> header = {"Family", "Case instance", "OSes"};
  for (const auto& c : m.columns) header.push_back(md::cell(c));
  std::vector<std::vector<std::string>> rows;
  std::string last_family;
  for (const auto& row : m.rows) {
    std::vector<std::string> cells = {row.family == last_family ? "" : "**" + md::text(row.family) + "**",
                                      md::code(name_in_family(row.id), true), agreement_text(row.agreement)};
    last_family = row.family;
    for (const auto* r : row.cells) {
      if (!r) {
        cells.push_back("—");
        continue;
      }
      if (r->not_applicable) {
        cells.push_back("n/a");
        continue;
      }
      const std::string badge = verdict_badge(r->label());
      std::string text = badge.substr(0, badge.find(' '));
      const std::string obs = key_observation(*r);
      if (!obs.empty()) text += " " + md::cell(obs);
      cells.push_back(text);
    }
    rows.push_back(std::move(cells));
  }
  out += md::table(header, rows) + "\n";
  out += "✅ conforms · ❌ deviates · 📄 documentation drift · ⏭️ skipped · 💥 error · n/a not applicable on that OS "
         "(its answer says why) · — not run there (not in that file). OSes: same / differ where two or more machines "
         "observed the row.\n";
  return out;
}

std::string render_matrix_html(const std::vector<MergeInput>& inputs) {
  using xhtml::add;
  const Matrix m = build_matrix(inputs);
  xhtml::Page page;
  xhtml::start_page(page, "listen-conformance matrix", xhtml::base_css());
  pugi::xml_node body = page.body;
  add(body, "h1", "listen-conformance matrix");
  add(body, "p", "What listen(2) and its backlog do across " + std::to_string(inputs.size()) +
                     " machines: one column per results file, one row per question instance (aligned by id), the rows "
                     "where the machines differ first. n/a: the OS cannot be asked (its answer says why); —: not run.",
      {{"class", "muted"}});

  // In its own scroll box, as the matrix: a page in a narrow window never scrolls sideways.
  pugi::xml_node mt = add(add(body, "div", {}, {{"class", "scroll"}}), "table", {}, {{"class", "machines"}});
  pugi::xml_node mh = add(mt, "tr");
  for (const char* h : {"Machine", "Source", "Expectations", "Conform", "Deviate", "Drift", "Skipped", "Errors", "Started"}) add(mh, "th", h);
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    const auto& run = inputs[c].run;
    const results::Summary& s = run.summary;
    pugi::xml_node tr = add(mt, "tr");
    add(tr, "td", m.columns[c]);
    add(tr, "td", inputs[c].source, {{"class", "id"}});
    add(tr, "td", expectations_name(run) + " (" + run.expectations.sha256.substr(0, 12) + ")", {{"class", "id"}});
    for (int n : {s.conforms, s.deviates, s.drift, s.skipped, s.error}) add(tr, "td", std::to_string(n), {{"class", "num"}});
    add(tr, "td", run.started_at);
  }

  // Capacity charts: one per capacity case, one line per machine.
  std::vector<std::string> cases;
  std::vector<std::vector<CapacityPoint>> points_by_input;
  for (const auto& in : inputs) {
    points_by_input.push_back(capacity_points(in.run));
    for (const auto& p : points_by_input.back()) {
      if (std::find(cases.begin(), cases.end(), p.case_id) == cases.end()) cases.push_back(p.case_id);
    }
  }
  add(body, "h2", "Accept-queue capacity by machine", {{"id", "capacity"}});
  if (cases.empty()) add(body, "p", "No capacity case instance with numeric values in these results.", {{"class", "muted"}});
  else
    add(body, "p",
        "Accepted connections against requested backlog; one colour per machine, solid for observed, dashed for "
        "that machine's expected formula; dotted vertical lines: the backlog clamp (somaxconn) in force. Both axes are "
        "log2(1 + n).",
        {{"class", "muted"}});
  for (const auto& case_id : cases) {
    std::vector<ChartSeries> series;
    ChartOptions chart{case_id};
    for (std::size_t c = 0; c < inputs.size(); ++c) {
      std::vector<CapacityPoint> mine;
      for (const auto& p : points_by_input[c]) {
        if (p.case_id == case_id) mine.push_back(p);
      }
      auto one = capacity_series(mine);
      ChartSeries s = one.empty() ? ChartSeries{} : one.front();
      s.name = m.columns[c];
      if (one.empty()) s.expected_name = "(no data)";
      series.push_back(std::move(s));
      // The machine's clamps, one line per value however many machines share it.
      for (const ChartClamp& clamp : capacity_clamps(mine)) {
        auto same = std::find_if(chart.clamps.begin(), chart.clamps.end(),
                                 [&](const ChartClamp& k) { return k.x == clamp.x && k.label == clamp.label; });
        if (same == chart.clamps.end()) same = chart.clamps.insert(chart.clamps.end(), {clamp.x, clamp.label, {}});
        same->series.push_back(m.columns[c]);
      }
    }
    append_chart(body, series, chart);
  }

  add(body, "h2", "Matrix", {{"id", "matrix"}});
  pugi::xml_node t = add(add(body, "div", {}, {{"class", "scroll"}}), "table", {}, {{"class", "matrix"}});
  pugi::xml_node hr = add(t, "tr");
  add(hr, "th", "Case instance");
  add(hr, "th", "OSes");
  for (const auto& c : m.columns) add(hr, "th", c);
  std::string last_family;
  for (const auto& row : m.rows) {
    if (row.family != last_family) {
      pugi::xml_node fr = add(t, "tr", {}, {{"class", "family"}});
      add(fr, "th", row.family, {{"colspan", std::to_string(m.columns.size() + 2)}});
      last_family = row.family;
    }
    pugi::xml_node tr = add(t, "tr");
    add(tr, "td", name_in_family(row.id), {{"class", "id"}});
    add(tr, "td", agreement_text(row.agreement), {{"class", "agreement-" + agreement_text(row.agreement)}});
    for (const auto* r : row.cells) {
      if (!r) {
        add(tr, "td", "—", {{"class", "cell-missing"}, {"title", "not run: not in this results file"}});
        continue;
      }
      if (r->not_applicable) {
        add(tr, "td", "n/a", {{"class", "cell-not-applicable"}, {"title", r->reason}});
        continue;
      }
      const std::string label = to_string(r->label());
      pugi::xml_node td = add(tr, "td", {}, {{"class", "cell-" + label}, {"title", label + ": " + r->reason}});
      append_verdict(td, r->label());
      const std::string obs = key_observation(*r);
      if (!obs.empty()) {
        add(td, "br");
        xhtml::text(td, obs);
      }
    }
  }
  return xhtml::serialize(page);
}

std::vector<std::filesystem::path> write_matrix(const std::vector<MergeInput>& inputs, const std::filesystem::path& dir,
                                                MatrixFormat format) {
  if (format == MatrixFormat::json) return vocabulary::write_file_set(dir, {{"matrix.json", render_matrix_json(inputs)}});
  return vocabulary::write_file_set(dir, {{"matrix.md", render_matrix_markdown(inputs)}, {"matrix.html", render_matrix_html(inputs)}});
}

}  // namespace lc::report
