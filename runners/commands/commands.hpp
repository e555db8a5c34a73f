// SPDX-License-Identifier: Apache-2.0
// Each subcommand of `listen-conformance` registers itself on the CLI11 app. Handlers return
// the process exit code: 0 success, 1 a finding (deviation), 2 bad input or error.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace lc::commands {

using Handler = std::function<int()>;

// Each add_* returns the handler to run when its subcommand was parsed.
Handler add_worker_command(CLI::App& app);
Handler add_probe_command(CLI::App& app);
Handler add_inspect_command(CLI::App& app);

// Available when built with the suite (yaml-cpp, muparser): LC_WITH_SUITE.
Handler add_run_command(CLI::App& app);
Handler add_validate_command(CLI::App& app);
Handler add_report_command(CLI::App& app);
Handler add_diff_command(CLI::App& app);
Handler add_merge_command(CLI::App& app);
Handler add_explain_command(CLI::App& app);
// Linux hosts (qemu for the guests): the suite under several kernels.
Handler add_kernels_command(CLI::App& app);

// Writes `text` to standard output, or atomically to `out` when set
// (lc::vocabulary::write_file_atomically: an existing `out` that is not a regular file is
// refused); 0 or 2 (with a message naming `command`).
int emit(const std::string& command, const std::string& text, const std::string& out);
// Prints "listen-conformance COMMAND: MESSAGE" on stderr, control characters made visible
// (messages quote the files they reject); returns 2.
int fail(const std::string& command, const std::string& message);

}  // namespace lc::commands
