// SPDX-License-Identifier: Apache-2.0
// Runs the real `listen-conformance` program as a user would, optionally under a wrapper that
// takes something away from it and its worker (setpriv: capabilities; prlimit: descriptors),
// for the tests of hostile environments. The test process itself changes nothing.
#pragma once

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spawn/child_process.hpp"

namespace lc::testing {

// The program's path from PATH (and the sbin directories a non-login PATH may lack), if any.
inline std::optional<std::string> find_program(const std::string& name) {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin:/usr/bin:/bin";
  std::istringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

struct CommandRun {
  spawn::ChildResult child;
  std::optional<nlohmann::json> observation;  // stdout parsed, when it is JSON (`probe --json`)
};

// `wrapper... listen-conformance args...`; the wrapper's first word is a path (find_program).
inline CommandRun run_program(const std::vector<std::string>& wrapper, const std::vector<std::string>& args) {
  std::vector<std::string> all(wrapper.begin(), wrapper.end());
  all.push_back(LC_BINARY);
  all.insert(all.end(), args.begin(), args.end());
  const std::string exe = all.front();
  all.erase(all.begin());
  CommandRun run;
  run.child = spawn::run_child(exe, all, std::chrono::seconds(60));
  if (auto j = nlohmann::json::parse(run.child.out, nullptr, false); !j.is_discarded()) run.observation = std::move(j);
  return run;
}

// Whether a process without capabilities may create a user namespace here (else the worker
// stays where it started, which is a correct outcome of its own: the callers skip).
inline std::optional<std::string> unprivileged_user_namespaces_unavailable() {
  const auto read_int = [](const char* path) -> std::optional<long> {
    FILE* f = std::fopen(path, "r");
    if (f == nullptr) return std::nullopt;
    long v = 0;
    const bool ok = std::fscanf(f, "%ld", &v) == 1;
    std::fclose(f);
    return ok ? std::optional<long>(v) : std::nullopt;
  };
  if (read_int("/proc/sys/user/max_user_namespaces") == 0L) return "user.max_user_namespaces is 0";
  if (read_int("/proc/sys/kernel/unprivileged_userns_clone") == 0L) return "kernel.unprivileged_userns_clone is 0";
  // And whether one can be made at all: in a chroot unshare(CLONE_NEWUSER) fails with EPERM
  // whatever the capabilities (user_namespaces(7)), as in ci/fresh-debian-check.sh's roots.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : errno == EPERM ? 1 : 2);
  int status = 0;
  if (child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) != 0)
    return WEXITSTATUS(status) == 1 ? "unshare(CLONE_NEWUSER) fails here with EPERM (a chroot?)" : "unshare(CLONE_NEWUSER) fails here";
  return std::nullopt;
}

}  // namespace lc::testing
