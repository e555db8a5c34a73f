// SPDX-License-Identifier: Apache-2.0
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
#include "lc/runtime_observation.hpp"

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

// The facts of a machine from what its kernel says of itself (uname's release and version, or
// the Windows build): the version `when` compares with is told from them. The caller learns
// them (the runner from a worker: orchestration/host.hpp); planning itself touches nothing.
PlatformFacts platform_facts(const std::string& os, const std::string& kernel_release, const std::string& kernel_build,
                             const std::string& arch);

struct CaseInstance {
  const CaseDef* def = nullptr;
  std::string id;  // "case/id" or "case/id[backlog=5,family=ipv6]" for matrix cases
  std::vector<std::pair<std::string, std::string>> params;  // every axis and its value here
  ProbeSpec spec;
  // Set for a runtime answer (setup `driver:`): the worker measures the driver's listener
  // (`worker --runtime-spec`) instead of running `spec`.
  std::optional<RuntimeSpec> runtime;
  Bindings setup_bindings;  // names known before the run (setup, constants, sysctls set)
  std::optional<std::string> skip_reason;  // not for this machine, and why
  // The skip is only that the kernel's version is outside `when: {kernel: ...}`: the case can
  // still be measured here (`run --measure-version-skipped`), just not judged.
  bool skip_for_kernel_version = false;
};

// Throws LoadError (file:line:col) for problems that only show once expanded, such as a flood
// size that uses a fact only known after the run.
std::vector<CaseInstance> plan_instances(const ExpectationFile& file, const PlatformFacts& platform);

// The file's facts: fixed values, and those read from a sysctl whose value in `sysctls` is a
// number (as set up before the run, or as the worker observed it after).
void bind_sysctl_facts(const ExpectationFile& file, const std::vector<std::pair<std::string, std::string>>& sysctls,
                       Bindings& b);

// The case's `let`s in order; a let that cannot be computed yet (a name not bound) is left out,
// and a formula that needs it reports that.
void bind_lets(const CaseDef& c, Bindings& b);

}  // namespace lc::expect
