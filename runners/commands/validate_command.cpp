// SPDX-License-Identifier: Apache-2.0
// `listen-conformance validate FILE...`: checks expectation files without running anything.
#include <exception>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "expect/excerpt.hpp"
#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "report/escape.hpp"

namespace lc::commands {

Handler add_validate_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto verbosity = std::make_shared<Verbosity>(Verbosity::normal);
  CLI::App* cmd = app.add_subcommand("validate", "Check expectation files (answers, formulas, citations) and the questions catalogue without running them");
  cmd->add_option("files", *files, "Expectation files")->required();
  add_verbosity_flags(*cmd, *verbosity, "Print only the problems (no line for a valid file; the exit status tells)",
                      "Also list each expectation file's case instances");
  return [files, verbosity]() {
    const bool quiet = *verbosity == Verbosity::quiet;
    int status = 0;
    for (const auto& path : *files) {
      try {
        if (expect::is_catalogue(path)) {
          const std::size_t questions = expect::check_catalogue(path);
          if (!quiet) std::cout << path << ": ok (catalogue, " << questions << " questions)\n";
          continue;
        }
        const auto file = expect::load_expectations(path);
        // Expansion finds problems that only show per instance (flood sizes). It is done as if
        // on the file's own platform, so that every instance is checked.
        expect::PlatformFacts as_target{file.platform, "", "", "", expect::KernelVersion{99, 0, 0}};
        const auto instances = expect::plan_instances(file, as_target);
        if (!quiet)
          std::cout << path << ": ok (" << file.platform << ", " << file.cases.size() << " cases, " << instances.size()
                    << " case instances, " << file.sources.size() << " sources)\n";
        if (*verbosity == Verbosity::verbose)
          for (const auto& instance : instances) std::cout << "  " << report::escape::terminal(instance.id) << "\n";
      } catch (const expect::LoadError& e) {
        for (const auto& p : e.problems) std::cerr << p << "\n";
        status = 2;
      } catch (const std::exception& e) {
        // The loader turns what it anticipates into positioned problems; anything else is still
        // bad input in this file, not an abort that would hide the files after it.
        std::cerr << path << ":0:0: " << expect::excerpt(e.what()) << "\n";
        status = 2;
      }
    }
    return status;
  };
}

}  // namespace lc::commands
