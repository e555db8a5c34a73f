// SPDX-License-Identifier: Apache-2.0
// KTAP output (report/ktap_writer): a strict check of the KTAP v1 grammar of
// Documentation/dev-tools/ktap.rst, and the mapping of every verdict. The kernel's own parser
// reads the same output in the test kernels.ktap_kunit_parser (kunit_parser_check.py).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "golden.hpp"
#include "report/ktap_writer.hpp"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

struct Parsed {
  std::vector<std::string> problems;
  struct Result {
    bool ok;
    int number;
    std::string name, directive;
    std::vector<std::string> diagnostics;  // the lines before it
  };
  std::vector<Result> results;
};

// KTAP v1: "KTAP version 1", one plan "1..N" before the results, results numbered 1..N,
// "# " diagnostic lines; nothing else at the top level, and no '#' in a test name.
Parsed parse_strict(const std::string& text) {
  Parsed p;
  const auto lines = lines_of(text);
  static const std::regex result_re("^(ok|not ok) ([1-9][0-9]*) ([^#]+?)( # (SKIP|TODO|XFAIL)( [^#]*)?)?$");
  static const std::regex plan_re("^1\\.\\.([0-9]+)$");
  if (lines.empty() || lines[0] != "KTAP version 1") p.problems.push_back("first line is not 'KTAP version 1'");
  int plan = -1;
  std::vector<std::string> pending;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch m;
    if (l.rfind("# ", 0) == 0) {
      pending.push_back(l.substr(2));
    } else if (std::regex_match(l, m, plan_re)) {
      if (plan >= 0 || !p.results.empty()) p.problems.push_back("line " + std::to_string(i + 1) + ": a second or late plan");
      plan = std::stoi(m[1]);
    } else if (std::regex_match(l, m, result_re)) {
      const int n = std::stoi(m[2]);
      if (n != static_cast<int>(p.results.size()) + 1) p.problems.push_back("line " + std::to_string(i + 1) + ": test number out of order");
      p.results.push_back({m[1] == "ok", n, m[3], m[5].str() + m[6].str(), pending});
      pending.clear();
    } else {
      p.problems.push_back("line " + std::to_string(i + 1) + " is not KTAP: " + l);
    }
  }
  if (plan < 0) p.problems.push_back("no plan");
  if (plan >= 0 && plan != static_cast<int>(p.results.size())) p.problems.push_back("plan says " + std::to_string(plan) + " tests");
  return p;
}

TEST(Ktap, IsStrictKtapV1WithOneTestPerInstance) {
  const auto& run = lc::testing::small_results();
  const Parsed p = parse_strict(lc::report::render_ktap(run));
  EXPECT_TRUE(p.problems.empty()) << ::testing::PrintToString(p.problems);
  ASSERT_EQ(p.results.size(), run.results.size());
  for (std::size_t i = 0; i < run.results.size(); ++i) EXPECT_EQ(p.results[i].name, run.results[i].id);
}

TEST(Ktap, MapsEveryVerdict) {
  const auto& run = lc::testing::small_results();
  const Parsed p = parse_strict(lc::report::render_ktap(run));
  ASSERT_EQ(p.results.size(), run.results.size());
  int seen_drift = 0, seen_skip = 0, seen_fail = 0;
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    const auto& k = p.results[i];
    switch (r.verdict) {
      case lc::judge::Verdict::conforms:
        EXPECT_TRUE(k.ok) << r.id;
        EXPECT_EQ(k.directive, "") << r.id;
        break;
      case lc::judge::Verdict::skipped:
        ++seen_skip;
        EXPECT_TRUE(k.ok) << r.id;
        EXPECT_EQ(k.directive.rfind("SKIP ", 0), 0u) << r.id << ": " << k.directive;
        EXPECT_NE(k.directive.find(r.reason.substr(0, 20)), std::string::npos) << r.id;
        break;
      case lc::judge::Verdict::deviates:
        if (r.drift) {
          ++seen_drift;
          EXPECT_TRUE(k.ok) << r.id << ": documentation drift is not a kernel failure";
          ASSERT_FALSE(k.diagnostics.empty());
          EXPECT_EQ(k.diagnostics[0].rfind("documentation drift", 0), 0u) << k.diagnostics[0];
        } else {
          ++seen_fail;
          EXPECT_FALSE(k.ok) << r.id;
          EXPECT_FALSE(k.diagnostics.empty()) << r.id << ": a failure says which check failed";
        }
        break;
      case lc::judge::Verdict::error:
        ++seen_fail;
        EXPECT_FALSE(k.ok) << r.id;
        break;
    }
  }
  // The fixture has every kind; a change to it must not silently drop one.
  EXPECT_GT(seen_drift, 0);
  EXPECT_GT(seen_skip, 0);
  EXPECT_GT(seen_fail, 0);
}

TEST(Ktap, NamesAndReasonsCannotBreakTheLine) {
  lc::results::RunResults run = lc::testing::small_results();
  run.results.resize(1);
  run.results[0].id = "evil#id\nok 99 fake";
  run.results[0].verdict = lc::judge::Verdict::skipped;
  run.results[0].reason = "because # TODO\r\nnot ok 2 x";
  const Parsed p = parse_strict(lc::report::render_ktap(run));
  EXPECT_TRUE(p.problems.empty()) << ::testing::PrintToString(p.problems);
  ASSERT_EQ(p.results.size(), 1u);
  EXPECT_EQ(p.results[0].directive.rfind("SKIP ", 0), 0u);
}

TEST(Ktap, KselftestExitStatus) {
  lc::results::Summary s;
  s.total = 3;
  s.conforms = 2;
  s.skipped = 1;
  EXPECT_EQ(lc::report::kselftest_exit_status(s), 0);
  s.drift = 1;
  EXPECT_EQ(lc::report::kselftest_exit_status(s), 0) << "drift passes";
  s.deviates = 1;
  EXPECT_EQ(lc::report::kselftest_exit_status(s), 1);
  lc::results::Summary all_skipped;
  all_skipped.total = all_skipped.skipped = 4;
  EXPECT_EQ(lc::report::kselftest_exit_status(all_skipped), 4);
  lc::results::Summary error;
  error.total = error.error = 1;
  EXPECT_EQ(lc::report::kselftest_exit_status(error), 1);
}

}  // namespace
