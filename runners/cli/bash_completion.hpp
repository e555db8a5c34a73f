// SPDX-License-Identifier: Apache-2.0
// The bash completion script of listen-conformance, made from the CLI11 app itself (its
// subcommands and their options), so that it cannot fall behind the command line. The build
// writes it with `listen-conformance completion bash` (cmake/ManPage.cmake); it is installed to
// <datadir>/bash-completion/completions/listen-conformance.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace lc::cli {

std::string bash_completion_script(const CLI::App& app);

// Registers `completion bash` (hidden from --help); the handler prints the script of `app`.
std::function<int()> add_completion_command(CLI::App& app);

}  // namespace lc::cli
