// SPDX-License-Identifier: Apache-2.0
#include "suite_runner.hpp"

#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "worker/worker_client.hpp"

namespace lc::orchestration {
namespace {

// One try at an instance: its result, and whether the worker could not even be started (the
// scheduler may try it again on another thread) or was killed because the run is stopping (no
// verdict at all).
struct Attempt {
  judge::CaseResult result;
  bool spawn_failed = false;
  bool interrupted = false;
};

Attempt attempt_instance(const expect::ExpectationFile& file, const expect::CaseInstance& inst,
                         const std::string& worker_executable, long long worker_deadline_ms, bool measure_version_skipped) {
  Attempt a;
  const bool measure_anyway = inst.skip_reason && measure_version_skipped && inst.skip_for_kernel_version;
  if (inst.skip_reason && !measure_anyway) {
    a.result = judge::skipped(inst, file, *inst.skip_reason);
    return a;
  }
  if (inst.runtime) {  // a runtime answer: the driver's listener, measured by `worker --runtime-spec`
    const auto run = worker::run_runtime_worker(*inst.runtime, worker_executable);
    a.spawn_failed = run.error_kind == judge::ErrorKind::spawn_failed;
    a.interrupted = run.error_kind == judge::ErrorKind::interrupted;
    a.result = run.observation ? judge::judge_runtime(inst, file, *run.observation, run.elapsed_ms)
                               : judge::worker_error(inst, file, run.error_kind.value_or(judge::ErrorKind::crashed), run.error,
                                                     run.elapsed_ms);
    return a;
  }
  const auto deadline = worker_deadline_ms > 0 ? std::chrono::milliseconds(worker_deadline_ms) : worker::default_deadline(inst.spec);
  const auto run = worker::run_worker(inst.spec, deadline, worker_executable);
  a.spawn_failed = run.error_kind == judge::ErrorKind::spawn_failed;
  a.interrupted = run.error_kind == judge::ErrorKind::interrupted;
  judge::CaseResult r = run.observation ? judge::judge(inst, file, *run.observation, run.elapsed_ms)
                                        : judge::worker_error(inst, file, run.error_kind.value_or(judge::ErrorKind::crashed),
                                                              run.error, run.elapsed_ms);
  a.result = measure_anyway ? judge::measured_anyway(std::move(r), *inst.skip_reason) : std::move(r);
  return a;
}

// Whatever goes wrong in the runner itself while it handles one instance is that instance's
// error, not the end of the run.
Attempt attempt_guarded(const expect::ExpectationFile& file, const expect::CaseInstance& inst, const SuiteRunOptions& o) {
  try {
    return attempt_instance(file, inst, o.worker_executable, o.worker_deadline_ms, o.measure_version_skipped);
  } catch (const std::exception& e) {
    Attempt a;
    a.result = judge::worker_error(inst, file, judge::ErrorKind::runner_error, std::string("the runner failed on this instance: ") + e.what(), 0);
    return a;
  }
}

// Hands the instances to the helper threads. A helper whose worker cannot be started (the
// process limit, RLIMIT_NPROC, counts threads as well as processes) retires and puts its
// instance back: its exit leaves room for the others' workers, and the run goes on with fewer
// at a time. The last helper retries once when another retired meanwhile, else retires too;
// the calling thread then runs what is left itself, alone.
class Schedule {
 public:
  Schedule(std::size_t total, const std::atomic<bool>* stop) : total_(total), stop_(stop) {}

  struct Ticket {
    std::size_t index;
    std::size_t retired_before;  // how many had retired when it was handed out
  };

  // Counted before the thread exists, so that the first helper cannot think itself the last.
  void add_helper() {
    std::lock_guard<std::mutex> lock(mu_);
    ++helpers_;
  }
  void give_up_helper() {
    std::lock_guard<std::mutex> lock(mu_);
    --helpers_;
  }

  bool stopping() const { return stop_ && stop_->load(); }

  // The next instance, or none: no more work for the caller (a helper that gets none is done).
  std::optional<Ticket> take(bool helper) {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<std::size_t> i;
    if (!stopping()) {
      if (!again_.empty()) {
        i = again_.front();
        again_.pop_front();
      } else if (next_ < total_) {
        i = next_++;
      }
    }
    if (!i) {
      if (helper) --helpers_;
      return std::nullopt;
    }
    return Ticket{*i, retired_};
  }

