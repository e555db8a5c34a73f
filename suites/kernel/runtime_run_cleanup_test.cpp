// SPDX-License-Identifier: Apache-2.0
// After a full `listen-conformance run --runtimes` nothing of the runtimes is left (issue 14): no
// driver process (every driver runs with its private directory /tmp/lc-driver-XXXXXX on its
// command line), no private directory, and so no socket file (a driver's unix sockets live in its
// private directory).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

std::set<std::string> driver_directories() {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    if (e.path().filename().string().rfind("lc-driver-", 0) == 0) out.insert(e.path().string());
  }
  return out;
}

// Processes whose command line names a driver's private directory.
std::set<std::string> driver_processes() {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    std::ifstream f(e.path() / "cmdline", std::ios::binary);
    std::string cmd((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (char& c : cmd) c = c == '\0' ? ' ' : c;
    if (cmd.find("/lc-driver-") != std::string::npos) out.insert(e.path().filename().string() + ": " + cmd);
  }
  return out;
}

TEST(RuntimeRunCleanup, AFullRunWithRuntimesLeavesNoProcessDirectoryOrSocketFile) {
  const std::set<std::string> dirs_before = driver_directories();
  ASSERT_TRUE(driver_processes().empty()) << "a driver is running before the test";
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
  int runtimes = 0, measured = 0;
  for (const auto& r : j.at("results")) {
    if (!r.contains("runtime")) continue;
    ++runtimes;
    if (!r["runtime"]["kept_backlog"].is_null()) ++measured;
  }
  EXPECT_GT(runtimes, 0) << "run --runtimes ran no runtime answer:\n" << text.str();
  EXPECT_TRUE(driver_processes().empty()) << "driver processes are left after " << measured << " measurements";
  EXPECT_EQ(driver_directories(), dirs_before) << "a /tmp/lc-driver-* directory is left";
  std::error_code ec;
  fs::remove_all(report, ec);
  fs::remove(report.string() + ".out", ec);
}

}  // namespace
