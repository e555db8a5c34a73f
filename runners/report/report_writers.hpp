// Writing a run's reports into a directory. Every file is written atomically.
#pragma once

#include <filesystem>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

// Writes every report format into `dir` (created if missing); returns the paths written.
// Throws std::runtime_error naming the path when something cannot be written.
std::vector<std::filesystem::path> write_all_reports(const results::RunResults& r, const std::filesystem::path& dir);

}  // namespace lc::report
