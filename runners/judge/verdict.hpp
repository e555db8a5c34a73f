// SPDX-License-Identifier: Apache-2.0
// What the judge says about one case instance: the verdict, each claim checked, and the
// observation it was judged on. Data only (library lc_verdict): the results, the reports and
// the console read it without linking the judge (judge.hpp) or the expectations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lc/observation.hpp"
#include "lc/probe_spec.hpp"
#include "lc/runtime_observation.hpp"

namespace lc::judge {

using vocabulary::ErrorKind;
using vocabulary::Verdict;
using vocabulary::VerdictLabel;
// unobservable: this platform or this run cannot observe the value (no readback on Windows, no
// counters private to the measurement without a namespace of its own). Such a check neither
// passes nor fails; a case with nothing observable is skipped.
using vocabulary::CheckStatus;

// One claim of a case, checked: "accepted: expected min(backlog, somaxconn) + 1 = 17 (backlog=100,
// somaxconn=16), observed 17".
struct Check {
  std::string name;      // "accepted", "outcomes.no_answer", "counters.TcpExt.ListenDrops", ...
  std::string formula;   // as written in the file ("" for plain values such as errno names)
  std::map<std::string, double> bindings;  // the values of the names the formula uses (expect::Bindings)
  std::string expected;  // evaluated: "17", "16..17", "EINVAL", "no_answer after attempt 17"
  std::string observed;
  CheckStatus status = CheckStatus::pass;
  std::string message;   // for fail/error: what is wrong
};

struct Citation {
  std::string id, title, url, quote;
  std::string evidence;  // source, documented, reported, inferred ("" where the file gives none)
};

struct CaseResult {
  std::string id;        // instance id
  std::string case_id;
  std::vector<std::pair<std::string, std::string>> params;
  std::string summary;
  vocabulary::ClaimKind kind = vocabulary::ClaimKind::behaviour;
  std::vector<std::string> tags;
  std::vector<Citation> cite;
  std::optional<std::string> when_kernel;
  ProbeSpec spec;
  Verdict verdict = Verdict::error;
  std::string reason;    // one line: why this verdict
  bool drift = false;    // a documentation claim the kernel contradicts
  bool not_applicable = false;  // the OS's answer: this question cannot be asked here (skipped)
  std::vector<Check> checks;
  std::optional<Observation> observation;
  // A runtime answer's measurement (setup `driver:`): the driver's listener as the kernel kept
  // it, instead of `observation`.
  std::optional<RuntimeObservation> runtime;
  // Why there is no verdict from checks: for error verdicts (crashed, hung, malformed_output, a
  // worker's failure kind, ...) and for a worker that could not isolate itself (skipped).
  std::optional<ErrorKind> error_kind;
  double elapsed_ms = 0;   // wall time of the worker, process start included

  // What the result is counted and shown as: its verdict, or drift.
  VerdictLabel label() const { return vocabulary::label_of(verdict, drift); }
};

}  // namespace lc::judge
