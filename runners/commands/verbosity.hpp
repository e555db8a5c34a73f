// SPDX-License-Identifier: Apache-2.0
// -q/--quiet and -v/--verbose: the same two flags on the subcommands (issue 16), one vocabulary
// for what they set. What each level shows is the subcommand's own; its help says so, and a
// subcommand offers only the levels that change something for it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace lc::commands {

enum class Verbosity { quiet, normal, verbose };

// Adds -q,--quiet (when `quiet_help` is not empty) and -v,--verbose (when `verbose_help` is not
// empty) to `cmd`, setting `level`, which must outlive the parse. Given both, they exclude each
// other.
inline void add_verbosity_flags(CLI::App& cmd, Verbosity& level, const std::string& quiet_help,
                                const std::string& verbose_help) {
  CLI::Option* quiet = nullptr;
  if (!quiet_help.empty()) quiet = cmd.add_flag_callback("-q,--quiet", [&level] { level = Verbosity::quiet; }, quiet_help);
  if (!verbose_help.empty()) {
    CLI::Option* verbose = cmd.add_flag_callback("-v,--verbose", [&level] { level = Verbosity::verbose; }, verbose_help);
    if (quiet) quiet->excludes(verbose);
  }
}

}  // namespace lc::commands
