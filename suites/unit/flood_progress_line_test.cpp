// SPDX-License-Identifier: Apache-2.0
// `probe`'s flood progress on a terminal (issue 16): one line redrawn in place, cut to the
// terminal's width, erased before the measurement is printed.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "console/flood_progress_line.hpp"

namespace lc::console {
namespace flood_progress_line_test {

const std::string kErase = "\r\033[K";

TEST(FloodProgressLine, RedrawsOneLineInPlace) {
  std::ostringstream err;
  FloodProgressLine line(err, 0);
  line.show({23456, 70000});
  line.show({70000, 70000});
  EXPECT_EQ(err.str(), kErase + "flooding: 23456 of 70000 attempts (33 %)" + kErase +
                           "flooding: 70000 of 70000 attempts (100 %), reading back");
  line.clear();
  EXPECT_EQ(err.str().substr(err.str().size() - kErase.size()), kErase) << "erased before the table is printed";
}

TEST(FloodProgressLine, FitsTheTerminal) {
  std::ostringstream err;
  FloodProgressLine line(err, 20);
  line.show({1, 100000});
  EXPECT_EQ(err.str(), kErase + "flooding: 1 of 1...");
}

TEST(FloodProgressLine, ClearsNothingItDidNotDraw) {
  std::ostringstream err;
  FloodProgressLine line(err, 80);
  line.clear();
  EXPECT_EQ(err.str(), "") << "a probe too short for a report leaves stderr untouched";
}

}  // namespace flood_progress_line_test
}  // namespace lc::console
