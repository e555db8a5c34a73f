// SPDX-License-Identifier: Apache-2.0
// Tests that break a good file in one place: `text` with the first `from` replaced by `to`; a
// `from` that is not there fails the test (the break would otherwise test nothing).
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace lc::testing {

inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return text;
  return text.replace(at, from.size(), to);
}

}  // namespace lc::testing
