// The report, diff and merge subcommands as a user runs them: exit codes, output, files.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "golden.hpp"
#include "spawn/child_process.hpp"

namespace {

using lc::testing::golden_dir;
using lc::testing::read_file;

struct CommandRun {
  int status = -1;   // the exit status; -1 when it did not exit by itself
  std::string out;   // stdout, then stderr
};

// The program run as a user runs it, through the runner's own spawn interface (no shell: the
// same on Windows).
CommandRun run(const std::vector<std::string>& args) {
  const lc::spawn::ChildResult child = lc::spawn::run_child(LC_BINARY, args, std::chrono::seconds(60));
  EXPECT_TRUE(child.started) << child.start_error;
  EXPECT_FALSE(child.timed_out) << "still running after 60 s";
  return CommandRun{child.exit_code, child.out + child.err};
}

std::string fixture(const char* name) { return (golden_dir() / name).string(); }

std::filesystem::path temp_dir(const char* tag) {
  auto d = std::filesystem::temp_directory_path() / (std::string("lc-cli-") + tag + "-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(d);
  return d;
}

TEST(DiffCommand, SameFileExitsZero) {
  const CommandRun r = run({"diff", fixture("results-small.json"), fixture("results-small.json")});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("No case instance changed."), std::string::npos) << r.out;
}

TEST(DiffCommand, ChangedObservationExitsOneAndNamesTheCaseWithBothValues) {
  const CommandRun r = run({"diff", fixture("results-small.json"), fixture("results-small-newkernel.json")});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("somaxconn/truncates[backlog=100,family=ipv4]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| `observation.effective_backlog` | 16 | 100 |"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("accept-queue/capacity[backlog=5"), std::string::npos) << "environment-only changes listed:\n" << r.out;
}

TEST(DiffCommand, JsonFormatAndIncludeEnvironment) {
  const CommandRun r = run({"diff", "--format", "json", "--include-environment", fixture("results-small.json"),
                           fixture("results-small-newkernel.json")});
  EXPECT_EQ(r.status, 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "listen-conformance/diff");
  EXPECT_EQ(j["summary"]["changed"], 9);
  EXPECT_EQ(j["host"][0]["field"], "machine.sysctls_at_start.net.ipv4.tcp_max_syn_backlog");
}

TEST(DiffCommand, BadInputExitsTwo) {
  EXPECT_EQ(run({"diff", "/nonexistent/a.json", fixture("results-small.json")}).status, 2);
  const auto dir = temp_dir("bad");
  lc::results::write_atomically(dir / "other.json", "{\"format\": \"something-else\", \"version\": 1}");
  lc::results::write_atomically(dir / "garbage.json", "not json at all");
  const CommandRun other = run({"diff", (dir / "other.json").string(), fixture("results-small.json")});
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.out.find("not a listen-conformance results file"), std::string::npos) << other.out;
  const CommandRun garbage = run({"diff", fixture("results-small.json"), (dir / "garbage.json").string()});
  EXPECT_EQ(garbage.status, 2);
  EXPECT_NE(garbage.out.find("not JSON"), std::string::npos) << garbage.out;
  EXPECT_EQ(run({"diff", "--format", "pdf", fixture("results-small.json"), fixture("results-small.json")}).status, 2);
  std::filesystem::remove_all(dir);
}

TEST(ReportCommand, RerendersEachFormatLikeTheGoldenFiles) {
  for (const auto& [format, golden] : {std::pair{"junit", "small.junit.xml"}, std::pair{"md", "small.summary.md"},
                                       std::pair{"html", "small.report.html"}, std::pair{"json", "small.results.json"}}) {
    const CommandRun r = run({"report", "--format", format, fixture("results-small.json")});
    EXPECT_EQ(r.status, 0) << format << ": " << r.out;
    EXPECT_EQ(r.out, read_file(golden_dir() / "expected" / golden)) << format;
  }
}

TEST(ReportCommand, OutWritesAFileAndBadInputExitsTwo) {
  const auto dir = temp_dir("report");
  const CommandRun r = run({"report", "--format", "md", "--out", (dir / "s.md").string(), fixture("results-small.json")});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_file(dir / "s.md"), read_file(golden_dir() / "expected" / "small.summary.md"));
  EXPECT_EQ(run({"report", "--format", "md", "/nonexistent.json"}).status, 2);
  EXPECT_EQ(run({"report", "--format", "docx", fixture("results-small.json")}).status, 2);
  std::filesystem::remove_all(dir);
}

TEST(MergeCommand, TwoFilesGiveTheMatrixWithBothColumns) {
  const auto dir = temp_dir("merge");
  const CommandRun r = run({"merge", fixture("results-small.json"), fixture("results-small-newkernel.json"), "--out",
                           (dir / "m").string()});
  EXPECT_EQ(r.status, 0) << r.out;
  const std::string md = read_file(dir / "m" / "matrix.md");
  EXPECT_NE(md.find("| Family | Case instance | linux 6.1.0-test x86_64 | linux 6.12.0-test x86_64 |"), std::string::npos) << md;
  const std::string html = read_file(dir / "m" / "matrix.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(run({"merge", "/nonexistent.json", "--out", (dir / "x").string()}).status, 2);
  EXPECT_EQ(run({"merge", fixture("results-small.json")}).status, 2);  // --out is required
  std::filesystem::remove_all(dir);
}

}  // namespace
