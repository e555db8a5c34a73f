// SPDX-License-Identifier: Apache-2.0
#include "expectations_path.hpp"

#include <cstdlib>
#include <filesystem>

#include "lc/vocabulary/bounded_read.hpp"

namespace lc::expect {
namespace {

namespace fs = std::filesystem;

// The marker's one line (a path), or "" when there is no marker. A marker that cannot be read
// is no marker: the program then looks in its install prefix, as an installed one does.
std::string build_tree_expectations(const fs::path& exe_dir) {
  const fs::path marker = exe_dir / kBuildTreeMarker;
  std::error_code ec;
  if (!fs::is_regular_file(marker, ec)) return {};
  try {
    std::string text = vocabulary::read_bounded_file(marker.string(), 4096);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

std::vector<std::string> expectation_dirs(const std::string& program) {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv(kExpectationsDirVariable); env && *env) dirs.emplace_back(env);
  const fs::path exe_dir = fs::path(program).parent_path();
  if (std::string from_marker = build_tree_expectations(exe_dir); !from_marker.empty()) dirs.push_back(std::move(from_marker));
  dirs.push_back((exe_dir / ".." / "share" / "listen-conformance" / "expectations").lexically_normal().string());
  return dirs;
}

std::string default_expectations_file(const std::string& os, const std::string& program) {
  for (const auto& dir : expectation_dirs(program)) {
    const auto candidate = fs::path(dir) / (os + ".yaml");
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

std::optional<std::string> expectations_dir(const std::string& program) {
  for (const auto& dir : expectation_dirs(program)) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir;
  }
  return std::nullopt;
}

}  // namespace lc::expect
