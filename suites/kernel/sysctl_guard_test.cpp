// SPDX-License-Identifier: Apache-2.0
// What the worker does with the sysctls of a spec: only allowlisted keys, refused before any
// namespace or /proc/sys file is touched; and a value counts as set only when the kernel reads
// it back (it takes "16" of "16 17" for somaxconn and ignores an empty write).
//
// The refused key is net.netfilter.nf_hooks_lwtunnel, writable in a fresh namespace but a
// switch of the whole kernel; the value tried is 2, which that sysctl rejects (0..1), so that
// even an engine without the allowlist could not change the host with these tests.
#include <gtest/gtest.h>

#include "support/command_line.hpp"
#include "support/kernel_probe.hpp"

namespace lc {
namespace {

constexpr const char* kKernelWideKey = "net.netfilter.nf_hooks_lwtunnel";

TEST(SysctlAllowlist, ProbeRefusesAKernelWideKeyWithoutStartingAWorker) {
  const auto run = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "3", "--sysctl",
                                             std::string(kKernelWideKey) + "=2"});
  ASSERT_TRUE(run.child.started) << run.child.start_error;
  EXPECT_EQ(run.child.exit_code, 2);
  EXPECT_NE(run.child.err.find(kKernelWideKey), std::string::npos) << run.child.err;
  EXPECT_NE(run.child.err.find("allowlist"), std::string::npos) << run.child.err;
  EXPECT_EQ(run.child.out, "") << "a worker ran and reported";
}

// The same spec handed to a worker directly (as the runner would): refused before isolating.
TEST(SysctlAllowlist, WorkerRefusesAKernelWideKeyBeforeIsolating) {
  ProbeSpec s = testing::flood_spec(2, 3);
  s.sysctls = {{kKernelWideKey, "2"}};
  const auto run = worker::run_worker(s, worker::default_deadline(s), LC_BINARY);
  ASSERT_TRUE(run.observation.has_value()) << run.error_kind << ": " << run.error;
  ASSERT_TRUE(run.observation->failure.has_value());
  EXPECT_EQ(run.observation->failure->kind, FailureKind::sysctl);
  EXPECT_NE(run.observation->failure->message.find("allowlist"), std::string::npos) << run.observation->failure->message;
  EXPECT_EQ(run.observation->isolation, IsolationMode::none) << "the worker isolated itself before refusing";
  EXPECT_TRUE(run.observation->attempts.empty());
}

// A value the kernel did not take as written ends the probe with a `sysctl` failure that names
// the value and what the kernel holds instead (beginning with `held`).
void expect_not_taken(const std::string& value, const std::string& held) {
  ProbeSpec s = testing::flood_spec(2, 3);
  s.sysctls = {{"net.core.somaxconn", value}};
  const auto run = worker::run_worker(s, worker::default_deadline(s), LC_BINARY);
  ASSERT_TRUE(run.observation.has_value()) << run.error_kind << ": " << run.error;
  const auto& failure = run.observation->failure;
  if (failure && failure->kind == FailureKind::cannot_isolate) GTEST_SKIP() << failure->message;
  ASSERT_TRUE(failure.has_value()) << "somaxconn '" << value << "' was reported as set";
  EXPECT_EQ(failure->kind, FailureKind::sysctl);
  EXPECT_NE(failure->message.find("'" + value + "'"), std::string::npos) << failure->message;
  EXPECT_NE(failure->message.find("holds '" + held), std::string::npos) << failure->message;
}

TEST(SysctlReadback, AValueTheKernelTookOnlyInPartIsAnError) { expect_not_taken("16 17", "16"); }

// An empty write changes nothing: the namespace's default stays (whatever it is on this kernel).
TEST(SysctlReadback, AnEmptyValueIsAnError) { expect_not_taken("", ""); }

// Blanks are normalised on both sides: the kernel reads the range back tab-separated.
TEST(SysctlReadback, AMultiValueSysctlMatchesWhateverItsBlanks) {
  ProbeSpec s = testing::flood_spec(2, 3);
  s.sysctls = {{"net.ipv4.ip_local_port_range", " 40000 \t 40999 "}};
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_EQ(obs.sysctls.at("net.ipv4.ip_local_port_range"), "40000 40999");
  EXPECT_EQ(obs.accepted(), 3);
}

}  // namespace
}  // namespace lc
