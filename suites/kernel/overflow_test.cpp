// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of what a client sees when a Linux listener overflows, and of the SYN
// queue. TCP_DEFER_ACCEPT keeps completed handshakes in the request (SYN) queue until data
// arrives, which produces these states on loopback without raw packets.
//
// Sources: net/ipv4/tcp_minisocks.c tcp_check_req() (listen_overflow: with
// tcp_abort_on_overflow=0 the ACK is dropped and req->acked set; with 1, embryonic_reset sends
// RST); net/ipv4/tcp_input.c tcp_conn_request() and tcp_syn_flood_action() (SYN queue full:
// cookies when tcp_syncookies != 0, else TCPReqQFullDrop); Documentation/networking/
// ip-sysctl.rst tcp_abort_on_overflow ("if overflow occurred due to a burst, connection will
// recover").
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "expect/kernel_version.hpp"
#include "lc/platform/host.hpp"
#include "support/kernel_probe.hpp"

namespace lc {
namespace {

using testing::completing_ack_overflow;

TEST(AbortOnOverflow, OneResetsClientsWhoseCompletingAckFindsTheQueueFull) {
  LC_PROBE_OR_RETURN(obs, completing_ack_overflow("1"));
  EXPECT_EQ(obs.effective_backlog, 2);
  EXPECT_EQ(obs.accepted(), 3);
  EXPECT_EQ(obs.count(Outcome::reset), 5);
  EXPECT_EQ(obs.count(Outcome::established_unaccepted), 0);
  EXPECT_EQ(testing::counter(obs, "TcpExt.EmbryonicRsts"), 5);
  EXPECT_EQ(testing::counter(obs, "TcpExt.ListenOverflows"), 5);
}

TEST(AbortOnOverflow, ZeroLeavesThemEstablishedAndTheyAreAcceptedLater) {
  LC_PROBE_OR_RETURN(obs, completing_ack_overflow("0"));
  EXPECT_EQ(obs.accepted(), 3);
  EXPECT_EQ(obs.count(Outcome::reset), 0);
  EXPECT_EQ(obs.count(Outcome::established_unaccepted), 5);
  EXPECT_EQ(obs.accepted_later(), 5) << "the dropped ACKs should recover once the queue drains";
  EXPECT_GE(testing::counter(obs, "TcpExt.ListenOverflows"), 5);
}

// SYN queue capacity with deferred handshakes: inet_csk_reqsk_queue_is_full() compared
// reqsk_queue_len >= sk_max_ack_backlog until 3479c7549fb1 ("tcp/dccp: allow a connection when
// sk_max_ack_backlog is zero", v6.13, Jan 2025) made it `>`: the queue holds backlog requests
// before it and backlog+1 since. Stable trees took it in 6.12.10, 6.6.72, 6.1.125, 5.15.177,
// 5.10.234 and 5.4.290 (their changelogs), so the running kernel's upstream version tells which
// behaviour it must show; either one on the wrong kernel is a failure.
constexpr const char* kKernelsWith3479c7549fb1 =
    ">= 6.13 || >= 6.12.10, < 6.13 || >= 6.6.72, < 6.7 || >= 6.1.125, < 6.2 || >= 5.15.177, < 5.16 || "
    ">= 5.10.234, < 5.11 || >= 5.4.290, < 5.5";

struct SynQueueCapacity {
  int requests = 0;
  std::string kernel;  // "6.1.119 (before 3479c7549fb1)"
};

// nullopt when the running kernel's upstream version cannot be told (the test then skips).
std::optional<SynQueueCapacity> syn_queue_capacity(int backlog) {
  const platform::HostFacts host = platform::host_facts();
  const auto version = expect::upstream_kernel_version(host.kernel, host.build);
  if (!version) return std::nullopt;
  const bool with_fix = expect::VersionRange(kKernelsWith3479c7549fb1).contains(*version);
  return SynQueueCapacity{with_fix ? backlog + 1 : backlog,
                          version->str() + (with_fix ? " (with 3479c7549fb1)" : " (before 3479c7549fb1)")};
}

// Attempts answered before the first SYN drop.
int answered_before_first_drop(const Observation& obs) {
  int n = 0;
  while (n < static_cast<int>(obs.attempts.size()) && obs.attempts[n].outcome != Outcome::no_answer) ++n;
  return n;
}

ProbeSpec syn_queue_flood(const char* syncookies) {
  ProbeSpec s;
  s.backlog = 2;
  s.connections = 10;
  s.defer_accept = true;
  s.sysctls = {{"net.ipv4.tcp_syncookies", syncookies}};
  return s;
}

TEST(SynQueue, FullWithoutCookiesDropsTheSyn) {
  const auto capacity = syn_queue_capacity(2);
  if (!capacity) GTEST_SKIP() << "the running kernel's upstream version is unknown: " << platform::host_facts().kernel;
  LC_PROBE_OR_RETURN(obs, syn_queue_flood("0"));
  const int held = answered_before_first_drop(obs);
  EXPECT_EQ(held, capacity->requests) << "SYN queue of backlog 2 on kernel " << capacity->kernel;
  EXPECT_EQ(obs.queue_length, 0) << "deferred handshakes are not in the accept queue";
  EXPECT_EQ(obs.count(Outcome::no_answer), 10 - held);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPReqQFullDrop"), 10 - held);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPReqQFullDoCookies"), 0);
  // The held ones were deferred, not lost: their first write brings them to accept().
  EXPECT_EQ(obs.accepted(), held);
}

TEST(SynQueue, FullWithCookiesAnswersWithCookiesUntilTheAcceptQueueIsFull) {
  const auto capacity = syn_queue_capacity(2);
  if (!capacity) GTEST_SKIP() << "the running kernel's upstream version is unknown: " << platform::host_facts().kernel;
  LC_PROBE_OR_RETURN(obs, syn_queue_flood("1"));
  const int held = answered_before_first_drop(obs) - 3;  // the last 3 answered were cookies
  EXPECT_EQ(held, capacity->requests) << "SYN queue of backlog 2 on kernel " << capacity->kernel;
  // Past the SYN queue, cookie handshakes go straight to the accept queue (backlog+1 = 3);
  // then tcp_conn_request() drops SYNs for the full accept queue.
  EXPECT_EQ(testing::counter(obs, "TcpExt.SyncookiesSent"), 3);
  EXPECT_EQ(testing::counter(obs, "TcpExt.SyncookiesRecv"), 3);
  EXPECT_EQ(obs.queue_length, 3);
  EXPECT_EQ(obs.count(Outcome::no_answer), 10 - held - 3);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPReqQFullDrop"), 0);
  EXPECT_EQ(obs.accepted(), held + 3);
}

}  // namespace
}  // namespace lc
