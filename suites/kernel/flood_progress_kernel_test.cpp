// SPDX-License-Identifier: Apache-2.0
// The flood's progress from a real worker (issue 16; lc/flood_progress.hpp): asked for, a line per
// report on stderr, which the worker client hands on and keeps out of the diagnostics; not asked
// for, nothing. Both worker programs, TCP and AF_UNIX floods. The floods stay within the accept
// queue (every attempt accepted), so no attempt waits out a timeout where there is no namespace.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "lc/observation_json.hpp"
#include "spawn/child_process.hpp"
#include "support/kernel_probe.hpp"

namespace lc {
namespace flood_progress_kernel_test {

using namespace std::chrono_literals;

std::size_t lines_starting(const std::string& text, const std::string& prefix) {
  std::size_t n = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto nl = text.find('\n', at);
    n += text.compare(at, prefix.size(), prefix) == 0;
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return n;
}

struct Watched {
  worker::WorkerRun run;
  std::vector<FloodCount> counts;
};

Watched watched(const ProbeSpec& spec, const char* program) {
  Watched w;
  worker::ProgressWatch progress{0ms, [&w](FloodCount c) { w.counts.push_back(c); }};
  w.run = worker::run_worker(spec, worker::default_deadline(spec), program, progress);
  return w;
}

void expect_every_attempt_counted(const Watched& w, std::size_t attempts) {
  ASSERT_TRUE(w.run.observation.has_value()) << w.run.error_kind << ": " << w.run.error;
  if (w.run.observation->failure && w.run.observation->failure->kind == FailureKind::cannot_isolate) GTEST_SKIP() << w.run.observation->failure->message;
  ASSERT_FALSE(w.run.observation->failure.has_value()) << w.run.observation->failure->message;
  EXPECT_EQ(w.run.observation->accepted(), static_cast<int>(attempts));
  ASSERT_EQ(w.counts.size(), attempts) << "with --progress 0 the worker reports after every attempt";
  for (std::size_t i = 0; i < attempts; ++i) {
    ASSERT_EQ(w.counts[i], (FloodCount{i + 1, attempts})) << "report " << i;
  }
}

TEST(FloodProgressWorker, TheLeanWorkerReportsEveryAttemptOfATcpFlood) {
  expect_every_attempt_counted(watched(testing::flood_spec(400, 300), LC_WORKER_BINARY), 300);
}

TEST(FloodProgressWorker, TheFullProgramReportsEveryAttemptOfATcpFlood) {
  expect_every_attempt_counted(watched(testing::flood_spec(400, 300), LC_BINARY), 300);
}

TEST(FloodProgressWorker, AnAfUnixFloodIsReportedToo) {
  ProbeSpec s = testing::flood_spec(400, 300);
  s.family = Family::unix_stream;
  expect_every_attempt_counted(watched(s, LC_WORKER_BINARY), 300);
}

// The protocol as the worker speaks it, without the worker client: progress lines only when
// asked, and nothing else changes (stdout is the same observation).
TEST(FloodProgressWorker, NotAskedTheWorkerWritesNoProgress) {
  const ProbeSpec s = testing::flood_spec(400, 200);
  const std::string spec_json = to_json(s).dump();
  const auto quiet = spawn::run_child(LC_WORKER_BINARY, {"worker", "--spec", spec_json}, worker::default_deadline(s));
  const auto asked = spawn::run_child(LC_WORKER_BINARY, {"worker", "--spec", spec_json, "--progress", "0"}, worker::default_deadline(s));
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  ASSERT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_EQ(lines_starting(quiet.err, "lc-progress "), 0u) << quiet.err;
  EXPECT_EQ(lines_starting(asked.err, "lc-progress "), 200u);
  EXPECT_EQ(observation_from_json(nlohmann::json::parse(asked.out)).attempts.size(), 200u);
}

TEST(FloodProgressWorker, ABadIntervalIsRefusedByBothPrograms) {
  const std::string spec_json = to_json(testing::flood_spec(1, 1)).dump();
  for (const char* program : {LC_WORKER_BINARY, LC_BINARY}) {
    // A good interval is taken: what is refused below is the value, not the option.
    const auto good = spawn::run_child(program, {"worker", "--spec", spec_json, "--progress", "60000"}, 10s);
    EXPECT_EQ(good.exit_code, 0) << program << ": " << good.err;
    for (const char* bad : {"-1", "x", "60001", ""}) {
      const auto child = spawn::run_child(program, {"worker", "--spec", spec_json, "--progress", bad}, 10s);
      EXPECT_EQ(child.exit_code, 2) << program << " --progress '" << bad << "': " << child.err;
      EXPECT_TRUE(child.out.empty()) << program << " measured anyway";
    }
  }
}

// `probe` as a person runs it, on a terminal (script(1) gives it a pseudo-terminal): a flood of
// 60,000 attempts takes seconds, and the line follows it to the end, then is erased before the
// table. The same probe into a pipe draws nothing.
const char* const kLongProbe[] = {"probe", "--backlog", "65535", "--connections", "60000", "--sysctl", "net.core.somaxconn=65535",
                                  "--require-isolation"};

TEST(FloodProgressProbe, OnATerminalALineFollowsTheFlood) {
  const std::filesystem::path script = "/usr/bin/script";  // util-linux: essential on Debian
  if (!std::filesystem::exists(script)) GTEST_SKIP() << "no script(1) to give the probe a terminal";
  std::string command = LC_BINARY;
  for (const char* arg : kLongProbe) command += std::string(" ") + arg;
  // (script(1) gives up on a closed stdin, which is how run_child starts a child: /dev/null.)
  const auto child = spawn::run_child("/bin/sh", {"-c", "exec " + script.string() + " -qec \"$0\" /dev/null < /dev/null", command}, 120s);
  if (child.out.find("cannot isolate") != std::string::npos) GTEST_SKIP() << child.out;
  ASSERT_EQ(child.exit_code, 0) << child.out << child.err;
  EXPECT_NE(child.out.find("\r\033[Kflooding: "), std::string::npos) << child.out.substr(0, 400);
  const auto last = child.out.find("flooding: 60000 of 60000 attempts (100 %), reading back");
  ASSERT_NE(last, std::string::npos) << child.out.substr(0, 400);
  const auto table = child.out.find("listen-conformance probe: backlog 65535, 60000 connections");
  ASSERT_NE(table, std::string::npos) << child.out.substr(0, 400);
  EXPECT_LT(last, table);
  EXPECT_EQ(child.out.substr(table - 4, 4), "\r\033[K") << "the line is erased before the table";
}

TEST(FloodProgressProbe, IntoAPipeNothingIsDrawn) {
  std::vector<std::string> args(std::begin(kLongProbe), std::end(kLongProbe));
  const auto child = spawn::run_child(LC_BINARY, args, 120s);
  // (Without a namespace the probe says so in its table, on stdout.)
  if ((child.out + child.err).find("cannot isolate") != std::string::npos) GTEST_SKIP() << child.out << child.err;
  ASSERT_EQ(child.exit_code, 0) << child.err;
  EXPECT_EQ(child.err.find("flooding"), std::string::npos) << child.err;
  EXPECT_NE(child.out.find("accepted                          60000"), std::string::npos) << child.out;
}

}  // namespace flood_progress_kernel_test
}  // namespace lc
