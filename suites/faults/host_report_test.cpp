// SPDX-License-Identifier: Apache-2.0
// The machine facts and host sysctls a run records come from a worker (`worker --host-report`),
// not from the runner reading the kernel itself: a copy of the program with a stand-in lean
// worker beside it records what that worker reported; when no worker can report, the run says
// so and goes on with the facts unknown (its instances are then errors, its reports written).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "fault_helpers.hpp"
#include "spawn/child_process.hpp"

namespace lc {
namespace {

using namespace faults;

// A copy of the program in `dir` with a shell script as the lean worker beside it, which is
// the worker the program asks for the host's facts.
fs::path program_with_worker(const fs::path& dir, const std::string& worker_script) {
  fs::copy_file(LC_BINARY, dir / "listen-conformance", fs::copy_options::overwrite_existing);
  const fs::path worker = dir / "listen-conformance-worker";
  std::ofstream(worker) << "#!/bin/sh\n" << worker_script;
  fs::permissions(worker, fs::perms::owner_all, fs::perm_options::add);
  return dir / "listen-conformance";
}

spawn::ChildResult run_real_case(const fs::path& program, const fs::path& report_dir) {
  return spawn::run_child(program.string(),
                          {"run", "--expectations", LC_FAULTS_DIR "/faults.yaml", "--filter", "fault/real", "--report-dir",
                           report_dir.string()},
                          std::chrono::seconds(60));
}

TEST(HostReport, ARunRecordsTheFactsAndSysctlsItsWorkerReported) {
  const fs::path dir = fresh_dir("host-report");
  const fs::path program = program_with_worker(
      dir,
      "if [ \"$1 $2\" = 'worker --host-report' ]; then\n"
      "  echo '{\"format\":\"listen-conformance/host\",\"version\":1,\"os\":\"linux\",\"kernel\":\"9.9.9-reported\","
      "\"build\":\"\",\"arch\":\"reported-arch\",\"sysctls\":{\"net.core.somaxconn\":\"12345\"}}'\n"
      "  exit 0\n"
      "fi\n"
      "exec '" LC_WORKER_BINARY "' \"$@\"\n");
  const auto r = run_real_case(program, dir / "out");
  ASSERT_TRUE(r.started) << r.start_error;
  ASSERT_TRUE(fs::exists(dir / "out" / "results.json")) << r.out << r.err;
  const auto machine = nlohmann::json::parse(read_text(dir / "out" / "results.json"))["machine"];
  EXPECT_EQ(machine["kernel_release"], "9.9.9-reported") << r.err;
  EXPECT_EQ(machine["kernel_version"], "9.9.9");
  EXPECT_EQ(machine["arch"], "reported-arch");
  EXPECT_EQ(machine["sysctls_at_start"], nlohmann::json({{"net.core.somaxconn", "12345"}}));
}

TEST(HostReport, WithNoWorkerToReportTheFactsAreUnknownAndTheRunGoesOn) {
  const fs::path dir = fresh_dir("host-report-fails");
  const fs::path program = program_with_worker(dir, "echo 'cannot tell the host' >&2\nexit 3\n");
  const auto r = run_real_case(program, dir / "out");
  ASSERT_TRUE(r.started) << r.start_error;
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("a worker could not report the host's facts (crashed): worker exited with status 3; stderr: "
                       "cannot tell the host; planning for "),
            std::string::npos)
      << r.err;
  ASSERT_TRUE(fs::exists(dir / "out" / "results.json")) << r.err;
  const auto results = nlohmann::json::parse(read_text(dir / "out" / "results.json"));
  EXPECT_EQ(results["machine"]["kernel_release"], "");
  EXPECT_EQ(results["machine"]["sysctls_at_start"], nlohmann::json::object());
  ASSERT_EQ(results["results"].size(), 1u);
  EXPECT_EQ(results["results"][0]["verdict"], "error") << "the stand-in worker measures nothing either";
}

}  // namespace
}  // namespace lc
