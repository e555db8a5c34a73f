// SPDX-License-Identifier: Apache-2.0
// `listen-conformance inspect` reads this namespace's listeners (read-only): a listener of
// backlog 3 holding 3 unaccepted connections shows with its backlog, its queue, this process as
// its owner, and the flag for a queue at >= 80 %; an idle one shows without it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A loopback listener with `backlog`, its port, and `clients` connections it never accepts.
std::uint16_t listen_with_clients(Fd& listener, int backlog, int clients, std::vector<std::unique_ptr<Fd>>& held) {
  listener.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(listener.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener.fd, backlog) != 0 ||
      ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return 0;
  for (int i = 0; i < clients; ++i) {
    auto c = std::make_unique<Fd>();
    c->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(c->fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return 0;
    held.push_back(std::move(c));
  }
  return ntohs(a.sin_port);
}

nlohmann::json inspect() {
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(LC_BINARY " inspect --json", "r"), ::pclose);
  std::string out;
  std::array<char, 4096> buf{};
  while (p && std::fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  return nlohmann::json::parse(out);
}

const nlohmann::json* find(const nlohmann::json& doc, std::uint16_t port) {
  for (const auto& l : doc.at("listeners")) {
    if (l.at("kind") == "tcp4" && l.at("port") == port) return &l;
  }
  return nullptr;
}

bool flagged(const nlohmann::json& l, const char* flag) {
  for (const auto& f : l.at("flags")) {
    if (f == flag) return true;
  }
  return false;
}

TEST(Inspect, AFullQueueIsShownAndFlagged) {
  Fd full, idle;
  std::vector<std::unique_ptr<Fd>> clients;
  const std::uint16_t full_port = listen_with_clients(full, 3, 3, clients);
  const std::uint16_t idle_port = listen_with_clients(idle, 3, 0, clients);
  ASSERT_NE(full_port, 0);
  ASSERT_NE(idle_port, 0);
  const nlohmann::json doc = inspect();
  const auto* l = find(doc, full_port);
  ASSERT_NE(l, nullptr) << "inspect does not list 127.0.0.1:" << full_port << ": " << doc.dump();
  EXPECT_EQ(l->at("backlog"), 3);
  EXPECT_EQ(l->at("queue_length"), 3);
  EXPECT_EQ(l->at("pid"), static_cast<long>(::getpid())) << "the owner is this test process";
  EXPECT_TRUE(flagged(*l, "queue_at_80_percent")) << l->dump();
  const auto* i = find(doc, idle_port);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->at("queue_length"), 0);
  EXPECT_FALSE(flagged(*i, "queue_at_80_percent")) << i->dump();
  EXPECT_TRUE(doc.at("counters").contains("TcpExt.ListenOverflows"));
}

// AF_UNIX through unix_diag: an abstract-named listener of backlog 2 holding 2 connections.
TEST(Inspect, AUnixListenerIsShownWithItsQueue) {
  Fd listener;
  listener.fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const std::string name = "lc-inspect-test-" + std::to_string(::getpid());
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path + 1, name.data(), name.size());  // abstract: sun_path[0] == '\0'
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  ASSERT_EQ(::bind(listener.fd, reinterpret_cast<sockaddr*>(&a), len), 0) << std::strerror(errno);
  ASSERT_EQ(::listen(listener.fd, 2), 0) << std::strerror(errno);
  std::vector<std::unique_ptr<Fd>> clients;
  for (int i = 0; i < 2; ++i) {
    auto c = std::make_unique<Fd>();
    c->fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_EQ(::connect(c->fd, reinterpret_cast<sockaddr*>(&a), len), 0) << std::strerror(errno);
    clients.push_back(std::move(c));
  }
  const auto doc = inspect();
  const nlohmann::json* found = nullptr;
  for (const auto& l : doc.at("listeners")) {
    if (l.at("kind") == "unix" && l.at("address") == "@" + name) found = &l;
  }
  ASSERT_NE(found, nullptr) << "inspect does not list @" << name << ": " << doc.dump();
  EXPECT_EQ(found->at("backlog"), 2);
  EXPECT_EQ(found->at("queue_length"), 2);
  EXPECT_EQ(found->at("pid"), static_cast<long>(::getpid()));
  EXPECT_TRUE(flagged(*found, "queue_at_80_percent")) << found->dump();
}

TEST(Inspect, ABacklogEqualToSomaxconnIsFlaggedClamped) {
  const nlohmann::json before = inspect();
  ASSERT_TRUE(before.at("somaxconn").is_number_integer());
  const long long somaxconn = before.at("somaxconn").get<long long>();
  if (somaxconn > 1'000'000) GTEST_SKIP() << "somaxconn " << somaxconn << ": no backlog above it to be clamped";
  Fd clamped;
  std::vector<std::unique_ptr<Fd>> none;
  const std::uint16_t port = listen_with_clients(clamped, static_cast<int>(somaxconn) + 1000, 0, none);  // the kernel clamps it
  ASSERT_NE(port, 0);
  const auto doc = inspect();
  const auto* l = find(doc, port);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->at("backlog"), somaxconn);
  EXPECT_TRUE(flagged(*l, "clamped_by_somaxconn")) << l->dump();
}

}  // namespace
