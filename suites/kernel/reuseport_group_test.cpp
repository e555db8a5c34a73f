// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of SO_REUSEPORT groups on Linux: every member has its own accept queue, and a
// full member drops SYNs while its siblings have room (no spill-over). Deterministic: the engine
// steers every SYN with a classic BPF program (SO_ATTACH_REUSEPORT_CBPF).
//
// Sources (../shared/reference/listen-families.md B.1): net/core/sock_reuseport.c
// reuseport_select_sock()/run_bpf_filter() (the program's return value indexes socks[]; no check
// of accept-queue fullness); net/ipv4/tcp_input.c tcp_conn_request() on the selected listener
// (drop while its accept queue is full, even if siblings have room); socket(7) SO_REUSEPORT,
// SO_ATTACH_REUSEPORT_CBPF.
#include <gtest/gtest.h>

#include <vector>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

ProbeSpec group(int members, int backlog, int connections, int steer_to = -1) {
  ProbeSpec s;
  s.reuseport = members;
  s.reuseport_member = steer_to;
  s.backlog = backlog;
  s.connections = connections;
  return s;
}

class SteeredMemberTest : public ::testing::TestWithParam<int> {};

// All SYNs steered to one member: it holds backlog+1, drops the rest, and its siblings, idle
// with empty queues, take none of them.
TEST_P(SteeredMemberTest, FullMemberDropsWhileSiblingsStayEmpty) {
  const int target = GetParam();
  constexpr int kBacklog = 3, kOverTheQueue = 4;
  LC_PROBE_OR_RETURN(obs, group(3, kBacklog, kBacklog + 1 + kOverTheQueue, target));
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  ASSERT_EQ(obs.members.size(), 3u);
  for (int m = 0; m < 3; ++m) {
    const auto& member = obs.members[static_cast<std::size_t>(m)];
    EXPECT_EQ(member.effective_backlog, kBacklog) << "member " << m;
    EXPECT_EQ(member.accepted, m == target ? kBacklog + 1 : 0) << "member " << m;
    EXPECT_EQ(member.queue_length, m == target ? kBacklog + 1 : 0) << "member " << m;
  }
  EXPECT_EQ(obs.count(Outcome::no_answer), kOverTheQueue);
  for (const Attempt& a : obs.attempts) EXPECT_EQ(a.member, target);
  if (testing::counters_are_evidence(obs)) {
    EXPECT_EQ(testing::counter(obs, "TcpExt.ListenOverflows"), kOverTheQueue);
  }
}

INSTANTIATE_TEST_SUITE_P(Members, SteeredMemberTest, ::testing::Values(0, 2));

// Steered by client source port: each member fills to backlog+1 on its own, and an attempt is
// dropped only once the member it went to is full, whatever room the others have.
TEST(ReuseportGroup, EachMemberHasItsOwnQueue) {
  constexpr int kMembers = 4, kBacklog = 2, kConnections = 40;
  LC_PROBE_OR_RETURN(obs, group(kMembers, kBacklog, kConnections));
  ASSERT_EQ(obs.members.size(), static_cast<std::size_t>(kMembers));
  std::vector<int> accepted_so_far(kMembers, 0);
  int total = 0;
  for (std::size_t i = 0; i < obs.attempts.size(); ++i) {
    const Attempt& a = obs.attempts[i];
    ASSERT_GE(a.member, 0) << "attempt " << i;
    ASSERT_LT(a.member, kMembers) << "attempt " << i;
    auto& so_far = accepted_so_far[static_cast<std::size_t>(a.member)];
    if (a.outcome == Outcome::accepted) {
      ++so_far;
      ++total;
    } else {
      EXPECT_EQ(a.outcome, Outcome::no_answer) << "attempt " << i;
      EXPECT_EQ(so_far, kBacklog + 1) << "attempt " << i << " dropped by member " << a.member << " before it was full";
    }
  }
  for (int m = 0; m < kMembers; ++m) {
    const auto& member = obs.members[static_cast<std::size_t>(m)];
    EXPECT_EQ(member.accepted, accepted_so_far[static_cast<std::size_t>(m)]) << "member " << m;
    EXPECT_LE(member.accepted, kBacklog + 1) << "member " << m;
  }
  EXPECT_EQ(obs.accepted(), total);
}

// A group of one kind of socket only, on an OS with balancing groups.
TEST(ReuseportGroup, ValidationRefusesASingleMember) {
  EXPECT_TRUE(spec_refusal(group(1, 1, 1), "linux"));
  EXPECT_TRUE(spec_refusal(group(2, 1, 1), "macos"));
  EXPECT_TRUE(spec_refusal(group(2, 1, 1, 0), "freebsd"));  // steering is Linux's CBPF
  EXPECT_FALSE(spec_refusal(group(2, 1, 1), "freebsd"));     // SO_REUSEPORT_LB
  EXPECT_FALSE(spec_refusal(group(2, 1, 1, 1), "linux"));
}

}  // namespace
}  // namespace lc
