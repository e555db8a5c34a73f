// SPDX-License-Identifier: Apache-2.0
// A runtime driver's group is frozen before the flood (lc/platform/driver_process.hpp). kill()
// with SIGSTOP returns before its targets have stopped, and a server's worker asleep in accept()
// that a connection reaches in between takes it: php-fpm's child did, and the php-fpm default case
// counted 59 queued of 60 (CI of stop 18). So freeze() returns only once every thread is stopped.
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "lc/platform/driver_process.hpp"

namespace lc {
namespace {

// A non-blocking connect to the AF_UNIX listener at `path`: the descriptor and errno (0 on success).
std::pair<int, int> connect_unix(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  return {fd, rc == 0 ? 0 : errno};
}

// The php-fpm shape: four forked processes asleep in accept() on one listener (AF_UNIX, backlog 0,
// so it holds one connection on Linux, and the test makes no network traffic). After freeze(),
// the first connect is queued and the second finds the queue full (EAGAIN); had a process of the
// group still taken the first, the second would be queued too. Thawed with SIGCONT, the processes
// accept and answer a byte, which tells the test the queue is empty for the next round.
TEST(DriverFreeze, NoProcessOfAFrozenGroupAcceptsAConnection) {
  const char* script =
      "use Socket; socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die \"socket: $!\";"
      "bind($s, pack_sockaddr_un(\"$ARGV[0]/listener\")) or die \"bind: $!\"; listen($s, 0) or die \"listen: $!\";"
      "for (1..4) { next if fork; my @held; while (accept(my $c, $s)) { syswrite($c, \"x\"); push @held, $c } exit }"
      "$| = 1; print \"ready\\n\"; 1 while wait != -1;";
  std::string error;
  auto driver = platform::start_driver({"/usr/bin/perl", "-e", script, "{dir}"}, {"PATH=/usr/bin:/bin"}, error);
  ASSERT_TRUE(driver) << error;
  ASSERT_EQ(driver->read_line(std::chrono::steady_clock::now() + std::chrono::seconds(10)), "ready")
      << driver->error_text();
  const std::string path = driver->directory() + "/listener";
  // Let the four children reach accept() (each forks before `ready`; this only makes the race
  // the test is about likelier, it decides nothing).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  constexpr int kRounds = 200;
  int taken = 0;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_EQ(driver->freeze(), "");
    const auto [first, first_errno] = connect_unix(path);
    const auto [second, second_errno] = connect_unix(path);
    EXPECT_EQ(first_errno, 0) << "round " << round << ": " << std::strerror(first_errno);
    if (second_errno == 0) ++taken;  // a process of the frozen group accepted the first
    else EXPECT_EQ(second_errno, EAGAIN) << "round " << round << ": " << std::strerror(second_errno);
    ASSERT_EQ(::kill(static_cast<pid_t>(-driver->pid()), SIGCONT), 0);
    // Thawed, a child accepts the first connection (and the second, if it was queued) and
    // answers: then the queue is empty again.
    pollfd p{first, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1) << "round " << round << ": no child accepted after SIGCONT";
    if (second_errno == 0) {
      pollfd q{second, POLLIN, 0};
      ASSERT_EQ(::poll(&q, 1, 5000), 1);
    }
    ::close(first);
    ::close(second);
  }
  EXPECT_EQ(taken, 0) << "in " << taken << " of " << kRounds << " rounds a process of the frozen group accepted";
  EXPECT_EQ(driver->stop(), "");
}

}  // namespace
}  // namespace lc
