// SPDX-License-Identifier: Apache-2.0
// The judge: per case instance, the observation against the expectation. It reads
// observations and expectations only and writes verdicts (verdict.hpp); it never touches
// sockets, and links neither the engine nor the results or the reports (cmake/Layering.cmake).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "expect/expectations.hpp"
#include "expect/formula.hpp"
#include "expect/plan.hpp"
#include "lc/observation.hpp"
#include "verdict.hpp"

namespace lc::judge {

// The result for an instance that is not run (other OS, kernel outside `when`, filtered).
CaseResult skipped(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const std::string& reason);

// A case instance skipped only for its kernel version but measured anyway (`run
// --measure-version-skipped`), from its judged result: the verdict stays `skipped`, the checks
// and the observation are kept, and the reason is the skip's followed by what the verdict would
// have been: "kernel 5.10.223 is outside ... (measured anyway: would deviate: accepted expected
// 1, observed 0)".
CaseResult measured_anyway(CaseResult judged, const std::string& skip_reason);

// The result for a worker that produced no observation.
CaseResult worker_error(const expect::CaseInstance& inst, const expect::ExpectationFile& file, ErrorKind kind,
                        const std::string& message, double elapsed_ms);

// The verdict for an observation.
CaseResult judge(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const Observation& obs,
                 double elapsed_ms);

// The verdict for a runtime driver's measurement (an instance with `runtime` set): the kept
// backlog is `effective_backlog`, the attempts the accept queue took `queued`. A runtime that is
// not installed is skipped ("<driver> not installed"), and so is a runtime whose version is
// outside the answer's `when: {runtime: ...}`.
CaseResult judge_runtime(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const RuntimeObservation& obs,
                         double elapsed_ms);

// The bindings after the run: setup bindings, `connections`, every sysctl fact as observed in
// the worker's namespace, then the case's `let`s in order. Names that cannot be bound are left
// out (a formula that needs one reports it).
expect::Bindings bind_facts(const expect::CaseInstance& inst, const expect::ExpectationFile& file,
                            const std::vector<std::pair<std::string, std::string>>& observed_sysctls, int connections);

}  // namespace lc::judge
