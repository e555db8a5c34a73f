// SPDX-License-Identifier: Apache-2.0
// `listen-conformance report RESULTS.json --format json|junit|md|html [--out FILE]`: re-renders a
// saved results file. Exit 0 written, 2 bad input (unreadable, not results JSON, bad format).
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "report/escape.hpp"
#include "report/report_writers.hpp"
#include "results/results.hpp"

namespace lc::commands {
namespace {

struct ReportOptions {
  std::string results;
  std::string format = "md";
  std::string out;
};

}  // namespace

int fail(const std::string& command, const std::string& message) {
  std::cerr << "listen-conformance " << command << ": " << report::escape::terminal(message) << "\n";
  return 2;
}

int emit(const std::string& command, const std::string& text, const std::string& out) {
  if (out.empty() || out == "-") {
    std::cout << text << std::flush;
    return std::cout ? 0 : 2;
  }
  try {
    vocabulary::write_file_atomically(out, text);
  } catch (const std::exception& e) {
    return fail(command, e.what());
  }
  return 0;
}

Handler add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand("report", "Re-render a saved results file as JSON, JUnit XML, Markdown or HTML");
  cmd->add_option("results", o->results, "A results.json written by `run`")->required();
  cmd->add_option("--format", o->format, "json, junit, md or html")
      ->check(CLI::IsMember({"json", "junit", "md", "markdown", "html"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out,
                  "Write here (atomically) instead of standard output; an existing FILE must be a regular file");
  auto verbosity = std::make_shared<Verbosity>(Verbosity::normal);
  add_verbosity_flags(*cmd, *verbosity, "",
                      "Also print on stderr what was written: where, the format and the number of case instances");
  return [o, verbosity]() {
    const auto format = report::format_from_string(o->format);
    if (!format) return fail("report", "unknown format '" + o->format + "'");
    results::RunResults run;
    try {
      run = results::load_results(o->results);
    } catch (const std::invalid_argument& e) {
      return fail("report", e.what());
    }
    const int status = emit("report", report::render(run, *format), o->out);
    if (status == 0 && *verbosity == Verbosity::verbose)
      std::cerr << "listen-conformance report: wrote " << (o->out.empty() ? std::string("standard output") : report::escape::terminal(o->out))
                << " (" << o->format << ", " << run.results.size() << " case instances)\n";
    return status;
  };
}

}  // namespace lc::commands
