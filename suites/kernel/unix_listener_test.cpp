// SPDX-License-Identifier: Apache-2.0
// Real-kernel tests of Linux AF_UNIX listeners (stream and seqpacket, pathname and abstract),
// one behaviour per test, each through a worker in a network namespace of its own.
//
// Sources (../shared/reference/listen-families.md A.1): net/unix/af_unix.c unix_listen() (EINVAL
// when unbound: no autobind at listen()), unix_recvq_full_lockless() ("qlen > sk_max_ack_backlog":
// capacity backlog+1), unix_stream_connect() (full: -EAGAIN when timeo is 0, i.e. O_NONBLOCK or
// SO_SNDTIMEO run out; unix_seqpacket_ops share it); net/socket.c __sys_listen_socket() (the
// somaxconn clamp, negative -> somaxconn); net/unix/diag.c sk_diag_show_rqlen() (listener:
// udiag_rqueue = queue, udiag_wqueue = sk_max_ack_backlog); connect(2) "EAGAIN For nonblocking
// UNIX domain sockets ... the connection cannot be completed immediately".
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

constexpr int kBeyond = 5;  // attempts past the capacity

ProbeSpec unix_flood(Family family, bool abstract, int backlog, int connections) {
  ProbeSpec s;
  s.family = family;
  s.abstract_name = abstract;
  s.backlog = backlog;
  s.connections = connections;
  return s;
}

using Kind = std::tuple<Family, bool, int>;  // family, abstract name, backlog

class UnixCapacityTest : public ::testing::TestWithParam<Kind> {};

// backlog+1 queued (accepted later, in attempt order), then EAGAIN at once for each further
// non-blocking connect; sock_diag reads back the queue and the backlog in force.
TEST_P(UnixCapacityTest, QueuesBacklogPlusOneThenWouldBlock) {
  const auto [family, abstract, backlog] = GetParam();
  LC_PROBE_OR_RETURN(obs, unix_flood(family, abstract, backlog, backlog + 1 + kBeyond));
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  EXPECT_EQ(obs.accepted(), backlog + 1);
  EXPECT_EQ(obs.count(Outcome::would_block), kBeyond);
  for (int i = 0; i < static_cast<int>(obs.attempts.size()); ++i) {
    EXPECT_EQ(obs.attempts[i].outcome, i <= backlog ? Outcome::accepted : Outcome::would_block) << "attempt " << i;
  }
  EXPECT_EQ(obs.effective_backlog_initial, backlog) << "UNIX_DIAG_RQLEN udiag_wqueue";
  EXPECT_EQ(obs.effective_backlog, backlog);
  EXPECT_EQ(obs.queue_length, backlog + 1) << "UNIX_DIAG_RQLEN udiag_rqueue";
}

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  const auto [family, abstract, backlog] = info.param;
  std::string name = family == Family::unix_stream ? "stream" : "seqpacket";
  return name + (abstract ? "_abstract_" : "_path_") + std::to_string(backlog);
}

INSTANTIATE_TEST_SUITE_P(Backlogs, UnixCapacityTest,
                         ::testing::Combine(::testing::Values(Family::unix_stream, Family::unix_seqpacket),
                                            ::testing::Bool(), ::testing::Values(0, 1, 2, 17, 128, 511, 999, 1000)),
                         kind_name);

class UnixClampTest : public ::testing::TestWithParam<int> {};

// The generic clamp of listen() applies to AF_UNIX too: with somaxconn 16 a backlog of 100, and a
// negative one, are 16, and hold 17.
TEST_P(UnixClampTest, SomaxconnClampsTheBacklog) {
  ProbeSpec s = unix_flood(Family::unix_stream, false, GetParam(), 17 + kBeyond);
  s.sysctls = {{"net.core.somaxconn", "16"}};
  LC_PROBE_OR_RETURN(obs, s);
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  EXPECT_EQ(obs.effective_backlog, 16);
  EXPECT_EQ(obs.accepted(), 17);
  EXPECT_EQ(obs.count(Outcome::would_block), kBeyond);
}

INSTANTIATE_TEST_SUITE_P(Backlogs, UnixClampTest, ::testing::Values(-1, 100),
                         [](const auto& p) { return p.param < 0 ? std::string("negative") : std::to_string(p.param); });

// A blocking connect to a full queue sleeps (unix_wait_for_peer) until SO_SNDTIMEO runs out, then
// fails with EAGAIN: timed_out, not would_block.
TEST(UnixBlockingConnect, FullQueueTimesOutAtSoSndtimeo) {
  ProbeSpec s = unix_flood(Family::unix_stream, false, 1, 2 + 2);
  s.blocking_connect_ms = 50;
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_EQ(obs.accepted(), 2);
  EXPECT_EQ(obs.count(Outcome::timed_out), 2);
  EXPECT_EQ(obs.count(Outcome::would_block), 0);
}

// A blocking connect waiting on a full queue (unix_wait_for_peer) completes once the listener
// accepts a connection (unix_accept wakes peer_wait) and takes the freed slot: with one accept
// 100 ms into each wait, every client is accepted and none times out (SO_SNDTIMEO 2000 ms bounds
// each wait). Without the accept, the two clients past backlog+1 would end timed_out.
TEST(UnixBlockingConnect, AcceptReleasesTheWaitingConnect) {
  for (const Family family : {Family::unix_stream, Family::unix_seqpacket}) {
    ProbeSpec s = unix_flood(family, false, 1, 2 + 2);
    s.blocking_connect_ms = 2000;
    s.accept_after_ms = 100;
    LC_PROBE_OR_RETURN(obs, s);
    EXPECT_EQ(obs.count(Outcome::timed_out), 0) << vocabulary::to_string(family) << ": EAGAIN at SO_SNDTIMEO, the accept did not wake the connect";
    EXPECT_EQ(obs.accepted(), 4) << vocabulary::to_string(family);
  }
}

