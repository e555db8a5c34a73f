// SPDX-License-Identifier: Apache-2.0
#include "pages.hpp"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "report/html_writer.hpp"
#include "report/ktap_writer.hpp"
#include "report/markdown.hpp"
#include "report/markdown_writer.hpp"
#include "report/merge.hpp"
#include "report/report_writers.hpp"
#include "report/report_common.hpp"
#include "report/xhtml.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;
namespace md = report::md;
namespace {

std::string seconds(const std::optional<double>& v) {
  if (!v) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", *v);
  return buf;
}

std::string diff_stem(const TargetRun& t, const TargetRun& ref) { return "diff/" + t.name + "-vs-" + ref.name; }

std::string package_text(const TargetRun& t) {
  if (t.build) return t.build->package + " " + t.build->version;
  if (t.spec.kind == TargetSpec::Kind::file) return t.spec.path.string();
  return t.spec.kind == TargetSpec::Kind::host ? "the running kernel" : t.spec.text;
}

std::string kernel_text(const TargetRun& t) {
  if (t.run) return t.run->machine.kernel_release + (t.run->machine.kernel_version.empty() ? "" : " (" + t.run->machine.kernel_version + ")");
  return t.kernel_release.empty() ? "—" : t.kernel_release;
}

// The table of targets: one model, rendered as Markdown and HTML.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<std::string>> links;  // per cell: a relative link or ""
};

// differences: per target name, the instances its final diff against the reference lists.
Table targets_table(const std::vector<TargetRun>& targets, const TargetRun* ref, const std::map<std::string, std::size_t>& differences) {
  Table t;
  t.header = {"Target", "Package / image", "Kernel", "Status", "Accel", "/init", "Suite", "Conform", "Deviate",
              "Drift", "Skipped", "Errors", "Differs from the reference", "Unstable"};
  for (const auto& x : targets) {
    std::vector<std::string> row = {x.name, package_text(x), kernel_text(x), x.error ? "error" : "ok", x.accel.empty() ? "—" : x.accel,
                                    seconds(x.boot_s), seconds(x.run_s)};
    std::vector<std::string> link(t.header.size());
    if (x.run) {
      const results::Summary& s = x.run->summary;
      for (int n : {s.conforms, s.deviates, s.drift, s.skipped, s.error}) row.push_back(std::to_string(n));
      link[0] = x.name + "/report.html";
    } else {
      for (int i = 0; i < 5; ++i) row.push_back("—");
    }
    if (ref && &x == ref) {
      row.push_back("(the reference)");
    } else if (auto d = differences.find(x.name); d != differences.end() && ref) {
      row.push_back(std::to_string(d->second));
      link[12] = diff_stem(x, *ref) + ".md";
    } else {
      row.push_back("—");
    }
    row.push_back(x.rerun ? std::to_string(x.unstable.size()) : "—");
    if (x.rerun) link[13] = "unstable/" + x.name + ".md";
    t.rows.push_back(std::move(row));
    t.links.push_back(std::move(link));
  }
  return t;
}

}  // namespace

std::string target_status(const TargetRun& t) { return t.error ? "error: " + t.reason : "ok"; }

std::string change_text(const report::InstanceChange& c, std::size_t n) {
  if (c.kind != report::ChangeKind::changed) return to_string(c.kind) + (c.kind == report::ChangeKind::added ? " (only on the reference)" : " (not on the reference)");
  std::string out;
  for (std::size_t i = 0; i < c.fields.size() && i < n; ++i) {
    out += (i ? "; " : "") + c.fields[i].field + " " + c.fields[i].base + " → " + c.fields[i].next;
  }
  if (c.fields.size() > n) out += "; +" + std::to_string(c.fields.size() - n) + " more";
  return out;
}

std::string render_blocks_markdown(const std::string& title, const std::vector<PageBlock>& blocks) {
  std::string m = "## " + md::text(title) + "\n\n";
  for (const auto& b : blocks) {
    if (b.kind != PageBlock::Kind::paragraph && !b.text.empty()) m += "### " + md::text(b.text) + "\n\n";
    switch (b.kind) {
      case PageBlock::Kind::heading: break;
      case PageBlock::Kind::paragraph: m += md::text(b.text) + "\n\n"; break;
      case PageBlock::Kind::list:
        for (const auto& i : b.items) m += "- " + md::text(i) + "\n";
        m += "\n";
        break;
      case PageBlock::Kind::table: {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : b.rows) {
          std::vector<std::string> cells;
          for (const auto& c : r) cells.push_back(md::cell(c));
          rows.push_back(std::move(cells));
        }
        m += md::table(b.header, rows) + "\n";
        break;
      }
    }
  }
  return m;
}

