// SPDX-License-Identifier: Apache-2.0
// The process limit (RLIMIT_NPROC, `ulimit -u`), which counts threads as well as processes.
// `run -j4` under a low one ended in SIGABRT and lost everything it had measured (std::thread
// threw; Boost 1.74 returned an invalid child from a failed fork(), and reading its output threw
// a broken promise). Now the run goes on with fewer workers at a time, a worker that cannot be
// started at all is that instance's `error` with the reason, and the reports are written. The
// limit does not bind root, so the run is made as a user id of its own (root is needed to
// switch to it; elsewhere the tests skip).
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "fault_helpers.hpp"
#include "results/results.hpp"

namespace lc {
namespace {

using namespace faults;

constexpr int kCannotSwitchUser = 77;
constexpr int kCannotExecute = 78;

struct LimitedRun {
  std::optional<std::string> cannot_switch;  // why the run could not be made as another user
  std::optional<int> status;
  std::string err;
  fs::path report;
};

// `run --expectations parallel.yaml -j JOBS` as a user of its own with at most `nproc` processes
// and threads.
LimitedRun run_limited(rlim_t nproc, const std::string& jobs, const std::string& name) {
  LimitedRun run;
  const fs::path dir = fresh_dir(name);
  run.report = dir / "report";
  const auto uid = static_cast<uid_t>(2'100'000'000u + static_cast<unsigned>(::getpid()) % 100'000u);
  if (::chown(dir.c_str(), uid, uid) != 0) {
    run.cannot_switch = "cannot give uid " + std::to_string(uid) + " a directory: " + std::strerror(errno);
    return run;
  }
  const std::string out = (dir / "stdout").string(), err = (dir / "stderr").string(), report = run.report.string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(uid) != 0 || ::setuid(uid) != 0) ::_exit(kCannotSwitchUser);
    // A clone under a directory closed to other users (/root, as ci/fresh-debian-check.sh makes
    // it) cannot be run as this uid at all: that is no process limit, and the test skips.
    if (::access(LC_BINARY, X_OK) != 0) ::_exit(kCannotExecute);
    const rlimit limit{nproc, nproc};
    if (::setrlimit(RLIMIT_NPROC, &limit) != 0) ::_exit(126);
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) ::_exit(126);
    ::execl(LC_BINARY, LC_BINARY, "run", "--expectations", LC_FAULTS_DIR "/parallel.yaml", "-j", jobs.c_str(), "-q",
            "--report-dir", report.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  run.status = wait_exit(pid, std::chrono::seconds(120));
  if (!run.status) ::kill(pid, SIGKILL);
  if (run.status && WIFEXITED(*run.status) && WEXITSTATUS(*run.status) == kCannotSwitchUser) {
    run.cannot_switch = "cannot switch to uid " + std::to_string(uid) + " (setuid needs root)";
  }
  if (run.status && WIFEXITED(*run.status) && WEXITSTATUS(*run.status) == kCannotExecute) {
    run.cannot_switch = "uid " + std::to_string(uid) + " cannot execute " LC_BINARY " (a directory above it is closed to other users)";
  }
  run.err = read_text(err);
  return run;
}

// The run ended by itself with `code` (a skip when it could not be made as another user).
void expect_exit(const LimitedRun& run, int code) {
  if (run.cannot_switch) GTEST_SKIP() << *run.cannot_switch << "; and the process limit does not bind root";
  ASSERT_TRUE(run.status) << "the run did not end";
  ASSERT_TRUE(WIFEXITED(*run.status)) << "ended by signal " << WTERMSIG(*run.status) << ": " << run.err;
  EXPECT_EQ(WEXITSTATUS(*run.status), code) << run.err;
}

#define EXIT_STATUS_OR_RETURN(run, code)                                           \
  expect_exit(run, code);                                                          \
  if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return

TEST(ProcessLimit, ALowLimitMeansFewerWorkersAtATimeNotAnAbort) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run as a user id of its own";
  // The runner and two threads fit; the third thread and any worker beside them do not.
  const auto run = run_limited(3, "4", "nproc-3");
  EXIT_STATUS_OR_RETURN(run, 0);
  EXPECT_NE(run.err.find("could start only"), std::string::npos) << run.err;
  const auto results = results::load_results(run.report / "results.json");
  ASSERT_EQ(results.results.size(), 6u);
  for (const auto& r : results.results) EXPECT_EQ(r.verdict, judge::Verdict::conforms) << r.id << ": " << r.reason;
  EXPECT_FALSE(results.interrupted);
}

TEST(ProcessLimit, AWorkerThatCannotStartIsAnErrorWithTheReason) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run as a user id of its own";
  // The runner alone: no worker can be forked at all.
  const auto run = run_limited(1, "1", "nproc-1");
  EXIT_STATUS_OR_RETURN(run, 2);
  const auto results = results::load_results(run.report / "results.json");
  ASSERT_EQ(results.results.size(), 6u) << "every instance has its verdict";
  for (const auto& r : results.results) {
    EXPECT_EQ(r.verdict, judge::Verdict::error) << r.id;
    EXPECT_EQ(r.error_kind, judge::ErrorKind::spawn_failed) << r.id;
    EXPECT_NE(r.reason.find("Resource temporarily unavailable"), std::string::npos) << r.id << ": " << r.reason;
  }
}

}  // namespace
}  // namespace lc
