// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of MPTCP listeners (IPPROTO_MPTCP, Linux 5.6+): listen() acts on the first
// subflow, a TCP listener, so the backlog rules are TCP's. Skipped, with the kernel's reason,
// where MPTCP is unavailable.
//
// Sources (../shared/reference/listen-families.md D.1): net/mptcp/protocol.c mptcp_listen()
// (__inet_listen_sk on msk->first; the backlog already clamped by __sys_listen_socket);
// mptcp_init_sock() (-ENOPROTOOPT while net.mptcp.enabled is 0); net/mptcp/ctrl.c
// (net.mptcp.enabled lives in struct mptcp_pernet: one per network namespace).
#include <gtest/gtest.h>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

ProbeSpec mptcp_flood(int backlog, int connections) {
  ProbeSpec s;
  s.protocol = Protocol::mptcp;
  s.backlog = backlog;
  s.connections = connections;
  s.require_isolation = true;  // the MPTcpExt counters below must be this worker's
  return s;
}

// The observation, or a skip when this kernel has no MPTCP (the engine's `unsupported`).
std::optional<Observation> probe_mptcp(const ProbeSpec& spec, std::string& skip) {
  const auto run = worker::run_worker(spec, worker::default_deadline(spec), LC_BINARY);
  if (!run.observation) {
    ADD_FAILURE() << "worker " << run.error_kind << ": " << run.error;
    return std::nullopt;
  }
  if (const auto& f = run.observation->failure) {
    if (f->kind == FailureKind::unsupported || f->kind == FailureKind::cannot_isolate) {
      skip = f->message;
    } else {
      ADD_FAILURE() << f->kind << ": " << f->message;
    }
    return std::nullopt;
  }
  return run.observation;
}

class MptcpCapacityTest : public ::testing::TestWithParam<int> {};

TEST_P(MptcpCapacityTest, AcceptQueueHoldsBacklogPlusOne) {
  const int backlog = GetParam();
  std::string skip;
  const auto obs = probe_mptcp(mptcp_flood(backlog, backlog + 1 + 4), skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs);
  ASSERT_TRUE(obs->listen_ok) << obs->listen_error;
  EXPECT_EQ(obs->effective_backlog, backlog) << "TCP_INFO of the first subflow";
  EXPECT_EQ(obs->accepted(), backlog + 1);
  EXPECT_EQ(obs->count(Outcome::no_answer), 4);
  EXPECT_EQ(testing::counter(*obs, "TcpExt.ListenOverflows"), 4);
  // They were MPTCP connections, not plain TCP: the listener saw MP_CAPABLE in each SYN it took.
  EXPECT_EQ(testing::counter(*obs, "MPTcpExt.MPCapableSYNRX"), backlog + 1);
}

INSTANTIATE_TEST_SUITE_P(Backlogs, MptcpCapacityTest, ::testing::Values(0, 1, 16));

TEST(MptcpListener, SomaxconnClampsANegativeBacklog) {
  ProbeSpec s = mptcp_flood(-1, 17 + 3);
  s.sysctls = {{"net.core.somaxconn", "16"}};
  std::string skip;
  const auto obs = probe_mptcp(s, skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->effective_backlog, 16);
  EXPECT_EQ(obs->accepted(), 17);
}

// net.mptcp.enabled=0 in the worker's namespace: socket(IPPROTO_MPTCP) fails with ENOPROTOOPT,
// and the engine says why (`unsupported`, which the runner turns into `skipped`).
TEST(MptcpListener, DisabledInTheNamespaceIsUnsupportedWithTheReason) {
  ProbeSpec s = mptcp_flood(1, 2);
  s.sysctls = {{"net.mptcp.enabled", "0"}};
  const auto run = worker::run_worker(s, worker::default_deadline(s), LC_BINARY);
  ASSERT_TRUE(run.observation) << run.error;
  ASSERT_TRUE(run.observation->failure);
  if (run.observation->failure->kind == FailureKind::cannot_isolate) GTEST_SKIP() << run.observation->failure->message;
  if (run.observation->failure->kind == FailureKind::sysctl) GTEST_SKIP() << "no MPTCP here: " << run.observation->failure->message;
  EXPECT_EQ(run.observation->failure->kind, FailureKind::unsupported);
  EXPECT_NE(run.observation->failure->message.find("ENOPROTOOPT"), std::string::npos) << run.observation->failure->message;
  EXPECT_NE(run.observation->failure->message.find("net.mptcp.enabled is 0"), std::string::npos);
}

}  // namespace
}  // namespace lc
