#include "markdown_writer.hpp"

#include "markdown.hpp"
#include "report_common.hpp"

namespace lc::report {
namespace {

bool shown_in_table(const judge::Check& c) {
  if (check_failed(c)) return true;
  if (c.status == judge::CheckStatus::unobservable) return false;
  using vocabulary::ExpectKey;
  return !vocabulary::check_item(c.name, ExpectKey::counters) && c.name != vocabulary::check_name(ExpectKey::listen);
}

void finding(std::string& out, const judge::CaseResult& r, bool quotes) {
  out += "**" + md::code(r.id) + "** — " + md::text(r.summary) + "\n\n";
  const auto shown = checks_to_show(r, false);
  for (const judge::Check* c : shown) {
    out += "- " + md::text(c->name) + ": expected " + md::text(expected_text(*c)) + ", observed **" +
           md::text(c->observed) + "**\n";
  }
  if (shown.empty()) out += "- " + md::text(r.reason) + "\n";
  for (const auto& c : r.cite) {
    out += "- Source" + (c.evidence.empty() ? std::string() : " [" + c.evidence + "]") + ": " + md::link(c.title, c.url) + "\n";
    if (quotes && !c.quote.empty()) out += "  > " + md::text(c.quote) + "\n";
  }
  out += "\n";
}

}  // namespace

std::string verdict_badge(judge::VerdictLabel label) {
  switch (label) {
    case judge::VerdictLabel::conforms: return "✅ conforms";
    case judge::VerdictLabel::deviates: return "❌ deviates";
    case judge::VerdictLabel::drift: return "📄 drift";
    case judge::VerdictLabel::skipped: return "⏭️ skipped";
    case judge::VerdictLabel::error: return "💥 error";
  }
  return to_string(label);
}

std::string render_markdown(const results::RunResults& run) {
  using judge::VerdictLabel;
  const results::Summary& s = run.summary;
  std::string out = "## listen-conformance · " + md::text(machine_label(run)) + "\n\n";
  out += "**" + std::to_string(s.conforms) + " conform, " + std::to_string(s.deviates) + " deviate, " +
         std::to_string(s.drift) + " documentation drift, " + std::to_string(s.skipped) + " skipped, " +
         plural(s.error, "error", "errors") + "** of " + std::to_string(s.total) + " case instances" +
         (run.interrupted ? " — **interrupted**: only the instances that finished are listed" : "") + "\n\n";
  out += md::table({"Verdict", "Count"},
                   {{verdict_badge(VerdictLabel::conforms), std::to_string(s.conforms)},
                    {verdict_badge(VerdictLabel::deviates), std::to_string(s.deviates)},
                    {"📄 documentation drift", std::to_string(s.drift)},
                    {verdict_badge(VerdictLabel::skipped), std::to_string(s.skipped)},
                    {verdict_badge(VerdictLabel::error), std::to_string(s.error)},
                    {"total", std::to_string(s.total)}},
                   {false, true});
  out += "\nKernel " + md::code(run.machine.kernel_release) +
         (run.machine.kernel_version.empty() ? "" : " (" + md::text(run.machine.kernel_version) + ")") + ", " +
         md::text(run.machine.arch) + ", isolation " + md::code(to_string(run.machine.isolation)) + " · expectations " +
         md::code(expectations_name(run)) + " (sha256 " + md::code(run.expectations.sha256.substr(0, 12)) +
         ") · listen-conformance " + md::text(run.tool_version) + " · " + md::text(format_duration(run.elapsed_ms)) +
         " with -j" + std::to_string(run.jobs) + (run.filter.empty() ? "" : " · filter " + md::code(run.filter)) +
         " · started " + md::text(run.started_at) + "\n\n";

  auto section = [&](const char* title, auto pick, bool quotes) {
    int n = 0;
    for (const auto& r : run.results) n += pick(r);
    if (n == 0) return;
    out += std::string("### ") + title + " (" + std::to_string(n) + ")\n\n";
    for (const auto& r : run.results) {
      if (pick(r)) finding(out, r, quotes);
    }
  };
  section("❌ Deviations", [](const judge::CaseResult& r) { return r.label() == VerdictLabel::deviates; }, false);
  section("📄 Documentation drift", [](const judge::CaseResult& r) { return r.label() == VerdictLabel::drift; }, true);
  section("💥 Errors", [](const judge::CaseResult& r) { return r.label() == VerdictLabel::error; }, false);

  out += "### Results by family\n\n";
  for (const auto& group : group_by_family(run.results)) {
    out += "#### " + md::text(group.family) + " (" + std::to_string(group.results.size()) + ")\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto* r : group.results) {
      std::string expected, observed;
      for (const auto& c : r->checks) {
        if (!shown_in_table(c)) continue;
        expected += (expected.empty() ? "" : "\n") + c.name + ": " + expected_text(c);
        observed += (observed.empty() ? "" : "\n") + c.name + ": " + c.observed;
      }
      const bool show_reason = r->verdict != judge::Verdict::conforms;
      rows.push_back({md::code(name_in_family(r->id), true), verdict_badge(r->label()), md::cell(expected),
                      md::cell(observed), md::cell(show_reason ? r->reason : ""), md::text(format_duration(r->elapsed_ms))});
    }
    out += md::table({"Case instance", "Verdict", "Expected", "Observed", "Reason", "Time"}, rows,
                     {false, false, false, false, false, true});
    out += "\n";
  }
  return out;
}

}  // namespace lc::report
