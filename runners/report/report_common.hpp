// SPDX-License-Identifier: Apache-2.0
// What every report writer shares: families, check wording, machine labels, and the two views
// the reports chart and tabulate (accept-queue capacity points and overflow outcomes). Pure
// functions of the results; no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

// The family of a case or instance id: the part before the first '/' ("accept-queue").
std::string family_of(const std::string& id);
// The id without its family ("capacity[backlog=0,family=ipv4]").
std::string name_in_family(const std::string& id);

// Results grouped by family, families and results in the order of first appearance.
struct FamilyGroup {
  std::string family;
  std::vector<const judge::CaseResult*> results;
};
std::vector<FamilyGroup> group_by_family(const std::vector<judge::CaseResult>& results);

// "3 conform, 1 deviate, 1 drift, 2 skipped, 1 error": the run's stored summary
// (RunResults::summary), as every page that prints the counts in one line says it.
std::string summary_counts(const results::Summary& s);

// "min(backlog, somaxconn) + 1 = 17 (backlog=100, somaxconn=16)"; plain values stay plain.
std::string expected_text(const judge::Check& c);
// "1 error", "2 errors"
std::string plural(int n, const std::string& one, const std::string& many);
// "accepted: expected backlog + 1 = 6 (backlog=5), observed 6"
std::string check_line(const judge::Check& c);
// A check that failed or could not be evaluated (not pass, not unobservable).
bool check_failed(const judge::Check& c);
// The failed checks, or all when `all`.
std::vector<const judge::Check*> checks_to_show(const judge::CaseResult& r, bool all);

// "linux 6.18.44-fc-v669 x86_64"
std::string machine_label(const results::RunResults& r);
// The expectation file's name without its directory.
std::string expectations_name(const results::RunResults& r);
// "1.4 s", "55 ms"
std::string format_duration(double ms);

// One point of the accept-queue capacity chart: an instance of a case tagged `capacity` or
// `accept-queue` whose flood ran with a plain listener (no relisten) and a non-negative backlog,
// and whose `accepted` check has numeric expected and observed values.
struct CapacityPoint {
  std::string instance_id;
  std::string case_id;
  long long backlog = 0;
  double expected = 0;
  double observed = 0;
  std::string formula;  // the `accepted` check's formula
  bool drift = false;
  bool pass = true;
  // The sysctl that clamps listen()'s backlog on this OS (backlog_clamp_sysctl) and its value
  // where the instance ran: the worker's observation, else the case's own setting, else the
  // host's at the start of the run; nullopt when none of them says.
  std::string clamp_sysctl;
  std::optional<long long> clamp;
  bool clamp_set_by_case = false;  // the case wrote it in its own namespace
};
std::vector<CapacityPoint> capacity_points(const results::RunResults& r);

// The sysctl above whose value listen() takes that value instead of the backlog asked for:
// "net.core.somaxconn" (Linux), "kern.ipc.soacceptqueue" (FreeBSD), "kern.ipc.somaxconn"
// (macOS); "" for an OS without one (Windows' cap is no sysctl).
std::string backlog_clamp_sysctl(const std::string& os);

// One row of the overflow table: every flood instance with an observation.
struct OverflowRow {
  const judge::CaseResult* result = nullptr;
  int connections = 0;
  int accepted = 0;
  int established_unaccepted = 0;
  int reset = 0;
  int refused = 0;
  int no_answer = 0;
  std::string attempts;          // run-length strip: "A×6 .×8"
  std::string expected_overflow; // the `overflow` check's expected text, "" when the case has none
  std::optional<bool> overflow_pass;
};
std::vector<OverflowRow> overflow_rows(const results::RunResults& r);

// The attempts of a flood as runs in order: "1..6 accepted, 7..14 no_answer".
std::string attempt_runs(const Observation& o);

// The value a matrix cell shows for an instance: "accepted 6", "backlog 4096", "EINVAL", "";
// for a runtime answer "requested 50, kept 50, capacity here 51".
std::string key_observation(const judge::CaseResult& r);

}  // namespace lc::report
