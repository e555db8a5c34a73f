// SPDX-License-Identifier: Apache-2.0
// A mistyped subcommand (`prob`, `--bogus`): say what was not understood and which subcommand
// was probably meant, instead of CLI11's "A subcommand is required".
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace lc::cli {

// The subcommand of `app` (visible ones only) nearest to `word` by edit distance, when it is
// close enough to be a typo (at most a third of its length, at least 1, away) or `word` is a
// prefix of exactly one of them.
std::optional<std::string> nearest_subcommand(const CLI::App& app, const std::string& word);

// When argv's first argument is neither a subcommand nor a top-level option of `app`: the
// message to print ("unknown command 'prob'; did you mean 'probe'?" and the list of commands).
std::optional<std::string> unknown_command_message(const CLI::App& app, int argc, const char* const* argv);

}  // namespace lc::cli
