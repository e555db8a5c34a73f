// `listen-conformance merge A.json B.json ... --out DIR`: one matrix across machines, written as
// DIR/matrix.md and DIR/matrix.html. Exit 0 written, 2 bad input.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "report/escape.hpp"
#include "report/merge.hpp"
#include "results/results.hpp"

namespace lc::commands {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  std::string out;
};

}  // namespace

Handler add_merge_command(CLI::App& app) {
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge results files of several machines into one matrix (Markdown and HTML)");
  cmd->add_option("results", o->files, "results.json files, one per machine")->required();
  cmd->add_option("--out", o->out, "Directory for matrix.md and matrix.html")->required();
  return [o]() {
    std::vector<report::MergeInput> inputs;
    for (const auto& f : o->files) {
      try {
        inputs.push_back({f, results::load_results(f)});
      } catch (const std::invalid_argument& e) {
        return fail("merge", e.what());
      }
    }
    try {
      for (const auto& p : report::write_matrix(inputs, o->out)) std::cout << "wrote " << report::escape::terminal(p.string()) << "\n";
    } catch (const std::exception& e) {
      return fail("merge", e.what());
    }
    return 0;
  };
}

}  // namespace lc::commands
