// SPDX-License-Identifier: Apache-2.0
#include "bisect.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "accel.hpp"
#include "debian_version.hpp"
#include "pages.hpp"
#include "report/diff.hpp"
#include "tool.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The builds to search: a series' builds, or those between two Debian targets.
std::vector<Build> search_space(const std::vector<std::string>& args, const std::vector<Build>& builds, std::string& error) {
  std::vector<Build> out;
  if (args.size() == 1) {
    const std::string series = args[0].rfind("debian:", 0) == 0 ? args[0].substr(7) : args[0];
    for (const auto& b : builds) {
      if (b.series == series) out.push_back(b);
    }
    if (out.size() < 2) error = "the archive has " + std::to_string(out.size()) + " build(s) of the series " + series + ": nothing to bisect";
    return out;
  }
  std::optional<Build> a, z;
  try {
    a = pick_build(parse_target(args[0]), builds);
    z = pick_build(parse_target(args[1]), builds);
  } catch (const std::invalid_argument& e) {
    error = e.what();
    return out;
  }
  if (!a || !z) {
    error = "--bisect takes a series or two Debian targets that are in the archive";
    return out;
  }
  if (compare_debian_versions(a->version, z->version) > 0) std::swap(a, z);
  for (const auto& b : builds) {
    if ((b.series == a->series || b.series == z->series) && compare_debian_versions(b.version, a->version) >= 0 &&
        compare_debian_versions(b.version, z->version) <= 0)
      out.push_back(b);
  }
  return out;
}

}  // namespace

std::vector<ChangelogItem> changelog_items(const std::string& changes) {
  std::vector<ChangelogItem> items;
  static const std::regex release_re("ChangeLog-([0-9][0-9.]*[0-9])");
  std::string release;
  std::size_t item_indent = std::string::npos;
  std::istringstream in(changes);
  for (std::string line; std::getline(in, line);) {
    const auto indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    std::smatch m;
    if (std::regex_search(line, m, release_re)) {
      release = m[1];
      item_indent = std::string::npos;
      continue;
    }
    const char mark = line[indent];
    const bool starts = (mark == '-' || mark == '*') && line.size() > indent + 1 && line[indent + 1] == ' ';
    if (starts) {
      // "* " items are Debian's own and end the stable release's list.
      if (mark == '*') release.clear();
      items.push_back({release, line.substr(indent + 2)});
      item_indent = indent;
    } else if (item_indent != std::string::npos && indent > item_indent && !items.empty()) {
      items.back().title += " " + line.substr(indent);
    } else {
      item_indent = std::string::npos;
    }
  }
  return items;
}

CitedTerms cited_terms(const std::vector<judge::Citation>& cites) {
  CitedTerms t;
  static const std::regex ident_re("[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+");
  for (const auto& c : cites) {
    if (c.id.rfind("commit-", 0) == 0) {
      const auto a = c.title.find('\'');
      const auto b = a == std::string::npos ? a : c.title.find('\'', a + 1);
      if (b != std::string::npos && b > a + 1) {
        const std::string subject = c.title.substr(a + 1, b - a - 1);
        if (std::find(t.commit_subjects.begin(), t.commit_subjects.end(), subject) == t.commit_subjects.end())
          t.commit_subjects.push_back(subject);
      }
    }
    for (std::sregex_iterator it(c.title.begin(), c.title.end(), ident_re), end; it != end; ++it) {
      const std::string id = it->str();
      if (id.size() >= 6 && std::find(t.identifiers.begin(), t.identifiers.end(), id) == t.identifiers.end())
        t.identifiers.push_back(id);
    }
  }
  return t;
}

