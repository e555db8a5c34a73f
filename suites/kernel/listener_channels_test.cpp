// SPDX-License-Identifier: Apache-2.0
// The engine's channels into the kernel, cross-checked against one it does not use. The engine
// reads a listener's backlog and accept queue through TCP_INFO (platform::read_listener) and
// decides drops from /proc/net/netstat (platform::snapshot_counters); sock_diag (inet_diag over
// netlink, what `ss -ltn` shows as Recv-Q/Send-Q) reads the same kernel state through another
// path. Each test counts what it did itself (connections made, accepted, left in SYN_SENT) and
// requires all channels to agree with that count, instead of restating an expectation's formula.
//
// The test process enters a network namespace of its own (platform::isolate_network(), as a
// worker does), so every socket and counter in it is the test's own; this executable holds only
// these tests, so no other test runs in that namespace.
//
// Sources: net/ipv4/tcp.c tcp_get_info() (listener: tcpi_unacked = sk_ack_backlog,
// tcpi_sacked = sk_max_ack_backlog); net/ipv4/tcp_diag.c tcp_diag_get_info() (listener:
// idiag_rqueue = sk_ack_backlog, idiag_wqueue = sk_max_ack_backlog); net/ipv4/tcp_input.c
// tcp_conn_request() (accept queue full: LINUX_MIB_LISTENOVERFLOWS, then tcp_listendrop():
// LINUX_MIB_LISTENDROPS; the client stays in SYN_SENT).
#include <gtest/gtest.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include "lc/platform/kernel_counters.hpp"
#include "lc/platform/listener_readback.hpp"
#include "lc/platform/sandbox.hpp"
#include "lc/platform/sockets.hpp"
#include "support/sock_diag.hpp"

namespace lc {

// (Values print as ipv4/ipv6: the vocabulary's operator<<, found by ADL.)

namespace {

using testing::DiagDump;
using testing::DiagSocket;

constexpr std::uint32_t state_bit(int state) { return 1U << state; }

int address_family(Family f) { return f == Family::ipv6 ? AF_INET6 : AF_INET; }

// Waits for a condition of the kernel's state, bounded (5 s): loopback handshakes and drops are
// processed in softirq, not necessarily before connect() returns to the caller.
bool eventually(const std::function<bool()>& condition) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

struct Listener {
  net::Socket socket;
  std::uint16_t port = 0;
};

// What sock_diag says about one listener and the connections toward its port.
struct DiagView {
  std::optional<DiagSocket> listener;
  int established_children = 0;  // server ends of completed handshakes (accept queue or accepted)
  int clients_in_syn_sent = 0;   // clients whose SYN is unanswered
  std::string error;
};

DiagView diag_view(Family family, std::uint16_t port) {
  const DiagDump dump = testing::dump_tcp_sockets(
      address_family(family), state_bit(TCP_LISTEN) | state_bit(TCP_ESTABLISHED) | state_bit(TCP_SYN_SENT));
  DiagView v;
  v.error = dump.error;
  for (const DiagSocket& s : dump.sockets) {
    if (s.state == TCP_LISTEN && s.local_port == port) v.listener = s;
    if (s.state == TCP_ESTABLISHED && s.local_port == port) ++v.established_children;
    if (s.state == TCP_SYN_SENT && s.remote_port == port) ++v.clients_in_syn_sent;
  }
  return v;
}

std::int64_t counter(const platform::CounterSnapshot& s, const std::string& name) {
  const auto it = s.find(name);
  return it == s.end() ? 0 : it->second;
}

class ListenerChannels : public ::testing::TestWithParam<Family> {
 protected:
  static void SetUpTestSuite() { isolation_ = platform::isolate_network(); }

  void SetUp() override {
    ASSERT_FALSE(isolation_.half_made) << "isolation half made: " << isolation_.reason;
    if (!isolation_.isolated()) GTEST_SKIP() << "no network namespace of this test's own: " << isolation_.reason;
  }

  Family family() const { return GetParam(); }

  std::optional<Listener> listen_with(int backlog) {
    auto opened = net::open_tcp(family());
    if (opened.error) {
      ADD_FAILURE() << "socket(): " << opened.error.name;
      return std::nullopt;
    }
    Listener l{std::move(opened.socket)};
    for (const net::NetError& e : {net::bind_to(l.socket, family(), net::loopback_address(family()), 0),
                                  net::listen_on(l.socket.get(), backlog), net::set_nonblocking(l.socket)}) {
      if (e) {
        ADD_FAILURE() << "setting up the listener: " << e.name;
        return std::nullopt;
      }
    }
    l.port = net::local_port(l.socket);
    return l;
  }

  // One non-blocking client toward the listener; its handshake goes on in the kernel.
  net::Socket start_client(std::uint16_t port) {
    auto opened = net::open_tcp(family());
    EXPECT_FALSE(opened.error) << "socket(): " << opened.error.name;
    EXPECT_FALSE(net::set_nonblocking(opened.socket)) << "O_NONBLOCK";
    const auto started = net::connect_nonblocking(opened.socket, family(), net::loopback_address(family()), port);
    EXPECT_NE(started.state, net::ConnectStart::failed) << "connect(): " << started.error.name;
    return std::move(opened.socket);
  }