// unix_listen() allows a second listen() on a listener and takes its backlog at once: a full
// queue of backlog 1 (2 queued, the 3rd would block) takes 2 more after listen(fd, 3).
TEST(UnixRelisten, LargerBacklogTakesMoreAtOnce) {
  ProbeSpec s = unix_flood(Family::unix_stream, false, 1, 8);
  s.relisten = Relisten{3, 3};
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_FALSE(obs.relisten_error) << *obs.relisten_error;
  EXPECT_EQ(obs.effective_backlog_initial, 1);
  EXPECT_EQ(obs.effective_backlog, 3);
  const std::vector<Outcome> expected = {Outcome::accepted,    Outcome::accepted,    Outcome::would_block,
                                         Outcome::accepted,    Outcome::accepted,    Outcome::would_block,
                                         Outcome::would_block, Outcome::would_block};
  ASSERT_EQ(obs.attempts.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(obs.attempts[i].outcome, expected[i]) << "attempt " << i;
}

// The php-fpm case (listen.backlog 511 before PHP 8.2) behind nginx: 512 connections queue, the
// 513th non-blocking connect gets EAGAIN, nginx's "connect() to unix:... failed (11: Resource
// temporarily unavailable)".
TEST(UnixPhpFpm, Backlog511Holds512ThenEagain) {
  LC_PROBE_OR_RETURN(obs, unix_flood(Family::unix_stream, false, 511, 600));
  EXPECT_EQ(obs.accepted(), 512);
  EXPECT_EQ(obs.count(Outcome::would_block), 600 - 512);
}

// No autobind at listen(): an unbound AF_UNIX socket cannot listen.
TEST(UnixListenCall, UnboundSocketFailsWithEinval) {
  for (Family family : {Family::unix_stream, Family::unix_seqpacket}) {
    ProbeSpec s;
    s.scenario = Scenario::listen_call;
    s.target = ListenTarget::unbound;
    s.family = family;
    LC_PROBE_OR_RETURN(obs, s);
    EXPECT_FALSE(obs.listen_ok) << family;
    EXPECT_EQ(obs.listen_error, "EINVAL") << family;
  }
}

// TCP does autobind at listen() (inet_csk_listen_start): the same target listens.
TEST(UnixListenCall, UnboundTcpSocketListens) {
  ProbeSpec s;
  s.scenario = Scenario::listen_call;
  s.target = ListenTarget::unbound;
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_TRUE(obs.listen_ok) << obs.listen_error;
}

// The pathname listener's private directory is the worker's, and gone when it is done.
TEST(UnixPrivateDirectory, RemovedAfterTheWorker) {
  const std::filesystem::path parent = std::filesystem::temp_directory_path() / ("lc-unix-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(parent);
  ASSERT_TRUE(std::filesystem::create_directory(parent));
  ProbeSpec s = unix_flood(Family::unix_stream, false, 2, 4);
  s.socket_dir = (parent / "socket").string();
  {
    LC_PROBE_OR_RETURN(obs, s);
    EXPECT_EQ(obs.accepted(), 3);
  }
  EXPECT_FALSE(std::filesystem::exists(s.socket_dir));
  std::filesystem::remove_all(parent);
}

// A worker killed in the middle of a flood cannot clean up: the runner removes the private
// directory it made for it, socket file and all. (TMPDIR points the runner at an empty directory
// of this test's own, which must be empty again afterwards.)
TEST(UnixPrivateDirectory, RemovedAfterAKilledWorker) {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() / ("lc-unix-killed-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(tmp);
  ASSERT_TRUE(fs::create_directory(tmp));
  const char* old_tmpdir = std::getenv("TMPDIR");
  const std::string saved = old_tmpdir ? old_tmpdir : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  // Backlog 0, blocking connects of 1 s each: the worker is still flooding when it is killed.
  ProbeSpec s = unix_flood(Family::unix_stream, false, 0, 40);
  s.blocking_connect_ms = 1000;
  const auto run = worker::run_worker(s, std::chrono::milliseconds(700), LC_BINARY);
  if (old_tmpdir) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_EQ(run.error_kind, vocabulary::ErrorKind::hung) << run.error;
  std::string left;
  for (const auto& entry : fs::recursive_directory_iterator(tmp)) left += entry.path().string() + " ";
  EXPECT_EQ(left, "") << "left behind by the killed worker";
  fs::remove_all(tmp);
}

// A directory that exists already is not the worker's: it refuses it rather than use (and later
// remove) it.
TEST(UnixPrivateDirectory, RefusesAnExistingDirectory) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lc-unix-test-existing";
  std::filesystem::create_directories(dir);
  ProbeSpec s = unix_flood(Family::unix_stream, false, 2, 4);
  s.socket_dir = dir.string();
  const auto run = worker::run_worker(s, worker::default_deadline(s), LC_BINARY);
  ASSERT_TRUE(run.observation) << run.error;
  ASSERT_TRUE(run.observation->failure);
  EXPECT_EQ(run.observation->failure->kind, FailureKind::resource);
  EXPECT_TRUE(std::filesystem::exists(dir));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lc
