// The results of a run: machine facts, the expectation file, and every case instance with its
// setup, expectation checks, observation and verdict. Written as versioned JSON
// ("listen-conformance/results", version 1); reports, diff and merge read it back.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
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
  std::string isolation;       // how workers were isolated ("netns", "userns+netns", "none", "mixed")
  std::map<std::string, std::string> sysctls_at_start;  // the host's values when the run began
};

struct ExpectationsInfo {
  std::string path;
  std::string sha256;
  std::string platform;
  std::string title;
};

struct Summary {
  int total = 0, conforms = 0, deviates = 0, skipped = 0, error = 0, drift = 0;
};

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

  Summary summary() const;
};

inline constexpr const char* kResultsFormat = "listen-conformance/results";
inline constexpr int kResultsVersion = 1;

nlohmann::json to_json(const judge::CaseResult& r);
judge::CaseResult case_result_from_json(const nlohmann::json& j);
nlohmann::json to_json(const RunResults& r);
// Throws std::invalid_argument naming what is wrong.
RunResults results_from_json(const nlohmann::json& j);
RunResults load_results(const std::filesystem::path& path);

// Exit status for a set of results: 0 all conform or skipped (documentation drift included),
// 1 any deviation of a behaviour claim, 2 any error.
int exit_status(const Summary& s);

std::string now_iso8601();
std::string sha256_hex_of_file(const std::filesystem::path& path);

// Writes via a temporary file in the same directory and a rename: readers see the old file or
// the whole new one, never a part. Throws std::runtime_error with the path on failure.
void write_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace lc::results
