// SPDX-License-Identifier: Apache-2.0
// The kernel matrix over RECORDED results (suites/kernels/data: what `kernels` measured in qemu
// under Debian's 5.10.223 and the reference kernel): the 3479c7549fb1 difference, and the pages
// `kernels` writes, whose counts must be the results' own. No qemu, no network.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

#include "golden.hpp"
#include "kernels/pages.hpp"
#include "report/diff.hpp"

namespace {

namespace fs = std::filesystem;
using lc::testing::read_file;

fs::path data_dir() { return fs::path(LC_SOURCE_DIR) / "suites" / "kernels" / "data"; }

const lc::results::RunResults& before() {  // Debian 5.10.223-1 (bullseye), before the stable backport
  static const auto r = lc::results::load_results(data_dir() / "5.10.223-1.results.json");
  return r;
}
const lc::results::RunResults& reference() {  // the matrix's reference: the newest guest kernel
  static const auto r = lc::results::load_results(data_dir() / "reference.results.json");
  return r;
}

TEST(RecordedMatrix, Kernel5_10_223AdmitsNothingOnBacklogZeroWithoutCookies) {
  const auto d = lc::report::diff_runs(before(), reference(), {});
  const lc::report::InstanceChange* change = nullptr;
  for (const auto& c : d.instances) {
    if (c.id == "backlog-zero/without-cookies") change = &c;
  }
  ASSERT_NE(change, nullptr) << "5.10.223 and the reference do not differ in backlog-zero/without-cookies";
  ASSERT_EQ(change->kind, lc::report::ChangeKind::changed);
  bool accepted = false;
  for (const auto& f : change->fields) {
    if (f.field == "observation.outcomes.accepted") {
      accepted = true;
      EXPECT_EQ(f.base, "0");
      EXPECT_EQ(f.next, "1");
    }
  }
  EXPECT_TRUE(accepted) << "no observation.outcomes.accepted change";
  bool cited = false;
  for (const auto& c : change->next->cite) cited = cited || c.id == "commit-3479c7549fb1";
  EXPECT_TRUE(cited) << "the difference does not cite 3479c7549fb1";
}

// The cells of the Markdown table row that starts with `first`, as text.
std::vector<std::string> row_cells(const std::string& page, const std::string& first) {
  std::istringstream in(page);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| " + first, 0) != 0 && line.rfind("| [" + first, 0) != 0) continue;
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '|' && line[i - 1] != '\\') {
        cells.push_back(std::regex_replace(cell, std::regex("^ +| +$"), ""));
        cell.clear();
      } else {
        cell += line[i];
      }
    }
    return cells;
  }
  return {};
}

TEST(RecordedMatrix, EveryPageCountsWhatTheResultsSay) {
  lc::kernels::KernelsContext ctx;
  ctx.options.out = fs::temp_directory_path() / ("lc-kernels-pages-" + std::to_string(std::random_device{}()));
  ctx.accel_note = "recorded";
  std::vector<lc::kernels::TargetRun> targets(2);
  targets[0].name = "5.10.223-1";
  targets[0].spec = lc::kernels::parse_target("debian:linux-image-5.10.0-32-cloud-amd64=5.10.223-1");
  targets[0].run = before();
  targets[1].name = "reference";
  targets[1].spec = lc::kernels::parse_target("debian:7.3");
  targets[1].run = reference();
  for (const auto& c : lc::report::diff_runs(before(), reference(), {}).instances) targets[0].differing.insert(c.id);
  lc::kernels::write_matrix_pages(ctx, targets, &targets[1], {});

  const std::string index = read_file(ctx.options.out / "index.md");
  const std::string matrix = read_file(ctx.options.out / "matrix.md");
  const auto summary = nlohmann::json::parse(read_file(ctx.options.out / "summary.json"));
  EXPECT_NE(index.find("`backlog-zero/without-cookies`"), std::string::npos) << index;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& s = targets[i].run->summary;
    const std::vector<std::string> want = {std::to_string(s.conforms), std::to_string(s.deviates),
                                           std::to_string(s.drift), std::to_string(s.skipped), std::to_string(s.error)};
    const auto cells = row_cells(index, targets[i].name);
    ASSERT_GE(cells.size(), 12u) << targets[i].name << " has no row in index.md";
    EXPECT_EQ(std::vector<std::string>(cells.begin() + 7, cells.begin() + 12), want) << "index.md, " << targets[i].name;
    const auto j = summary["targets"][i]["verdicts"];
    EXPECT_EQ((std::vector<std::string>{std::to_string(j["conforms"].get<int>()), std::to_string(j["deviates"].get<int>()),
                                        std::to_string(j["drift"].get<int>()), std::to_string(j["skipped"].get<int>()),
                                        std::to_string(j["error"].get<int>())}),
              want)
        << "summary.json, " << targets[i].name;
    const auto mcells = row_cells(matrix, "linux " + targets[i].run->machine.kernel_release);
    ASSERT_GE(mcells.size(), 7u) << "matrix.md has no row for " << targets[i].run->machine.kernel_release;
    EXPECT_EQ(std::vector<std::string>(mcells.begin() + 2, mcells.begin() + 7), want) << "matrix.md, " << targets[i].name;
  }
  // The diff page is the program's own diff of the same two files.
  const auto diff = nlohmann::json::parse(read_file(ctx.options.out / "diff" / "5.10.223-1-vs-reference.json"));
  EXPECT_EQ(diff["format"], "listen-conformance/diff");
  EXPECT_EQ(diff["summary"]["changed"].get<int>(),
            lc::report::diff_runs(before(), reference(), {}).count(lc::report::ChangeKind::changed));
  // index.md's "differs from the reference" is that diff's count of instances.
  const auto cells = row_cells(index, "5.10.223-1");
  ASSERT_GE(cells.size(), 13u);
  EXPECT_NE(cells[12].find("[" + std::to_string(diff["instances"].size()) + "]"), std::string::npos) << cells[12];
  EXPECT_GT(diff["instances"].size(), 0u);
  std::error_code ec;
  fs::remove_all(ctx.options.out, ec);
}

}  // namespace
