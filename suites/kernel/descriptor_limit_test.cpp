// SPDX-License-Identifier: Apache-2.0
// The worker asks only for the descriptors a case needs. Under a low RLIMIT_NOFILE that it cannot
// raise (prlimit(1) lowers the hard limit; as root, setpriv(1) also takes CAP_SYS_RESOURCE away,
// which could raise it again), a single listen() call and a small flood still run, a larger
// flood parks clients in holder processes, and one too large for even that is a `resource`
// failure that says why.
#include <gtest/gtest.h>
#include <unistd.h>

#include "lc/vocabulary/vocabulary.hpp"
#include "support/command_line.hpp"

namespace lc {
namespace {

constexpr const char* kLimit = "--nofile=64:64";

// `[setpriv ... -sys_resource] prlimit --nofile=64:64 listen-conformance probe args... --json`
std::optional<testing::CommandRun> probe_under_low_limit(std::vector<std::string> args, std::string* skip) {
  const auto prlimit = testing::find_program("prlimit");
  const auto setpriv = testing::find_program("setpriv");
  if (!prlimit || (::geteuid() == 0 && !setpriv)) {
    *skip = "prlimit and (as root) setpriv from util-linux are needed";
    return std::nullopt;
  }
  std::vector<std::string> wrapper;
  if (::geteuid() == 0) wrapper = {*setpriv, "--inh-caps=-all", "--bounding-set=-sys_resource"};
  wrapper.insert(wrapper.end(), {*prlimit, kLimit, "--"});
  args.insert(args.begin(), "probe");
  args.push_back("--json");
  auto run = testing::run_program(wrapper, args);
  if (run.observation && run.observation->value("failure", nlohmann::json()).is_object() &&
      vocabulary::from_string<vocabulary::FailureKind>((*run.observation)["failure"]["kind"].get<std::string>()) ==
          vocabulary::FailureKind::cannot_isolate) {
    *skip = (*run.observation)["failure"]["message"];
    return std::nullopt;
  }
  return run;
}

#define LC_RUN_UNDER_LOW_LIMIT(run, ...)                                     \
  std::string run##_skip;                                                   \
  const auto run##_opt = probe_under_low_limit({__VA_ARGS__}, &run##_skip); \
  if (!run##_opt) GTEST_SKIP() << run##_skip;                              \
  const testing::CommandRun& run = *run##_opt;                              \
  ASSERT_TRUE(run.observation.has_value()) << run.child.out << run.child.err

TEST(LowDescriptorLimit, ASingleListenCallRuns) {
  LC_RUN_UNDER_LOW_LIMIT(run, "--backlog", "2", "--target", "udp");
  EXPECT_EQ(run.child.exit_code, 0) << run.child.err;
  EXPECT_EQ((*run.observation)["listen_error"], "EOPNOTSUPP");
}

TEST(LowDescriptorLimit, ASmallFloodRuns) {
  LC_RUN_UNDER_LOW_LIMIT(run, "--backlog", "2", "--connections", "3");
  EXPECT_EQ(run.child.exit_code, 0) << run.child.err;
  EXPECT_EQ((*run.observation)["accepted"], 3);
}

TEST(LowDescriptorLimit, AFloodBeyondTheLimitIsParked) {
  LC_RUN_UNDER_LOW_LIMIT(run, "--backlog", "200", "--connections", "200");
  EXPECT_EQ(run.child.exit_code, 0) << run.child.err;
  EXPECT_EQ((*run.observation)["accepted"], 200);
  EXPECT_NE((*run.observation)["adjustments"].dump().find("holder process"), std::string::npos)
      << (*run.observation)["adjustments"].dump();
}

TEST(LowDescriptorLimit, AFloodTooLargeEvenForHoldersIsAResourceFailure) {
  LC_RUN_UNDER_LOW_LIMIT(run, "--backlog", "2000", "--connections", "2000");
  EXPECT_EQ(run.child.exit_code, 2);
  const nlohmann::json& failure = (*run.observation)["failure"];
  ASSERT_TRUE(failure.is_object()) << run.observation->dump();
  EXPECT_EQ(failure["kind"], vocabulary::to_string(vocabulary::FailureKind::resource));
  EXPECT_NE(failure["message"].get<std::string>().find("RLIMIT_NOFILE"), std::string::npos) << failure["message"];
}

}  // namespace
}  // namespace lc