  // Clients that complete their handshake (within the accept queue's capacity).
  std::vector<net::Socket> connect_clients(std::uint16_t port, int n) {
    std::vector<net::Socket> clients;
    for (int i = 0; i < n; ++i) {
      clients.push_back(start_client(port));
      EXPECT_EQ(net::client_status(clients.back(), 5000).state, net::ClientState::established) << "client " << i;
    }
    return clients;
  }

  static inline platform::Isolation isolation_;
};

// Below capacity every completed handshake waits in the accept queue: TCP_INFO, sock_diag and
// the number of connections made agree on its length, and both channels on the backlog.
TEST_P(ListenerChannels, TcpInfoAndSockDiagAgreeOnTheAcceptQueueAndTheBacklog) {
  constexpr int kBacklog = 5;
  constexpr int kConnections = 4;
  auto listener = listen_with(kBacklog);
  ASSERT_TRUE(listener);
  const auto clients = connect_clients(listener->port, kConnections);
  ASSERT_TRUE(eventually([&] { return diag_view(family(), listener->port).established_children == kConnections; }))
      << "sock_diag never showed " << kConnections << " server ends: " << diag_view(family(), listener->port).error;

  const DiagView diag = diag_view(family(), listener->port);
  const platform::ListenerReadback info = platform::read_listener(listener->socket);
  ASSERT_TRUE(diag.listener.has_value()) << "the listener is missing from the sock_diag dump " << diag.error;
  EXPECT_EQ(diag.listener->rqueue, static_cast<std::uint32_t>(kConnections)) << "inet_diag idiag_rqueue";
  EXPECT_EQ(info.queue_length, kConnections) << "TCP_INFO tcpi_unacked";
  EXPECT_EQ(diag.listener->wqueue, static_cast<std::uint32_t>(kBacklog)) << "inet_diag idiag_wqueue";
  EXPECT_EQ(info.limit, kBacklog) << "TCP_INFO tcpi_sacked";

  // The queue holds every connection made, and no other: accept() takes each once (without
  // waiting: they are queued), then finds it empty, and so do both channels.
  std::vector<net::Socket> servers;
  for (;;) {
    net::NetError err;
    auto s = net::accept_one(listener->socket, &err);
    ASSERT_FALSE(err) << "accept(): " << err.name;
    if (!s) break;
    servers.push_back(std::move(*s));
  }
  EXPECT_EQ(servers.size(), static_cast<std::size_t>(kConnections));
  EXPECT_EQ(diag_view(family(), listener->port).listener.value_or(DiagSocket{}).rqueue, 0U) << "inet_diag after accept()";
  EXPECT_EQ(platform::read_listener(listener->socket).queue_length, 0) << "TCP_INFO after accept()";
}

// Past capacity (backlog+1) each further SYN is dropped: the clients the test left unanswered
// are in SYN_SENT (sock_diag), the queue stays at capacity (TCP_INFO and sock_diag), and
// /proc/net/netstat counted at least one overflow per such client, each also a listen drop.
TEST_P(ListenerChannels, SockDiagTcpInfoAndNetstatAgreeOnAnOverflow) {
  constexpr int kBacklog = 2;
  constexpr int kCapacity = kBacklog + 1;
  constexpr int kBeyond = 4;
  auto listener = listen_with(kBacklog);
  ASSERT_TRUE(listener);
  const auto admitted = connect_clients(listener->port, kCapacity);
  ASSERT_TRUE(eventually([&] { return platform::read_listener(listener->socket).queue_length == kCapacity; }))
      << "the accept queue never held " << kCapacity;

  const auto before = platform::snapshot_counters();
  ASSERT_TRUE(before.has_value()) << "/proc/net/netstat unreadable";
  std::vector<net::Socket> dropped;
  for (int i = 0; i < kBeyond; ++i) dropped.push_back(start_client(listener->port));
  platform::CounterSnapshot after;
  ASSERT_TRUE(eventually([&] {
    after = platform::snapshot_counters().value_or(platform::CounterSnapshot{});
    return counter(after, "TcpExt.ListenOverflows") - counter(*before, "TcpExt.ListenOverflows") >= kBeyond;
  })) << "TcpExt.ListenOverflows did not count the " << kBeyond << " dropped SYNs";

  const DiagView diag = diag_view(family(), listener->port);
  ASSERT_TRUE(diag.listener.has_value()) << "the listener is missing from the sock_diag dump " << diag.error;
  EXPECT_EQ(diag.clients_in_syn_sent, kBeyond) << "clients whose SYN was dropped, by sock_diag";
  EXPECT_EQ(diag.established_children, kCapacity);
  EXPECT_EQ(diag.listener->rqueue, static_cast<std::uint32_t>(kCapacity)) << "inet_diag idiag_rqueue";
  EXPECT_EQ(platform::read_listener(listener->socket).queue_length, kCapacity) << "TCP_INFO tcpi_unacked";
  // A SYN retransmitted (after 1 s) is counted again, so "at least"; every overflow is a drop.
  const std::int64_t overflows = counter(after, "TcpExt.ListenOverflows") - counter(*before, "TcpExt.ListenOverflows");
  EXPECT_GE(overflows, kBeyond);
  EXPECT_EQ(counter(after, "TcpExt.ListenDrops") - counter(*before, "TcpExt.ListenDrops"), overflows);
}

INSTANTIATE_TEST_SUITE_P(Families, ListenerChannels, ::testing::Values(Family::ipv4, Family::ipv6),
                         [](const auto& test_param) { return to_string(test_param.param); });

}  // namespace
}  // namespace lc
