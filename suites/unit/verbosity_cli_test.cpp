// SPDX-License-Identifier: Apache-2.0
// -q/--quiet and -v/--verbose (issue 16): the subcommands offer them as their help says, and each
// level changes what the subcommand prints. The subcommands that measure (run, probe, explain's
// measured row) are in suites/kernel/verbosity_kernel_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "golden.hpp"
#include "spawn/child_process.hpp"

namespace lc::verbosity_cli {
namespace {

struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

Output run(const std::vector<std::string>& args) {
  const spawn::ChildResult child = spawn::run_child(LC_BINARY, args, std::chrono::seconds(120));
  EXPECT_TRUE(child.started) << child.start_error;
  EXPECT_FALSE(child.timed_out) << "still running after 120 s";
  return Output{child.exit_code, child.out, child.err};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string fixture(const char* name) { return (testing::golden_dir() / name).string(); }
const std::string kLinux = std::string(LC_SOURCE_DIR) + "/expectations/linux.yaml";
const std::string kExpectations = std::string(LC_SOURCE_DIR) + "/expectations";

std::filesystem::path temp_dir(const char* tag) {
  auto d = std::filesystem::temp_directory_path() / (std::string("lc-verbosity-") + tag + "-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(d);
  return d;
}

// Which levels each subcommand offers: where a level would change nothing, it is not offered.
struct Offer {
  const char* command;
  bool quiet;
  bool verbose;
};
const Offer kOffers[] = {
    {"run", true, true},     {"validate", true, true}, {"probe", true, true},  {"explain", true, true},
    {"diff", true, true},    {"merge", true, true},    {"report", false, true}, {"inspect", true, false},
    {"kernels", true, false},
};

TEST(Verbosity, EachSubcommandOffersTheLevelsItsHelpNames) {
  for (const Offer& o : kOffers) {
    SCOPED_TRACE(o.command);
    const Output help = run({o.command, "--help"});
    ASSERT_EQ(help.status, 0) << help.err;
    EXPECT_EQ(has(help.out, "-q,--quiet"), o.quiet) << help.out;
    EXPECT_EQ(has(help.out, "-v,--verbose"), o.verbose) << help.out;
  }
}

TEST(Verbosity, QuietAndVerboseTogetherAreBadInput) {
  const Output r = run({"validate", "-q", "-v", kLinux});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "excludes")) << r.err;
}

TEST(Verbosity, ValidateQuietPrintsNothingForAValidFileAndVerboseListsItsInstances) {
  const Output normal = run({"validate", kLinux});
  ASSERT_EQ(normal.status, 0) << normal.err;
  EXPECT_TRUE(has(normal.out, ": ok (linux")) << normal.out;
  EXPECT_FALSE(has(normal.out, "accept-queue/capacity[backlog=0,family=ipv4]")) << normal.out;

  const Output quiet = run({"validate", "-q", kLinux});
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");

  const Output verbose = run({"validate", "--verbose", kLinux});
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_TRUE(has(verbose.out, ": ok (linux")) << verbose.out;
  EXPECT_TRUE(has(verbose.out, "\n  accept-queue/capacity[backlog=0,family=ipv4]\n")) << verbose.out;
}

TEST(Verbosity, ValidateQuietStillPrintsTheProblems) {
  const auto dir = temp_dir("bad");
  const auto bad = dir / "bad.yaml";
  {
    std::ofstream f(bad);
    f << "schema: 1\nplatform: linux\nbogus_key: 1\n";
  }
  const Output r = run({"validate", "-q", bad.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, bad.string() + ":")) << r.err;
  std::filesystem::remove_all(dir);
}

TEST(Verbosity, DiffQuietPrintsNothingAndTheStatusTells) {
  const Output changed = run({"diff", "-q", fixture("results-small.json"), fixture("results-small-newkernel.json")});
  EXPECT_EQ(changed.status, 1) << changed.err;
  EXPECT_EQ(changed.out, "");
  const Output same = run({"diff", "-q", fixture("results-small.json"), fixture("results-small.json")});
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(same.out, "");
}

TEST(Verbosity, DiffVerboseCountsTheChangesByDirection) {
  const Output r = run({"diff", "-v", fixture("results-small.json"), fixture("results-small-newkernel.json")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(has(r.out, "somaxconn/truncates[backlog=100,family=ipv4]")) << "the document is still printed";
  EXPECT_TRUE(has(r.err, "listen-conformance diff: ")) << r.err;
  EXPECT_TRUE(has(r.err, " instances changed (")) << r.err;
  EXPECT_TRUE(has(r.err, " regressions, ")) << r.err;
}

TEST(Verbosity, MergeQuietWritesThePagesWithoutSayingSoAndVerboseNamesTheColumns) {
  const auto dir = temp_dir("merge");
  const Output quiet = run({"merge", "-q", "--label", "old=" + fixture("results-small.json"), "--out", (dir / "q").string()});
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_FALSE(has(quiet.out, "wrote")) << quiet.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "q" / "matrix.html"));

  const Output verbose = run({"merge", "-v", "--label", "old=" + fixture("results-small.json"), "--label",
                              "new=" + fixture("results-small-newkernel.json"), "--out", (dir / "v").string()});
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_TRUE(has(verbose.out, "wrote ")) << verbose.out;
  EXPECT_TRUE(has(verbose.err, "column old: " + fixture("results-small.json"))) << verbose.err;
  EXPECT_TRUE(has(verbose.err, "column new: " + fixture("results-small-newkernel.json"))) << verbose.err;
  std::filesystem::remove_all(dir);
}

TEST(Verbosity, ReportVerboseSaysWhatItWrote) {
  const auto dir = temp_dir("report");
  const auto out = dir / "summary.md";
  const Output normal = run({"report", fixture("results-small.json"), "--format", "md", "--out", out.string()});
  EXPECT_EQ(normal.status, 0) << normal.err;
  EXPECT_EQ(normal.err, "");
  const Output verbose = run({"report", "-v", fixture("results-small.json"), "--format", "md", "--out", out.string()});
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_TRUE(has(verbose.err, "listen-conformance report: wrote " + out.string() + " (md, ")) << verbose.err;
  std::filesystem::remove_all(dir);
}

TEST(Verbosity, ExplainQuietLeavesTheSourcesOutAndVerboseAddsTheirAddresses) {
  const std::vector<std::string> base = {"explain", "--backlog", "5", "--no-measure", "--expectations-dir", kExpectations};
  auto with = [&](const char* flag) {
    std::vector<std::string> args = base;
    if (*flag) args.emplace_back(flag);
    return run(args);
  };
  const Output normal = with("");
  ASSERT_EQ(normal.status, 0) << normal.err;
  EXPECT_TRUE(has(normal.out, "Sources:")) << normal.out;
  EXPECT_FALSE(has(normal.out, "https://")) << normal.out;
  const Output quiet = with("-q");
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_TRUE(has(quiet.out, "linux    6 ")) << "the table is still printed:\n" << quiet.out;
  EXPECT_FALSE(has(quiet.out, "Sources:")) << quiet.out;
  const Output verbose = with("-v");
  EXPECT_EQ(verbose.status, 0) << verbose.err;
  EXPECT_TRUE(has(verbose.out, "\n      https://github.com/torvalds/linux/")) << verbose.out;
}

}  // namespace
}  // namespace lc::verbosity_cli
