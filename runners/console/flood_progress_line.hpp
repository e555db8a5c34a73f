// SPDX-License-Identifier: Apache-2.0
// What `probe` shows while a flood runs, on a terminal only: one line redrawn in place on stderr,
// "flooding: 23456 of 70000 attempts (33 %)", from the worker's progress (lc/flood_progress.hpp),
// erased before the measurement is printed.
#pragma once

#include <ostream>

#include "lc/flood_progress.hpp"

namespace lc::console {

class FloodProgressLine {
 public:
  // `columns`: the terminal's width (0 unknown): the line is cut to fit (fit_to_width).
  FloodProgressLine(std::ostream& err, int columns) : err_(err), columns_(columns) {}

  void show(FloodCount count);
  void clear();  // erases the line, if one was drawn

 private:
  std::ostream& err_;
  int columns_;
  bool drawn_ = false;
};

}  // namespace lc::console
