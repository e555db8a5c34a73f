// SPDX-License-Identifier: Apache-2.0
// The results of a run: machine facts, the expectation file, and every case instance with its
// setup, expectation checks, observation and verdict. Written as versioned JSON
// ("listen-conformance/results", version 2); reports, diff and merge read it back, and read
// version 1 files too.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/verdict.hpp"

namespace lc::results {

struct MachineFacts {
  std::string os;
  std::string kernel_release;
  std::string kernel_build;
  std::string kernel_version;  // upstream version the kernel is built from ("" when unknown)
  std::string arch;
  vocabulary::RunIsolation isolation = vocabulary::RunIsolation::not_applicable;  // how the workers were isolated
  std::map<std::string, std::string> sysctls_at_start;  // the host's values when the run began
};

struct ExpectationsInfo {
  std::string path;
  std::string sha256;
  std::string platform;
  std::string title;
};

// The verdict counts of a run, by judge::CaseResult::label(): `deviates` counts behaviour
// deviations only, documentation drift is `drift`, apart. Stored in results.json; every view
// prints these numbers.
struct Summary {
  int total = 0, conforms = 0, deviates = 0, drift = 0, skipped = 0, error = 0;

  int count(judge::VerdictLabel label) const;
  void add(judge::VerdictLabel label);
  friend bool operator==(const Summary&, const Summary&) = default;
};

// The summary of these results.
Summary summarise(const std::vector<judge::CaseResult>& results);

struct RunResults {
  std::string tool_version;
  MachineFacts machine;
  ExpectationsInfo expectations;
  // The expectation file's facts that read a sysctl (name -> sysctl key), so that diff can tell
  // which checks depend on an environment-scaled value such as net.ipv4.tcp_max_syn_backlog.
  // Written as expectations.fact_sysctls.
  std::map<std::string, std::string> fact_sysctls;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;
  double elapsed_ms = 0;
  int jobs = 1;
  std::string filter;
  bool interrupted = false;  // stopped early (SIGINT); results holds what finished
  std::vector<judge::CaseResult> results;
  // summarise(results), made once when the run ends (or read from the file, where the reader
  // checks that it agrees with the results).
  Summary summary;
};

inline constexpr const char* kResultsFormat = "listen-conformance/results";
// Version 2: summary.deviates counts behaviour deviations only (version 1 included drift in it).
inline constexpr int kResultsVersion = 2;
// The older version the reader still takes (its summary is converted on reading).
inline constexpr int kPreviousResultsVersion = 1;

// Results files are read whole, at most this many bytes (a real run writes ~100 KB; a flood of
// 65,536 connections adds ~3 MB).
inline constexpr std::size_t kMaxResultsBytes = std::size_t{64} << 20;
// The largest magnitude a number in a results file may have (2^53: every integer up to it is
// exact in a double). Counts of connections and kernel counters stay far below; a larger value
// is a crafted or corrupt file, refused when it is read.
inline constexpr double kMaxPlausibleValue = 9007199254740992.0;

// What is wrong with a results file, and where: a JSON pointer ("/results/3/checks/0/observed",
// "" for the whole document), or the line and column of a JSON syntax error.
struct ResultsError : std::invalid_argument {
  ResultsError(std::string pointer, const std::string& message, int line = 0, int column = 0);
  std::string pointer;
  std::string message;
  int line = 0, column = 0;
  // "FILE: /results/3/id: message" or "FILE:2:17: message".
  std::string describe(const std::string& file) const;
};

// A number written as a string ("17", "-1", "2.5"): the value when the whole string is one
// finite number, nullopt otherwise ("attempts 1..2 accepted", "n/a").
std::optional<double> numeric_value(const std::string& s);

nlohmann::json to_json(const judge::CaseResult& r);
nlohmann::json to_json(const RunResults& r);
// Validates `j` (validate_results_json: the embedded schema, unique ids, plausible values),
// then converts it; a version 1 document is brought to version 2 first (upgrade_results_json).
// Throws ResultsError naming the JSON pointer of what is wrong, including a summary that
// disagrees with the results.
RunResults results_from_json(const nlohmann::json& j);
// Parses and validates a results document. Throws ResultsError.
RunResults parse_results(std::string_view text);
// Reads `path` (lc::vocabulary::read_bounded_file, at most kMaxResultsBytes) and parses it.
// Throws std::invalid_argument: "PATH: /results/3/id: duplicate instance id ...",
// "PATH:2:17: not JSON: ...", "PATH: cannot open: ...".
RunResults load_results(const std::filesystem::path& path);

// A version 1 document as version 2: its summary's deviates without the drift. Other documents
// are returned as they are.
nlohmann::json upgrade_results_json(const nlohmann::json& j);

// Exit status for a set of results: 0 all conform or skipped (documentation drift included),
// 1 any deviation of a behaviour claim, 2 any error.
int exit_status(const Summary& s);

std::string now_iso8601();
std::string sha256_hex_of_file(const std::filesystem::path& path);

}  // namespace lc::results
