// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the expectation loader, planner and judge on arbitrary text. Bad input
// must end in LoadError (or FormulaError inside the judge), never in a crash, a hang or an
// uncaught exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lc;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const expect::ExpectationFile file = expect::parse_expectations(text, "fuzz.yaml");
    const expect::PlatformFacts platform{file.platform, "6.1.0", "", "x86_64", expect::KernelVersion{6, 1, 0}};
    const auto instances = expect::plan_instances(file, platform);
    // Judge each instance against a small fixed observation: exercises every formula.
    for (std::size_t i = 0; i < instances.size() && i < 64; ++i) {
      Observation obs;
      obs.spec = instances[i].spec;
      obs.listen_ok = true;
      obs.effective_backlog = 5;
      obs.queue_length = 6;
      for (int k = 0; k < 8; ++k) obs.attempts.push_back({k < 6 ? Outcome::accepted : Outcome::no_answer, Evidence::accept_match, false});
      obs.counters = {{"TcpExt.ListenOverflows", 2}};
      obs.sysctls = {{"net.core.somaxconn", "4096"}};
      (void)judge::judge(instances[i], file, obs, 1.0);
    }
  } catch (const expect::LoadError&) {
  }
  return 0;
}
