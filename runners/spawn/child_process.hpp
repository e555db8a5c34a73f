// SPDX-License-Identifier: Apache-2.0
// Running a child process with a deadline and capturing what it writes. The only place that
// knows Boost.Process, whose API differs across Boost versions (v1 up to 1.85's default, v2
// since): see child_process.cpp. The child leads a process group of its own, which is killed
// at the deadline, when the child exits (what it left behind) and when the runner cancels its
// children (process_group.hpp).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lc::spawn {

struct ChildResult {
  bool started = false;       // false: could not be spawned (start_error says why)
  std::string start_error;
  bool timed_out = false;     // overran the deadline and was killed
  bool cancelled = false;     // killed (or not started) because the runner cancelled its children
  bool signaled = false;      // ended by a signal (POSIX)
  int signal = 0;
  int exit_code = -1;         // when it exited normally
  std::string out;            // everything written to stdout
  std::string err;            // everything written to stderr
  double elapsed_ms = 0;
};

// Told of each piece of the child's stderr as it arrives (all of it is in ChildResult::err too),
// on the thread that called run_child().
using StderrHandler = std::function<void(std::string_view)>;

// Never throws for a child that cannot be started (start_error); a fork that fails for want of
// processes (EAGAIN) is retried a few times first, with bounded pauses.
ChildResult run_child(const std::string& executable, const std::vector<std::string>& args,
                      std::chrono::milliseconds deadline, const StderrHandler& on_stderr = {});

// now + deadline, saturating at the clock's end instead of overflowing: a deadline of
// 9223372036854775807 ms means "no deadline", not one already passed.
std::chrono::steady_clock::time_point deadline_after(std::chrono::steady_clock::time_point now,
                                                     std::chrono::milliseconds deadline);

// One argument as a Windows command line must spell it for the C runtime (CommandLineToArgvW
// rules) to split it back unchanged: quoted when it has blanks or quotes, '"' escaped, and
// backslashes doubled only where they precede a quote. run_child() builds the command line
// with it on Windows; it is pure text, so it is tested everywhere.
std::string quote_windows_argument(const std::string& arg);

// Absolute path of the running program, so that it can spawn itself as a worker.
std::string self_executable();

}  // namespace lc::spawn
