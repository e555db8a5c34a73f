// SPDX-License-Identifier: Apache-2.0
// listen-conformance-worker: the worker half alone, for the runner to spawn once per
// measurement. Same command lines and protocol as `listen-conformance worker --spec JSON` and
// `worker --host-report`, but linked with the probe engine only, so that starting it costs
// little (see worker_main.hpp).
#include <csignal>
#include <cstring>
#include <iostream>

#include "lc/flood_progress.hpp"
#include "lc/runtime_probe.hpp"
#include "lc/worker_main.hpp"

int main(int argc, char** argv) {
  // Ctrl-C on a terminal reaches the whole process group; the runner decides what happens.
  std::signal(SIGINT, SIG_IGN);
  if (argc == 3 && std::strcmp(argv[1], "worker") == 0 && std::strcmp(argv[2], "--host-report") == 0) {
    return lc::host_report_main(std::cout, std::cerr);
  }
  if (argc == 3 && std::strcmp(argv[1], "worker") == 0 && std::strcmp(argv[2], "--inspect") == 0) {
    return lc::inspect_worker_main(std::cout, std::cerr);
  }
  if (argc == 4 && std::strcmp(argv[1], "worker") == 0 && std::strcmp(argv[2], "--runtime-spec") == 0) {
    return lc::runtime_worker_main(argv[3], std::cout, std::cerr);
  }
  const bool spec = (argc == 4 || (argc == 6 && std::strcmp(argv[4], "--progress") == 0)) && std::strcmp(argv[1], "worker") == 0 &&
                    std::strcmp(argv[2], "--spec") == 0;
  const auto progress = argc == 6 ? lc::parse_progress_interval(argv[5]) : std::nullopt;
  if (!spec || (argc == 6 && !progress)) {
    std::cerr << "usage: " << argv[0]
              << " worker --spec JSON [--progress MS] | worker --runtime-spec JSON | worker --inspect | worker --host-report"
                 "  (spawned by listen-conformance)\n";
    return 2;
  }
  return lc::worker_main(argv[3], std::cout, std::cerr, progress);
}
