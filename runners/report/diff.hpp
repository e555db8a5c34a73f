// SPDX-License-Identifier: Apache-2.0
// Comparing two results files, for kernel-upgrade regression checks: which case instances'
// observation or verdict changed, which appeared or disappeared. What depends on the machine
// rather than the kernel is left out unless `include_environment`:
//   - timings (elapsed_ms of instances and workers);
//   - memory-scaled sysctls (vocabulary::environment_scaled_sysctls(): net.ipv4.tcp_max_syn_backlog, ...)
//     wherever the case's setup does not set them, and the values of checks whose formulas use a
//     fact read from such a sysctl (their pass/fail status is still compared);
//   - traffic-volume counters (packets, octets, pure ACKs, TIME-WAIT, ...), which follow
//     retransmission timing; the listen-queue, SYN-queue, syncookie and reset counters and every
//     counter a check names are compared;
//   - how each outcome was established (evidence), the isolation mode, the worker's kernel and
//     architecture strings, and the host's sysctls at start.
// An instance measured on one side only (skipped or failed without an observation on the other)
// is compared by its verdict, error kind and setup, and by whether it was measured: the
// measured side's checks and observation are not differences. An instance skipped only for its
// kernel version but measured anyway (`run --measure-version-skipped`) counts as measured, so
// two kernels on either side of a version condition differ in their observations.
// Instances matching an `exclude` pattern (e.g. unstable between repeated runs) are not
// compared at all; they are listed with the reason.
#pragma once

#include <string>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

struct DiffOptions {
  bool include_environment = false;
  std::vector<std::string> exclude;  // instance-id globs (* and ?), as `run --filter`
  std::string exclude_reason;        // why they are not compared, for the reports
};

struct FieldChange {
  std::string field;
  std::string base;
  std::string next;
};

using vocabulary::ChangeKind;

struct InstanceChange {
  ChangeKind kind = ChangeKind::changed;
  std::string id;
  const judge::CaseResult* base = nullptr;  // null when added
  const judge::CaseResult* next = nullptr;  // null when removed
  std::vector<FieldChange> fields;          // for `changed`
};

// Which way a changed instance went, for the diff page's colours: a regression (its verdict got
// worse: conforms → drift → deviates → error), a fix (better), or neutral (the same verdict with
// other values, or a side that was skipped, added or removed: nothing was judged on both sides).
enum class ChangeDirection { regression, fix, neutral };
ChangeDirection direction_of(const InstanceChange& c);
std::string to_string(ChangeDirection d);  // "regression", "fix", "neutral"

struct RunDiff {
  const results::RunResults* base = nullptr;
  const results::RunResults* next = nullptr;
  bool include_environment = false;
  std::vector<FieldChange> machine;   // host facts that changed (compared only with include_environment)
  std::vector<std::string> notes;     // e.g. the expectation files differ
  std::vector<InstanceChange> instances;
  std::vector<std::string> excluded;  // ids in either file that matched `exclude`, in order
  std::string exclude_reason;
  int unchanged = 0;
  int count(ChangeKind k) const;
  bool changed() const { return !instances.empty() || !machine.empty(); }
};

// The comparable facets of one result, in a stable order: "verdict", "check accepted observed",
// "observation.effective_backlog", ... Exposed for tests.
std::vector<std::pair<std::string, std::string>> comparable_facets(const judge::CaseResult& r,
                                                                   const results::RunResults& run,
                                                                   bool include_environment);

RunDiff diff_runs(const results::RunResults& base, const results::RunResults& next, const DiffOptions& options);

std::string render_diff_markdown(const RunDiff& d);
std::string render_diff_html(const RunDiff& d);
std::string render_diff_json(const RunDiff& d);  // format "listen-conformance/diff", version 1

}  // namespace lc::report
