// SPDX-License-Identifier: Apache-2.0
// Loader tests: the first problem the loader reports for a file's text, or "" when it loads.
#pragma once

#include <string>

#include "expect/loader.hpp"

namespace lc::testing {

inline std::string first_problem(const std::string& text) {
  try {
    expect::parse_expectations(text, "t.yaml");
    return "";
  } catch (const expect::LoadError& e) {
    return e.problems.at(0);
  }
}

}  // namespace lc::testing
