// SPDX-License-Identifier: Apache-2.0
// The external programs the kernels command drives (apt-get, apt-cache, dpkg-deb, qemu, ...),
// run through lc::spawn::run_child with a deadline: never through a shell.
#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "spawn/child_process.hpp"

namespace lc::kernels {

// A tool that could not be started, overran its deadline or failed; what() names the command and
// ends with the last lines of its standard error.
struct ToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs `program args...`; returns its standard output. Throws ToolError unless it exits 0.
std::string run_tool(const std::string& program, const std::vector<std::string>& args,
                     std::chrono::milliseconds deadline = std::chrono::minutes(5));

// The same in `dir` (coreutils `env -C DIR`: run_child has no working directory).
std::string run_tool_in(const std::filesystem::path& dir, const std::string& program, const std::vector<std::string>& args,
                        std::chrono::milliseconds deadline = std::chrono::minutes(5));

// The full path of `program` on PATH, or "" when there is none.
std::string find_program(const std::string& program);

// The last `n` non-empty lines of a text.
std::string last_lines(const std::string& text, std::size_t n);

// The file's contents, up to 64 MiB ("" when it cannot be read): logs and files the program wrote.
std::string read_text(const std::filesystem::path& path);

}  // namespace lc::kernels
