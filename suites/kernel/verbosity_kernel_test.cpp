// SPDX-License-Identifier: Apache-2.0
// -q/--quiet and -v/--verbose of the subcommands that measure (issue 16): probe and run, through
// real workers. The others are in suites/unit/verbosity_cli_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/command_line.hpp"

namespace lc::verbosity_kernel {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(VerbosityKernel, ProbeQuietPrintsOnlyTheCountsOfEachOutcome) {
  const auto r = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "5", "-q"});
  ASSERT_EQ(r.child.exit_code, 0) << r.child.err;
  // backlog 2 holds 3 on Linux; the other two SYNs are dropped: one line, every outcome named.
  EXPECT_EQ(r.child.out.rfind("accepted 3, ", 0), 0U) << r.child.out;
  EXPECT_TRUE(has(r.child.out, ", no_answer 2")) << r.child.out;
  EXPECT_EQ(r.child.out.find('\n'), r.child.out.size() - 1) << "one line:\n" << r.child.out;
}

TEST(VerbosityKernel, ProbeVerbosePrintsOneLinePerAttemptAfterTheTable) {
  const auto r = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "5", "--verbose"});
  ASSERT_EQ(r.child.exit_code, 0) << r.child.err;
  EXPECT_TRUE(has(r.child.out, "effective backlog")) << "the table comes first:\n" << r.child.out;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(has(r.child.out, "  attempt " + std::to_string(i) + " ")) << r.child.out;
  EXPECT_TRUE(has(r.child.out, "  attempt 0      accepted")) << r.child.out;
  EXPECT_TRUE(has(r.child.out, "  attempt 4      no_answer")) << r.child.out;
  EXPECT_FALSE(has(r.child.out, "  attempt 5 ")) << r.child.out;
}

TEST(VerbosityKernel, ProbeRefusesALevelWithJson) {
  const auto r = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "3", "--json", "-q"});
  EXPECT_EQ(r.child.exit_code, 2);
  EXPECT_TRUE(has(r.child.err, "--json")) << r.child.err;
}

TEST(VerbosityKernel, RunVerboseListsConformingInstancesTooAndNormalDoesNot) {
  const std::string id = "accept-queue/capacity[backlog=5,family=ipv4]";
  const std::string dir = ::testing::TempDir() + "lc-verbosity-run";
  const auto normal = testing::run_program({}, {"run", "--filter", id, "--report-dir", dir + "-n"});
  ASSERT_EQ(normal.child.exit_code, 0) << normal.child.out << normal.child.err;
  EXPECT_FALSE(has(normal.child.out, "  conforms  " + id)) << normal.child.out;
  const auto verbose = testing::run_program({}, {"run", "--filter", id, "--report-dir", dir + "-v", "-v"});
  ASSERT_EQ(verbose.child.exit_code, 0) << verbose.child.out << verbose.child.err;
  EXPECT_TRUE(has(verbose.child.out, "  conforms  " + id)) << verbose.child.out;
  const auto quiet = testing::run_program({}, {"run", "--filter", id, "--report-dir", dir + "-q", "-q"});
  ASSERT_EQ(quiet.child.exit_code, 0) << quiet.child.out << quiet.child.err;
  EXPECT_FALSE(has(quiet.child.out, "listen-conformance run: ")) << "no header line with -q:\n" << quiet.child.out;
  std::error_code ec;
  for (const char* s : {"-n", "-v", "-q"}) std::filesystem::remove_all(dir + s, ec);
}

}  // namespace
}  // namespace lc::verbosity_kernel
