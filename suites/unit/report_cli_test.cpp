// SPDX-License-Identifier: Apache-2.0
// The report, diff and merge subcommands as a user runs them: exit codes, output, files.
#include <gtest/gtest.h>

#ifndef _WIN32
#include <sys/stat.h>  // mkfifo
#endif

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "golden.hpp"
#include "lc/vocabulary/vocabulary.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "spawn/child_process.hpp"

namespace {

using lc::testing::golden_dir;
using lc::testing::read_file;

struct CommandRun {
  int status = -1;   // the exit status; -1 when it did not exit by itself (aborted, killed)
  std::string out;   // stdout, then stderr
};

// The program run as a user runs it, through the runner's own spawn interface (no shell, so the
// same on Windows). Bounded: a renderer that loops forever fails the test instead of hanging it.
CommandRun run(const std::vector<std::string>& args) {
  const lc::spawn::ChildResult child = lc::spawn::run_child(LC_BINARY, args, std::chrono::seconds(120));
  EXPECT_TRUE(child.started) << child.start_error;
  EXPECT_FALSE(child.timed_out) << "still running after 120 s";
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
  lc::vocabulary::write_file_atomically(dir / "other.json", "{\"format\": \"something-else\", \"version\": 1}");
  lc::vocabulary::write_file_atomically(dir / "garbage.json", "not json at all");
  const CommandRun other = run({"diff", (dir / "other.json").string(), fixture("results-small.json")});
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.out.find("not a listen-conformance results file"), std::string::npos) << other.out;
  const CommandRun garbage = run({"diff", fixture("results-small.json"), (dir / "garbage.json").string()});
  EXPECT_EQ(garbage.status, 2);
  EXPECT_NE(garbage.out.find("not JSON"), std::string::npos) << garbage.out;
  const CommandRun pdf = run({"diff", "--format", "pdf", fixture("results-small.json"), fixture("results-small.json")});
  EXPECT_EQ(pdf.status, 2) << pdf.out;
  EXPECT_NE(pdf.out.find("--format"), std::string::npos) << "the error names the option:\n" << pdf.out;
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
  EXPECT_NE(md.find("| Family | Case instance | OSes | linux 6.1.0-test x86_64 | linux 6.12.0-test x86_64 |"), std::string::npos) << md;
  const std::string html = read_file(dir / "m" / "matrix.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(run({"merge", "/nonexistent.json", "--out", (dir / "x").string()}).status, 2);
  EXPECT_EQ(run({"merge", fixture("results-small.json")}).status, 2);  // --out is required
  std::filesystem::remove_all(dir);
}

// --format json: to standard output, or DIR/matrix.json alone with --out; a bad format or pages
// without --out are usage errors (exit 2, naming the option).
TEST(MergeCommand, JsonFormatToStandardOutputOrDirectory) {
  const CommandRun r = run({"merge", "--format", "json", fixture("results-small.json"), fixture("results-small-newkernel.json")});
  EXPECT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "listen-conformance/matrix");
  EXPECT_EQ(j["machines"].size(), 2u);
  const auto dir = temp_dir("merge-json");
  const CommandRun w = run({"merge", "--format", "json", "--out", (dir / "m").string(), fixture("results-small.json"),
                           fixture("results-small-newkernel.json")});
  EXPECT_EQ(w.status, 0) << w.out;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "m" / "matrix.json")), j);
  EXPECT_FALSE(std::filesystem::exists(dir / "m" / "matrix.html"));
  const CommandRun bad = run({"merge", "--format", "xml", "--out", (dir / "x").string(), fixture("results-small.json")});
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("--format"), std::string::npos) << bad.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
  const CommandRun no_out = run({"merge", fixture("results-small.json")});
  EXPECT_EQ(no_out.status, 2) << no_out.out;
  EXPECT_NE(no_out.out.find("--out DIR is required"), std::string::npos) << no_out.out;
  std::filesystem::remove_all(dir);
}

