// `listen-conformance worker --spec JSON`: the process-isolated half. Measures one spec and
// writes the observation as JSON on stdout. Knows nothing of YAML, expectations or verdicts.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "os/interrupt.hpp"
#include "lc/worker_main.hpp"

namespace lc::commands {

Handler add_worker_command(CLI::App& app) {
  auto spec_text = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("worker", "Run one measurement in this process (spawned by the runner)");
  cmd->group("");  // internal: not listed in --help
  cmd->add_option("--spec", *spec_text, "Probe spec as JSON")->required();
  return [spec_text]() {
    // Ctrl-C on a terminal reaches the whole process group; the runner decides what happens.
    ignore_interrupts();
    return worker_main(*spec_text, std::cout, std::cerr);
  };
}

}  // namespace lc::commands
