// SPDX-License-Identifier: Apache-2.0
// What the fault tests share: fresh directories, the runner started in the background (stdout
// and stderr to files, extra environment), and waits that are bounded only so that a runner
// that hangs fails the test instead of stalling ctest; no assertion depends on how long anything
// took.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lc::faults {

namespace fs = std::filesystem;

inline fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("lc-faults-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `LC_BINARY run ARGS...` in the background, stdout and stderr to files in `dir`, with `env`
// ("NAME=VALUE") added to the environment.
struct Background {
  pid_t pid = -1;
  fs::path out, err;
};

inline Background start_run(const std::vector<std::string>& args, const fs::path& dir,
                            const std::vector<std::string>& env = {}) {
  Background b{-1, dir / "stdout", dir / "stderr"};
  std::vector<std::string> argv_text{LC_BINARY, "run"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = env;
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string out = b.out.string(), err = b.err.string();
  b.pid = ::fork();
  if (b.pid == 0) {
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) ::_exit(126);
    ::execve(LC_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  return b;
}

// The status of `pid` once it has ended, or nothing when it is still running after `bound`
// (then the test fails: the bound only keeps a hang from stalling ctest).
inline std::optional<int> wait_exit(pid_t pid, std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 || std::chrono::steady_clock::now() > give_up) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Waits until `n` pid files (lc_fault_worker's LC_FAULT_PID_DIR) are in `dir`; their pids.
inline std::vector<pid_t> wait_for_pid_files(const fs::path& dir, std::size_t n, std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  std::vector<pid_t> pids;
  while (std::chrono::steady_clock::now() < give_up) {
    pids.clear();
    for (const auto& f : fs::directory_iterator(dir)) {
      if (!read_text(f.path()).empty()) pids.push_back(static_cast<pid_t>(std::stol(f.path().filename().string())));
    }
    if (pids.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pids;
}

// Whether `pid` is still a live process (a zombie is not).
inline bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z' && text[paren + 2] != 'X';
}

}  // namespace lc::faults

namespace lc::faults {

// Waits (bounded, as above) until `pid` is no longer a live process; whether it is gone.
inline bool wait_until_gone(pid_t pid, std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  while (alive(pid)) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace lc::faults
