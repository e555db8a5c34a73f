// SPDX-License-Identifier: Apache-2.0
// Golden files: expected report output kept in suites/golden/expected/. Set LC_UPDATE_GOLDEN=1
// to rewrite them from the current output (then review the change with git diff).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lc/vocabulary/atomic_write.hpp"
#include "results/results.hpp"

namespace lc::testing {

inline std::filesystem::path golden_dir() { return std::filesystem::path(LC_SOURCE_DIR) / "suites" / "golden"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture: nine case instances of a (made-up) 6.1 kernel with every verdict: conforms,
// a behaviour deviation, documentation drift, skipped and error.
inline const results::RunResults& small_results() {
  static const results::RunResults r = results::load_results(golden_dir() / "results-small.json");
  return r;
}
// The same instances on a "6.12" kernel: timings, tcp_max_syn_backlog and a traffic counter differ
// (environment), and one observation changed (somaxconn/truncates[backlog=100,family=ipv4]:
// effective_backlog 16 -> 100).
inline const results::RunResults& newkernel_results() {
  static const results::RunResults r = results::load_results(golden_dir() / "results-small-newkernel.json");
  return r;
}

inline void expect_golden(const std::string& name, const std::string& actual) {
  const auto path = golden_dir() / "expected" / name;
  if (const char* update = std::getenv("LC_UPDATE_GOLDEN"); update && *update && std::string(update) != "0") {
    std::filesystem::create_directories(path.parent_path());
    vocabulary::write_file_atomically(path, actual);
    std::cout << "updated golden file " << path << "\n";
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing; run the tests with LC_UPDATE_GOLDEN=1 to create it";
  const std::string expected = read_file(path);
  if (expected == actual) return;
  // Point at the first differing line; keep the actual output for a diff.
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    const bool more_e = static_cast<bool>(std::getline(e, el));
    const bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) break;
    if (el != al || more_e != more_a) break;
  }
  const auto actual_path = std::filesystem::temp_directory_path() / ("actual-" + name);
  vocabulary::write_file_atomically(actual_path, actual);
  ADD_FAILURE() << name << " differs from its golden file at line " << line << ":\n  golden: " << el << "\n  actual: " << al
                << "\n(actual output in " << actual_path << "; LC_UPDATE_GOLDEN=1 rewrites the golden files)";
}

}  // namespace lc::testing
