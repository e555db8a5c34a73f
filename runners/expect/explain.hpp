// `listen-conformance explain --backlog N`: what a backlog of N does on every OS, from each OS's
// answers (the `explain:` block of expectations/<os>.yaml, which sums up its capacity and clamp
// answers), with the facts at their cited defaults. Pure: the measured row is the command's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "expectations.hpp"
#include "kernel_version.hpp"

namespace lc::expect {

struct ExplainSource {
  std::string id, title, url, evidence;
};

struct ExplainRow {
  std::string platform;
  std::optional<double> capacity;  // completed connections held; none: the formula has no value
  Outcome overflow = Outcome::no_answer;  // what the client past the capacity gets
  std::string clamp;               // "net.core.somaxconn = 4096 (default)"
  std::string formula;             // the capacity formula, for the reader
  std::map<std::string, double> facts;  // the values the formula was evaluated with
  std::vector<ExplainSource> sources;
  bool measured = false;           // filled by the command for the machine it runs on
  std::string note;                // what the measurement saw, or why there is none
};

// One row per file that has `explain:`, in the order given. `facts` overrides defaults by fact
// name (for tests and what-ifs); `kernels` gives a platform's kernel version where it is known
// (the machine explain runs on), for defaults that depend on it (`default_if`).
std::vector<ExplainRow> explain_rows(const std::vector<ExpectationFile>& files, long long backlog, bool ipv6,
                                     const std::map<std::string, double>& facts = {},
                                     const std::map<std::string, KernelVersion>& kernels = {});

// The weakest evidence among a row's sources (source < documented < reported < inferred).
std::string weakest_evidence(const ExplainRow& row);

}  // namespace lc::expect