  // A helper's worker could not be started: true when the helper should try the same instance
  // again (another retired since it was handed out), false when it has retired (the instance is
  // back in the queue).
  bool retry_or_retire(Ticket& t) {
    std::lock_guard<std::mutex> lock(mu_);
    if (helpers_ == 1 && retired_ != t.retired_before) {
      t.retired_before = retired_;
      return true;
    }
    give_back_locked(t);
    return false;
  }

  // The helper ends without a result for `t` (it retires, or the runner failed under it).
  void give_back(const Ticket& t) {
    std::lock_guard<std::mutex> lock(mu_);
    give_back_locked(t);
  }

  std::size_t retired() {
    std::lock_guard<std::mutex> lock(mu_);
    return retired_;
  }

 private:
  void give_back_locked(const Ticket& t) {
    --helpers_;
    ++retired_;
    again_.push_back(t.index);
  }

  std::mutex mu_;
  std::deque<std::size_t> again_;
  std::size_t next_ = 0;
  const std::size_t total_;
  int helpers_ = 0;
  std::size_t retired_ = 0;
  const std::atomic<bool>* stop_;
};

}  // namespace

judge::CaseResult run_instance(const expect::ExpectationFile& file, const expect::CaseInstance& inst,
                               const std::string& worker_executable, long long worker_deadline_ms,
                               bool measure_version_skipped) {
  return attempt_instance(file, inst, worker_executable, worker_deadline_ms, measure_version_skipped).result;
}

SuiteRunOutput run_suite(const expect::ExpectationFile& file, const std::vector<expect::CaseInstance>& instances,
                         const SuiteRunOptions& options) {
  std::vector<std::optional<judge::CaseResult>> slots(instances.size());
  Schedule schedule(instances.size(), options.stop);
  std::size_t done = 0;
  std::mutex mu;
  auto record = [&](std::size_t i, Attempt a) {
    if (a.interrupted) return;  // killed because the run is stopping: it did not finish
    std::lock_guard<std::mutex> lock(mu);
    ++done;
    if (options.on_result) {
      try {
        options.on_result(done, instances.size(), a.result);
      } catch (const std::exception&) {  // progress output only; the result is kept
      }
    }
    slots[i] = std::move(a.result);
  };
  auto helper = [&]() {
    std::optional<Schedule::Ticket> t;
    try {
      while ((t = schedule.take(true))) {
        Attempt a = attempt_guarded(file, instances[t->index], options);
        while (a.spawn_failed && !schedule.stopping()) {
          if (!schedule.retry_or_retire(*t)) return;
          a = attempt_guarded(file, instances[t->index], options);
        }
        record(t->index, std::move(a));
      }
    } catch (...) {  // e.g. std::bad_alloc: the instance goes back, this helper ends
      if (t) schedule.give_back(*t);
    }
  };

  SuiteRunOutput out;
  const int jobs = std::max(1, options.jobs);
  std::vector<std::thread> threads;
  if (jobs > 1) {
    for (int t = 0; t < jobs; ++t) {
      schedule.add_helper();
      try {
        threads.emplace_back(helper);
      } catch (const std::system_error& e) {  // EAGAIN: the process limit counts threads too
        schedule.give_up_helper();
        out.notes.push_back("could start only " + std::to_string(threads.size()) + " of " + std::to_string(jobs) +
                            " parallel workers: " + e.what());
        break;
      }
    }
  }
  for (auto& t : threads) t.join();
  if (const std::size_t retired = schedule.retired(); retired > 0) {
    out.notes.push_back(std::to_string(retired) + " time(s) a worker could not be started beside the others; the run "
                        "went on with fewer at a time");
  }
  // What the helpers left (or everything, with -j1 or when no helper could start), here alone.
  while (auto t = schedule.take(false)) record(t->index, attempt_guarded(file, instances[t->index], options));

  for (auto& s : slots) {
    if (s) {
      out.results.push_back(std::move(*s));
    } else {
      out.complete = false;
    }
  }
  return out;
}

}  // namespace lc::orchestration
