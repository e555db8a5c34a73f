// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of closing one member of an SO_REUSEPORT group on Linux: with
// net.ipv4.tcp_migrate_req=1 (5.14+, f9ac779f881c) the connections queued on it move to a sibling,
// with 0 they are reset. Every SYN is steered to member 0 (classic BPF), which the engine closes
// after the flood (close_member).
//
// Sources (../shared/reference/listen-families.md B.1): net/core/sock_reuseport.c
// reuseport_migrate_sock() (no SELECT_OR_MIGRATE program: migrate by hash only with the sysctl),
// net/ipv4/inet_connection_sock.c inet_csk_listen_stop() (re-queue each child on the sibling,
// TcpExt.TCPMigrateReqSuccess; else inet_child_forget(): tcp_disconnect, RST);
// Documentation/networking/ip-sysctl.rst tcp_migrate_req.
#include <gtest/gtest.h>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

constexpr int kBacklog = 3;
constexpr int kQueued = kBacklog + 1;  // what the closed member holds when it is closed

ProbeSpec close_steered_member(const char* migrate_req) {
  ProbeSpec s;
  s.reuseport = 2;
  s.reuseport_member = 0;
  s.close_member = 0;
  s.backlog = kBacklog;
  s.connections = kQueued;
  s.sysctls = {{"net.ipv4.tcp_migrate_req", migrate_req}};
  return s;
}

// tcp_migrate_req=1: every queued connection is accepted by the sibling, none is reset; the
// sibling's queue held them all after the close.
TEST(ReuseportMigration, ClosedMemberQueueMovesToSibling) {
  LC_PROBE_OR_RETURN(obs, close_steered_member("1"));
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  ASSERT_EQ(obs.members.size(), 2u);
  EXPECT_EQ(obs.accepted(), kQueued);
  EXPECT_EQ(obs.count(Outcome::reset), 0) << "ECONNRESET: the queue was not migrated";
  EXPECT_EQ(obs.members[0].queue_length, kQueued) << "read back before the close";
  EXPECT_EQ(obs.members[0].accepted, 0);
  EXPECT_EQ(obs.members[1].queue_length, kQueued) << "read back after the close";
  EXPECT_EQ(obs.members[1].accepted, kQueued);
  for (const Attempt& a : obs.attempts) EXPECT_EQ(a.member, 1) << "accepted by the sibling";
  if (testing::counters_are_evidence(obs)) {
    EXPECT_EQ(testing::counter(obs, "TcpExt.TCPMigrateReqSuccess"), kQueued);
  }
}

// tcp_migrate_req=0 (the default): the closed member's queued connections are disconnected, and
// each client reads ECONNRESET; the sibling gets none.
TEST(ReuseportMigration, WithoutTheSysctlTheQueueIsReset) {
  LC_PROBE_OR_RETURN(obs, close_steered_member("0"));
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  ASSERT_EQ(obs.members.size(), 2u);
  EXPECT_EQ(obs.count(Outcome::reset), kQueued) << "ECONNRESET expected for every queued client";
  EXPECT_EQ(obs.accepted(), 0);
  EXPECT_EQ(obs.members[1].queue_length, 0);
  EXPECT_EQ(obs.members[1].accepted, 0);
  if (testing::counters_are_evidence(obs)) {
    EXPECT_EQ(testing::counter(obs, "TcpExt.TCPMigrateReqSuccess"), 0);
  }
}

}  // namespace
}  // namespace lc
