#include "formula.hpp"

#include <muParser.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

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

std::string describe(const mu::ParserError& e) {
  std::ostringstream msg;
  msg << e.GetMsg();
  if (e.GetPos() >= 0 && e.GetCode() != mu::ecUNASSIGNABLE_TOKEN) msg << " (at position " << e.GetPos() + 1 << ")";
  return msg.str();
}

}  // namespace

void check_formula(const std::string& text, const std::set<std::string>& names) {
  for (const std::string& v : formula_variables(text)) {
    if (!names.count(v)) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      throw FormulaError("unknown name '" + v + "' in formula \"" + text + "\" (known: " + known + ")");
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
    throw FormulaError("bad formula \"" + text + "\": " + describe(e));
  }
}

double evaluate_formula(const std::string& text, const Bindings& bindings) {
  mu::Parser p;
  define_functions(p);
  // muparser binds variables by address; keep copies alive for the evaluation.
  std::map<std::string, double> values = bindings;
  try {
    p.SetExpr(text);
    // GetUsedVar() returns the parser's own map, which DefineVar() changes: copy the names.
    std::vector<std::string> used;
    for (const auto& [name, ptr] : p.GetUsedVar()) used.push_back(name);
    for (const std::string& name : used) {
      auto it = values.find(name);
      if (it == values.end()) throw FormulaError("formula \"" + text + "\" uses '" + name + "', which has no value here");
      p.DefineVar(name, &it->second);
    }
    const double v = p.Eval();
    if (!std::isfinite(v)) throw FormulaError("formula \"" + text + "\" is not finite");
    return v;
  } catch (const mu::ParserError& e) {
    throw FormulaError("bad formula \"" + text + "\": " + describe(e));
  }
}

}  // namespace lc::expect
