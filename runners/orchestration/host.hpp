// SPDX-License-Identifier: Apache-2.0
// The machine a run is on, learnt from a worker (`worker --host-report`): the runner itself
// links no engine and touches no kernel state, not even to read uname or a sysctl.
#pragma once

#include <map>
#include <string>

#include "expect/plan.hpp"

namespace lc::orchestration {

struct Host {
  expect::PlatformFacts platform;
  std::map<std::string, std::string> sysctls;  // the host's listen() tunables when it was asked
  // "" when a worker reported. Else why none could (its error kind and message): the facts are
  // then only the OS this program was built for, the kernel unknown and no sysctls, so that a
  // run still plans, tries every instance (each an `error` if no worker starts) and writes its
  // reports.
  std::string unknown_because;
};

// Asks one worker (default: the lean worker beside this program, else this program).
Host query_host(const std::string& worker_executable = {});

}  // namespace lc::orchestration
