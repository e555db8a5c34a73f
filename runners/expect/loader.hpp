// Loading and validating expectation files. Every problem is reported as file:line:col.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "expectations.hpp"

namespace lc::expect {

struct LoadError : std::runtime_error {
  explicit LoadError(std::vector<std::string> problems);
  std::vector<std::string> problems;  // each "file:line:col: message"
};

// Throws LoadError listing every problem found (unknown keys, wrong types, bad formulas,
// unknown sources, duplicate ids, ...).
ExpectationFile load_expectations(const std::string& path);
ExpectationFile parse_expectations(const std::string& text, const std::string& path);

}  // namespace lc::expect
