// SPDX-License-Identifier: Apache-2.0
// A worker that cannot finish isolating itself measures nothing. Root without CAP_SYS_ADMIN
// cannot unshare a network namespace directly, may create a user namespace, but (without
// CAP_SETFCAP, Linux >= 5.12) may not map uid 0 in it; root without CAP_NET_ADMIN gets a network
// namespace but cannot bring its lo up. Either way a flood from there would read as connections
// refused (lo down: ENETUNREACH), so the probe must end with `cannot isolate: <step>` instead.
// setpriv(1) takes the capabilities away from the program and its worker; the test process
// keeps its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include "lc/vocabulary/vocabulary.hpp"
#include "support/command_line.hpp"

namespace lc {
namespace {

// `setpriv --inh-caps=-all --bounding-set=<caps> listen-conformance probe ... --json`
testing::CommandRun probe_without(const std::string& caps) {
  const auto setpriv = testing::find_program("setpriv");
  if (!setpriv) return {};
  return testing::run_program({*setpriv, "--inh-caps=-all", "--bounding-set=" + caps},
                              {"probe", "--backlog", "2", "--connections", "3", "--json"});
}

std::string skip_reason() {
  if (::geteuid() != 0) return "needs root: setpriv drops capabilities from a root process here";
  if (!testing::find_program("setpriv")) return "setpriv (util-linux) is not installed";
  // Where even the program with every capability gets no namespace of its own (nested user
  // namespaces at the kernel's limit, as ci/unprivileged-check.sh makes it), the worker stays
  // in the namespace it started in: there is nothing to half-make, so nothing to test here.
  const auto full = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "3", "--json"});
  if (full.observation && vocabulary::from_string<vocabulary::IsolationMode>((*full.observation)["isolation"].get<std::string>()) ==
                                  vocabulary::IsolationMode::none)
    return "no network namespace can be made here at all (isolation none with every capability)";
  return {};
}

void expect_cannot_isolate_at(const testing::CommandRun& run, const std::string& step) {
  ASSERT_TRUE(run.child.started) << run.child.start_error;
  EXPECT_EQ(run.child.exit_code, 2) << run.child.out << run.child.err;
  ASSERT_TRUE(run.observation.has_value()) << "stdout: " << run.child.out << "\nstderr: " << run.child.err;
  const nlohmann::json& obs = *run.observation;
  ASSERT_TRUE(obs["failure"].is_object()) << obs.dump();
  EXPECT_EQ(obs["failure"]["kind"], vocabulary::to_string(vocabulary::FailureKind::cannot_isolate));
  const std::string message = obs["failure"]["message"];
  EXPECT_EQ(message.rfind("cannot isolate: " + step, 0), 0u) << message;
  EXPECT_NE(message.find("EPERM"), std::string::npos) << message;
  EXPECT_EQ(obs["outcomes"]["refused"], 0) << "a half-made namespace was flooded";
  EXPECT_TRUE(obs["attempts"].empty()) << obs["attempts"].dump();
}

TEST(HalfMadeIsolation, RootWithoutSysAdminOrSetfcapStopsAtTheUidMap) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  if (auto why = testing::unprivileged_user_namespaces_unavailable())
    GTEST_SKIP() << *why << ": the worker stays in the host's namespace, which is no half-made isolation";
  expect_cannot_isolate_at(probe_without("-all"), "writing /proc/self/uid_map");
}

TEST(HalfMadeIsolation, RootWithoutNetAdminStopsAtBringingLoUp) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  expect_cannot_isolate_at(probe_without("-net_admin"), "bringing lo up");
}

// Without CAP_SYS_ADMIN but with CAP_SETFCAP the user-namespace way succeeds: a capability
// lost is not a reason to give up when isolation can still be made whole.
TEST(HalfMadeIsolation, RootWithoutSysAdminIsolatesThroughAUserNamespace) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  if (auto why = testing::unprivileged_user_namespaces_unavailable()) GTEST_SKIP() << *why;
  const auto run = probe_without("-sys_admin");
  ASSERT_TRUE(run.observation.has_value()) << run.child.out << run.child.err;
  EXPECT_EQ(run.child.exit_code, 0) << run.child.err;
  EXPECT_EQ((*run.observation)["isolation"], vocabulary::to_string(vocabulary::IsolationMode::userns_netns));
  EXPECT_EQ((*run.observation)["accepted"], 3);
}

}  // namespace
}  // namespace lc
