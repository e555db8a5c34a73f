// SPDX-License-Identifier: Apache-2.0
// Interrupting `run` while its workers are still measuring (suites/faults/hang.yaml: one real
// case, then two lc_fault_worker cases that hang, one with a child of its own; their deadline is
// an hour away). SIGINT or SIGTERM: the runner says at once that it stops, kills the running
// workers with their process groups, writes the reports of what finished, marked interrupted,
// and exits 128 + the signal. SIGKILL: the workers die with it. The bounds on the waits below only
// turn a hang into a failure; the workers could not end within them unless killed.
#include <gtest/gtest.h>

#include <algorithm>

#include "fault_helpers.hpp"
#include "results/results.hpp"

namespace lc {
namespace {

using namespace faults;
using std::chrono::seconds;

const seconds kBound{60};  // far below the workers' deadline of an hour

struct InterruptedRun {
  std::optional<int> status;
  std::vector<pid_t> workers;  // every process the fault worker announced, children of workers too
  std::string err;
  fs::path report;
};

// Runs `yaml` (-j `jobs`) until lc_fault_worker has announced `started` processes, sends `sig`
// and waits for the runner.
InterruptedRun interrupt_run(int sig, const std::string& name, const std::string& yaml, const std::string& jobs,
                             std::size_t started) {
  InterruptedRun run;
  const fs::path dir = fresh_dir(name);
  fs::create_directories(dir / "pids");
  run.report = dir / "report";
  const auto b = start_run({"--expectations", LC_FAULTS_DIR "/" + yaml, "--worker", LC_FAULT_WORKER, "--worker-deadline-ms",
                            "3600000", "-j", jobs, "-q", "--report-dir", run.report.string()},
                           dir, {"LC_FAULT_PID_DIR=" + (dir / "pids").string()});
  run.workers = wait_for_pid_files(dir / "pids", started, kBound);
  EXPECT_EQ(run.workers.size(), started) << "the workers did not start; stderr: " << read_text(b.err);
  ::kill(b.pid, sig);
  run.status = wait_exit(b.pid, kBound);
  if (!run.status) {
    ADD_FAILURE() << "the runner still runs " << kBound.count() << " s after signal " << sig
                  << " (it waits for its workers' deadline, an hour away)";
    ::kill(b.pid, SIGKILL);
    wait_exit(b.pid, kBound);
  }
  run.err = read_text(b.err);
  return run;
}

// hang.yaml with -j2: once the three hanging processes run, every instance has started and
// hang/real has finished (the second helper only takes the third case after the first).
InterruptedRun interrupt_hanging_run(int sig, const std::string& name) {
  return interrupt_run(sig, name, "hang.yaml", "2", 3);
}

void expect_workers_gone(const std::vector<pid_t>& workers) {
  for (const pid_t w : workers) {
    EXPECT_TRUE(wait_until_gone(w, kBound)) << "worker process " << w << " outlived the runner";
    ::kill(w, SIGKILL);  // whatever the verdict, leave nothing behind
  }
}

// The reports hold exactly the one instance that finished, `id`, and say the run was interrupted.
void expect_partial_report(const fs::path& report, const std::string& id) {
  const auto results = results::load_results(report / "results.json");  // complete JSON, or this throws
  EXPECT_TRUE(results.interrupted);
  ASSERT_EQ(results.results.size(), 1u) << "only " << id << " finished; the killed instances have no verdict";
  EXPECT_EQ(results.results[0].id, id);
  EXPECT_EQ(results.results[0].verdict, judge::Verdict::conforms) << results.results[0].reason;
  EXPECT_NE(read_text(report / "summary.md").find("interrupted"), std::string::npos);
  EXPECT_NE(read_text(report / "report.html").find("Interrupted"), std::string::npos);
  for (const auto& f : fs::directory_iterator(report)) {
    EXPECT_NE(f.path().filename().string().rfind(".", 0), 0u) << "temporary file left: " << f.path();
  }
}

std::size_t lines_containing(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) n += line.find(what) != std::string::npos;
  return n;
}

// The runner exited 128 + `sig` after saying once, on stderr, that it stops; its workers are gone;
// the reports hold `finished` alone.
void expect_stopped(const InterruptedRun& run, int sig, const std::string& name, const std::string& finished) {
  ASSERT_TRUE(run.status);
  ASSERT_TRUE(WIFEXITED(*run.status)) << "status " << *run.status;
  EXPECT_EQ(WEXITSTATUS(*run.status), 128 + sig) << run.err;
  EXPECT_EQ(lines_containing(run.err, name + ": stopping"), 1u) << run.err;
  expect_workers_gone(run.workers);
  expect_partial_report(run.report, finished);
}

// SIGINT while instances are still waiting (slow.yaml, -j1: ten slow cases, one at a time):
// once the second has started, the first has finished; the second is killed, none other starts.
TEST(Interrupt, SigintStartsNothingMoreAndKeepsWhatFinished) {
  expect_stopped(interrupt_run(SIGINT, "sigint-queued", "slow.yaml", "1", 2), SIGINT, "SIGINT",
                 "slow/capacity[source_addresses=1]");
}

TEST(Interrupt, SigintKillsTheRunningWorkersAndExits130) {
  expect_stopped(interrupt_hanging_run(SIGINT, "sigint-started"), SIGINT, "SIGINT", "hang/real");
}

TEST(Interrupt, SigtermKillsTheRunningWorkersAndExits143) {
  expect_stopped(interrupt_hanging_run(SIGTERM, "sigterm-started"), SIGTERM, "SIGTERM", "hang/real");
}

// Nothing can be caught here: the worker must die by itself when its parent does
// (PR_SET_PDEATHSIG, armed by the runner between fork and exec).
TEST(Interrupt, ASigkilledRunnerLeavesNoWorkerBehind) {
#if !defined(__linux__)
  GTEST_SKIP() << "a worker dies with its runner through Linux's PR_SET_PDEATHSIG";
#endif
  const fs::path dir = fresh_dir("sigkill");
  fs::create_directories(dir / "pids");
  const auto b = start_run({"--expectations", LC_FAULTS_DIR "/hang.yaml", "--filter", "hang/alone", "--worker", LC_FAULT_WORKER,
                            "--worker-deadline-ms", "3600000", "-q", "--report-dir", (dir / "report").string()},
                           dir, {"LC_FAULT_PID_DIR=" + (dir / "pids").string()});
  const auto workers = wait_for_pid_files(dir / "pids", 1, kBound);
  ASSERT_EQ(workers.size(), 1u) << read_text(b.err);
  ::kill(b.pid, SIGKILL);
  ASSERT_TRUE(wait_exit(b.pid, kBound));
  expect_workers_gone(workers);
}

}  // namespace
}  // namespace lc
