// SPDX-License-Identifier: Apache-2.0
#include "html_writer.hpp"

#include "answer.hpp"
#include "report_common.hpp"
#include "svg_chart.hpp"
#include "xhtml.hpp"

namespace lc::report {

using xhtml::add;

using judge::VerdictLabel;

// The CSS class of a verdict label: v-conforms, v-deviates, v-drift, v-skipped, v-error (xhtml.cpp).
std::string verdict_class(VerdictLabel label) { return "v-" + to_string(label); }

void append_verdict(pugi::xml_node parent, VerdictLabel label) {
  add(parent, "span", label == VerdictLabel::drift ? "documentation drift" : to_string(label), {{"class", verdict_class(label)}});
}

void append_finding(pugi::xml_node parent, const judge::CaseResult& r) {
  const VerdictLabel label = r.label();
  const bool marked = label == VerdictLabel::drift || label == VerdictLabel::error;
  pugi::xml_node box = add(parent, "div", {}, {{"class", marked ? "finding " + to_string(label) : "finding"}, {"id", "finding-" + r.id}});
  pugi::xml_node h = add(box, "h3");
  add(h, "span", r.id, {{"class", "id"}});
  xhtml::text(h, " ");
  append_verdict(h, label);
  add(box, "p", r.summary);
  pugi::xml_node ul = add(box, "ul");
  const auto shown = checks_to_show(r, false);
  for (const judge::Check* c : shown) {
    pugi::xml_node li = add(ul, "li");
    add(li, "code", c->name);
    xhtml::text(li, ": expected " + expected_text(*c) + ", observed ");
    add(li, "strong", c->observed);
  }
  if (shown.empty()) add(ul, "li", r.reason);
  for (const auto& c : r.cite) {
    // The evidence level, where the file states it: the reader sees which claims are read in
    // code, documented, reported or only inferred.
    pugi::xml_node li = add(ul, "li", c.evidence.empty() ? "Source: " : "Source [" + c.evidence + "]: ");
    xhtml::link_or_text(li, c.url, c.title);
    if (!c.quote.empty()) add(li, "blockquote", c.quote);
  }
}

namespace {

void facts_table(pugi::xml_node parent, const results::RunResults& run) {
  pugi::xml_node t = add(parent, "table", {}, {{"class", "facts"}});
  auto row = [&](const std::string& k, const std::string& v) {
    pugi::xml_node tr = add(t, "tr");
    add(tr, "th", k);
    add(tr, "td", v);
  };
  row("OS", run.machine.os);
  row("Kernel", run.machine.kernel_release + (run.machine.kernel_version.empty() ? "" : " (" + run.machine.kernel_version + ")"));
  if (!run.machine.kernel_build.empty()) row("Kernel build", run.machine.kernel_build);
  row("Architecture", run.machine.arch);
  row("Isolation", to_string(run.machine.isolation));
  row("Expectations", run.expectations.path + (run.expectations.title.empty() ? "" : " — " + run.expectations.title));
  row("Expectations sha256", run.expectations.sha256);
  row("Tool", "listen-conformance " + run.tool_version);
  row("Started", run.started_at + " (" + format_duration(run.elapsed_ms) + " with -j" + std::to_string(run.jobs) + ")");
  if (!run.filter.empty()) row("Filter", run.filter);
  if (run.interrupted) row("Interrupted", "yes: only the instances that finished are listed");
  for (const auto& [k, v] : run.machine.sysctls_at_start) row(k + " (host, at start)", v);
}

void totals(pugi::xml_node parent, const results::Summary& s) {
  pugi::xml_node p = add(parent, "p", {}, {{"class", "totals"}});
  add(p, "span", std::to_string(s.conforms) + " conform", {{"class", verdict_class(VerdictLabel::conforms)}});
  add(p, "span", std::to_string(s.deviates) + " deviate", {{"class", verdict_class(VerdictLabel::deviates)}});
  add(p, "span", std::to_string(s.drift) + " documentation drift", {{"class", verdict_class(VerdictLabel::drift)}});
  add(p, "span", std::to_string(s.skipped) + " skipped", {{"class", verdict_class(VerdictLabel::skipped)}});
  add(p, "span", plural(s.error, "error", "errors"), {{"class", verdict_class(VerdictLabel::error)}});
  xhtml::text(p, "of " + std::to_string(s.total) + " case instances");
}

void capacity_section(pugi::xml_node body, const results::RunResults& run) {
  add(body, "h2", "Accept-queue capacity", {{"id", "capacity"}});
  const auto points = capacity_points(run);
  if (points.empty()) {
    add(body, "p", "No capacity case instance with numeric expected and observed values in these results.", {{"class", "muted"}});
    return;
  }
  add(body, "p",
      "Connections the kernel held for accept() against the backlog passed to listen(), for the cases tagged "
      "capacity or accept-queue. Solid line and dots: observed; dashed line: the value the expectation's formula "
      "gives for the same setup. Ringed dots are documentation drift (amber) or deviations (red). Dotted vertical "
      "lines: the backlog clamp (somaxconn) in force, where capacity levels off. Both axes are log2(1 + n).",
      {{"class", "muted"}});
  ChartOptions chart{"Accepted connections by requested backlog"};
  chart.legend_beside = true;  // as tall as its plot however many series: the first screen holds it
  chart.clamps = capacity_clamps(points);
  append_chart(body, capacity_series(points), chart);
}

void overflow_section(pugi::xml_node body, const results::RunResults& run) {
  add(body, "h2", "Overflow outcomes", {{"id", "overflow"}});
  add(body, "p",
      "What each attempt of a flood got: accepted, established but never queued (the client stalls), reset, refused "
      "(RST to the SYN) or no answer (the SYN was dropped). Attempts are listed as runs in order.",
      {{"class", "muted"}});
  pugi::xml_node t = add(add(body, "div", {}, {{"class", "scroll"}}), "table", {}, {{"class", "overflow"}});
  pugi::xml_node hr = add(t, "tr");
  for (const char* h : {"Case instance", "backlog", "attempts", "accepted", "established_unaccepted", "reset", "refused",
                        "no_answer", "attempts in order", "overflow check", "verdict"}) {
    xhtml::breakable_text(add(hr, "th"), h, "", "_");
  }
  for (const auto& row : overflow_rows(run)) {
    const judge::CaseResult& r = *row.result;
    pugi::xml_node tr = add(t, "tr", {}, {{"class", "row-" + to_string(r.label())}});
    // Wraps before its parameters: at 1280 px the whole table, verdict column included, is in view.
    xhtml::breakable_text(add(tr, "td", {}, {{"class", "id"}}), r.id, "[", ",");
    add(tr, "td", std::to_string(r.spec.backlog) + (r.spec.relisten ? " → " + std::to_string(r.spec.relisten->backlog) : ""),
        {{"class", "num"}});
    for (int n : {row.connections, row.accepted, row.established_unaccepted, row.reset, row.refused, row.no_answer}) {
      add(tr, "td", std::to_string(n), {{"class", "num"}});
    }
    add(tr, "td", row.attempts);
    // The overflow check: "as expected", or what was expected when it failed.
    if (!row.overflow_pass) {
      add(tr, "td", "—", {{"class", "muted"}});
    } else if (*row.overflow_pass) {
      add(tr, "td", "as expected", {{"title", row.expected_overflow}});
    } else {
      add(tr, "td", "expected " + row.expected_overflow, {{"class", verdict_class(VerdictLabel::deviates)}});
    }
    append_verdict(add(tr, "td"), r.label());
  }
}

void results_section(pugi::xml_node body, const results::RunResults& run) {
  add(body, "h2", "All results by family", {{"id", "results"}});
  for (const auto& group : group_by_family(run.results)) {
    add(body, "h3", group.family + " (" + std::to_string(group.results.size()) + ")", {{"id", "family-" + group.family}});
    pugi::xml_node t = add(add(body, "div", {}, {{"class", "scroll"}}), "table", {}, {{"class", "results"}});
    pugi::xml_node hr = add(t, "tr");
    for (const char* h : {"Case instance", "Verdict", "Checks (expected → observed)", "Reason", "Time"}) add(hr, "th", h);
    for (const auto* r : group.results) {
      const VerdictLabel label = r->label();
      pugi::xml_node tr = add(t, "tr", {}, {{"class", "row-" + to_string(label)}, {"id", "result-" + r->id}});
      add(tr, "td", name_in_family(r->id), {{"class", "id"}});
      append_verdict(add(tr, "td"), label);
      pugi::xml_node checks = add(tr, "td");
      if (!r->checks.empty()) {
        pugi::xml_node ul = add(checks, "ul", {}, {{"style", "margin:0;padding-left:1.1em"}});
        for (const auto& c : r->checks) {
          pugi::xml_node li = add(ul, "li");
          if (check_failed(c)) {
            li.append_attribute("class") = verdict_class(label == VerdictLabel::drift ? label : VerdictLabel::deviates).c_str();
          } else if (c.status == judge::CheckStatus::unobservable) {
            li.append_attribute("class") = "muted";
          }
          add(li, "code", c.name);
          xhtml::text(li, ": " + expected_text(c) + " → " + c.observed);
        }
      }
      add(tr, "td", r->verdict == judge::Verdict::conforms ? "" : r->reason);
      add(tr, "td", format_duration(r->elapsed_ms), {{"class", "num"}});
    }
  }
}

}  // namespace

std::string render_html(const results::RunResults& run) {
  xhtml::Page page;
  const std::string title = "listen-conformance: " + machine_label(run);
  xhtml::start_page(page, title, xhtml::base_css());
  pugi::xml_node body = page.body;
  add(body, "h1", title);
  // The first screen answers the question: the sentence from the observations, the counts, the
  // chart; the machine facts and the findings follow.
  add(body, "p", answer_sentence(run), {{"class", "answer"}, {"id", "answer"}});
  totals(body, run.summary);
  capacity_section(body, run);
  add(body, "h2", "Machine", {{"id", "machine"}});
  facts_table(body, run);

  auto findings = [&](const char* heading, const char* id, const char* intro, auto pick) {
    int n = 0;
    for (const auto& r : run.results) n += pick(r);
    if (n == 0) return;
    add(body, "h2", std::string(heading) + " (" + std::to_string(n) + ")", {{"id", id}});
    add(body, "p", intro, {{"class", "muted"}});
    for (const auto& r : run.results) {
      if (pick(r)) append_finding(body, r);
    }
  };
  findings("Documentation drift", "drift",
           "Documented claims that this kernel contradicts: the documentation, not the kernel, is out of date.",
           [](const judge::CaseResult& r) { return r.label() == VerdictLabel::drift; });
  findings("Deviations", "deviations", "Behaviour that differs from the expectation file's documented rule.",
           [](const judge::CaseResult& r) { return r.label() == VerdictLabel::deviates; });
  findings("Errors", "errors", "Case instances that could not be measured.",
           [](const judge::CaseResult& r) { return r.label() == VerdictLabel::error; });

  overflow_section(body, run);
  results_section(body, run);
  add(body, "p", "Generated by listen-conformance " + run.tool_version + " from results format " +
                     std::string(results::kResultsFormat) + " version " + std::to_string(results::kResultsVersion) + ".",
      {{"class", "muted"}});
  return xhtml::serialize(page);
}

}  // namespace lc::report
