// SPDX-License-Identifier: Apache-2.0
// `listen-conformance worker --spec JSON`: the process-isolated half. Measures one spec and
// writes the observation as JSON on stdout. Knows nothing of YAML, expectations or verdicts.
// `worker --host-report` instead writes the host's facts and listen() tunables (the runner
// asks a worker so that it touches no kernel state itself).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "lc/flood_progress.hpp"
#include "lc/runtime_probe.hpp"
#include "lc/worker_main.hpp"
#include "os/interrupt.hpp"

namespace lc::commands {

Handler add_worker_command(CLI::App& app) {
  auto spec_text = std::make_shared<std::string>();
  auto host_report = std::make_shared<bool>(false);
  auto runtime_spec = std::make_shared<std::string>();
  auto inspect = std::make_shared<bool>(false);
  auto progress_ms = std::make_shared<int>(-1);
  CLI::App* cmd = app.add_subcommand("worker", "Run one measurement in this process (spawned by the runner)");
  cmd->group("");  // internal: not listed in --help
  CLI::Option* spec = cmd->add_option("--spec", *spec_text, "Probe spec as JSON");
  CLI::Option* host = cmd->add_flag("--host-report", *host_report, "Report the host's facts and tunables instead");
  CLI::Option* runtime = cmd->add_option("--runtime-spec", *runtime_spec, "Runtime driver spec as JSON");
  CLI::Option* listeners = cmd->add_flag("--inspect", *inspect, "Report this namespace's live listeners instead");
  cmd->add_option("--progress", *progress_ms, "With --spec: the flood's progress on stderr, at most every MS ms (lc/flood_progress.hpp)")
      ->needs(spec)
      ->check(CLI::Range(0, static_cast<int>(kMaxProgressIntervalMs)))
      ->type_name("MS");
  spec->excludes(host)->excludes(runtime)->excludes(listeners);
  host->excludes(runtime)->excludes(listeners);
  runtime->excludes(listeners);
  cmd->require_option(1, 2);  // one of the four, and --progress with --spec
  return [spec_text, host_report, runtime_spec, inspect, progress_ms]() {
    // Ctrl-C on a terminal reaches the whole process group; the runner decides what happens.
    os::ignore_interrupts();
    if (*host_report) return host_report_main(std::cout, std::cerr);
    if (*inspect) return inspect_worker_main(std::cout, std::cerr);
    if (!runtime_spec->empty()) return runtime_worker_main(*runtime_spec, std::cout, std::cerr);
    return worker_main(*spec_text, std::cout, std::cerr,
                       *progress_ms >= 0 ? std::optional(std::chrono::milliseconds(*progress_ms)) : std::nullopt);
  };
}

}  // namespace lc::commands