// Every input is called results.json: --label names the columns.
TEST(MergeCommand, LabelsNameTheColumns) {
  const auto dir = temp_dir("merge-label");
  const CommandRun r = run({"merge", "--label", "old=" + fixture("results-small.json"), "--label",
                            "new=" + fixture("results-small-newkernel.json"), "--out", (dir / "m").string()});
  EXPECT_EQ(r.status, 0) << r.out;
  const std::string md = read_file(dir / "m" / "matrix.md");
  EXPECT_NE(md.find("| Family | Case instance | OSes | old | new |"), std::string::npos) << md;
  EXPECT_EQ(run({"merge", "--label", "nofile", "--out", (dir / "x").string()}).status, 2);
}

// --- Hostile input: bad results files are bad input (exit 2, FILE: POINTER: message), never a
// crash, a hang or a misread; outputs that are not regular files are never replaced. ---

nlohmann::json golden_json() { return nlohmann::json::parse(read_file(golden_dir() / "results-small.json")); }

std::filesystem::path write_json(const std::filesystem::path& dir, const char* name, const nlohmann::json& j) {
  lc::vocabulary::write_file_atomically(dir / name, j.dump(1));
  return dir / name;
}

#ifndef _WIN32  // FIFOs, and links to /dev/null
TEST(ReportCommand, OutRefusesAFifoAndALinkAndLeavesThem) {
  const auto dir = temp_dir("out");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  const CommandRun fifo = run({"report", "--format", "md", "--out", (dir / "fifo").string(), fixture("results-small.json")});
  EXPECT_EQ(fifo.status, 2) << fifo.out;
  EXPECT_NE(fifo.out.find("is a FIFO, not a regular file: refusing to replace it"), std::string::npos) << fifo.out;
  EXPECT_TRUE(std::filesystem::is_fifo(std::filesystem::symlink_status(dir / "fifo")));
  std::filesystem::create_symlink("/dev/null", dir / "null");
  const CommandRun link = run({"report", "--format", "md", "--out", (dir / "null").string(), fixture("results-small.json")});
  EXPECT_EQ(link.status, 2) << link.out;
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "null"));
  EXPECT_EQ(std::filesystem::read_symlink(dir / "null"), "/dev/null");
  const CommandRun diff = run({"diff", "--out", (dir / "null").string(), fixture("results-small.json"),
                               fixture("results-small-newkernel.json")});
  EXPECT_EQ(diff.status, 2) << diff.out;
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "null"));
  std::filesystem::remove_all(dir);
}

TEST(MergeCommand, AMatrixFileThatIsALinkRefusesTheSet) {
  const auto dir = temp_dir("merge-link");
  std::filesystem::create_directories(dir / "m");
  std::filesystem::create_symlink("/dev/null", dir / "m" / "matrix.html");
  const CommandRun r = run({"merge", fixture("results-small.json"), "--out", (dir / "m").string()});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "m" / "matrix.html"));
  EXPECT_FALSE(std::filesystem::exists(dir / "m" / "matrix.md")) << "half of the set was written";
  std::filesystem::remove_all(dir);
}
#endif

// An `accepted` of 9e307 made the SVG chart loop forever (report, merge and run alike).
TEST(ReportCommand, AHugeAcceptedValueIsRefusedWithItsPosition) {
  const auto dir = temp_dir("huge");
  auto j = golden_json();
  std::string pointer;
  for (std::size_t k = 0; k < j["results"][0]["checks"].size(); ++k) {
    if (j["results"][0]["checks"][k]["name"] == lc::vocabulary::check_name(lc::vocabulary::ExpectKey::accepted)) {
      j["results"][0]["checks"][k]["observed"] = "9e307";
      pointer = "/results/0/checks/" + std::to_string(k) + "/observed";
    }
  }
  ASSERT_FALSE(pointer.empty());
  const auto file = write_json(dir, "huge.json", j);
  for (const std::vector<std::string>& cmd : {std::vector<std::string>{"report", "--format", "html", file.string()},
                                              std::vector<std::string>{"merge", file.string(), "--out", (dir / "m").string()}}) {
    const CommandRun r = run(cmd);
    EXPECT_EQ(r.status, 2) << cmd[0] << "\n" << r.out;
    EXPECT_NE(r.out.find(file.string() + ": " + pointer + ": value '9e307' is out of range"), std::string::npos) << r.out;
  }
  std::filesystem::remove_all(dir);
}