std::string render_blocks_html(const std::string& title, const std::vector<PageBlock>& blocks) {
  using report::xhtml::add;
  report::xhtml::Page page;
  report::xhtml::start_page(page, title, report::xhtml::base_css());
  add(page.body, "h1", title);
  for (const auto& b : blocks) {
    if (b.kind != PageBlock::Kind::paragraph && !b.text.empty()) add(page.body, "h2", b.text);
    switch (b.kind) {
      case PageBlock::Kind::heading: break;
      case PageBlock::Kind::paragraph: add(page.body, "p", b.text); break;
      case PageBlock::Kind::list: {
        pugi::xml_node ul = add(page.body, "ul");
        for (const auto& i : b.items) add(ul, "li", i);
        break;
      }
      case PageBlock::Kind::table: {
        pugi::xml_node t = add(page.body, "table", {}, {{"class", "results"}});
        pugi::xml_node hr = add(t, "tr");
        for (const auto& h : b.header) add(hr, "th", h);
        for (const auto& r : b.rows) {
          pugi::xml_node tr = add(t, "tr");
          for (const auto& c : r) add(tr, "td", c);
        }
        break;
      }
    }
  }
  return report::xhtml::serialize(page);
}

void PageSet::add(const std::string& relative, std::string text) {
  const fs::path p(relative);
  by_dir_[p.parent_path().string()].push_back({p.filename().string(), std::move(text)});
}

std::vector<fs::path> PageSet::write(const fs::path& out) const {
  std::vector<fs::path> written;
  auto one = [&](const std::string& dir, const std::vector<vocabulary::NamedContent>& files) {
    for (auto& p : vocabulary::write_file_set(dir.empty() ? out : out / dir, files)) written.push_back(std::move(p));
  };
  for (const auto& [dir, files] : by_dir_) {
    if (!dir.empty()) one(dir, files);
  }
  if (auto top = by_dir_.find(""); top != by_dir_.end()) one("", top->second);
  return written;
}

