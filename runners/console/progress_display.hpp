// SPDX-License-Identifier: Apache-2.0
// What `run` shows while it runs: on a terminal, one progress line ("[12/240] id") redrawn in
// place on stderr; each case instance that does not conform, as it finishes, on stdout.
#pragma once

#include <cstddef>
#include <ostream>

#include "judge/verdict.hpp"

namespace lc::console {

class ProgressDisplay {
 public:
  // `terminal`: err is an interactive terminal (the progress line is drawn only there);
  // `quiet`: nothing but the final summary (no progress line, no per-instance lines).
  ProgressDisplay(std::ostream& out, std::ostream& err, bool terminal, bool quiet)
      : out_(out), err_(err), line_(terminal && !quiet), quiet_(quiet) {}

  // After each instance (the suite runner serialises the calls).
  void finished(std::size_t done, std::size_t total, const judge::CaseResult& r);

  // Erases the progress line, before anything else is printed.
  void clear();

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool line_;
  bool quiet_;
};

// "  deviates  id" and, for anything but conforms, the reason on the next line.
void print_result_line(std::ostream& out, const judge::CaseResult& r);

}  // namespace lc::console
