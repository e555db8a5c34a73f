// Schema errors come with file:line:col; good files load.
#include <gtest/gtest.h>

#include <filesystem>

#include "expect/loader.hpp"

namespace lc::expect {
namespace {

const char* kGood = R"(schema: 1
platform: linux
sources:
  s1: {title: "a source"}
facts:
  somaxconn: {sysctl: net.core.somaxconn}
cases:
  - id: fam/one
    summary: one
    cite: [s1]
    setup: {backlog: [1, 2]}
    flood: {connections: "backlog + 3"}
    expect:
      accepted: min(backlog, somaxconn) + 1
)";

// The first problem of a file, or "" if it loads.
std::string first_problem(const std::string& text) {
  try {
    parse_expectations(text, "t.yaml");
    return "";
  } catch (const LoadError& e) {
    return e.problems.at(0);
  }
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(Loader, AGoodFileLoads) {
  const ExpectationFile f = parse_expectations(kGood, "t.yaml");
  EXPECT_EQ(f.platform, "linux");
  ASSERT_EQ(f.cases.size(), 1u);
  EXPECT_EQ(f.cases[0].axes[0].values, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(f.cases[0].pos.line, 8);
}

TEST(Loader, UnknownKeyNamesItsPosition) {
  const std::string p = first_problem(replace(kGood, "    summary: one\n", "    summary: one\n    summery: typo\n"));
  EXPECT_EQ(p.rfind("t.yaml:10:5: unknown key 'summery' in case", 0), 0u) << p;
}

TEST(Loader, WrongTypeNamesItsPosition) {
  const std::string p = first_problem(replace(kGood, "backlog: [1, 2]", "backlog: [1, two]"));
  EXPECT_EQ(p.rfind("t.yaml:11:26: setup backlog: 'two' is not an integer", 0), 0u) << p;
}

TEST(Loader, BadFormulaNamesItsPosition) {
  const std::string p = first_problem(replace(kGood, "min(backlog, somaxconn) + 1", "min(backlog, somaxconn + 1"));
  EXPECT_EQ(p.rfind("t.yaml:14:17: bad formula", 0), 0u) << p;
}

TEST(Loader, UnknownNameInAFormulaIsAnError) {
  const std::string p = first_problem(replace(kGood, "min(backlog, somaxconn) + 1", "min(backlog, smaxconn) + 1"));
  EXPECT_NE(p.find("unknown name 'smaxconn'"), std::string::npos) << p;
  EXPECT_EQ(p.rfind("t.yaml:14:17:", 0), 0u) << p;
}

TEST(Loader, DuplicateIdPointsAtBothCases) {
  std::string text = kGood;
  text += R"(  - id: fam/one
    summary: again
    cite: [s1]
    setup: {backlog: 1}
    expect: {listen: ok}
)";
  const std::string p = first_problem(text);
  EXPECT_EQ(p, "t.yaml:15:5: duplicate case id 'fam/one' (first at t.yaml:8:5)");
}

TEST(Loader, EveryClaimMustCiteAKnownSource) {
  EXPECT_NE(first_problem(replace(kGood, "cite: [s1]", "cite: [s2]")).find("unknown source 's2'"), std::string::npos);
  EXPECT_NE(first_problem(replace(kGood, "    cite: [s1]\n", "")).find("has no 'cite'"), std::string::npos);
}

TEST(Loader, FloodSizeMayNotUseTheFloodSize) {
  EXPECT_NE(first_problem(replace(kGood, "backlog + 3", "connections + 1")).find("unknown name 'connections'"), std::string::npos);
}

TEST(Loader, OverflowNeedsAnExactAccepted) {
  const std::string p = first_problem(replace(kGood, "      accepted: min(backlog, somaxconn) + 1\n", "      overflow: no_answer\n"));
  EXPECT_NE(p.find("needs an exact 'accepted'"), std::string::npos) << p;
}

TEST(Loader, UnknownOutcomeAndBadErrno) {
  EXPECT_NE(first_problem(replace(kGood, "      accepted:", "      outcomes: {dropped: 1}\n      accepted:")).find("unknown outcome 'dropped'"),
            std::string::npos);
  EXPECT_NE(first_problem(replace(kGood, "      accepted:", "      listen: einval\n      accepted:")).find("errno name"), std::string::npos);
}

TEST(Loader, YamlSyntaxErrorHasAPosition) {
  const std::string p = first_problem("schema: 1\nplatform: [linux\n");
  EXPECT_EQ(p.rfind("t.yaml:", 0), 0u) << p;
  EXPECT_NE(p.find(":3:"), std::string::npos) << p;
}

TEST(Loader, EmptyAndMissingFilesAreErrors) {
  EXPECT_EQ(first_problem(""), "t.yaml:1:1: empty expectation file");
  EXPECT_THROW(load_expectations("/nonexistent/linux.yaml"), LoadError);
}

TEST(Loader, ReportsEveryProblemNotJustTheFirst) {
  try {
    parse_expectations(replace(replace(kGood, "cite: [s1]", "cite: [nope]"), "summary: one", "summary: one\n    bogus: 1"), "t.yaml");
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_GE(e.problems.size(), 2u);
  }
}

TEST(Loader, TheShippedLinuxFileLoads) {
  const auto f = load_expectations(std::string(LC_SOURCE_DIR) + "/expectations/linux.yaml");
  EXPECT_EQ(f.platform, "linux");
  EXPECT_GE(f.cases.size(), 20u);
  for (const auto& c : f.cases) EXPECT_FALSE(c.cite.empty()) << c.id;
}

}  // namespace
}  // namespace lc::expect

namespace lc::expect {
namespace {

// Found by suites/fuzz/expectations_fuzzer: a list used as a mapping key.
TEST(Loader, NonScalarKeysAreErrorsNotCrashes) {
  const std::string p = first_problem(replace(kGood, "setup: {backlog: [1, 2]}", "setup: {backlog: -1,[ 5]: 3}"));
  EXPECT_NE(p.find("a key must be a plain name"), std::string::npos) << p;
  EXPECT_EQ(p.rfind("t.yaml:11:", 0), 0u) << p;
}

}  // namespace
}  // namespace lc::expect
