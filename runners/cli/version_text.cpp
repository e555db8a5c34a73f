// SPDX-License-Identifier: Apache-2.0
#include "version_text.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <vector>

#if defined(LC_WITH_SUITE)
#include "expect/expectations_path.hpp"
#include "spawn/child_process.hpp"
#include "results/results.hpp"
#endif

namespace lc::cli {

std::string version_text() {
  std::ostringstream out;
  out << "listen-conformance " << LC_VERSION << " (commit " << build_commit() << ")\n";
#if defined(LC_WITH_SUITE)
  namespace fs = std::filesystem;
  const auto dir = expect::expectations_dir(spawn::self_executable());
  if (!dir) {
    out << "expectations: none found (searched:";
    for (const auto& d : expect::expectation_dirs(spawn::self_executable())) out << " " << d;
    out << ")\n";
    return out.str();
  }
  out << "expectations: " << *dir << "\n";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(*dir, ec)) {
    if (entry.path().extension() == ".yaml" && entry.is_regular_file(ec)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string digest;
    try {
      digest = "sha256 " + results::sha256_hex_of_file(f);
    } catch (const std::exception& e) {
      digest = std::string("unreadable: ") + e.what();
    }
    out << "  " << f.filename().string() << "  " << digest << "\n";
  }
#endif
  return out.str();
}

}  // namespace lc::cli
