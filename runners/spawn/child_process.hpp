// Running a child process with a deadline and capturing what it writes. The only place that
// knows Boost.Process, whose API differs across Boost versions (v1 up to 1.85's default, v2
// since): see child_process.cpp.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lc::spawn {

struct ChildResult {
  bool started = false;       // false: could not be spawned (start_error says why)
  std::string start_error;
  bool timed_out = false;     // overran the deadline and was killed
  bool signaled = false;      // ended by a signal (POSIX)
  int signal = 0;
  int exit_code = -1;         // when it exited normally
  std::string out;            // everything written to stdout
  std::string err;            // everything written to stderr
  double elapsed_ms = 0;
};

ChildResult run_child(const std::string& executable, const std::vector<std::string>& args,
                      std::chrono::milliseconds deadline);

// One argument as a Windows command line must spell it for the C runtime (CommandLineToArgvW
// rules) to split it back unchanged: quoted when it has blanks or quotes, '"' escaped, and
// backslashes doubled only where they precede a quote. run_child() builds the command line
// with it on Windows; it is pure text, so it is tested everywhere.
std::string quote_windows_argument(const std::string& arg);

// Absolute path of the running program, so that it can spawn itself as a worker.
std::string self_executable();

}  // namespace lc::spawn
