// SPDX-License-Identifier: Apache-2.0
// How long a worker lives: not past its parent (PR_SET_PDEATHSIG), and as long as a deadline
// allows however large the deadline (a huge one once overflowed and killed the worker at once).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

#include "lc/observation_json.hpp"
#include "support/command_line.hpp"
#include "support/kernel_probe.hpp"

namespace lc {
namespace {

// The process a link in /proc points at ("net:[4026531840]"), or "" if it cannot be read.
std::string link_target(const char* path) {
  char buf[128] = {};
  const ssize_t n = ::readlink(path, buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// Exit statuses of the intermediate parent.
constexpr int kParentLeftAWorkerRunning = 0;
constexpr int kWorkerEndedFirst = 3;

// A parent starts a worker on a long flood, waits until the worker has entered its own network
// namespace (so the worker is past its start-up), and exits without waiting for it. The worker
// must die with it: nothing then reaches the pipe that was its stdout. A worker that outlived
// its parent would finish the flood and write its observation there.
TEST(WorkerLifetime, AWorkerDiesWithItsParent) {
  ProbeSpec s = testing::flood_spec(10000, 10000);  // hundreds of milliseconds of flood at least
  s.sysctls = {{"net.core.somaxconn", "10000"}};      // needs isolation: the parent watches for it
  const std::string spec = to_json(s).dump();
  int out[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0) << std::strerror(errno);
  const pid_t parent = ::fork();
  ASSERT_GE(parent, 0) << std::strerror(errno);
  if (parent == 0) {
    const pid_t worker = ::fork();
    if (worker < 0) ::_exit(127);
    if (worker == 0) {
      ::dup2(out[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
      ::execl(LC_WORKER_BINARY, LC_WORKER_BINARY, "worker", "--spec", spec.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::string own = link_target("/proc/self/ns/net");
    char its_path[64];
    std::snprintf(its_path, sizeof its_path, "/proc/%d/ns/net", static_cast<int>(worker));
    for (;;) {
      if (::waitpid(worker, nullptr, WNOHANG) == worker) ::_exit(kWorkerEndedFirst);
      // An empty target is not a new namespace: a worker that already ended (a zombie) has no
      // readable link, and must be told apart by waitpid on the next turn.
      const std::string its = link_target(its_path);
      if (!its.empty() && its != own) ::_exit(kParentLeftAWorkerRunning);
      ::usleep(200);
    }
  }
  ::close(out[1]);
  std::string written;
  char buf[65536];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    ASSERT_GT(n, 0) << std::strerror(errno);
    written.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(parent, &status, 0), parent);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == kWorkerEndedFirst) {
    // It never isolated itself (no namespaces here): it reported that and ended on its own.
    const auto obs = observation_from_json(nlohmann::json::parse(written));
    ASSERT_TRUE(obs.failure.has_value());
    GTEST_SKIP() << obs.failure->message;
  }
  ASSERT_EQ(WEXITSTATUS(status), kParentLeftAWorkerRunning);
  if (!written.empty()) {
    // Where the network namespace can be entered but a later isolation step cannot be taken
    // (ci/unprivileged-check.sh's nested user namespace), the worker reports that within a
    // millisecond, before the parent's exit reaches it: that is not a flood it outlived.
    const auto obs = observation_from_json(nlohmann::json::parse(written));
    if (obs.failure.has_value() && obs.attempts.empty()) GTEST_SKIP() << obs.failure->message;
  }
  EXPECT_TRUE(written.empty()) << "the worker outlived its parent, finished its flood and wrote: "
                              << written.substr(0, 200) << "...";
}

TEST(WorkerDeadline, TheLargestDeadlineLetsTheWorkerMeasure) {
  const ProbeSpec s = testing::flood_spec(2, 3);
  const auto run = worker::run_worker(s, std::chrono::milliseconds::max(), LC_BINARY);
  ASSERT_TRUE(run.observation.has_value()) << run.error_kind << ": " << run.error;
  EXPECT_EQ(run.observation->spec.connections, 3);
}

TEST(WorkerDeadline, ProbeRefusesADeadlineBeyondItsRange) {
  const auto run = testing::run_program({}, {"probe", "--backlog", "2", "--connections", "3", "--deadline-ms",
                                             std::to_string(LLONG_MAX)});
  ASSERT_TRUE(run.child.started) << run.child.start_error;
  EXPECT_EQ(run.child.exit_code, 2);
  EXPECT_NE(run.child.err.find("--deadline-ms"), std::string::npos) << run.child.err;
  EXPECT_EQ(run.child.out, "");
}

}  // namespace
}  // namespace lc
