// SPDX-License-Identifier: Apache-2.0
// run_child(): from several threads at once, as `run -j2` does (Boost.Process v1's wait_for()
// keeps the SIGCHLD handler it replaces in a thread_local; with two threads waiting at once the
// handler calls itself for ever (a tail call: a loop without system calls, gdb at
// wait_for_exit.hpp:68) and the runner spins at 100% CPU. run_child() polls instead; this keeps
// it so. Children that close their pipes and then linger make every wait go past the pipes);
// its deadline arithmetic; the child's process group; the descriptors a child inherits.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include "fault_helpers.hpp"
#include "spawn/child_process.hpp"

namespace lc {
namespace {

TEST(ChildProcess, ThreadsWaitingAtOnceAllFinish) {
  constexpr int kThreads = 2;
  constexpr int kChildren = 15;
  auto work = [] {
    int ok = 0;
    for (int i = 0; i < kChildren; ++i) {
      const auto r = spawn::run_child("/bin/sh", {"-c", "exec >&- 2>&-; sleep 0.02"}, std::chrono::seconds(10));
      if (r.started && !r.timed_out && r.exit_code == 0) ++ok;
    }
    return ok;
  };
  std::vector<std::future<int>> runs;
  for (int t = 0; t < kThreads; ++t) runs.push_back(std::async(std::launch::async, work));
  for (auto& run : runs) {
    // A spinning thread cannot be stopped: end the test process rather than hang ctest.
    if (run.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
      std::fprintf(stderr, "run_child() from %d threads did not finish within 60 s (spinning?)\n", kThreads);
      std::fflush(stderr);
      std::_Exit(1);
    }
    EXPECT_EQ(run.get(), kChildren);
  }
}

// now() + a deadline too large for the clock is the clock's end, not an overflow into the past.
TEST(ChildProcess, DeadlineArithmeticSaturates) {
  const auto now = std::chrono::steady_clock::now();
  EXPECT_EQ(spawn::deadline_after(now, std::chrono::milliseconds::max()), std::chrono::steady_clock::time_point::max());
  EXPECT_EQ(spawn::deadline_after(now, std::chrono::milliseconds(5)), now + std::chrono::milliseconds(5));
  EXPECT_EQ(spawn::deadline_after(now, std::chrono::milliseconds(-5)), now);
}

// The overflowed deadline had passed before the child could have ended: a child that takes a
// moment was killed as hung (one that ended within microseconds escaped).
TEST(ChildProcess, AnEndlessDeadlineIsNoDeadline) {
  const auto r = spawn::run_child("/bin/sh", {"-c", "sleep 0.2; exit 3"}, std::chrono::milliseconds::max());
  ASSERT_TRUE(r.started) << r.start_error;
  EXPECT_FALSE(r.timed_out) << "killed at once: the deadline overflowed";
  EXPECT_EQ(r.exit_code, 3);
}

// Runs `script` under /bin/sh through run_child(); it prints the pid of a `sleep` it leaves
// running. A run_child() that never returns ends the test process rather than ctest's patience.
std::pair<spawn::ChildResult, pid_t> run_leaving_a_sleeper(const std::string& script, std::chrono::milliseconds deadline) {
  auto run = std::async(std::launch::async, [&] { return spawn::run_child("/bin/sh", {"-c", script}, deadline); });
  if (run.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    std::fprintf(stderr, "run_child() still waits 60 s later for the output of what its child left running\n");
    std::fflush(stderr);
    std::_Exit(1);
  }
  auto r = run.get();
  const pid_t sleeper = r.out.empty() ? -1 : static_cast<pid_t>(std::stol(r.out));
  return {std::move(r), sleeper};
}

// At the deadline the child's whole process group is killed, not only the child: a process
// it started (the worker's socket holders) keeps neither running nor the output pipes open.
TEST(ChildProcess, TheDeadlineKillsTheChildsProcessGroup) {
  const auto [r, sleeper] = run_leaving_a_sleeper("sleep 100000 & echo $!; wait", std::chrono::seconds(3));
  EXPECT_TRUE(r.timed_out);
  ASSERT_GT(sleeper, 0) << "no pid printed: " << r.out << r.err;
  EXPECT_TRUE(faults::wait_until_gone(sleeper, std::chrono::seconds(60))) << "the child's child " << sleeper << " survived";
  ::kill(sleeper, SIGKILL);
}

// A child that exits takes what it left in its process group along.
TEST(ChildProcess, AChildThatExitsLeavesNothingRunning) {
  const auto [r, sleeper] = run_leaving_a_sleeper("sleep 100000 >/dev/null 2>&1 & echo $!", std::chrono::seconds(60));
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_GT(sleeper, 0) << "no pid printed: " << r.out << r.err;
  EXPECT_TRUE(faults::wait_until_gone(sleeper, std::chrono::seconds(60))) << "the child's child " << sleeper << " survived";
  ::kill(sleeper, SIGKILL);
}

// The runner's descriptors are not the child's: Boost.Process v1 makes its pipes without
// O_CLOEXEC, so a worker started by one thread kept the pipes another thread had just made for
// its own worker, whose output then never ended while the first ran.
TEST(ChildProcess, TheRunnersDescriptorsStayWithTheRunner) {
  const int fd = ::open("/dev/null", O_RDONLY);  // inheritable, as Boost v1's pipes are
  ASSERT_GE(fd, 3);
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const auto r = spawn::run_child("/bin/sh", {"-c", "if [ -e " + path + " ]; then echo inherited " + path + "; fi"},
                                  std::chrono::seconds(60));
  ::close(fd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace lc
