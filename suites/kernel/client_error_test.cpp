// SPDX-License-Identifier: Apache-2.0
// A client error that is no outcome of listen() is reported by its name, never counted as one.
// The environment: the probe started inside a network namespace whose lo is down (unshare(1)
// made it), unable to make one of its own (no CAP_SYS_ADMIN, and user.max_user_namespaces 0 in
// the user namespace unshare(1) made, which is that namespace's own limit, not the host's). The
// worker stays where it started, as it should; its clients get ENETUNREACH there.
#include <gtest/gtest.h>

#include "lc/vocabulary/vocabulary.hpp"
#include "support/command_line.hpp"

namespace lc {
namespace {

TEST(ClientError, ENetUnreachIsReportedByNameNotAsRefused) {
  const auto unshare = testing::find_program("unshare");
  const auto setpriv = testing::find_program("setpriv");
  const auto sh = testing::find_program("sh");
  if (!unshare || !setpriv || !sh) GTEST_SKIP() << "unshare, setpriv (util-linux) and sh are needed";
  const auto can = spawn::run_child(*unshare, {"--user", "--map-root-user", "--net", "true"}, std::chrono::seconds(10));
  if (can.exit_code != 0) GTEST_SKIP() << "cannot create a user namespace here: " << can.err;
  const auto run = testing::run_program(
      {*unshare, "--user", "--map-root-user", "--net", *sh, "-c",
       "echo 0 > /proc/sys/user/max_user_namespaces && exec " + *setpriv +
           " --inh-caps=-all --bounding-set=-sys_admin \"$0\" \"$@\""},
      {"probe", "--backlog", "2", "--connections", "3", "--json"});
  ASSERT_TRUE(run.observation.has_value()) << "stdout: " << run.child.out << "\nstderr: " << run.child.err;
  const nlohmann::json& obs = *run.observation;
  EXPECT_EQ(obs["isolation"], vocabulary::to_string(vocabulary::IsolationMode::none));
  EXPECT_EQ(run.child.exit_code, 2);
  ASSERT_TRUE(obs["failure"].is_object()) << "measured: " << obs["outcomes"].dump();
  EXPECT_EQ(obs["failure"]["kind"], vocabulary::to_string(vocabulary::FailureKind::socket));
  EXPECT_NE(obs["failure"]["message"].get<std::string>().find("ENETUNREACH"), std::string::npos) << obs["failure"];
  EXPECT_EQ(obs["outcomes"]["refused"], 0);
}

}  // namespace
}  // namespace lc
