// SPDX-License-Identifier: Apache-2.0
// Linux sock_diag (NETLINK_SOCK_DIAG, inet_diag): the kernel's socket table as `ss -tan` reads
// it, for tests that cross-check what the engine reads through other channels (TCP_INFO on the
// listener, /proc/net/netstat). Test support only, kept apart from the engine's own reader
// (fixtures/src/linux/listener_lookup.cpp, listeners only) on purpose: an oracle that shares no
// code with what it checks.
//
// Sources: include/uapi/linux/inet_diag.h (inet_diag_req_v2, inet_diag_msg);
// net/ipv4/tcp_diag.c tcp_diag_get_info() (a listener reports idiag_rqueue = sk_ack_backlog,
// the accept queue, and idiag_wqueue = sk_max_ack_backlog, the backlog in force);
// man 7 sock_diag.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lc::testing {

struct DiagSocket {
  int family = 0;           // AF_INET, AF_INET6
  int state = 0;            // TCP_ESTABLISHED, TCP_SYN_SENT, TCP_LISTEN, ... (netinet/tcp.h)
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint32_t rqueue = 0;  // listener: connections in the accept queue
  std::uint32_t wqueue = 0;  // listener: the backlog in force
};

struct DiagDump {
  std::vector<DiagSocket> sockets;
  std::string error;  // "" or the step that failed, with its errno name
};

// Every TCP socket of `family` in the calling process's network namespace whose state is in
// `state_mask` (bit 1 << TCP_xxx). Bounded: each receive waits at most 5 s.
DiagDump dump_tcp_sockets(int family, std::uint32_t state_mask);

}  // namespace lc::testing
