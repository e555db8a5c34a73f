// SPDX-License-Identifier: Apache-2.0
#include "formula.hpp"

#include <muParser.h>

#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <vector>

#include "excerpt.hpp"

namespace lc::expect {
namespace {

double fn_floor(double x) { return std::floor(x); }
double fn_ceil(double x) { return std::ceil(x); }
double fn_idiv(double a, double b) {
  if (b == 0) throw mu::ParserError("idiv: division by zero");
  return std::trunc(a / b);
}
double fn_unsigned32(double x) {
  const double wrapped = std::fmod(std::trunc(x), 4294967296.0);
  return wrapped < 0 ? wrapped + 4294967296.0 : wrapped;
}
double fn_clamp(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

void define_functions(mu::Parser& p) {
  p.DefineFun("floor", fn_floor);
  p.DefineFun("ceil", fn_ceil);
  p.DefineFun("idiv", fn_idiv);
  p.DefineFun("unsigned32", fn_unsigned32);
  p.DefineFun("clamp", fn_clamp);
}

// muparser's message quotes the offending token, which can be most of a hostile formula.
std::string describe(const mu::ParserError& e) {
  std::string text = e.GetMsg();
  const std::string token = e.GetToken();
  if (const auto at = token.size() > kExcerptChars ? text.find(token) : std::string::npos; at != std::string::npos)
    text.replace(at, token.size(), excerpt(token));
  std::ostringstream msg;
  msg << text;
  if (e.GetPos() >= 0 && e.GetCode() != mu::ecUNASSIGNABLE_TOKEN) msg << " (at position " << e.GetPos() + 1 << ")";
  return msg.str();
}

// The formula as quoted in a message: whole when short, else the part around `at`.
std::string quoted_formula(const std::string& text, std::size_t at = 0) { return "\"" + excerpt(text, at) + "\""; }

std::size_t error_offset(const mu::ParserError& e) { return e.GetPos() >= 0 ? static_cast<std::size_t>(e.GetPos()) : 0; }

// The names a formula could have used, for an "unknown name" message; a file may define
// thousands of facts, so the list is cut.
std::string known_names(const std::set<std::string>& names) {
  constexpr std::size_t kShown = 24;
  std::string known;
  std::size_t shown = 0;
  for (const auto& n : names) {
    if (shown++ == kShown) return known + ", ... (" + std::to_string(names.size()) + " names)";
    known += (known.empty() ? "" : ", ") + excerpt(n);
  }
  return known;
}

}  // namespace

void check_formula(const std::string& text, const std::set<std::string>& names) {
  for (const std::string& v : formula_variables(text)) {
    if (!names.count(v)) {
      throw FormulaError("unknown name '" + excerpt(v) + "' in formula " + quoted_formula(text, text.find(v)) +
                         " (known: " + known_names(names) + ")");
    }
  }
}

std::set<std::string> formula_variables(const std::string& text) {
  if (text.find_first_not_of(" \t") == std::string::npos) throw FormulaError("empty formula");
  mu::Parser p;
  define_functions(p);
  try {
    p.SetExpr(text);
    std::set<std::string> out;
    for (const auto& [name, ptr] : p.GetUsedVar()) out.insert(name);
    return out;
  } catch (const mu::ParserError& e) {
    throw FormulaError("bad formula " + quoted_formula(text, error_offset(e)) + ": " + describe(e));
  } catch (const std::exception& e) {
    throw FormulaError("bad formula " + quoted_formula(text) + ": " + excerpt(e.what()));  // never an abort
  }
}

double evaluate_formula(const std::string& text, const Bindings& bindings) { return CompiledFormula(text).evaluate(bindings); }

CompiledFormula::CompiledFormula(std::string text) : text_(std::move(text)), parser_(std::make_unique<mu::Parser>()) {
  if (text_.find_first_not_of(" \t") == std::string::npos) throw FormulaError("empty formula");
  define_functions(*parser_);
  try {
    parser_->SetExpr(text_);
    // GetUsedVar() returns the parser's own map, which DefineVar() changes: copy the names.
    for (const auto& [name, ptr] : parser_->GetUsedVar()) names_.push_back(name);
    // muparser reads variables by address at every Eval(): one stable slot per name.
    values_ = std::make_unique<double[]>(names_.size());
    for (std::size_t i = 0; i < names_.size(); ++i) parser_->DefineVar(names_[i], &values_[i]);
  } catch (const mu::ParserError& e) {
    throw FormulaError("bad formula " + quoted_formula(text_, error_offset(e)) + ": " + describe(e));
  } catch (const std::exception& e) {
    throw FormulaError("bad formula " + quoted_formula(text_) + ": " + excerpt(e.what()));  // never an abort
  }
}

CompiledFormula::CompiledFormula(CompiledFormula&&) noexcept = default;
CompiledFormula& CompiledFormula::operator=(CompiledFormula&&) noexcept = default;
CompiledFormula::~CompiledFormula() = default;

double CompiledFormula::evaluate(const Bindings& bindings) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const auto it = bindings.find(names_[i]);
    if (it == bindings.end())
      throw FormulaError("formula " + quoted_formula(text_, text_.find(names_[i])) + " uses '" + excerpt(names_[i]) + "', which has no value here");
    values_[i] = it->second;
  }
  try {
    const double v = parser_->Eval();
    if (!std::isfinite(v)) throw FormulaError("formula " + quoted_formula(text_) + " is not finite");
    return v;
  } catch (const mu::ParserError& e) {
    throw FormulaError("bad formula " + quoted_formula(text_, error_offset(e)) + ": " + describe(e));
  } catch (const FormulaError&) {
    throw;
  } catch (const std::exception& e) {
    throw FormulaError("bad formula " + quoted_formula(text_) + ": " + excerpt(e.what()));  // never an abort
  }
}

}  // namespace lc::expect
