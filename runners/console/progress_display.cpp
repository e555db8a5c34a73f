#include "progress_display.hpp"

#include <iomanip>

namespace lc::console {
namespace {

constexpr const char* kEraseLine = "\r\033[K";  // carriage return, erase to the end of the line

}  // namespace

void ProgressDisplay::finished(std::size_t done, std::size_t total, const judge::CaseResult& r) {
  if (line_) err_ << kEraseLine << "[" << done << "/" << total << "] " << r.id << std::flush;
  if (!quiet_ && r.verdict != judge::Verdict::conforms) {
    if (line_) err_ << kEraseLine;
    print_result_line(out_, r);
  }
}

void ProgressDisplay::clear() {
  if (line_) err_ << kEraseLine << std::flush;
}

void print_result_line(std::ostream& out, const judge::CaseResult& r) {
  out << "  " << std::left << std::setw(9) << judge::to_string(r.verdict) << " " << r.id;
  if (r.verdict != judge::Verdict::conforms) out << "\n            " << r.reason;
  out << "\n";
}

}  // namespace lc::console