std::vector<Candidate> candidate_commits(const std::vector<ChangelogItem>& items, const CitedTerms& terms) {
  std::vector<Candidate> cited, named;
  for (const auto& i : items) {
    const std::string title = lower(i.title);
    bool done = false;
    for (const auto& s : terms.commit_subjects) {
      if (title.find(lower(s)) != std::string::npos) {
        cited.push_back({i, true, s});
        done = true;
        break;
      }
    }
    if (done) continue;
    for (const auto& id : terms.identifiers) {
      if (title.find(lower(id)) != std::string::npos) {
        named.push_back({i, false, id});
        break;
      }
    }
  }
  cited.insert(cited.end(), named.begin(), named.end());
  return cited;
}

int run_bisect(KernelsContext& ctx) {
  const auto& o = ctx.options;
  const auto t0 = ctx.progress.elapsed();
  // The arguments first: bad input is exit 2 before anything is listed or fetched.
  try {
    if (o.bisect.size() == 1) {
      const std::string series = o.bisect[0].rfind("debian:", 0) == 0 ? o.bisect[0].substr(7) : o.bisect[0];
      if (!std::regex_match(series, std::regex("[0-9]+\\.[0-9]+"))) throw std::invalid_argument("'" + o.bisect[0] + "' is not a series such as 5.10");
    } else {
      for (const auto& a : o.bisect) {
        if (!is_debian(parse_target(a))) throw std::invalid_argument("'" + a + "' is not a Debian target");
      }
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "listen-conformance kernels --bisect: " << e.what() << "\n";
    return 2;
  }
  std::vector<Build> space;
  std::string list;  // the builds' versions, for the progress line and the page
  // Targets for the builds, made when the search needs them.
  std::map<std::size_t, TargetRun> runs;
  auto target = [&](std::size_t i) -> TargetRun& {
    TargetRun& t = runs[i];
    if (t.name.empty()) {
      t.build = space[i];
      t.spec = parse_target("debian:" + space[i].package + "=" + space[i].version);
      t.name = space[i].version;
    }
    return t;
  };
  try {
    fs::create_directories(o.out / "work");
    std::string error;
    space = search_space(o.bisect, ctx.archive->builds(), error);
    if (!error.empty()) {
      std::cerr << "listen-conformance kernels --bisect: " << error << "\n";
      return 2;
    }
    if (find_program("qemu-system-x86_64").empty()) {
      if (o.offline) throw OfflineMissing("qemu-system-x86_64 is not installed");
      throw ToolError("qemu-system-x86_64 is not installed (ci/install-deps.sh --kernels)");
    }
    for (const auto& b : space) list += " " + b.version;
    ctx.progress.line("", "bisecting " + std::to_string(space.size()) + " builds:" + list);
    for (std::size_t i : {std::size_t{0}, space.size() - 1}) {
      TargetRun& t = target(i);
      if (!ctx.archive->cached(*t.build)) ctx.progress.line(t.name, "downloading " + t.build->package + "=" + t.build->version);
      t.image = ctx.archive->fetch(*t.build).vmlinuz;
    }
    prepare_guests(ctx);
    choose_accelerator(ctx, target(0).image);
    if (ctx.accel.empty()) throw ToolError(ctx.accel_note);
  } catch (const OfflineMissing& e) {
    std::cout << "listen-conformance kernels: SKIP: --offline and " << e.what() << "\n";
    return 77;
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance kernels --bisect: " << e.what() << "\n";
    return 2;
  }
  TargetRun& oldest = target(0);
  TargetRun& newest = target(space.size() - 1);
  run_parallel(o.jobs, {[&] { run_target(ctx, oldest, o.out / oldest.name, {}); },
                        [&] { run_target(ctx, newest, o.out / newest.name, {}); }});
  if (!oldest.run || !newest.run) {
    std::cerr << "listen-conformance kernels --bisect: the oldest or newest build gave no results ("
              << (oldest.run ? newest.reason : oldest.reason) << ")\n";
    return 2;
  }
  // The differences between the ends, confirmed by a second run on both.
  std::set<std::string> differing;
  for (const auto& i : report::diff_runs(*oldest.run, *newest.run, {}).instances) {
    if (i.kind == report::ChangeKind::changed) differing.insert(i.id);
  }
  oldest.differing = newest.differing = differing;
  std::set<std::string> stable;
  if (!differing.empty()) {
    ctx.progress.line("", std::to_string(differing.size()) + " instance(s) differ between the ends; re-running them on both");
    const std::vector<std::string> ids(differing.begin(), differing.end());
    run_parallel(o.jobs, {[&] { run_target(ctx, oldest, o.out / oldest.name / "rerun", ids); },
                          [&] { run_target(ctx, newest, o.out / newest.name / "rerun", ids); }});
    for (TargetRun* t : {&oldest, &newest}) {
      if (t->rerun) t->unstable = changed_ids(only(*t->run, differing), *t->rerun);
    }
    for (const auto& id : differing) {
      if (!oldest.unstable.count(id) && !newest.unstable.count(id) && oldest.rerun && newest.rerun) stable.insert(id);
    }
  }
  // Binary search: lo is like the oldest, hi is not.
  std::size_t lo = 0, hi = space.size() - 1;
  std::string search_error;
  const std::vector<std::string> ids(stable.begin(), stable.end());
  const results::RunResults old_view = only(*oldest.run, stable);
  while (!stable.empty() && hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    TargetRun& t = target(mid);
    try {
      if (!ctx.archive->cached(*t.build)) ctx.progress.line(t.name, "downloading " + t.build->package + "=" + t.build->version);
      t.image = ctx.archive->fetch(*t.build).vmlinuz;
    } catch (const std::exception& e) {
      search_error = t.name + ": " + e.what();
      break;
    }
    run_target(ctx, t, o.out / t.name / "rerun", ids);
    if (!t.rerun) {
      search_error = t.name + ": the boot gave no results";
      break;
    }
    const bool is_new = !changed_ids(old_view, *t.rerun).empty();
    ctx.progress.line(t.name, is_new ? "differs from " + oldest.name + ": the change is at or before it"
                                     : "like " + oldest.name + ": the change is after it");
    (is_new ? hi : lo) = mid;
  }
  const double search_s = ctx.progress.elapsed() - t0;

  // The candidate commits from the first new build's changelog.
  std::vector<ChangelogItem> items;
  std::vector<Candidate> candidates;
  std::string changelog_note;
  std::vector<judge::Citation> cites;
  for (const auto& r : newest.run->results) {
    if (stable.count(r.id)) cites.insert(cites.end(), r.cite.begin(), r.cite.end());
  }
  const CitedTerms terms = cited_terms(cites);
  if (!stable.empty() && search_error.empty()) {
    const auto k = ctx.archive->cached(space[hi]);
    if (!k || k->changelog.empty()) {
      changelog_note = space[hi].package + " ships no changelog of its own";
    } else {
      try {
        const std::string changes = run_tool("dpkg-parsechangelog", {"-l", k->changelog.string(), "--since", space[lo].version, "-S", "Changes"});
        items = changelog_items(changes);
        candidates = candidate_commits(items, terms);
        changelog_note = std::to_string(items.size()) + " changes in " + (k->changelog).string() + " after " + space[lo].version;
      } catch (const ToolError& e) {
        changelog_note = e.what();
      }
    }
  }

  // The page: one model, written as Markdown, HTML and JSON.
  using Block = PageBlock;
  std::vector<Block> page;
  page.push_back(Block::paragraph("Builds searched (" + std::to_string(space.size()) + ", " + o.flavour + "):" + list +
                                              ". Accelerator: " + ctx.accel_note + "."));
  nlohmann::json j = {{"format", "listen-conformance/kernels-bisect"}, {"version", 1}};
  Block booted = Block::table("Booted", {"Build", "Kernel", "Verdict", "qemu"});
  nlohmann::json jb = nlohmann::json::array();
  for (auto& [i, t] : runs) {
    std::string verdict = i == 0 ? "the old side" : i == space.size() - 1 ? "the new side" : "";
    if (verdict.empty() && t.rerun) verdict = i <= lo ? "like the old side" : "differs from the old side";
    if (verdict.empty()) verdict = "no results";
    booted.rows.push_back({t.build->package + " " + t.build->version, t.kernel_release, verdict, one_decimal(t.wall_s + t.rerun_wall_s) + " s"});
    jb.push_back({{"package", t.build->package}, {"version", t.build->version}, {"verdict", verdict}, {"qemu_s", t.wall_s + t.rerun_wall_s}});
  }
  page.push_back(booted);
  j["booted"] = jb;
  if (stable.empty()) {
    page.push_back(Block::paragraph(differing.empty() ? "No instance differs between " + oldest.name + " and " + newest.name + "."
                                                              : "Every difference between the ends was unstable (it changed when re-run): nothing to bisect."));
  } else if (!search_error.empty()) {
    page.push_back(Block::paragraph("The search stopped: " + search_error));
  } else {
    page.push_back(Block::heading("Result"));
    page.push_back(Block::paragraph("First build that differs from " + oldest.name + ": " + space[hi].package + " " +
                                                space[hi].version + " (the last like it: " + space[lo].package + " " + space[lo].version + ")."));
    j["last_old"] = {{"package", space[lo].package}, {"version", space[lo].version}};
    j["first_new"] = {{"package", space[hi].package}, {"version", space[hi].version}};
  }
  if (!stable.empty()) {
    Block changed = Block::list("Questions that changed (" + oldest.name + " → " + newest.name + ")");
    const report::RunDiff d = report::diff_runs(only(*oldest.run, stable), only(*newest.run, stable), {});
    nlohmann::json jq = nlohmann::json::array();
    for (const auto& i : d.instances) {
      changed.items.push_back(i.id + ": " + change_text(i, 4));
      jq.push_back({{"id", i.id}, {"change", change_text(i, 100)}});
    }
    page.push_back(changed);
    j["changed"] = jq;
    std::string idl;
    for (const auto& id : terms.identifiers) idl += (idl.empty() ? "" : ", ") + id;
    page.push_back(Block::heading("Candidate upstream commits"));
    page.push_back(Block::paragraph(changelog_note + ". Matched against the cited commits (" + std::to_string(terms.commit_subjects.size()) +
                                                ") and the identifiers the sources name (" + idl + ")."));
    Block table = Block::table("", {"Stable release", "Commit title", "Why"});
    nlohmann::json jc = nlohmann::json::array();
    for (const auto& c : candidates) {
      table.rows.push_back({c.item.release.empty() ? "Debian" : c.item.release, c.item.title, c.cited_commit ? "cited commit" : "names " + c.matched});
      jc.push_back({{"release", c.item.release}, {"title", c.item.title}, {"cited_commit", c.cited_commit}, {"matched", c.matched}});
    }
    j["candidates"] = jc;
    if (table.rows.empty()) {
      page.push_back(Block::paragraph("None of the changes' titles names what the differing instances cite."));
    } else {
      page.push_back(table);
    }
  }
  char timing[120];
  std::snprintf(timing, sizeof timing, "Time: %.1f s (search %.1f s, %zu boots).", ctx.progress.elapsed(), search_s, runs.size());
  page.push_back(Block::paragraph(timing));
  j["times"] = {{"total_s", ctx.progress.elapsed()}, {"search_s", search_s}};
  const std::string m = render_blocks_markdown("listen-conformance kernels --bisect", page);
  PageSet pages;
  pages.add("bisect.md", m);
  pages.add("bisect.html", render_blocks_html("listen-conformance kernels --bisect", page));
  pages.add("bisect.json", j.dump(1) + "\n");
  try {
    pages.write(o.out);
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance kernels --bisect: " << e.what() << "\n";
    return 2;
  }
  ctx.progress.line("", "page: " + (o.out / "bisect.md").string() + " (and bisect.html, bisect.json)");
  std::cout << m;
  if (!search_error.empty()) return 2;
  return stable.empty() ? 1 : 0;
}

}  // namespace lc::kernels
