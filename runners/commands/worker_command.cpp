// `listen-conformance worker --spec JSON`: the process-isolated half. Measures one spec and
// writes the observation as JSON on stdout. Knows nothing of YAML, expectations or verdicts.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "interrupt.hpp"
#include "lc/observation_json.hpp"
#include "lc/probe.hpp"

namespace lc::commands {

Handler add_worker_command(CLI::App& app) {
  auto spec_text = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("worker", "Run one measurement in this process (spawned by the runner)");
  cmd->group("");  // internal: not listed in --help
  cmd->add_option("--spec", *spec_text, "Probe spec as JSON")->required();
  return [spec_text]() {
    // Ctrl-C on a terminal reaches the whole process group; the runner decides what happens.
    ignore_interrupts();
    ProbeSpec spec;
    try {
      spec = probe_spec_from_json(nlohmann::json::parse(*spec_text));
    } catch (const std::exception& e) {
      std::cerr << "worker: bad spec: " << e.what() << "\n";
      return 2;
    }
    const Observation obs = run_probe(spec);
    std::cout << to_json(obs).dump() << "\n";
    std::cout.flush();
    return std::cout ? 0 : 3;
  };
}

}  // namespace lc::commands
