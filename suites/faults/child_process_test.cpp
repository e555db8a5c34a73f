// run_child() from several threads at once, as `run -j2` does. Boost.Process v1's wait_for()
// keeps the SIGCHLD handler it replaces in a thread_local; with two threads waiting at once the
// handler calls itself for ever (a tail call: a loop without system calls, gdb at
// wait_for_exit.hpp:68) and the runner spins at 100% CPU. run_child() polls instead; this keeps
// it so. Children that close their pipes and then linger make every wait go past the pipes.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

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

}  // namespace
}  // namespace lc
