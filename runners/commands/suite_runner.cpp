#include "suite_runner.hpp"

#include <mutex>
#include <optional>
#include <thread>

#include "worker/worker_client.hpp"

namespace lc::commands {

judge::CaseResult run_instance(const expect::ExpectationFile& file, const expect::CaseInstance& inst,
                               const std::string& worker_executable, long long worker_deadline_ms,
                               bool measure_version_skipped) {
  const bool measure_anyway = inst.skip_reason && measure_version_skipped && inst.skip_for_kernel_version;
  if (inst.skip_reason && !measure_anyway) return judge::skipped(inst, file, *inst.skip_reason);
  const auto deadline = worker_deadline_ms > 0 ? std::chrono::milliseconds(worker_deadline_ms) : worker::default_deadline(inst.spec);
  const auto run = worker::run_worker(inst.spec, deadline, worker_executable);
  judge::CaseResult r = run.observation ? judge::judge(inst, file, *run.observation, run.elapsed_ms)
                                        : judge::worker_error(inst, file, run.error_kind, run.error, run.elapsed_ms);
  return measure_anyway ? judge::measured_anyway(std::move(r), *inst.skip_reason) : r;
}

SuiteRunOutput run_suite(const expect::ExpectationFile& file, const std::vector<expect::CaseInstance>& instances,
                         const SuiteRunOptions& options) {
  std::vector<std::optional<judge::CaseResult>> slots(instances.size());
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex mu;
  auto work = [&]() {
    for (;;) {
      if (options.stop && options.stop->load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= instances.size()) return;
      judge::CaseResult r = run_instance(file, instances[i], options.worker_executable, options.worker_deadline_ms,
                                         options.measure_version_skipped);
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (options.on_result) options.on_result(done, instances.size(), r);
      slots[i] = std::move(r);
    }
  };
  const int jobs = std::max(1, options.jobs);
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();

  SuiteRunOutput out;
  for (auto& s : slots) {
    if (s) {
      out.results.push_back(std::move(*s));
    } else {
      out.complete = false;
    }
  }
  return out;
}

}  // namespace lc::commands
