// SPDX-License-Identifier: Apache-2.0
// The flood's progress, worker to runner (issue 16; lc/flood_progress.hpp): the line format, the
// worker's pacing, and the runner's reading of a stderr that arrives in arbitrary pieces with
// the worker's own diagnostics in between.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "lc/flood_progress.hpp"

namespace lc {
namespace flood_progress_test {

using namespace std::chrono_literals;

TEST(FloodProgressLine, RoundTripsAndRefusesEverythingElse) {
  EXPECT_EQ(progress_line({12345, 70000}), "lc-progress 12345 70000\n");
  EXPECT_EQ(parse_progress_line("lc-progress 12345 70000"), (FloodCount{12345, 70000}));
  EXPECT_EQ(parse_progress_line("lc-progress 0 0"), (FloodCount{0, 0}));
  for (const char* other : {"", "lc-progress", "lc-progress ", "lc-progress 1", "lc-progress 1 ", "lc-progress  1 2",
                            "lc-progress 1 2 3", "lc-progress -1 2", "lc-progress 3 2", "lc-progress x 2",
                            "worker: bad spec: lc-progress 1 2", "LC-PROGRESS 1 2", "lc-progress 1 99999999999999999999999"}) {
    EXPECT_FALSE(parse_progress_line(other)) << "'" << other << "'";
  }
}

TEST(FloodProgressInterval, WholeMillisecondsUpToTheBound) {
  EXPECT_EQ(parse_progress_interval("0"), std::chrono::milliseconds(0));
  EXPECT_EQ(parse_progress_interval("250"), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_progress_interval("60000"), std::chrono::milliseconds(kMaxProgressIntervalMs));
  for (const char* bad : {"", "-1", "60001", "1.5", "250ms", " 250", "x", "99999999999999999999999"}) {
    EXPECT_FALSE(parse_progress_interval(bad)) << "'" << bad << "'";
  }
}

TEST(FloodProgressPacing, IntervalZeroReportsEveryAttempt) {
  std::ostringstream out;
  FloodProgress progress(out, 0ms);
  for (std::size_t i = 1; i <= 3; ++i) progress.attempted(i, 3);
  EXPECT_EQ(out.str(), "lc-progress 1 3\nlc-progress 2 3\nlc-progress 3 3\n");
}

TEST(FloodProgressPacing, AShortFloodWritesNothing) {
  std::ostringstream out;
  FloodProgress progress(out, 60s);
  for (std::size_t i = 1; i <= 1000; ++i) progress.attempted(i, 1000);
  EXPECT_EQ(out.str(), "") << "the last attempt is reported only after an earlier report";
}

TEST(FloodProgressPacing, AfterTheIntervalOneLineThenTheLastAttempt) {
  std::ostringstream out;
  FloodProgress progress(out, 500ms);  // long enough that no pause of a busy machine reaches it
  progress.attempted(1, 5);
  progress.attempted(2, 5);
  std::this_thread::sleep_for(600ms);
  progress.attempted(3, 5);  // the interval has passed: a line
  progress.attempted(4, 5);  // too soon again
  progress.attempted(5, 5);  // the last, after a report: a line
  EXPECT_EQ(out.str(), "lc-progress 3 5\nlc-progress 5 5\n");
}

TEST(ProgressReader, TakesProgressOutOfPiecesCutAnywhere) {
  const std::string stderr_text =
      "lc-progress 100 300\nworker: a note\nlc-progress 200 300\nlc-progress 300 300\nlast words without newline";
  for (std::size_t cut = 1; cut <= stderr_text.size(); ++cut) {
    std::vector<FloodCount> counts;
    ProgressReader reader([&counts](FloodCount c) { counts.push_back(c); });
    for (std::size_t at = 0; at < stderr_text.size(); at += cut) reader.feed(std::string_view(stderr_text).substr(at, cut));
    ASSERT_EQ(counts, (std::vector<FloodCount>{{100, 300}, {200, 300}, {300, 300}})) << "pieces of " << cut;
    ASSERT_EQ(reader.diagnostics(), "worker: a note\nlast words without newline") << "pieces of " << cut;
  }
}

TEST(ProgressReader, AMalformedProgressLineIsKeptAsDiagnostics) {
  std::vector<FloodCount> counts;
  ProgressReader reader([&counts](FloodCount c) { counts.push_back(c); });
  reader.feed("lc-progress 5 4\nlc-progress 1 4\n");
  EXPECT_EQ(counts, (std::vector<FloodCount>{{1, 4}}));
  EXPECT_EQ(reader.diagnostics(), "lc-progress 5 4\n");
}

}  // namespace flood_progress_test
}  // namespace lc
