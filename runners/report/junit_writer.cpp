#include "junit_writer.hpp"

#include <cstdio>
#include <sstream>

#include <pugixml.hpp>

#include "report_common.hpp"
#include "xhtml.hpp"

namespace lc::report {
namespace {

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
  return buf;
}

using xhtml::add;
using xhtml::attr;

void property(pugi::xml_node props, const std::string& name, const std::string& value) {
  add(props, "property", {}, {{"name", name}, {"value", value}});
}

// The finding as plain text: the claim, the checks that did not hold, the sources.
std::string finding_text(const judge::CaseResult& r) {
  std::string out = "claim: " + r.summary + "\n";
  for (const judge::Check* c : checks_to_show(r, false)) out += check_line(*c) + "\n";
  if (r.checks.empty() || checks_to_show(r, false).empty()) out += r.reason + "\n";
  for (const auto& c : r.cite) {
    out += "source: " + c.title + (c.url.empty() ? "" : " <" + c.url + ">") + "\n";
    if (!c.quote.empty()) out += "  \"" + c.quote + "\"\n";
  }
  return out;
}

std::string checks_text(const judge::CaseResult& r) {
  std::string out;
  for (const auto& c : r.checks) out += "[" + to_string(c.status) + "] " + check_line(c) + "\n";
  return out;
}

}  // namespace

std::string render_junit(const results::RunResults& run) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node suites = doc.append_child("testsuites");
  const results::Summary& total = run.summary;
  attr(suites, "name", "listen-conformance " + machine_label(run));
  suites.append_attribute("tests") = total.total;
  suites.append_attribute("failures") = total.deviates;
  suites.append_attribute("errors") = total.error;
  // No `skipped` here: Jenkins xunit's junit-10.xsd has it on <testsuite> only (each suite says it).
  suites.append_attribute("time") = seconds(run.elapsed_ms).c_str();

  for (const auto& group : group_by_family(run.results)) {
    results::Summary family;  // counted as the run's summary is
    double ms = 0;
    for (const auto* r : group.results) {
      family.add(r->label());
      ms += r->elapsed_ms;
    }
    pugi::xml_node suite = suites.append_child("testsuite");
    // The machine in the suite's name: JUnit files of several machines merged into one
    // (junit-report-merger) keep their suites apart.
    attr(suite, "name", group.family + " (" + machine_label(run) + ")");
    suite.append_attribute("tests") = family.total;
    suite.append_attribute("failures") = family.deviates;
    suite.append_attribute("errors") = family.error;
    suite.append_attribute("skipped") = family.skipped;
    suite.append_attribute("time") = seconds(ms).c_str();
    attr(suite, "timestamp", run.started_at);
    pugi::xml_node props = suite.append_child("properties");
    property(props, "os", run.machine.os);
    property(props, "kernel_release", run.machine.kernel_release);
    property(props, "kernel_version", run.machine.kernel_version);
    property(props, "arch", run.machine.arch);
    property(props, "isolation", to_string(run.machine.isolation));
    property(props, "tool_version", run.tool_version);
    property(props, "expectations", run.expectations.path);
    property(props, "expectations_sha256", run.expectations.sha256);
    // A partial set (SIGINT/SIGTERM) says so in every format, so a CI job that only reads the
    // JUnit file does not take the missing instances for a complete run.
    if (run.interrupted) property(props, "interrupted", "true");
    // Documentation drift passes; junit-10.xsd allows no <properties> in a <testcase>, so the
    // suite names each drifting case (and the case's system-out starts with DOCUMENTATION DRIFT).
    for (const auto* r : group.results) {
      if (r->label() == judge::VerdictLabel::drift) property(props, "documentation_drift", name_in_family(r->id) + ": " + r->reason);
    }

    for (const auto* r : group.results) {
      pugi::xml_node tc = suite.append_child("testcase");
      attr(tc, "name", name_in_family(r->id));
      attr(tc, "classname", group.family);
      tc.append_attribute("time") = seconds(r->elapsed_ms).c_str();
      const judge::VerdictLabel label = r->label();
      switch (label) {
        case judge::VerdictLabel::deviates:
          add(tc, "failure", finding_text(*r), {{"message", r->reason}, {"type", "deviation"}});
          break;
        case judge::VerdictLabel::error:
          add(tc, "error", finding_text(*r), {{"message", r->reason}, {"type", r->error_kind ? to_string(*r->error_kind) : to_string(label)}});
          break;
        case judge::VerdictLabel::skipped:
          add(tc, "skipped", {}, {{"message", r->reason}});
          break;
        case judge::VerdictLabel::conforms:
        case judge::VerdictLabel::drift:  // documented above; not a failure of the run
          break;
      }
      if (label != judge::VerdictLabel::skipped) {
        std::string out = label == judge::VerdictLabel::drift ? "DOCUMENTATION DRIFT\n" + finding_text(*r) + "\n" : std::string();
        out += checks_text(*r);
        if (!out.empty()) add(tc, "system-out", out);
      }
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace lc::report
