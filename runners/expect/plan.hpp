// From an expectation file to the case instances to run on this machine: matrix expansion,
// flood sizes, `when` conditions evaluated against the platform's facts.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "expectations.hpp"
#include "formula.hpp"
#include "kernel_version.hpp"
#include "lc/probe_spec.hpp"

namespace lc::expect {

struct PlatformFacts {
  std::string os;
  std::string kernel_release;
  std::string kernel_build;
  std::string arch;
  // The version `when: {kernel: ...}` is compared with, where it can be told: Linux upstream,
  // FreeBSD release, Darwin (XNU) release, Windows NT version.
  std::optional<KernelVersion> kernel_version;
};

PlatformFacts current_platform();

struct CaseInstance {
  const CaseDef* def = nullptr;
  std::string id;  // "case/id" or "case/id[backlog=5,family=ipv6]" for matrix cases
  std::vector<std::pair<std::string, std::string>> params;  // every axis and its value here
  ProbeSpec spec;
  Bindings setup_bindings;  // names known before the run (setup, constants, sysctls set)
  std::optional<std::string> skip_reason;  // not for this machine, and why
  // The skip is only that the kernel's version is outside `when: {kernel: ...}`: the case can
  // still be measured here (`run --measure-version-skipped`), just not judged.
  bool skip_for_kernel_version = false;
};

// Throws LoadError (file:line:col) for problems that only show once expanded, such as a flood
// size that uses a fact only known after the run.
std::vector<CaseInstance> plan_instances(const ExpectationFile& file, const PlatformFacts& platform);

// The bindings after the run: setup bindings, `connections`, every sysctl fact as observed in
// the worker's namespace, then the case's `let`s in order. Names that cannot be bound are left
// out (a formula that needs one reports it).
Bindings bind_facts(const CaseInstance& inst, const ExpectationFile& file,
                    const std::vector<std::pair<std::string, std::string>>& observed_sysctls, int connections);

// Glob with * and ? (the --filter syntax), matched against the whole instance id.
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace lc::expect
