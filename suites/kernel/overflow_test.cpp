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
// sk_max_ack_backlog is zero", Jan 2025, backported to stable) made it `>`. Both are tolerated
// here; the expectation files pin the version.
// Attempts answered before the first SYN drop.
int answered_before_first_drop(const Observation& obs) {
  int n = 0;
  while (n < static_cast<int>(obs.attempts.size()) && obs.attempts[n].outcome != Outcome::no_answer) ++n;
  return n;
}

void expect_syn_queue_capacity(int held, int backlog) {
  EXPECT_TRUE(held == backlog || held == backlog + 1) << "SYN queue held " << held << " for backlog " << backlog;
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
  LC_PROBE_OR_RETURN(obs, syn_queue_flood("0"));
  const int held = answered_before_first_drop(obs);
  expect_syn_queue_capacity(held, 2);
  EXPECT_EQ(obs.queue_length, 0) << "deferred handshakes are not in the accept queue";
  EXPECT_EQ(obs.count(Outcome::no_answer), 10 - held);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPReqQFullDrop"), 10 - held);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPReqQFullDoCookies"), 0);
  // The held ones were deferred, not lost: their first write brings them to accept().
  EXPECT_EQ(obs.accepted(), held);
}

TEST(SynQueue, FullWithCookiesAnswersWithCookiesUntilTheAcceptQueueIsFull) {
  LC_PROBE_OR_RETURN(obs, syn_queue_flood("1"));
  const int held = answered_before_first_drop(obs) - 3;  // the last 3 answered were cookies
  expect_syn_queue_capacity(held, 2);
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
