// SPDX-License-Identifier: Apache-2.0
// `listen-conformance merge [--label NAME=FILE ...] [A.json ...] [--format pages|json] --out DIR`:
// one matrix across machines, rows aligned by question instance, written as DIR/matrix.md and
// DIR/matrix.html, or for machines as JSON (DIR/matrix.json, or standard output without --out).
// Every input is called results.json: --label names its column. Exit 0 written, 2 bad input.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "report/escape.hpp"
#include "report/merge.hpp"
#include "results/results.hpp"

namespace lc::commands {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::vector<std::string> labelled;  // NAME=FILE
  std::string out;
  std::string format = "pages";
  Verbosity verbosity = Verbosity::normal;
};

}  // namespace

Handler add_merge_command(CLI::App& app) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge results files of several machines into one matrix (Markdown and HTML, or JSON)");
  cmd->add_option("results", o->files, "results.json files, one per machine (columns named after the machine)");
  cmd->add_option("--label", o->labelled, "NAME=FILE: a results file whose column is called NAME (repeatable; these come first)");
  cmd->add_option("--format", o->format, "pages: matrix.md and matrix.html; json: matrix.json (standard output without --out)")
      ->check(CLI::IsMember({"pages", "json"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Directory for matrix.md and matrix.html (or matrix.json); required for pages");
  add_verbosity_flags(*cmd, o->verbosity, "Print no 'wrote FILE' lines",
                      "Also print each column: its name, file, machine and number of case instances");
  return [o]() {
    std::vector<report::MergeInput> inputs;
    for (const auto& l : o->labelled) {
      const auto eq = l.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == l.size()) return fail("merge", "--label expects NAME=FILE, got '" + l + "'");
      try {
        inputs.push_back({l.substr(eq + 1), results::load_results(l.substr(eq + 1)), l.substr(0, eq)});
      } catch (const std::invalid_argument& e) {
        return fail("merge", e.what());
      }
    }
    if (inputs.empty() && o->files.empty()) return fail("merge", "no results files (give FILE or --label NAME=FILE)");
    const bool json = o->format == "json";
    if (o->out.empty() && !json) return fail("merge", "--out DIR is required (or --format json, to standard output)");
    for (const auto& f : o->files) {
      try {
        inputs.push_back({f, results::load_results(f)});
      } catch (const std::invalid_argument& e) {
        return fail("merge", e.what());
      }
    }
    if (o->verbosity == Verbosity::verbose) {
      for (const auto& in : inputs)
        std::cerr << "listen-conformance merge: column " << report::escape::terminal(in.label.empty() ? in.source : in.label) << ": "
                  << report::escape::terminal(in.source) << ", " << report::escape::terminal(in.run.machine.os + " " + in.run.machine.kernel_release) << ", "
                  << in.run.results.size() << " case instances\n";
    }
    if (o->out.empty()) return emit("merge", report::render_matrix_json(inputs), "");
    try {
      for (const auto& p : report::write_matrix(inputs, o->out, json ? report::MatrixFormat::json : report::MatrixFormat::pages))
        if (o->verbosity != Verbosity::quiet) std::cout << "wrote " << report::escape::terminal(p.string()) << "\n";
    } catch (const std::exception& e) {
      return fail("merge", e.what());
    }
    return 0;
  };
}

}  // namespace lc::commands
