// SPDX-License-Identifier: Apache-2.0
#include "progress_display.hpp"

#include <algorithm>
#include <iomanip>

#include "report/escape.hpp"

namespace lc::console {
namespace {

// Ids and reasons come from the expectation file and the worker: on a terminal only with their
// control characters made visible (an ESC in an id cannot move the cursor or retitle it).
std::string tty(const std::string& text) { return report::escape::terminal(text); }

}  // namespace

void ProgressDisplay::finished(std::size_t done, std::size_t total, const judge::CaseResult& r) {
  if (line_) {
    err_ << kEraseLine << fit_to_width("[" + std::to_string(done) + "/" + std::to_string(total) + "] " + tty(r.id), columns_)
         << std::flush;
  }
  if (!quiet_ && (every_result_ || r.verdict != judge::Verdict::conforms)) {
    if (line_) err_ << kEraseLine;
    print_result_line(out_, r);
  }
}

void ProgressDisplay::clear() {
  if (line_) err_ << kEraseLine << std::flush;
}

void print_result_line(std::ostream& out, const judge::CaseResult& r) {
  out << "  " << std::left << std::setw(9) << to_string(r.label()) << " " << tty(r.id);
  if (r.verdict != judge::Verdict::conforms) out << "\n            " << tty(r.reason);
  out << "\n";
}

}  // namespace lc::console