// Duplicate ids were read as "no change" by diff (exit 0).
TEST(DiffCommand, DuplicateInstanceIdsAreBadInput) {
  const auto dir = temp_dir("dup");
  auto j = golden_json();
  j["results"][1] = j["results"][0];
  const auto file = write_json(dir, "dup.json", j);
  const CommandRun r = run({"diff", file.string(), fixture("results-small.json")});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(file.string() + ": /results/1/id: duplicate instance id"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

// Each of these aborted the program (SIGABRT, an uncaught type error) or was misread.
TEST(ReportCommand, WrongTypesAndRangesAreBadInputNotACrash) {
  const auto dir = temp_dir("types");
  struct Case {
    const char* name;
    void (*mutate)(nlohmann::json&);
    const char* pointer;
  };
  const Case cases[] = {
      {"params.json", [](nlohmann::json& j) { j["results"][0]["params"]["backlog"] = 5; }, "/results/0/params/backlog"},
      {"tool.json", [](nlohmann::json& j) { j["tool"] = 1; }, "/tool"},
      {"tool-version.json", [](nlohmann::json& j) { j["tool"]["version"] = nlohmann::json::array(); }, "/tool/version"},
      {"version.json", [](nlohmann::json& j) { j["version"] = 4294967297LL; }, "/version"},
      {"float-version.json", [](nlohmann::json& j) { j["version"] = 1.0; }, "/version"},
      {"results-object.json", [](nlohmann::json& j) { j["results"] = nlohmann::json::object(); }, "/results"},
  };
  for (const auto& c : cases) {
    auto j = golden_json();
    c.mutate(j);
    const auto file = write_json(dir, c.name, j);
    const CommandRun r = run({"report", "--format", "junit", file.string()});
    EXPECT_EQ(r.status, 2) << c.name << "\n" << r.out;
    EXPECT_NE(r.out.find(file.string() + ": " + c.pointer + ": "), std::string::npos) << c.name << "\n" << r.out;
  }
  std::filesystem::remove_all(dir);
}

TEST(ReportCommand, ControlCharactersInAFileDoNotReachTheTerminal) {
  const auto dir = temp_dir("esc");
  auto j = golden_json();
  j["results"][1]["id"] = j["results"][0]["id"].get<std::string>() + "\x1b]0;pwned\x07\x1b[2J";
  j["results"][2]["id"] = j["results"][1]["id"];
  const auto file = write_json(dir, "esc.json", j);
  const CommandRun r = run({"report", file.string()});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\x1B]0;pwned\\x07"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(DiffCommand, TheDiffPageLinksOnlyHttpUrls) {
  const auto dir = temp_dir("js");
  auto base = golden_json();
  auto next = nlohmann::json::parse(read_file(golden_dir() / "results-small-newkernel.json"));
  for (auto* j : {&base, &next}) {
    for (auto& r : (*j)["results"]) r["cite"][0]["url"] = "javascript:alert(1)";
  }
  const CommandRun r = run({"diff", "--format", "html", write_json(dir, "a.json", base).string(), write_json(dir, "b.json", next).string()});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out.find("href=\"javascript:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("javascript:alert(1)"), std::string::npos) << r.out;  // shown as text
  std::filesystem::remove_all(dir);
}

}  // namespace
