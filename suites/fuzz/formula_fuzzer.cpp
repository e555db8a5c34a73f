// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: formula checking and evaluation (muparser plus our functions) on arbitrary
// text. Anything but FormulaError escaping is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "expect/formula.hpp"
#include "lc/vocabulary/format_number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lc::expect;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const Bindings b = {{"backlog", -1}, {"somaxconn", 4096}, {"connections", 14}, {"relisten_backlog", 2}, {"x", 0.5}};
  try {
    check_formula(text, {"backlog", "somaxconn", "connections", "relisten_backlog", "x"});
    (void)lc::vocabulary::format_number(evaluate_formula(text, b));
  } catch (const FormulaError&) {
  }
  return 0;
}
