// SPDX-License-Identifier: Apache-2.0
// After a full `listen-conformance run --runtimes` nothing of the runtimes is left (issue 14): no
// driver process (every driver runs with its private directory /tmp/lc-driver-XXXXXX on its
// command line), no private directory, and so no socket file (a driver's sockets and files live
// in its private directory).
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

// Processes whose command line names one of `dirs` (every driver gets its private directory on
// its command line).
std::vector<std::string> processes_naming(const std::set<std::string>& dirs) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    std::ifstream f(e.path() / "cmdline", std::ios::binary);
    std::string cmd((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (char& c : cmd) c = c == '\0' ? ' ' : c;
    for (const auto& d : dirs) {
      if (cmd.find(d) != std::string::npos) out.push_back(e.path().filename().string() + ": " + cmd);
    }
  }
  return out;
}

// What the run's own drivers left, from what results.json says of each: its process (group
// leader) and private directory. Other runs on the machine (parallel ctest, other checkouts)
// have drivers of their own, so nothing else is looked at.
TEST(RuntimeRunCleanup, AFullRunWithRuntimesLeavesNoProcessDirectoryOrSocketFile) {
  const fs::path report = fs::temp_directory_path() / ("lc-runtime-cleanup-" + std::to_string(::getpid()));
  const std::string cmd = std::string(LC_BINARY) + " run --runtimes -j2 -q --report-dir " + report.string() + " > " +
                          (report.string() + ".out") + " 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream out(report.string() + ".out");
  std::stringstream text;
  text << out.rdbuf();
  EXPECT_NE(status, -1);
  std::ifstream results(report / "results.json");
  ASSERT_TRUE(results) << "no results.json:\n" << text.str();
  const auto j = nlohmann::json::parse(results);
  // Where no network namespace can be made, no driver may start (it would measure the host):
  // every case is skipped as `cannot_isolate`, and there is nothing to clean up.
  const auto& all = j.at("results");
  if (!all.empty() && std::all_of(all.begin(), all.end(), [](const nlohmann::json& r) {
        return r.value("verdict", "") == "skipped" && r.value("error_kind", "") == "cannot_isolate";
      })) {
    fs::remove_all(report);
    GTEST_SKIP() << "no network namespace here: every runtime case was skipped (cannot isolate)";
  }
  std::set<std::string> dirs;
  int runtimes = 0;
  for (const auto& r : j.at("results")) {
    if (!r.contains("runtime")) continue;
    ++runtimes;
    const auto& rt = r["runtime"];
    if (rt["driver_pid"].get<long>() <= 0) continue;  // not installed: nothing was started
    const std::string dir = rt["private_directory"].get<std::string>();
    // The private directory is made under $TMPDIR, else /dev/shm, else /tmp (driver_process.hpp).
    const fs::path parent = fs::path(dir).parent_path();
    EXPECT_EQ(fs::path(dir).filename().string().rfind("lc-driver-", 0), 0u) << dir;
    EXPECT_TRUE(parent == fs::temp_directory_path() || parent == "/dev/shm" || parent == "/tmp") << dir;
    dirs.insert(dir);
    const pid_t pid = static_cast<pid_t>(rt["driver_pid"].get<long>());
    EXPECT_TRUE(::kill(pid, 0) == -1 && errno == ESRCH) << r["id"] << ": the driver (pid " << pid << ") is still alive";
    EXPECT_FALSE(fs::exists(dir)) << r["id"] << ": " << dir << " is left (its sockets with it)";
  }
  EXPECT_GT(runtimes, 0) << "run --runtimes ran no runtime answer:\n" << text.str();
  EXPECT_FALSE(dirs.empty()) << "no driver was started: is any runtime installed?";
  EXPECT_EQ(processes_naming(dirs), std::vector<std::string>{}) << "processes of the run's drivers are left";
  std::error_code ec;
  fs::remove_all(report, ec);
  fs::remove(report.string() + ".out", ec);
}

}  // namespace
