// The machine a run is on, learnt from a worker (`worker --host-report`): the runner itself
// links no engine and touches no kernel state, not even to read uname or a sysctl.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "expect/plan.hpp"

namespace lc::orchestration {

struct Host {
  expect::PlatformFacts platform;
  std::map<std::string, std::string> sysctls;  // the host's listen() tunables when it was asked
};

struct HostQuery {
  std::optional<Host> host;  // set when a worker reported
  std::string error;         // else why not: the worker's error kind and message
};

// Asks one worker (default: the lean worker beside this program, else this program).
HostQuery query_host(const std::string& worker_executable = {});

}  // namespace lc::orchestration
