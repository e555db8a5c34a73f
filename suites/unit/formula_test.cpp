// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "expect/formula.hpp"

namespace lc::expect {
namespace {

TEST(Formula, EvaluatesTheDocumentedRules) {
  EXPECT_EQ(evaluate_formula("min(backlog, somaxconn) + 1", {{"backlog", 100}, {"somaxconn", 16}}), 17);
  EXPECT_EQ(evaluate_formula("floor(3 * n / 2) + 1", {{"n", 5}}), 8);  // FreeBSD
  EXPECT_EQ(evaluate_formula("idiv(3 * n, 2) + 1", {{"n", 1}}), 2);
  EXPECT_EQ(evaluate_formula("backlog < 0 || backlog > somaxconn ? somaxconn : backlog", {{"backlog", -1}, {"somaxconn", 128}}), 128);
  EXPECT_EQ(evaluate_formula("clamp(n, 200, 65535)", {{"n", 5}}), 200);
  EXPECT_EQ(evaluate_formula("ceil(2.5)", {}), 3);
}

TEST(Formula, Unsigned32IsWhatACastSees) {
  EXPECT_EQ(evaluate_formula("unsigned32(-1)", {}), 4294967295.0);
  EXPECT_EQ(evaluate_formula("unsigned32(-2147483648)", {}), 2147483648.0);
  EXPECT_EQ(evaluate_formula("unsigned32(7)", {}), 7);
  EXPECT_EQ(evaluate_formula("min(unsigned32(backlog), somaxconn)", {{"backlog", -100}, {"somaxconn", 16}}), 16);
}

TEST(Formula, UnboundAndUnknownNamesAreErrors) {
  EXPECT_THROW(evaluate_formula("backlog + 1", {}), FormulaError);
  EXPECT_THROW(check_formula("backlog + nonsense", {"backlog"}), FormulaError);
  EXPECT_NO_THROW(check_formula("backlog + 1", {"backlog"}));
  try {
    check_formula("backlog + nonsense", {"backlog"});
  } catch (const FormulaError& e) {
    EXPECT_NE(std::string(e.what()).find("nonsense"), std::string::npos) << e.what();
  }
}

TEST(Formula, SyntaxErrorsAreReported) {
  EXPECT_THROW(formula_variables("min(backlog,"), FormulaError);
  EXPECT_THROW(formula_variables(""), FormulaError);
  EXPECT_THROW(evaluate_formula("idiv(1, 0)", {}), FormulaError);
}

TEST(Formula, VariablesAreListedWithoutFunctions) {
  EXPECT_EQ(formula_variables("min(unsigned32(backlog), somaxconn) + idiv(x, 2)"), (std::set<std::string>{"backlog", "somaxconn", "x"}));
}

TEST(CompiledFormula, EvaluatesOnceParsedWithEachBindings) {
  CompiledFormula f("min(backlog, somaxconn) + 1");
  EXPECT_EQ(f.evaluate({{"backlog", 100}, {"somaxconn", 16}}), 17);
  EXPECT_EQ(f.evaluate({{"backlog", 3}, {"somaxconn", 16}}), 4);
  EXPECT_THROW(f.evaluate({{"backlog", 3}}), FormulaError);  // somaxconn unbound
  EXPECT_THROW(CompiledFormula("min(backlog,"), FormulaError);
  EXPECT_THROW(CompiledFormula(" "), FormulaError);
  CompiledFormula by_zero("idiv(1, n)");
  EXPECT_THROW(by_zero.evaluate({{"n", 0}}), FormulaError);
  EXPECT_EQ(by_zero.evaluate({{"n", 1}}), 1);
}

// Error messages quote a bounded excerpt of the formula, around the error (a hostile file's
// 2.4 MB formula was echoed whole).

// The FormulaError message of `f`, or "" (and a failure) when it throws none.
template <typename F>
std::string formula_error(const F& f) {
  try {
    f();
  } catch (const FormulaError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no FormulaError";
  return "";
}

std::string repeated(const std::string& part, std::size_t at_least) {
  std::string out;
  while (out.size() < at_least) out += part;
  return out;
}

TEST(FormulaMessages, AnUnknownNameIsQuotedWithTheFormulaAroundIt) {
  const std::string m = formula_error([] { check_formula(repeated("backlog + ", 3000) + "nope", {"backlog"}); });
  EXPECT_EQ(m.rfind("unknown name 'nope' in formula \"...", 0), 0u) << m;
  EXPECT_NE(m.find("backlog + nope\""), std::string::npos) << m;
  EXPECT_LT(m.size(), 300u);
}

TEST(FormulaMessages, TheListOfKnownNamesIsCut) {
  std::set<std::string> names;
  for (int i = 0; i < 10000; ++i) names.insert("fact_" + std::to_string(i));
  const std::string m = formula_error([&] { check_formula("nope + 1", names); });
  EXPECT_NE(m.find(", ... (10000 names))"), std::string::npos) << m.substr(0, 300);
  EXPECT_LT(m.size(), 600u);
}

TEST(FormulaMessages, ASyntaxErrorInALongFormulaIsQuotedAroundItsPosition) {
  const std::string m = formula_error([] { formula_variables(repeated("1 + ", 3000) + ")"); });
  EXPECT_EQ(m.rfind("bad formula \"...", 0), 0u) << m;
  EXPECT_NE(m.find("1 + 1 + )\""), std::string::npos) << m;
  EXPECT_LT(m.size(), 300u);
}

TEST(FormulaMessages, ALongTokenInMuparsersMessageIsCut) {
  const std::string m = formula_error([] { evaluate_formula("1 + " + std::string(3000, '$'), {}); });
  EXPECT_FALSE(m.empty());
  EXPECT_LT(m.size(), 400u) << m.substr(0, 400);
}

}  // namespace
}  // namespace lc::expect
