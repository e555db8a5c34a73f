// SPDX-License-Identifier: Apache-2.0
// Formulas over named facts ("min(unsigned32(backlog), somaxconn) + 1"), evaluated with
// muparser. The expectation files state documented rules as formulas so that a report can say
// "expected min(100, 16) + 1 = 17, observed 17".
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mu {
class Parser;
}

namespace lc::expect {

using Bindings = std::map<std::string, double>;

struct FormulaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Functions available beyond muparser's built-ins (min, max, abs, sign, rint, sqrt, ...):
//   floor(x), ceil(x), idiv(a, b)  integer division truncating toward zero, as in C
//   unsigned32(x)                  x as a C (unsigned int) cast sees it (-1 -> 4294967295)
//   clamp(x, lo, hi)
// and the operators ?:, <, <=, ==, !=, >=, >, &&, ||.

// Throws FormulaError (syntax error, or an identifier not in `names`).
void check_formula(const std::string& text, const std::set<std::string>& names);

// Throws FormulaError (syntax error, unbound identifier, non-finite result).
double evaluate_formula(const std::string& text, const Bindings& bindings);

// A formula parsed once and evaluated many times (a case's lets over all its instances):
// parsing is what costs, up to half a millisecond for a long formula, and a case may have
// thousands of instances.
class CompiledFormula {
 public:
  explicit CompiledFormula(std::string text);  // throws FormulaError (syntax)
  CompiledFormula(CompiledFormula&&) noexcept;
  CompiledFormula& operator=(CompiledFormula&&) noexcept;
  ~CompiledFormula();
  // Throws FormulaError (unbound identifier, non-finite result, idiv by zero).
  double evaluate(const Bindings& bindings);

 private:
  std::string text_;
  std::unique_ptr<mu::Parser> parser_;
  std::vector<std::string> names_;        // the identifiers it uses
  std::unique_ptr<double[]> values_;      // their values, where the parser reads them
};

// The identifiers a formula uses (function names excluded).
std::set<std::string> formula_variables(const std::string& text);

}  // namespace lc::expect
