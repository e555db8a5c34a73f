// SPDX-License-Identifier: Apache-2.0
#include "progress_display.hpp"

#include <algorithm>
#include <iomanip>

#include "report/escape.hpp"

namespace lc::console {
namespace {

constexpr const char* kEraseLine = "\r\033[K";  // carriage return, erase to the end of the line

// Ids and reasons come from the expectation file and the worker: on a terminal only with their
// control characters made visible (an ESC in an id cannot move the cursor or retitle it).
std::string tty(const std::string& text) { return report::escape::terminal(text); }

}  // namespace

std::string fit_to_width(const std::string& line, int columns) {
  auto starts_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  std::size_t chars = 0;
  for (char c : line) chars += starts_char(c);
  if (columns <= 0 || chars < static_cast<std::size_t>(columns)) return line;
  const std::size_t keep = columns > 4 ? static_cast<std::size_t>(columns) - 4 : 0;  // + "..." = columns - 1
  std::size_t seen = 0, at = 0;
  for (; at < line.size(); ++at) {
    if (starts_char(line[at]) && seen++ == keep) break;
  }
  return line.substr(0, at) + std::string("...").substr(0, static_cast<std::size_t>(std::max(0, columns - 1)) - keep);
}

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
