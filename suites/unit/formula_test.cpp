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

}  // namespace
}  // namespace lc::expect
