// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of floods larger than one process's defaults allow: the 65,536-connection
// accept queue (somaxconn and backlog 65535), and the means the engine uses to get there — a
// widened ip_local_port_range and several loopback source addresses in the worker's own
// namespace, and client sockets parked in holder processes when RLIMIT_NOFILE cannot be raised
// far enough. Counts only: the speed of these floods is measured by ci/bench.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "spawn/child_process.hpp"
#include "support/kernel_probe.hpp"

namespace lc {
namespace {

bool mentions(const Observation& obs, const std::string& text) {
  return std::any_of(obs.adjustments.begin(), obs.adjustments.end(),
                     [&](const std::string& a) { return a.find(text) != std::string::npos; });
}

// The largest accept queue Linux allows: sk_max_ack_backlog is clamped to somaxconn, whose
// sysctl maximum is 65535 (net/core/sysctl_net_core.c), and holds backlog+1.
TEST(LargeFlood, AcceptQueueOf65535HoldsExactly65536) {
  ProbeSpec s = testing::flood_spec(65535, 65536 + 8);
  s.sysctls = {{"net.core.somaxconn", "65535"}};
  LC_PROBE_OR_RETURN(obs, s);
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  EXPECT_EQ(obs.effective_backlog, 65535);
  EXPECT_EQ(obs.queue_length, 65536);
  EXPECT_EQ(obs.accepted(), 65536);
  EXPECT_EQ(obs.count(Outcome::no_answer), 8);
  EXPECT_EQ(obs.count(Outcome::established_unaccepted), 0);
  for (int i = 0; i < static_cast<int>(obs.attempts.size()); ++i) {
    const Attempt& a = obs.attempts[i];
    if (i < 65536) {
      ASSERT_EQ(a.outcome, Outcome::accepted) << "attempt " << i;
    } else {
      ASSERT_EQ(a.outcome, Outcome::no_answer) << "attempt " << i;
      EXPECT_EQ(a.evidence, Evidence::drop_counter) << "attempt " << i;
    }
  }
  EXPECT_EQ(testing::counter(obs, "TcpExt.ListenOverflows"), 8);
  // 65,544 clients toward one listener do not fit one source address: the engine widened the
  // port range in its own namespace and spread the clients, and says so.
  EXPECT_GT(obs.source_addresses_used, 1);
  EXPECT_EQ(obs.sysctls.at("net.ipv4.ip_local_port_range"), "1024 65535");
  EXPECT_TRUE(mentions(obs, "ip_local_port_range")) << ::testing::PrintToString(obs.adjustments);
}

// A range set by the spec is kept; the flood gets more source addresses instead.
TEST(LargeFlood, ClientsSpreadOverSourceAddressesWhenThePortRangeIsNarrow) {
  ProbeSpec s = testing::flood_spec(1000, 1001 + 9);
  s.sysctls = {{"net.ipv4.ip_local_port_range", "40000 40999"}};
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_EQ(obs.sysctls.at("net.ipv4.ip_local_port_range"), "40000 40999");
  EXPECT_GE(obs.source_addresses_used, 3);  // 1,010 clients, under 500 ports each
  EXPECT_TRUE(mentions(obs, "source addresses")) << ::testing::PrintToString(obs.adjustments);
  EXPECT_EQ(obs.accepted(), 1001);
  EXPECT_EQ(obs.count(Outcome::no_answer), 9);
}

// Parking, forced at a small scale: at most 100 client sockets in the worker, the rest in
// holder processes. The kernel sees the same clients, so the counts are those of any flood.
TEST(SocketParking, ParkedClientsAreCountedLikeAnyOther) {
  ProbeSpec s = testing::flood_spec(300, 301 + 9);
  s.descriptor_budget = 100;
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_EQ(obs.accepted(), 301);
  EXPECT_EQ(obs.count(Outcome::no_answer), 9);
  EXPECT_TRUE(mentions(obs, "3 holder processes")) << ::testing::PrintToString(obs.adjustments);
}

// Clients whose completing ACK the server dropped are brought back from their holders for the
// write probe, which tells a reset from a stall (the setup of overflow_test.cpp).
ProbeSpec parked_completing_ack_overflow(const char* abort_on_overflow) {
  ProbeSpec s = testing::completing_ack_overflow(abort_on_overflow);
  s.descriptor_budget = 2;
  return s;
}

TEST(SocketParking, ParkedClientsComeBackForTheWriteProbe) {
  LC_PROBE_OR_RETURN(obs, parked_completing_ack_overflow("1"));
  EXPECT_TRUE(mentions(obs, "holder processes")) << ::testing::PrintToString(obs.adjustments);
  EXPECT_EQ(obs.accepted(), 3);
  EXPECT_EQ(obs.count(Outcome::reset), 5);
  EXPECT_EQ(testing::counter(obs, "TcpExt.EmbryonicRsts"), 5);
}

TEST(SocketParking, ParkedStalledClientsAreAcceptedLater) {
  LC_PROBE_OR_RETURN(obs, parked_completing_ack_overflow("0"));
  EXPECT_EQ(obs.accepted(), 3);
  EXPECT_EQ(obs.count(Outcome::established_unaccepted), 5);
  EXPECT_EQ(obs.accepted_later(), 5);
}

// Limits that cannot be worked around end the probe with a `resource` failure that says why.
std::optional<ProbeFailure> failure_of(const ProbeSpec& spec) {
  const auto run = worker::run_worker(spec, worker::default_deadline(spec), LC_BINARY);
  if (!run.observation) {
    ADD_FAILURE() << "worker " << run.error_kind << ": " << run.error;
    return std::nullopt;
  }
  return run.observation->failure;
}

TEST(LargeFlood, TooFewPortsForAnIpv6FloodIsAResourceFailure) {
  ProbeSpec s = testing::flood_spec(5, 200);
  s.family = Family::ipv6;
  s.sysctls = {{"net.ipv4.ip_local_port_range", "40000 40099"}};
  const auto failure = failure_of(s);
  ASSERT_TRUE(failure.has_value()) << "a flood of 200 from ::1 over 100 ports should not run";
  if (failure->kind == FailureKind::cannot_isolate) GTEST_SKIP() << failure->message;
  EXPECT_EQ(failure->kind, FailureKind::resource);
  EXPECT_NE(failure->message.find("IPv6"), std::string::npos) << failure->message;
}

TEST(SocketParking, MoreHoldersThanTheBoundIsAResourceFailure) {
  ProbeSpec s = testing::flood_spec(200, 100);
  s.descriptor_budget = 1;  // one holder per client: more than the bound of 64
  const auto failure = failure_of(s);
  ASSERT_TRUE(failure.has_value()) << "100 holder processes should have been refused";
  EXPECT_EQ(failure->kind, FailureKind::resource);
  EXPECT_NE(failure->message.find("holder processes"), std::string::npos) << failure->message;
}

// The lean worker program speaks the same protocol and measures the same: the runner spawns it
// in place of `listen-conformance worker` (it starts in a fraction of the time).
TEST(LeanWorker, MeasuresWhatTheFullProgramMeasures) {
  ProbeSpec s = testing::flood_spec(5, 6 + 8);
  s.sysctls = {{"net.core.somaxconn", "4"}};
  const auto lean = worker::run_worker(s, worker::default_deadline(s), LC_WORKER_BINARY);
  const auto full = worker::run_worker(s, worker::default_deadline(s), LC_BINARY);
  ASSERT_TRUE(lean.observation.has_value()) << lean.error_kind << ": " << lean.error;
  ASSERT_TRUE(full.observation.has_value()) << full.error_kind << ": " << full.error;
  if (lean.observation->failure && lean.observation->failure->kind == FailureKind::cannot_isolate)
    GTEST_SKIP() << lean.observation->failure->message;
  EXPECT_FALSE(lean.observation->failure.has_value()) << lean.observation->failure->message;
  EXPECT_EQ(lean.observation->effective_backlog, 4);
  EXPECT_EQ(lean.observation->accepted(), 5);
  EXPECT_EQ(lean.observation->accepted(), full.observation->accepted());
  EXPECT_EQ(lean.observation->count(Outcome::no_answer), full.observation->count(Outcome::no_answer));
}

TEST(LeanWorker, RejectsABadSpecWithStatusTwo) {
  const auto run = spawn::run_child(LC_WORKER_BINARY, {"worker", "--spec", "{not json"}, std::chrono::seconds(10));
  ASSERT_TRUE(run.started) << run.start_error;
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad spec"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace lc
