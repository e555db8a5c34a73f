// SPDX-License-Identifier: Apache-2.0
// Runs the planned case instances, each in its own worker process, N at a time, and judges
// them. Knows nothing of output formats.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc::orchestration {

struct SuiteRunOptions {
  int jobs = 1;
  std::string worker_executable;  // "" = this program
  long long worker_deadline_ms = 0;  // 0 = derived from each spec
  // Measure the instances skipped only because the kernel version is outside their `when`
  // range too (their verdict stays skipped; judge::measured_anyway()).
  bool measure_version_skipped = false;
  // Called after each instance finishes (from worker threads, serialised by the runner).
  std::function<void(std::size_t done, std::size_t total, const judge::CaseResult&)> on_result;
  // Set to true (e.g. from a signal handler) to stop starting new instances (the handler also
  // kills the running workers: spawn::cancel_all_children()).
  const std::atomic<bool>* stop = nullptr;
};

// One result per instance, in plan order. Instances never started or killed because the run
// is stopping are absent; `complete` says whether all ran. A worker that cannot be started is
// that instance's `error` (error_kind spawn_failed), after it was tried again with fewer
// workers at a time; nothing the runner throws while handling an instance ends the run.
struct SuiteRunOutput {
  std::vector<judge::CaseResult> results;
  bool complete = true;
  std::vector<std::string> notes;  // how the run adapted (fewer parallel workers), for stderr
};

SuiteRunOutput run_suite(const expect::ExpectationFile& file, const std::vector<expect::CaseInstance>& instances,
                         const SuiteRunOptions& options);

// Runs and judges one instance (or returns its skip; with measure_version_skipped an instance
// skipped only for its kernel version is measured and judged, and stays skipped).
judge::CaseResult run_instance(const expect::ExpectationFile& file, const expect::CaseInstance& inst,
                               const std::string& worker_executable, long long worker_deadline_ms = 0,
                               bool measure_version_skipped = false);

}  // namespace lc::orchestration
