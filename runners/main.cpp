// SPDX-License-Identifier: Apache-2.0
// listen-conformance: what does `backlog = N` actually do here?
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <vector>

#include "cli/bash_completion.hpp"
#include "cli/help_format.hpp"
#include "cli/suggest.hpp"
#include "cli/version_text.hpp"
#include "commands/commands.hpp"

namespace {

// The one place where whatever a subcommand did not handle ends: a message naming the command
// and exit 2 (bad input or error), never std::terminate and its SIGABRT. `run` has written
// what it measured before anything can reach here.
int run_guarded(const std::string& name, const lc::commands::Handler& handler) {
  try {
    return handler();
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance " << name << ": error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "listen-conformance " << name << ": error: an unknown exception\n";
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"listen-conformance: measures what listen(2) and its backlog do on this machine"};
  lc::cli::configure_help(app);  // before the subcommands: they inherit it
  app.require_subcommand(1);
  app.set_version_flag("--version", lc::cli::version_text, "Print the version, the commit and the expectation files, and exit");
  std::vector<std::pair<CLI::App*, lc::commands::Handler>> handlers;
  auto add = [&](lc::commands::Handler h) { handlers.emplace_back(app.get_subcommands({}).back(), std::move(h)); };
  add(lc::commands::add_probe_command(app));
  add(lc::commands::add_inspect_command(app));
  add(lc::commands::add_worker_command(app));
#if defined(LC_WITH_SUITE)
  add(lc::commands::add_run_command(app));
  add(lc::commands::add_validate_command(app));
  add(lc::commands::add_report_command(app));
  add(lc::commands::add_diff_command(app));
  add(lc::commands::add_merge_command(app));
  add(lc::commands::add_explain_command(app));
#if defined(__linux__)
  add(lc::commands::add_kernels_command(app));
#endif
#endif
  add(lc::cli::add_completion_command(app));
  if (const auto message = lc::cli::unknown_command_message(app, argc, argv)) {
    std::cerr << "listen-conformance: " << *message << "\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // bad command lines are bad input: exit 2
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance: error: " << e.what() << "\n";
    return 2;
  }
  for (auto& [sub, handler] : handlers) {
    if (sub->parsed()) return run_guarded(sub->get_name(), handler);
  }
  return 2;
}
