// The pure utilities every room shares (lc_vocabulary): how numbers are written and the glob of
// --filter and --ignore.
#include <gtest/gtest.h>

#include "lc/vocabulary/format_number.hpp"
#include "lc/vocabulary/glob_match.hpp"

namespace lc::vocabulary {
namespace {

TEST(FormatNumber, IntegersPrintWithoutADecimalPoint) {
  EXPECT_EQ(format_number(17), "17");
  EXPECT_EQ(format_number(-1), "-1");
  EXPECT_EQ(format_number(4294967295.0), "4294967295");
}

TEST(FormatNumber, FractionsPrintWithSixSignificantDigits) {
  EXPECT_EQ(format_number(1.5), "1.5");
  EXPECT_EQ(format_number(2.0 / 3.0), "0.666667");
}

TEST(Glob, MatchesWholeIds) {
  EXPECT_TRUE(glob_match("accept-queue/*", "accept-queue/capacity[backlog=0,family=ipv4]"));
  EXPECT_TRUE(glob_match("*family=ipv6*", "accept-queue/capacity[backlog=0,family=ipv6]"));
  EXPECT_TRUE(glob_match("errors/e?adf", "errors/ebadf"));
  EXPECT_FALSE(glob_match("errors", "errors/ebadf"));
  EXPECT_FALSE(glob_match("*ipv6", "x[family=ipv6]"));
}

}  // namespace
}  // namespace lc::vocabulary