void write_matrix_pages(const KernelsContext& ctx, const std::vector<TargetRun>& targets, const TargetRun* ref,
                        const PageTimes& times) {
  const fs::path out = ctx.options.out;
  std::error_code ec;
  for (const char* d : {"diff", "unstable"}) fs::remove_all(out / d, ec);
  // Per target: results.json, KTAP and the run's own report pages, rendered here from the results.
  std::vector<report::MergeInput> inputs;
  PageSet pages;
  for (const auto& t : targets) {
    if (!t.run) continue;
    report::write_report_set(out / t.name, *t.run);
    pages.add(t.name + "/results.ktap", report::render_ktap(*t.run));
    inputs.push_back({t.name + "/results.json", *t.run});
  }
  // The comparison: each target against the reference, unstable instances left out.
  struct Compared {
    const TargetRun* target;
    report::RunDiff diff;
  };
  std::vector<Compared> compared;
  std::vector<report::RunDiff> unstable_diffs;
  std::vector<results::RunResults> restricted;  // the first runs cut down to what was re-run
  restricted.reserve(targets.size());
  for (const auto& t : targets) {
    if (t.rerun) restricted.push_back(only(*t.run, t.differing));
  }
  std::size_t ri = 0;
  for (const auto& t : targets) {
    if (!t.rerun) continue;
    const report::RunDiff d = report::diff_runs(restricted[ri++], *t.rerun, {});
    const std::string stem = "unstable/" + t.name;
    pages.add(stem + ".md", report::render_diff_markdown(d));
    pages.add(stem + ".html", report::render_diff_html(d));
    pages.add(stem + ".json", report::render_diff_json(d));
  }
  if (ref) {
    for (const auto& t : targets) {
      if (!t.run || &t == ref) continue;
      std::vector<std::string> exclude(t.unstable.begin(), t.unstable.end());
      exclude.insert(exclude.end(), ref->unstable.begin(), ref->unstable.end());
      report::RunDiff d = report::diff_runs(
          *t.run, *ref->run,
          {false, exclude, "unstable: the observation or verdict changed when re-run on " + t.name + " or on the reference " + ref->name});
      const std::string stem = diff_stem(t, *ref);
      pages.add(stem + ".md", report::render_diff_markdown(d));
      pages.add(stem + ".html", report::render_diff_html(d));
      pages.add(stem + ".json", report::render_diff_json(d));
      compared.push_back({&t, std::move(d)});
    }
  }
  if (!inputs.empty()) {
    pages.add("matrix.md", report::render_matrix_markdown(inputs));
    pages.add("matrix.html", report::render_matrix_html(inputs));
  }

  // The index: Markdown and HTML from the same values.
  std::map<std::string, std::size_t> differences;
  for (const auto& c : compared) differences[c.target->name] = c.diff.instances.size();
  const Table table = targets_table(targets, ref, differences);
  std::string m = "## listen-conformance kernels\n\n";
  const std::string ref_text = ref ? ref->name + " (" + kernel_text(*ref) + ")" : "none (no target gave results)";
  m += "Reference: **" + md::text(ref_text) + "**" + (ctx.options.reference.empty() ? ", the newest guest kernel" : "") +
       ". Accelerator: " + md::text(ctx.accel_note.empty() ? "none needed" : ctx.accel_note) + ".\n\n";
  m += "Every target ran the suite once (`run --measure-version-skipped`); the instances that differ from the reference "
       "were run again on both sides, and those whose result changed between the two runs are **unstable**, not kernel "
       "differences. Counts are each target's results.json; all pages come from `diff`, `merge` and the report writers.\n\n";
  {
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      std::vector<std::string> cells;
      for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
        const std::string cell = c == 1 || c == 2 ? md::code(table.rows[r][c], true) : md::cell(table.rows[r][c]);
        cells.push_back(table.links[r][c].empty() ? cell : "[" + cell + "](" + table.links[r][c] + ")");
      }
      rows.push_back(std::move(cells));
    }
    std::vector<bool> right(table.header.size(), false);
    for (std::size_t c = 5; c < right.size(); ++c) right[c] = true;
    m += md::table(table.header, rows, right) + "\n";
  }
  m += "### Differences from the reference\n\n";
  bool any = false;
  for (const auto& c : compared) {
    if (c.diff.instances.empty()) continue;
    any = true;
    m += "#### " + md::text(c.target->name) + " → " + md::text(ref->name) + ": " + std::to_string(c.diff.instances.size()) +
         " instance(s) ([diff](" + diff_stem(*c.target, *ref) + ".md))\n\n";
    for (const auto& i : c.diff.instances) {
      const judge::CaseResult& r = i.next ? *i.next : *i.base;
      m += "- " + md::code(i.id) + ": " + md::text(change_text(i, 3));
      for (const auto& cite : r.cite) m += " · " + md::link(cite.id.empty() ? cite.title : cite.id, cite.url);
      m += "\n";
    }
    m += "\n";
  }
  if (!any) m += ref ? "No kernel differs from the reference " + md::text(ref->name) + ".\n\n" : "Nothing to compare.\n\n";
  m += "### Unstable instances\n\n";
  any = false;
  for (const auto& t : targets) {
    for (const auto& id : t.unstable) {
      any = true;
      m += "- " + md::text(t.name) + ": " + md::code(id) + " ([rerun diff](unstable/" + t.name + ".md))\n";
    }
  }
  if (!any) m += "None: every difference from the reference repeated when re-run.\n";
  m += "\n### Errors\n\n";
  any = false;
  for (const auto& t : targets) {
    if (!t.error) continue;
    any = true;
    m += "#### " + md::text(t.name) + "\n\n" + md::text(t.reason) + "\n\n";
    if (!t.console_tail.empty()) m += "```\n" + t.console_tail + "```\n\n";
  }
  if (!any) m += "None.\n";
  char timing[200];
  std::snprintf(timing, sizeof timing, "\nTimes: runs %.1f s (--jobs %d), reruns %.1f s; total %.1f s.\n", times.runs_s,
                ctx.options.jobs, times.reruns_s, ctx.progress.elapsed());
  m += timing;
  pages.add("index.md", m);

  using report::xhtml::add;
  report::xhtml::Page page;
  report::xhtml::start_page(page, "listen-conformance kernels", report::xhtml::base_css());
  pugi::xml_node body = page.body;
  add(body, "h1", "listen-conformance kernels");
  add(body, "p", "Reference: " + ref_text + ". Accelerator: " + (ctx.accel_note.empty() ? "none needed" : ctx.accel_note) + ".",
      {{"class", "muted"}});
  pugi::xml_node tab = add(add(body, "div", {}, {{"class", "scroll"}}), "table", {}, {{"class", "results"}});
  pugi::xml_node hr = add(tab, "tr");
  for (const auto& h : table.header) add(hr, "th", h);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    pugi::xml_node tr = add(tab, "tr", {}, {{"class", targets[r].error ? "row-error" : ""}});
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      pugi::xml_node td = add(tr, "td", {}, {{"class", c >= 5 ? "num" : (c == 1 || c == 2 ? "id" : "")}});
      std::string link = table.links[r][c];
      if (link.size() > 3 && link.compare(link.size() - 3, 3, ".md") == 0) link = link.substr(0, link.size() - 3) + ".html";
      report::xhtml::link_or_text(td, link, table.rows[r][c]);
    }
  }
  add(body, "h2", "Differences from the reference");
  any = false;
  for (const auto& c : compared) {
    if (c.diff.instances.empty()) continue;
    any = true;
    pugi::xml_node h = add(body, "h3", c.target->name + " → " + ref->name + ": " + std::to_string(c.diff.instances.size()) + " instance(s) ");
    add(h, "a", "diff", {{"href", diff_stem(*c.target, *ref) + ".html"}});
    pugi::xml_node ul = add(body, "ul");
    for (const auto& i : c.diff.instances) {
      const judge::CaseResult& r = i.next ? *i.next : *i.base;
      pugi::xml_node li = add(ul, "li");
      add(li, "code", i.id);
      report::xhtml::text(li, ": " + change_text(i, 3));
      for (const auto& cite : r.cite) {
        report::xhtml::text(li, " · ");
        report::xhtml::link_or_text(li, cite.url, cite.id.empty() ? cite.title : cite.id);
      }
    }
  }
  if (!any) add(body, "p", ref ? "No kernel differs from the reference " + ref->name + "." : "Nothing to compare.");
  add(body, "h2", "Unstable instances");
  pugi::xml_node uul = add(body, "ul");
  any = false;
  for (const auto& t : targets) {
    for (const auto& id : t.unstable) {
      any = true;
      pugi::xml_node li = add(uul, "li", t.name + ": ");
      add(li, "code", id);
      report::xhtml::text(li, " ");
      add(li, "a", "rerun diff", {{"href", "unstable/" + t.name + ".html"}});
    }
  }
  if (!any) add(uul, "li", "None: every difference from the reference repeated when re-run.");
  add(body, "h2", "Errors");
  any = false;
  for (const auto& t : targets) {
    if (!t.error) continue;
    any = true;
    add(body, "h3", t.name);
    add(body, "p", t.reason);
    if (!t.console_tail.empty()) add(body, "pre", t.console_tail);
  }
  if (!any) add(body, "p", "None.");
  add(body, "p", std::string(timing + 1), {{"class", "muted"}});
  pages.add("index.html", report::xhtml::serialize(page));

  // summary.json: the same values for scripts.
  nlohmann::json js = nlohmann::json::array();
  for (const auto& t : targets) {
    nlohmann::json j = {{"name", t.name},       {"target", t.spec.text},  {"status", t.error ? "error" : "ok"},
                        {"reason", t.reason},   {"accel", t.accel},       {"kernel_release", t.kernel_release},
                        {"wall_s", t.wall_s},   {"rerun_wall_s", t.rerun_wall_s},
                        {"differing", t.differing}, {"unstable", t.unstable}};
    if (t.build) j["package"] = {{"name", t.build->package}, {"version", t.build->version}, {"suites", t.build->suites}};
    if (t.boot_s) j["init_s"] = *t.boot_s;
    if (t.run_s) j["suite_s"] = *t.run_s;
    if (t.run) {
      const results::Summary& s = t.run->summary;
      j["verdicts"] = {{"total", s.total}};
      for (const auto label : vocabulary::all<judge::VerdictLabel>()) j["verdicts"][to_string(label)] = s.count(label);
    }
    js.push_back(j);
  }
  nlohmann::json differing = nlohmann::json::object();
  for (const auto& c : compared) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& i : c.diff.instances) ids.push_back(i.id);
    differing[c.target->name] = ids;
  }
  const nlohmann::json summary = {{"format", "listen-conformance/kernels"}, {"version", 1},
                                  {"reference", ref ? nlohmann::json(ref->name) : nlohmann::json(nullptr)},
                                  {"accelerator", ctx.accel},  {"accelerator_note", ctx.accel_note},
                                  {"targets", js},             {"differences", differing},
                                  {"times", {{"runs_s", times.runs_s}, {"reruns_s", times.reruns_s}, {"total_s", ctx.progress.elapsed()}}}};
  pages.add("summary.json", summary.dump(1) + "\n");
  pages.write(out);
}

}  // namespace lc::kernels
