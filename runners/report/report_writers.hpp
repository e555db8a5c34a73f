// Writing a run's reports. Every file is written atomically.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

enum class Format { json, junit, markdown, html };
// "json", "junit", "md" (or "markdown"), "html".
std::optional<Format> format_from_string(const std::string& s);

// The report of one run in one format.
std::string render(const results::RunResults& r, Format f);

// Writes every format into `dir` (created if missing): results.json, junit.xml, summary.md,
// report.html; returns the paths written. Throws std::runtime_error naming the path when
// something cannot be written.
std::vector<std::filesystem::path> write_all_reports(const results::RunResults& r, const std::filesystem::path& dir);

}  // namespace lc::report
