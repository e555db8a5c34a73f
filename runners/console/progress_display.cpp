// SPDX-License-Identifier: Apache-2.0
#include "progress_display.hpp"

#include <iomanip>

#include "report/escape.hpp"

namespace lc::console {
namespace {

constexpr const char* kEraseLine = "\r\033[K";  // carriage return, erase to the end of the line

// Ids and reasons come from the expectation file and the worker: on a terminal only with their
// control characters made visible (an ESC in an id cannot move the cursor or retitle it).
std::string tty(const std::string& text) { return report::escape::terminal(text); }

}  // namespace

void ProgressDisplay::finished(std::size_t done, std::size_t total, const judge::CaseResult& r) {
  if (line_) err_ << kEraseLine << "[" << done << "/" << total << "] " << tty(r.id) << std::flush;
  if (!quiet_ && r.verdict != judge::Verdict::conforms) {
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
