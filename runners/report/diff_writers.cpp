// SPDX-License-Identifier: Apache-2.0
// Rendering a RunDiff as Markdown, HTML and JSON.
#include <nlohmann/json.hpp>

#include "diff.hpp"
#include "html_writer.hpp"
#include "markdown.hpp"
#include "markdown_writer.hpp"
#include "report_common.hpp"
#include "run_identity_json.hpp"
#include "xhtml.hpp"

namespace lc::report {
namespace {

const char* kIgnored =
    "timings, memory-scaled sysctls (net.ipv4.tcp_max_syn_backlog, ...) and the check values and observations "
    "derived from them, traffic-volume counters, evidence, isolation mode and host sysctls";

std::string totals_line(const results::RunResults& r) { return summary_counts(r.summary); }

std::string counts_line(const RunDiff& d) {
  return std::to_string(d.count(ChangeKind::changed)) + " changed, " + std::to_string(d.count(ChangeKind::added)) +
         " added, " + std::to_string(d.count(ChangeKind::removed)) + " removed, " + std::to_string(d.unchanged) +
         " unchanged" + (d.excluded.empty() ? "" : ", " + std::to_string(d.excluded.size()) + " not compared");
}

std::string excluded_intro(const RunDiff& d) {
  return "Left out of the comparison" + (d.exclude_reason.empty() ? std::string(" (--exclude)") : ": " + d.exclude_reason) + ".";
}

const judge::CaseResult& any_side(const InstanceChange& c) { return c.next ? *c.next : *c.base; }

std::string kernel_text(const results::RunResults& r) {
  return r.machine.kernel_release + (r.machine.kernel_version.empty() ? "" : " (" + r.machine.kernel_version + ")");
}

std::vector<std::pair<std::string, std::pair<std::string, std::string>>> header_rows(const RunDiff& d) {
  const auto& a = *d.base;
  const auto& b = *d.next;
  return {{"Machine", {machine_label(a), machine_label(b)}},
          {"Kernel", {kernel_text(a), kernel_text(b)}},
          {"Expectations", {expectations_name(a) + " (sha256 " + a.expectations.sha256.substr(0, 12) + ")",
                            expectations_name(b) + " (sha256 " + b.expectations.sha256.substr(0, 12) + ")"}},
          {"Tool", {a.tool_version, b.tool_version}},
          {"Started", {a.started_at, b.started_at}},
          {"Verdicts", {totals_line(a), totals_line(b)}}};
}

}  // namespace

std::string render_diff_markdown(const RunDiff& d) {
  std::string out = "## listen-conformance diff\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [k, v] : header_rows(d)) rows.push_back({md::cell(k), md::cell(v.first), md::cell(v.second)});
  out += md::table({"", "Base", "New"}, rows) + "\n";
  out += "**" + counts_line(d) + "** case instances" +
         (d.machine.empty() ? "" : ", " + std::to_string(d.machine.size()) + " host facts changed") + ".";
  out += d.include_environment ? " Environment-dependent values are compared too (--include-environment).\n\n"
                               : std::string(" Not compared (environment, not kernel): ") + md::text(kIgnored) +
                                     "; pass --include-environment to compare them.\n\n";
  for (const auto& n : d.notes) out += "> ⚠️ " + md::text(n) + "\n\n";
  if (!d.changed()) out += "No case instance changed.\n";
  if (!d.machine.empty()) {
    out += "### Host\n\n";
    std::vector<std::vector<std::string>> mrows;
    for (const auto& f : d.machine) mrows.push_back({md::code(f.field, true), md::cell(f.base), md::cell(f.next)});
    out += md::table({"Fact", "Base", "New"}, mrows) + "\n";
  }
  if (d.count(ChangeKind::changed) > 0) {
    out += "### Changed (" + std::to_string(d.count(ChangeKind::changed)) + ")\n\n";
    for (const auto& c : d.instances) {
      if (c.kind != ChangeKind::changed) continue;
      out += "#### " + md::code(c.id) + " — " + verdict_badge(c.base->label()) + " → " +
             verdict_badge(c.next->label()) + "\n\n" + md::text(c.next->summary) + "\n\n";
      std::vector<std::vector<std::string>> frows;
      for (const auto& f : c.fields) frows.push_back({md::code(f.field, true), md::cell(f.base), md::cell(f.next)});
      out += md::table({"Field", "Base", "New"}, frows) + "\n";
      for (const auto& cite : c.next->cite) out += "- Source: " + md::link(cite.title, cite.url) + "\n";
      out += "\n";
    }
  }
  for (ChangeKind kind : {ChangeKind::added, ChangeKind::removed}) {
    if (d.count(kind) == 0) continue;
    out += std::string("### ") + (kind == ChangeKind::added ? "Added (only in NEW)" : "Removed (only in BASE)") + " (" +
           std::to_string(d.count(kind)) + ")\n\n";
    std::vector<std::vector<std::string>> arows;
    for (const auto& c : d.instances) {
      if (c.kind != kind) continue;
      const auto& r = any_side(c);
      std::string sources;
      for (const auto& cite : r.cite) sources += (sources.empty() ? "" : "; ") + md::link(cite.title, cite.url, true);
      arows.push_back({md::code(c.id, true), verdict_badge(r.label()), md::cell(key_observation(r)),
                       md::cell(r.label() == judge::VerdictLabel::conforms ? "" : r.reason), sources});
    }
    out += md::table({"Case instance", "Verdict", "Observed", "Reason", "Sources"}, arows) + "\n";
  }
  if (!d.excluded.empty()) {
    out += "### Not compared (" + std::to_string(d.excluded.size()) + ")\n\n" + md::text(excluded_intro(d)) + "\n\n";
    for (const auto& id : d.excluded) out += "- " + md::code(id) + "\n";
    out += "\n";
  }
  return out;
}

// A changed instance's box and new values by direction (ChangeDirection).
constexpr const char* kDirectionCss =
    ".change { border-left: 5px solid #8c959f; background: #f6f8fa; padding: 0.5em 0.9em; margin: 0.7em 0; }\n"
    ".change.change-regression { border-left-color: var(--bad); background: #ffebe9; }\n"
    ".change.change-fix { border-left-color: var(--ok); background: #dafbe1; }\n"
    "td.change-regression { color: var(--bad); font-weight: 600; }\n"
    "td.change-fix { color: var(--ok); font-weight: 600; }\n"
    "td.change-neutral { color: #57606a; font-weight: 600; }\n"
    ".direction { font-size: 0.8em; font-weight: 600; text-transform: uppercase; color: #57606a; }\n"
    ".change-regression .direction { color: var(--bad); }\n"
    ".change-fix .direction { color: var(--ok); }\n";

std::string render_diff_html(const RunDiff& d) {
  using xhtml::add;
  xhtml::Page page;
  const std::string title = "listen-conformance diff: " + machine_label(*d.base) + " → " + machine_label(*d.next);
  xhtml::start_page(page, title, xhtml::base_css() + kDirectionCss);
  pugi::xml_node body = page.body;
  add(body, "h1", title);
  pugi::xml_node t = add(body, "table", {}, {{"class", "facts"}});
  pugi::xml_node hr = add(t, "tr");
  add(hr, "th");
  add(hr, "th", "Base");
  add(hr, "th", "New");
  for (const auto& [k, v] : header_rows(d)) {
    pugi::xml_node tr = add(t, "tr");
    add(tr, "th", k);
    add(tr, "td", v.first);
    add(tr, "td", v.second);
  }
  pugi::xml_node p = add(body, "p");
  add(p, "strong", counts_line(d));
  xhtml::text(p, d.include_environment ? " case instances; environment-dependent values compared too."
                                       : std::string(" case instances. Not compared (environment, not kernel): ") + kIgnored + ".");
  for (const auto& n : d.notes) add(body, "p", n, {{"class", "finding drift"}});
  if (!d.changed()) add(body, "p", "No case instance changed.");
  // The new values in the colour of the change's direction: red a regression, green a fix, grey
  // a neutral change (and the host's facts, which are no verdict).
  auto fields_table = [&](pugi::xml_node parent, const std::vector<FieldChange>& fields, const char* first,
                          ChangeDirection direction) {
    pugi::xml_node ft = add(parent, "table");
    pugi::xml_node h = add(ft, "tr");
    add(h, "th", first);
    add(h, "th", "Base");
    add(h, "th", "New");
    for (const auto& f : fields) {
      pugi::xml_node tr = add(ft, "tr");
      add(tr, "td", f.field, {{"class", "id"}});
      add(tr, "td", f.base);
      add(tr, "td", f.next, {{"class", "change-" + to_string(direction)}});
    }
  };
  if (!d.machine.empty()) {
    add(body, "h2", "Host");
    fields_table(body, d.machine, "Fact", ChangeDirection::neutral);
  }
  if (d.count(ChangeKind::changed) > 0) {
    add(body, "h2", "Changed (" + std::to_string(d.count(ChangeKind::changed)) + ")", {{"id", "changed"}});
    for (const auto& c : d.instances) {
      if (c.kind != ChangeKind::changed) continue;
      const ChangeDirection direction = direction_of(c);
      pugi::xml_node box = add(body, "div", {}, {{"class", "change change-" + to_string(direction)}, {"id", "changed-" + c.id}});
      pugi::xml_node h = add(box, "h3");
      add(h, "span", c.id, {{"class", "id"}});
      xhtml::text(h, " ");
      append_verdict(h, c.base->label());
      xhtml::text(h, " → ");
      append_verdict(h, c.next->label());
      xhtml::text(h, " ");
      add(h, "span", to_string(direction), {{"class", "direction"}});
      add(box, "p", c.next->summary);
      fields_table(box, c.fields, "Field", direction);
      pugi::xml_node ul = add(box, "ul");
      for (const auto& cite : c.next->cite) {
        pugi::xml_node li = add(ul, "li", "Source: ");
        xhtml::link_or_text(li, cite.url, cite.title);
      }
    }
  }
  for (ChangeKind kind : {ChangeKind::added, ChangeKind::removed}) {
    if (d.count(kind) == 0) continue;
    add(body, "h2", std::string(kind == ChangeKind::added ? "Added (only in NEW)" : "Removed (only in BASE)") + " (" +
                        std::to_string(d.count(kind)) + ")");
    pugi::xml_node at = add(body, "table");
    pugi::xml_node h = add(at, "tr");
    for (const char* col : {"Case instance", "Verdict", "Observed", "Reason"}) add(h, "th", col);
    for (const auto& c : d.instances) {
      if (c.kind != kind) continue;
      const auto& r = any_side(c);
      pugi::xml_node tr = add(at, "tr");
      add(tr, "td", c.id, {{"class", "id"}});
      append_verdict(add(tr, "td"), r.label());
      add(tr, "td", key_observation(r));
      add(tr, "td", r.label() == judge::VerdictLabel::conforms ? "" : r.reason);
    }
  }
  if (!d.excluded.empty()) {
    add(body, "h2", "Not compared (" + std::to_string(d.excluded.size()) + ")", {{"id", "not-compared"}});
    add(body, "p", excluded_intro(d));
    pugi::xml_node ul = add(body, "ul");
    for (const auto& id : d.excluded) add(add(ul, "li"), "span", id, {{"class", "id"}});
  }
  return xhtml::serialize(page);
}

std::string render_diff_json(const RunDiff& d) {
  using nlohmann::json;
  auto fields = [](const std::vector<FieldChange>& fs) {
    json out = json::array();
    for (const auto& f : fs) out.push_back({{"field", f.field}, {"base", f.base}, {"new", f.next}});
    return out;
  };
  json instances = json::array();
  for (const auto& c : d.instances) {
    const auto& r = any_side(c);
    json cite = json::array();
    for (const auto& x : r.cite) cite.push_back({{"id", x.id}, {"title", x.title}, {"url", x.url}});
    instances.push_back({{"id", c.id},
                         {"case", r.case_id},
                         {"change", to_string(c.kind)},
                         {"direction", to_string(direction_of(c))},
                         {"summary", r.summary},
                         {"verdict", {{"base", c.base ? json(to_string(c.base->label())) : json(nullptr)},
                                      {"new", c.next ? json(to_string(c.next->label())) : json(nullptr)}}},
                         {"fields", fields(c.fields)},
                         {"cite", cite}});
  }
  json out = {{"format", "listen-conformance/diff"},
              {"version", 1},
              {"base", run_identity_json(*d.base)},
              {"new", run_identity_json(*d.next)},
              {"include_environment", d.include_environment},
              {"summary",
               {{"changed", d.count(ChangeKind::changed)},
                {"added", d.count(ChangeKind::added)},
                {"removed", d.count(ChangeKind::removed)},
                {"unchanged", d.unchanged},
                {"excluded", d.excluded.size()},
                {"host_facts_changed", d.machine.size()}}},
              {"notes", d.notes},
              {"host", fields(d.machine)},
              {"instances", instances},
              {"excluded", {{"reason", d.exclude_reason}, {"instances", d.excluded}}}};
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace lc::report
