// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of the TCP Fast Open queue of a Linux listener (setsockopt TCP_FASTOPEN, N):
// it bounds pending TFO requests, not the accept queue; past it the kernel counts
// TcpExt.TCPFastOpenListenOverflow and the SYN falls back to a regular handshake (no TFO child).
// net.ipv4.tcp_fastopen is set in the worker's namespace to 0x207 = client (0x1) without cookie
// (0x4), server (0x2) without cookie (0x200): no cookie round trip.
//
// Sources (../shared/reference/listen-families.md C.1): net/ipv4/tcp.c do_tcp_setsockopt()
// (TCP_FASTOPEN -> fastopen_queue_tune(): max_qlen = min(val, somaxconn)); getsockopt returns
// max_qlen; net/ipv4/tcp_fastopen.c tcp_fastopen_queue_check() (qlen >= max_qlen:
// LINUX_MIB_TCPFASTOPENLISTENOVERFLOW, no child) and tcp_try_fastopen(); ip-sysctl.rst
// tcp_fastopen; net/ipv4/sysctl_net_ipv4.c (tcp_fastopen in ipv4_net_table: per namespace).
#include <gtest/gtest.h>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

ProbeSpec tfo(int qlen, int connections, bool hold) {
  ProbeSpec s;
  s.backlog = 64;
  s.connections = connections;
  s.tcp_fastopen_queue = qlen;
  s.fastopen_hold_clients = hold;
  s.attempt_timeout_ms = 30;  // held clients never complete: bounded, no counter tells their end
  s.sysctls = {{"net.ipv4.tcp_fastopen", "519"}};
  return s;
}

// Requests whose handshake never completes stay pending (SYN_RECV children): the first qlen get a
// TFO child, every further one overflows the TFO queue and falls back, while the accept queue
// (backlog 64) has room.
TEST(FastOpenQueue, PendingRequestsBeyondTheQueueOverflowAndFallBack) {
  LC_PROBE_OR_RETURN(obs, tfo(2, 5, true));
  EXPECT_EQ(obs.fastopen_queue, 2);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPFastOpenPassive"), 2);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPFastOpenListenOverflow"), 3);
  EXPECT_EQ(testing::counter(obs, "TcpExt.ListenOverflows"), 0) << "the accept queue did not overflow";
}

// Completed handshakes leave the TFO queue: on loopback each finishes before the next SYN, so a
// queue of 2 takes any number of TFO connections.
TEST(FastOpenQueue, BoundsPendingRequestsNotConnections) {
  LC_PROBE_OR_RETURN(obs, tfo(2, 6, false));
  EXPECT_EQ(obs.accepted(), 6);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPFastOpenPassive"), 6);
  EXPECT_EQ(testing::counter(obs, "TcpExt.TCPFastOpenListenOverflow"), 0);
}

// fastopen_queue_tune() clamps the queue to somaxconn, read back by getsockopt(TCP_FASTOPEN).
TEST(FastOpenQueue, SomaxconnClampsTheQueue) {
  ProbeSpec s = tfo(100, 1, false);
  s.sysctls.emplace_back("net.core.somaxconn", "16");
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_EQ(obs.fastopen_queue, 16);
}

}  // namespace
}  // namespace lc
