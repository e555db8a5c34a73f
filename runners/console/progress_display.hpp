// SPDX-License-Identifier: Apache-2.0
// What `run` shows while it runs: on a terminal, one progress line ("[12/240] id") redrawn in
// place on stderr; each case instance that does not conform, as it finishes, on stdout.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "console/fit_to_width.hpp"
#include "judge/verdict.hpp"

namespace lc::console {

class ProgressDisplay {
 public:
  // `terminal`: err is an interactive terminal (the progress line is drawn only there);
  // `quiet`: nothing but the final summary (no progress line, no per-instance lines).
  // `columns`: the terminal's width (0 unknown): the progress line is cut to columns - 1
  // characters, so that it never wraps (a wrapped line is not erased by the next redraw).
  // `every_result`: a line for every instance, the conforming ones too (else only the others).
  ProgressDisplay(std::ostream& out, std::ostream& err, bool terminal, bool quiet, int columns = 0,
                  bool every_result = false)
      : out_(out), err_(err), line_(terminal && !quiet), quiet_(quiet), every_result_(every_result), columns_(columns) {}

  // After each instance (the suite runner serialises the calls).
  void finished(std::size_t done, std::size_t total, const judge::CaseResult& r);

  // Erases the progress line, before anything else is printed.
  void clear();

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool line_;
  bool quiet_;
  bool every_result_;
  int columns_;
};

// "  deviates  id" and, for anything but conforms, the reason on the next line.
void print_result_line(std::ostream& out, const judge::CaseResult& r);

}  // namespace lc::console
