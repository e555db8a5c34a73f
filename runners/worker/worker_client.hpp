// SPDX-License-Identifier: Apache-2.0
// The runner's side of the worker protocol: spawn `listen-conformance worker --spec JSON` with a
// deadline and turn what comes back into an observation, or into the reason there is none; the
// same for `worker --host-report` and the host's facts.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lc/flood_progress.hpp"
#include "lc/host_report.hpp"
#include "lc/observation.hpp"
#include "lc/probe_spec.hpp"
#include "lc/runtime_observation.hpp"
#include "lc/vocabulary/vocabulary.hpp"

namespace lc::worker {

struct WorkerRun {
  std::optional<Observation> observation;  // set when the worker wrote a valid observation
  // When there is none: crashed, hung, malformed_output, spawn_failed, interrupted (the runner
  // is stopping: no verdict).
  std::optional<vocabulary::ErrorKind> error_kind;
  std::string error;       // what happened, with the tail of the worker's stderr
  double elapsed_ms = 0;   // wall time including process start
};

// The longest a worker may run: a day, beyond any flood here. Deadlines are clamped to it (a
// larger one would overflow the clock arithmetic of the spawn and kill the worker at once).
inline constexpr std::chrono::milliseconds kMaxDeadline{24LL * 60 * 60 * 1000};

// A deadline generous for the spec but bounded: every flood and wait is finite.
std::chrono::milliseconds default_deadline(const ProbeSpec& spec);

// Asks the worker for its flood's progress (`--progress MS`, lc/flood_progress.hpp): `on_count`
// is called, on the calling thread, at most every `every` while the worker floods.
struct ProgressWatch {
  std::chrono::milliseconds every{250};
  std::function<void(FloodCount)> on_count;
};

// `executable worker --spec JSON`, killed after `deadline` (clamped to 0..kMaxDeadline); by default the lean listen-conformance-worker beside this
// program when it is there, else this program itself. With a `progress` that has on_count set,
// also `--progress MS`.
WorkerRun run_worker(const ProbeSpec& spec, std::chrono::milliseconds deadline,
                     const std::string& executable = {}, const ProgressWatch& progress = {});

struct HostReportRun {
  std::optional<HostReport> report;  // set when the worker wrote a valid host report
  std::optional<vocabulary::ErrorKind> error_kind;  // as WorkerRun's
  std::string error;
};

// `executable worker --host-report` (default: as run_worker's), killed after 10 s.
HostReportRun run_host_report(const std::string& executable = {});

struct RuntimeRun {
  std::optional<RuntimeObservation> observation;  // set when the worker wrote a valid one
  std::optional<vocabulary::ErrorKind> error_kind;  // as WorkerRun's
  std::string error;
  double elapsed_ms = 0;
};

// `executable worker --runtime-spec JSON` (a runtime driver's measurement, issue 14), killed
// after the spec's start timeout plus its flood's bound plus 10 s.
RuntimeRun run_runtime_worker(const RuntimeSpec& spec, const std::string& executable = {});

struct InspectRun {
  std::optional<nlohmann::json> listeners;  // the worker's `--inspect` document
  std::optional<vocabulary::ErrorKind> error_kind;
  std::string error;
};

// `executable worker --inspect`, killed after 30 s.
InspectRun run_inspect_worker(const std::string& executable = {});

}  // namespace lc::worker
