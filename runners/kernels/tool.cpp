// SPDX-License-Identifier: Apache-2.0
#include "tool.hpp"

#include <cstdlib>
#include <sstream>

#include "lc/vocabulary/bounded_read.hpp"

namespace lc::kernels {

std::string last_lines(const std::string& text, std::size_t n) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  std::string out;
  for (std::size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

std::string run_tool(const std::string& program, const std::vector<std::string>& args, std::chrono::milliseconds deadline) {
  std::string where = program.find('/') == std::string::npos ? find_program(program) : program;
  std::string command = program;
  for (const auto& a : args) command += " " + a;
  if (where.empty()) throw ToolError(command + ": " + program + " is not installed (not on PATH)");
  const spawn::ChildResult r = spawn::run_child(where, args, deadline);
  if (!r.started) throw ToolError(command + ": cannot start: " + r.start_error);
  if (r.timed_out) throw ToolError(command + ": no answer within " + std::to_string(deadline.count() / 1000) + " s");
  if (r.signaled) throw ToolError(command + ": killed by signal " + std::to_string(r.signal));
  if (r.exit_code != 0) {
    throw ToolError(command + ": exit " + std::to_string(r.exit_code) + ": " + last_lines(r.err.empty() ? r.out : r.err, 3));
  }
  return r.out;
}

std::string run_tool_in(const std::filesystem::path& dir, const std::string& program, const std::vector<std::string>& args,
                        std::chrono::milliseconds deadline) {
  std::vector<std::string> all = {"-C", dir.string(), program};
  all.insert(all.end(), args.begin(), args.end());
  return run_tool("env", all, deadline);
}

std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');) {
    if (d.empty()) continue;
    const std::filesystem::path p = std::filesystem::path(d) / program;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

std::string read_text(const std::filesystem::path& path) {
  try {
    return vocabulary::read_bounded_file(path.string(), std::size_t{64} << 20);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace lc::kernels
