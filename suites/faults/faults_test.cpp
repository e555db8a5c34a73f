// SPDX-License-Identifier: Apache-2.0
// Faults of the run, each with a test: a worker SIGKILLed mid-case, hung, writing garbage or
// bytes that are not UTF-8, or failing; a report directory that cannot be written; expectation files missing, empty or huge;
// a directory where a file is expected. The run goes on, reports are complete, exit statuses
// are as documented (0/1/2). Interrupts: interrupt_test.cpp; the process limit:
// process_limit_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "fault_helpers.hpp"
#include "results/results.hpp"
#include "spawn/child_process.hpp"

namespace lc {
namespace {

using namespace faults;

spawn::ChildResult run(std::vector<std::string> args) {
  args.insert(args.begin(), "run");
  return spawn::run_child(LC_BINARY, args, std::chrono::seconds(60));
}

judge::CaseResult find(const results::RunResults& r, const std::string& id) {
  for (const auto& c : r.results) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no result for " << id;
  return {};
}

TEST(Faults, CrashedHungAndGarbageWorkersAreErrorsAndTheRunGoesOn) {
  const fs::path out = fresh_dir("workers");
  const auto r = run({"--expectations", LC_FAULTS_DIR "/faults.yaml", "--worker", LC_FAULT_WORKER, "--worker-deadline-ms", "1500",
                      "-j", "2", "--report-dir", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  const auto results = results::load_results(out / "results.json");
  ASSERT_EQ(results.results.size(), 6u);
  const auto killed = find(results, "fault/killed");
  EXPECT_EQ(killed.verdict, judge::Verdict::error);
  EXPECT_EQ(killed.error_kind, judge::ErrorKind::crashed);
  EXPECT_NE(killed.reason.find("signal 9"), std::string::npos) << killed.reason;
  const auto hung = find(results, "fault/hang");
  EXPECT_EQ(hung.verdict, judge::Verdict::error);
  EXPECT_EQ(hung.error_kind, judge::ErrorKind::hung);
  EXPECT_EQ(find(results, "fault/garbage").error_kind, judge::ErrorKind::malformed_output);
  const auto failed = find(results, "fault/exit-status");
  EXPECT_EQ(failed.error_kind, judge::ErrorKind::crashed);
  EXPECT_NE(failed.reason.find("simulated failure"), std::string::npos) << failed.reason;
  // The worker's ESC reaches the console only made visible, never raw.
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  // Written into results.json (which cannot hold invalid UTF-8: writing it threw and the whole
  // run was lost), the bytes replaced by U+FFFD.
  const auto bytes = find(results, "fault/not-utf8");
  EXPECT_EQ(bytes.error_kind, judge::ErrorKind::malformed_output);
  EXPECT_NE(bytes.reason.find("fault worker: \xef\xbf\xbd"), std::string::npos) << bytes.reason;
  EXPECT_EQ(find(results, "fault/real").verdict, judge::Verdict::conforms);
  EXPECT_EQ(results.summary.error, 5);
  EXPECT_FALSE(results.interrupted);
}

// A report directory that cannot be written is bad input, refused before any worker measures
// (issue 16): nothing is measured that could then be lost. A directory that fails only when the
// reports are written falls back to a temporary directory (report_writers.cpp).
TEST(Faults, AnUnwritableReportDirectoryIsRefusedBeforeAnythingIsMeasured) {
  const fs::path base = fresh_dir("unwritable");
  std::ofstream(base / "a-file") << "not a directory";
  const auto r = run({"--expectations", LC_FAULTS_DIR "/faults.yaml", "--filter", "fault/real", "--report-dir", (base / "a-file" / "sub").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write reports to " + (base / "a-file" / "sub").string()), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("the reports were written to "), std::string::npos) << "nothing was measured: " << r.err;
  EXPECT_EQ(r.out.find("conforms"), std::string::npos) << "no instance ran: " << r.out;
}

TEST(Faults, MissingEmptyAndHugeExpectationFilesAreBadInput) {
  const fs::path dir = fresh_dir("files");
  auto r = run({"--expectations", (dir / "missing.yaml").string(), "--report-dir", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.yaml:0:0: cannot open: No such file or directory"), std::string::npos) << r.err;

  std::ofstream(dir / "empty.yaml") << "";
  r = run({"--expectations", (dir / "empty.yaml").string(), "--report-dir", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty.yaml:1:1: empty expectation file"), std::string::npos) << r.err;

  {
    std::ofstream huge(dir / "huge.yaml");
    const std::string line = "# " + std::string(1022, 'x') + "\n";
    for (int i = 0; i < 5 * 1024; ++i) huge << line;  // 5 MiB
  }
  const auto started = std::chrono::steady_clock::now();
  r = run({"--expectations", (dir / "huge.yaml").string(), "--report-dir", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("huge.yaml:0:0: larger than 4194304 bytes"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing is written for bad input";
}

TEST(Faults, MeasureVersionSkippedMeasuresButKeepsTheSkip) {
  const fs::path dir = fresh_dir("version-skipped");
  const std::string yaml = LC_FAULTS_DIR "/version-skipped.yaml";
  auto r = run({"--expectations", yaml, "-q", "--report-dir", (dir / "plain").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = run({"--expectations", yaml, "-q", "--measure-version-skipped", "--report-dir", (dir / "measured").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;  // skipped instances never fail a run
  const auto plain = results::load_results(dir / "plain" / "results.json");
  const auto measured = results::load_results(dir / "measured" / "results.json");

  const auto unmeasured = find(plain, "version/outside-would-deviate");
  EXPECT_EQ(unmeasured.verdict, judge::Verdict::skipped);
  EXPECT_FALSE(unmeasured.observation.has_value());
  EXPECT_TRUE(unmeasured.checks.empty());

  const auto deviate = find(measured, "version/outside-would-deviate");
  EXPECT_EQ(deviate.verdict, judge::Verdict::skipped);
  ASSERT_TRUE(deviate.observation.has_value());
  EXPECT_EQ(deviate.observation->accepted(), 6);
  EXPECT_FALSE(deviate.checks.empty());
  EXPECT_EQ(deviate.reason.rfind(unmeasured.reason + " (measured anyway: would deviate: accepted expected 5, observed 6", 0), 0u)
      << deviate.reason;
  const auto conform = find(measured, "version/outside-would-conform");
  EXPECT_EQ(conform.verdict, judge::Verdict::skipped);
  EXPECT_NE(conform.reason.find("(measured anyway: would conform)"), std::string::npos) << conform.reason;
  EXPECT_EQ(find(measured, "version/inside").verdict, judge::Verdict::conforms);
  EXPECT_EQ(measured.summary.skipped, 2);

  // diff: measured on one side only is a difference of the measurement, not of every field.
  const auto d = spawn::run_child(LC_BINARY, {"diff", (dir / "plain" / "results.json").string(),
                                              (dir / "measured" / "results.json").string(), "--format", "json"},
                                  std::chrono::seconds(30));
  ASSERT_EQ(d.exit_code, 1) << d.out << d.err;
  const auto j = nlohmann::json::parse(d.out);
  ASSERT_EQ(j["summary"]["changed"], 2) << d.out;
  for (const auto& c : j["instances"]) {
    ASSERT_EQ(c["fields"].size(), 1u) << c.dump();
    EXPECT_EQ(c["fields"][0]["field"], "observation");
    EXPECT_EQ(c["fields"][0]["new"], "measured");
  }
}

TEST(Faults, AMatrixThatExplodesIsRejected) {
  const fs::path dir = fresh_dir("matrix");
  std::ofstream f(dir / "m.yaml");
  f << "schema: 1\nplatform: linux\nsources: {s: x}\ncases:\n  - id: m/x\n    summary: x\n    cite: s\n    setup:\n";
  for (const char* axis : {"backlog", "settle_ms", "source_addresses"}) {
    f << "      " << axis << ": [";
    for (int i = 1; i <= 100; ++i) f << i << (i < 100 ? ", " : "]\n");
  }
  f << "    expect: {listen: ok}\n";
  f.close();
  const auto r = spawn::run_child(LC_BINARY, {"validate", (dir / "m.yaml").string()}, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expands to 1000000 case instances"), std::string::npos) << r.err;
}

// A directory where a file is expected is bad input: exit 2 with a message, never an abort
// (whatever a subcommand throws ends at main()'s boundary).
TEST(Faults, ADirectoryWhereAFileIsExpectedIsBadInput) {
  const fs::path dir = fresh_dir("directory-as-file");
  const std::string d = dir.string();
  const std::vector<std::vector<std::string>> commands = {
      {"validate", d}, {"run", "--expectations", d, "--report-dir", (dir / "out").string()},
      {"report", d},   {"report", d, "--format", "html", "--out", (dir / "page.html").string()},
      {"diff", d, d},  {"merge", d, d, "--out", (dir / "matrix").string()}};
  for (const auto& args : commands) {
    const auto r = spawn::run_child(LC_BINARY, args, std::chrono::seconds(30));
    EXPECT_FALSE(r.signaled) << args[0] << " ended by signal " << r.signal << ": " << r.err;
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(args[0] == "validate" || args[0] == "run" ? d : "listen-conformance " + args[0] + ": "),
              std::string::npos)
        << r.err;
  }
}

// The console, results.json and the Markdown summary give the same counts, and a deviating
// documentation claim is counted as drift in each, apart from the behaviour deviations (the
// console once said `deviates 2` where the pages said `1 deviate, 1 drift`).
TEST(Faults, EveryViewPrintsTheStoredSummary) {
  const fs::path dir = fresh_dir("summary");
  std::ofstream(dir / "s.yaml")
      << "schema: 1\nplatform: linux\nsources: {s: x}\ncases:\n"
         "  - {id: s/conforms, summary: x, cite: s, setup: {backlog: 1}, expect: {listen: ok}}\n"
         "  - {id: s/deviates, summary: x, cite: s, setup: {backlog: 1}, expect: {listen: EINVAL}}\n"
         "  - {id: s/drift, summary: x, cite: s, kind: documentation, setup: {backlog: 1}, expect: {listen: EINVAL}}\n";
  const auto r = run({"--expectations", (dir / "s.yaml").string(), "--report-dir", (dir / "out").string()});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // the behaviour deviation fails the run
  const auto results = results::load_results(dir / "out" / "results.json");
  const results::Summary& s = results.summary;
  EXPECT_EQ(s, results::summarise(results.results));
  EXPECT_EQ(s.conforms, 1);
  EXPECT_EQ(s.deviates, 1);
  EXPECT_EQ(s.drift, 1);
  for (const auto label : vocabulary::all<judge::VerdictLabel>()) {
    const std::string line = vocabulary::to_string(label) + std::string(10 - vocabulary::name(label).size(), ' ') +
                             std::to_string(s.count(label)) + "\n";
    EXPECT_NE(r.out.find(line), std::string::npos) << "console lacks '" << line << "':\n" << r.out;
  }
  std::ifstream md(dir / "out" / "summary.md");
  const std::string summary_md((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  EXPECT_NE(summary_md.find("**1 conform, 1 deviate, 1 documentation drift, 0 skipped, 0 errors** of 3"), std::string::npos)
      << summary_md;
}

}  // namespace
}  // namespace lc
