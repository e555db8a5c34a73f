// SPDX-License-Identifier: Apache-2.0
// `run`'s progress line never exceeds the terminal's width (issue 16): a line that wraps cannot be
// erased in place, and the next redraw piles up below it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "console/progress_display.hpp"

namespace lc::console {
namespace {

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(FitToWidth, CutsToOneLessThanTheColumnsAndMarksTheCut) {
  const std::string line = "[12/240] syn-queue/max-syn-backlog-without-cookies[net.ipv4.tcp_max_syn_backlog=8]";
  EXPECT_EQ(fit_to_width(line, 0), line) << "unknown width: as is";
  EXPECT_EQ(fit_to_width(line, 200), line) << "fits";
  EXPECT_EQ(fit_to_width("abcd", 5), "abcd");
  EXPECT_EQ(fit_to_width("abcde", 5), "a...");
  for (int columns : {1, 2, 4, 5, 20, 40, 80}) {
    const std::string cut = fit_to_width(line, columns);
    EXPECT_EQ(characters(cut), static_cast<std::size_t>(columns - 1)) << columns << ": " << cut;
  }
}

TEST(FitToWidth, NeverCutsAUtf8CharacterInHalf) {
  const std::string line = "[1/2] caf\xC3\xA9-\xC3\xA9-\xC3\xA9-\xC3\xA9-\xC3\xA9";  // é is two bytes
  for (int columns = 1; columns < 20; ++columns) {
    const std::string cut = fit_to_width(line, columns);
    ASSERT_FALSE(!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) << columns << ": " << cut;
    EXPECT_LE(characters(cut), static_cast<std::size_t>(columns)) << columns;
  }
}

TEST(ProgressDisplay, TheLineOnATerminalFitsItsWidth) {
  std::ostringstream out, err;
  ProgressDisplay progress(out, err, /*terminal=*/true, /*quiet=*/false, /*columns=*/30);
  judge::CaseResult r;
  r.id = "syn-queue/max-syn-backlog-without-cookies[net.ipv4.tcp_max_syn_backlog=8]";
  r.verdict = judge::Verdict::conforms;
  progress.finished(1, 240, r);
  const std::string drawn = err.str();
  const std::string erase = "\r\033[K";
  ASSERT_EQ(drawn.rfind(erase), 0u) << drawn;
  EXPECT_EQ(drawn.substr(erase.size()), "[1/240] syn-queue/max-syn-...");
  EXPECT_EQ(characters(drawn.substr(erase.size())), 29u);
}

}  // namespace
}  // namespace lc::console
