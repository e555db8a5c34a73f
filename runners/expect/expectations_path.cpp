#include "expectations_path.hpp"

#include <cstdlib>
#include <filesystem>

namespace lc::expect {

std::vector<std::string> expectation_dirs(const std::string& program) {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("LC_EXPECTATIONS_DIR")) dirs.emplace_back(env);
  const fs::path exe_dir = fs::path(program).parent_path();
  dirs.push_back((exe_dir / ".." / ".." / "expectations").lexically_normal().string());
  dirs.push_back((exe_dir / ".." / "share" / "listen-conformance" / "expectations").lexically_normal().string());
  dirs.push_back((exe_dir / "expectations").lexically_normal().string());
#if defined(LC_SOURCE_DIR)
  dirs.push_back((fs::path(LC_SOURCE_DIR) / "expectations").string());
#endif
  return dirs;
}

std::string default_expectations_file(const std::string& os, const std::string& program) {
  for (const auto& dir : expectation_dirs(program)) {
    const auto candidate = std::filesystem::path(dir) / (os + ".yaml");
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

}  // namespace lc::expect
