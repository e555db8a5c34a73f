// SPDX-License-Identifier: Apache-2.0
// The Windows command-line quoting the runner uses to start workers (child_process.cpp). Cases
// follow Microsoft's "Parsing C++ command-line arguments" rules: backslashes are literal unless
// they precede a '"'; 2n backslashes + '"' -> n backslashes and a delimiter; 2n+1 backslashes +
// '"' -> n backslashes and a literal '"'.
#include <gtest/gtest.h>

#include "spawn/child_process.hpp"

namespace {

using lc::spawn::quote_windows_argument;

TEST(QuoteWindowsArgument, PlainArgumentsStayAsTheyAre) {
  EXPECT_EQ(quote_windows_argument("worker"), "worker");
  EXPECT_EQ(quote_windows_argument("--spec"), "--spec");
  EXPECT_EQ(quote_windows_argument(R"(Z:\work\build\listen-conformance.exe)"),
            R"(Z:\work\build\listen-conformance.exe)");
}

TEST(QuoteWindowsArgument, EmptyArgumentIsAPairOfQuotes) { EXPECT_EQ(quote_windows_argument(""), R"("")"); }

TEST(QuoteWindowsArgument, BlanksAreQuoted) {
  EXPECT_EQ(quote_windows_argument("a b"), R"("a b")");
  EXPECT_EQ(quote_windows_argument("a\tb"), "\"a\tb\"");
  EXPECT_EQ(quote_windows_argument(R"(C:\Program Files\x.exe)"), R"("C:\Program Files\x.exe")");
}

TEST(QuoteWindowsArgument, QuotesAreEscapedEvenWithoutBlanks) {
  // The worker's spec: Boost 1.81's own quoting passed these through bare and the child saw
  // {scenario:flood}.
  EXPECT_EQ(quote_windows_argument(R"({"scenario":"flood"})"), R"("{\"scenario\":\"flood\"}")");
}

TEST(QuoteWindowsArgument, BackslashesBeforeAQuoteAreDoubled) {
  EXPECT_EQ(quote_windows_argument(R"(a\"b)"), R"("a\\\"b")");
  EXPECT_EQ(quote_windows_argument(R"(a\\"b)"), R"("a\\\\\"b")");
}

TEST(QuoteWindowsArgument, TrailingBackslashesAreDoubledBeforeTheClosingQuote) {
  EXPECT_EQ(quote_windows_argument(R"(a b\)"), R"("a b\\")");
  EXPECT_EQ(quote_windows_argument(R"(a b\\)"), R"("a b\\\\")");
}

TEST(QuoteWindowsArgument, OtherBackslashesStayLiteralInsideQuotes) {
  EXPECT_EQ(quote_windows_argument(R"(C:\a dir\b)"), R"("C:\a dir\b")");
}

}  // namespace
