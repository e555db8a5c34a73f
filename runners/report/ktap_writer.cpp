// SPDX-License-Identifier: Apache-2.0
#include "ktap_writer.hpp"

#include "report_common.hpp"

namespace lc::report {
namespace {

// One line of KTAP text: control characters and line breaks become spaces; in a test name or a
// directive '#' becomes "No." since it would start a directive.
std::string one_line(const std::string& s, bool in_name) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += ' ';
    } else if (in_name && c == '#') {
      out += "No.";
    } else {
      out += c;
    }
  }
  return out;
}

void diagnostic(std::string& out, const std::string& text) { out += "# " + one_line(text, false) + "\n"; }

void finding_diagnostics(std::string& out, const judge::CaseResult& r) {
  diagnostic(out, r.id + ": " + r.summary);
  const auto shown = checks_to_show(r, false);
  for (const judge::Check* c : shown) diagnostic(out, check_line(*c));
  if (shown.empty()) diagnostic(out, r.reason);
  for (const auto& c : r.cite) diagnostic(out, "source: " + c.title + (c.url.empty() ? "" : " <" + c.url + ">"));
}

}  // namespace

std::string render_ktap(const results::RunResults& run) {
  std::string out = "KTAP version 1\n";
  diagnostic(out, "listen-conformance " + run.tool_version + ": " + machine_label(run) + ", " + expectations_name(run) +
                      " (sha256 " + run.expectations.sha256.substr(0, 12) + ")");
  out += "1.." + std::to_string(run.results.size()) + "\n";
  int n = 0;
  for (const auto& r : run.results) {
    const std::string name = one_line(r.id, true);
    const std::string number = std::to_string(++n);
    switch (r.label()) {
      case judge::VerdictLabel::conforms:
        out += "ok " + number + " " + name + "\n";
        break;
      case judge::VerdictLabel::skipped:
        out += "ok " + number + " " + name + " # SKIP " + one_line(r.reason, true) + "\n";
        break;
      case judge::VerdictLabel::drift:
        diagnostic(out, "documentation drift: the document says what this kernel does not do (not a kernel failure)");
        finding_diagnostics(out, r);
        out += "ok " + number + " " + name + "\n";
        break;
      case judge::VerdictLabel::deviates:
        finding_diagnostics(out, r);
        out += "not ok " + number + " " + name + "\n";
        break;
      case judge::VerdictLabel::error:
        diagnostic(out, r.id + ": error" + (r.error_kind ? " (" + to_string(*r.error_kind) + ")" : "") + ": " + r.reason);
        out += "not ok " + number + " " + name + "\n";
        break;
    }
  }
  diagnostic(out, "totals: " + summary_counts(run.summary));
  return out;
}

int kselftest_exit_status(const results::Summary& s) {
  if (s.error > 0 || s.deviates > 0) return 1;
  if (s.total == 0 || s.skipped == s.total) return 4;
  return 0;
}

}  // namespace lc::report
