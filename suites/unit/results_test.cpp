#include <gtest/gtest.h>

#if !defined(_WIN32)
#include <sys/stat.h>
#include <sys/types.h>
#if defined(__linux__)
#include <sys/sysmacros.h>
#endif
#endif

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "lc/vocabulary/vocabulary.hpp"
#include "lc/probe_spec.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "report/report_writers.hpp"
#include "results/results.hpp"
#include "results/results_schema.hpp"

namespace lc::results {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunResults sample() {
  RunResults r;
  r.tool_version = "0.1.0";
  r.machine = {"linux", "6.1.0-28-amd64", "#1 SMP Debian 6.1.119-1", "6.1.119", "x86_64", vocabulary::RunIsolation::netns, {{"net.core.somaxconn", "4096"}}};
  r.expectations = {"expectations/linux.yaml", std::string(64, 'a'), "linux", "Linux"};
  r.started_at = "2026-11-25T10:00:00Z";
  judge::CaseResult c;
  c.id = "accept-queue/capacity[backlog=0]";
  c.case_id = "accept-queue/capacity";
  c.params = {{"backlog", "0"}};
  c.summary = "s";
  c.kind = vocabulary::ClaimKind::behaviour;
  c.cite = {{"sock.h", "include/net/sock.h", "https://example.invalid", "", "source"}};
  c.verdict = judge::Verdict::deviates;
  c.reason = "accepted: expected 1, observed 0";
  c.checks = {{"accepted", "backlog + 1", {{"backlog", 0}}, "1", "0", judge::CheckStatus::fail, "expected 1"}};
  Observation o;
  o.os = "linux";
  o.kernel = "6.1.0";
  o.isolation = IsolationMode::netns;
  o.attempts = {{Outcome::no_answer, Evidence::drop_counter, false}};
  c.observation = o;
  r.results.push_back(c);
  judge::CaseResult s = c;
  s.id = "other";
  s.verdict = judge::Verdict::skipped;
  s.observation.reset();
  r.results.push_back(s);
  r.summary = summarise(r.results);
  return r;
}

fs::path source_dir() { return fs::path(LC_SOURCE_DIR); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The golden fixture as JSON, to be broken one way per test.
json golden() { return json::parse(read_file(source_dir() / "suites" / "golden" / "results-small.json")); }

// The error reading `j`, or "" when it was accepted.
ResultsError rejection(const json& j) {
  try {
    (void)parse_results(j.dump());
  } catch (const ResultsError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted";
  return ResultsError("", "(accepted)");
}

// The first result with an observation and with checks.
std::size_t with_observation(const json& j) {
  for (std::size_t i = 0; i < j["results"].size(); ++i) {
    if (!j["results"][i]["observation"].is_null() && !j["results"][i]["checks"].empty()) return i;
  }
  ADD_FAILURE() << "no result with an observation";
  return 0;
}

fs::path temp_dir(const char* tag) {
  const fs::path d = fs::temp_directory_path() / (std::string("lc-results-") + tag + "-" + std::to_string(std::random_device{}()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Results, JsonRoundTrip) {
  const RunResults r = sample();
  const RunResults back = results_from_json(json::parse(to_json(r).dump()));
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_EQ(back.summary.deviates, 1);
  EXPECT_EQ(back.summary.skipped, 1);
  EXPECT_EQ(to_json(r)["summary"]["total"], 2);
}

TEST(Results, RejectsOtherFilesAndVersions) {
  EXPECT_THROW(results_from_json(json{{"format", "something"}}), std::invalid_argument);
  json j = to_json(sample());
  j["version"] = 99;
  EXPECT_THROW(results_from_json(j), std::invalid_argument);
  j = to_json(sample());
  j["results"][0]["verdict"] = "maybe";
  EXPECT_THROW(results_from_json(j), std::invalid_argument);
}

// --- Every read is validated against the embedded schema; errors name the JSON pointer. ---

TEST(ResultsSchema, TheEmbeddedSchemaIsTheSourceFile) {
  EXPECT_EQ(results_schema_text(), read_file(source_dir() / "runners" / "results" / "results.schema.json"));
}

// The schema's bounds of a setup are the worker's (lc/probe_spec.hpp): a file the schema accepts
// is not refused later by the spec parser without its JSON pointer.
TEST(ResultsSchema, SetupBoundsAreTheWorkers) {
  const json schema = json::parse(results_schema_text());
  const json& spec = schema.at("definitions").at("probe_spec").at("properties");
  EXPECT_EQ(spec.at("connections").at("maximum"), kMaxConnections);
  EXPECT_EQ(spec.at("descriptor_budget").at("maximum"), kMaxConnections);
  EXPECT_EQ(spec.at("relisten").at("oneOf").at(1).at("properties").at("after").at("maximum"), kMaxConnections);
  EXPECT_EQ(spec.at("settle_ms").at("maximum"), kMaxWaitMs);
  EXPECT_EQ(spec.at("attempt_timeout_ms").at("maximum"), kMaxWaitMs);
  EXPECT_EQ(spec.at("source_addresses").at("maximum"), kMaxSourceAddresses);
}

TEST(ResultsSchema, TheGoldenFilesValidate) {
  for (const char* name : {"results-small.json", "results-small-newkernel.json"}) {
    EXPECT_NO_THROW(load_results(source_dir() / "suites" / "golden" / name)) << name;
  }
}

TEST(ResultsSchema, DuplicateInstanceIdsAreRefusedAtTheSecondOne) {
  json j = golden();
  j["results"][3]["id"] = j["results"][1]["id"];
  const ResultsError e = rejection(j);
  EXPECT_EQ(e.pointer, "/results/3/id");
  EXPECT_NE(e.message.find("duplicate instance id"), std::string::npos) << e.what();
  EXPECT_NE(e.message.find("/results/1/id"), std::string::npos) << e.what();
}

TEST(ResultsSchema, ResultsMustBeAnArray) {
  json j = golden();
  j["results"] = json::object();
  EXPECT_EQ(rejection(j).pointer, "/results");
}

// Where the golden file, changed by `change`, is refused.
template <typename Change>
std::string refused_at(Change change) {
  json j = golden();
  change(j);
  return rejection(j).pointer;
}

// The observation of the first result that has one, as a JSON pointer.
std::string observation_pointer() { return "/results/" + std::to_string(with_observation(golden())) + "/observation"; }

TEST(ResultsSchema, CountersAreIntegersNotFloats) {
  const std::size_t i = with_observation(golden());
  EXPECT_EQ(refused_at([&](json& j) { j["results"][i]["observation"]["outcomes"]["accepted"] = 1.0; }),
            observation_pointer() + "/outcomes/accepted");
  EXPECT_EQ(refused_at([&](json& j) { j["results"][i]["observation"]["counters"]["TcpExt.ListenOverflows"] = 2.5; }),
            observation_pointer() + "/counters/TcpExt.ListenOverflows");
}

TEST(ResultsSchema, VersionMustBeAnIntegerThisToolReads) {
  json j = golden();
  j["version"] = 4294967297LL;  // read as int, this wrapped to 1
  ResultsError e = rejection(j);
  EXPECT_EQ(e.pointer, "/version");
  EXPECT_NE(e.message.find("4294967297"), std::string::npos) << e.what();
  j["version"] = 4294967298LL;  // ... and this to 2
  EXPECT_EQ(rejection(j).pointer, "/version");
  j["version"] = 3;
  e = rejection(j);
  EXPECT_EQ(e.pointer, "/version");
  EXPECT_NE(e.message.find("this tool reads versions 1 and 2"), std::string::npos) << e.what();
  for (const json& v : {json(1.0), json("1"), json(nullptr), json::array()}) {
    j["version"] = v;
    EXPECT_EQ(rejection(j).pointer, "/version") << v.dump();
  }
}

// Version 1 counted documentation drift in summary.deviates as well; read, its summary is the
// same as version 2's: drift apart.
TEST(ResultsSchema, VersionOneIsReadWithDriftApart) {
  const json v2 = golden();
  ASSERT_EQ(v2["version"], 2);
  json v1 = v2;
  v1["version"] = 1;
  v1["summary"]["deviates"] = v2["summary"]["deviates"].get<int>() + v2["summary"]["drift"].get<int>();
  const RunResults a = parse_results(v1.dump()), b = parse_results(v2.dump());
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.summary.deviates, 1);
  EXPECT_EQ(a.summary.drift, 1);
  EXPECT_EQ(to_json(a), to_json(b)) << "written back, a version 1 file is version 2";
  // The recorded guest results of the kernel matrix are version 1 files.
  EXPECT_NO_THROW(load_results(source_dir() / "suites" / "kernels" / "data" / "5.10.223-1.results.json"));
}

// The stored summary is what every view prints: one that disagrees with the results is refused.
TEST(ResultsSchema, ASummaryThatDisagreesWithTheResultsIsRefused) {
  json j = golden();
  j["summary"]["deviates"] = j["summary"]["deviates"].get<int>() + j["summary"]["drift"].get<int>();  // drift counted twice
  const ResultsError e = rejection(j);
  EXPECT_EQ(e.pointer, "/summary/deviates");
  EXPECT_NE(e.message.find("is 2, but the results hold 1"), std::string::npos) << e.what();
  j = golden();
  j["summary"]["total"] = 10;
  EXPECT_EQ(rejection(j).pointer, "/summary/total");
}

// These aborted the program (an uncaught nlohmann type_error): now they are bad input.
TEST(ResultsSchema, WrongTypesInParamsToolAndVersionAreBadInput) {
  json j = golden();
  j["results"][0]["params"]["backlog"] = 5;
  EXPECT_EQ(rejection(j).pointer, "/results/0/params/backlog");
  j = golden();
  j["tool"] = "listen-conformance";
  EXPECT_EQ(rejection(j).pointer, "/tool");
  j = golden();
  j["tool"]["version"] = 5;
  EXPECT_EQ(rejection(j).pointer, "/tool/version");
  j = golden();
  j["results"][0]["setup"]["backlog"] = 1e300;
  EXPECT_EQ(rejection(j).pointer, "/results/0/setup/backlog");
}

TEST(ResultsSchema, AbsurdPlottedValuesAreRefusedWithTheirPosition) {
  json j = golden();
  const std::size_t i = with_observation(j);
  auto& checks = j["results"][i]["checks"];
  for (std::size_t k = 0; k < checks.size(); ++k) {
    if (checks[k]["name"] != vocabulary::check_name(vocabulary::ExpectKey::accepted)) continue;
    checks[k]["observed"] = "9e307";
    const ResultsError e = rejection(j);
    EXPECT_EQ(e.pointer, "/results/" + std::to_string(i) + "/checks/" + std::to_string(k) + "/observed");
    EXPECT_NE(e.message.find("out of range"), std::string::npos) << e.what();
    checks[k]["observed"] = "9007199254740992";  // 2^53 itself is fine
    EXPECT_NO_THROW(parse_results(j.dump()));
    return;
  }
  FAIL() << "no accepted check";
}

TEST(ResultsSchema, AbsurdNumbersAreRefusedByTheSchema) {
  const std::size_t i = with_observation(golden());
  EXPECT_EQ(refused_at([&](json& j) { j["results"][i]["observation"]["outcomes"]["accepted"] = 1e10; }),
            observation_pointer() + "/outcomes/accepted");
  EXPECT_EQ(refused_at([](json& j) { j["elapsed_ms"] = 1e308; }), "/elapsed_ms");
}

TEST(ResultsSchema, SyntaxErrorsGiveLineAndColumn) {
  try {
    (void)parse_results("{\n  \"format\": x\n}");
    FAIL() << "accepted";
  } catch (const ResultsError& e) {
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 13);
    EXPECT_EQ(e.describe("f.json").rfind("f.json:2:13: not JSON: ", 0), 0u) << e.describe("f.json");
  }
}

TEST(ResultsSchema, LoadResultsNamesTheFileAndThePointer) {
  const fs::path dir = temp_dir("load");
  json j = golden();
  j["results"][2]["id"] = j["results"][0]["id"];
  vocabulary::write_file_atomically(dir / "dup.json", j.dump());
  try {
    (void)load_results(dir / "dup.json");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind((dir / "dup.json").string() + ": /results/2/id: duplicate instance id", 0), 0u) << e.what();
  }
  // Read through the bounded reader: a directory is an error, not an empty file.
  EXPECT_THROW(load_results(dir), std::invalid_argument);
  fs::remove_all(dir);
}

// Inputs that once crashed, hung or were misread (suites/fuzz/regressions/results-*, also run by
// ci/fuzz.sh): each is now refused as bad input, or read and rendered in every format.
TEST(ResultsSchema, RegressionInputsAreRefusedOrRendered) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(source_dir() / "suites" / "fuzz" / "regressions")) {
    if (entry.path().filename().string().rfind("results-", 0) != 0) continue;
    ++n;
    RunResults run;
    try {
      run = load_results(entry.path());
    } catch (const std::invalid_argument&) {
      continue;
    }
    for (report::Format f : report::all_formats()) EXPECT_FALSE(report::render(run, f).empty()) << entry.path();
  }
  EXPECT_GT(n, 0);
}

// --- Every file is written by write_file_atomically, which never replaces a non-regular file. ---

TEST(WriteFileAtomically, ReplacesARegularFileAndLeavesNothingElse) {
  const fs::path dir = temp_dir("atomic");
  vocabulary::write_file_atomically(dir / "results.json", "first");
  vocabulary::write_file_atomically(dir / "results.json", "second");
  EXPECT_EQ(read_file(dir / "results.json"), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(vocabulary::write_file_atomically(dir / "missing" / "x.json", "x"), vocabulary::OutputError);
  fs::remove_all(dir);
}

#if !defined(_WIN32)  // symbolic links, FIFOs and device nodes of our own
// Writing `path` is refused with a message that contains `reason`.
void expect_refused(const fs::path& path, const std::string& reason) {
  try {
    vocabulary::write_file_atomically(path, "new");
    ADD_FAILURE() << "replaced " << path;
  } catch (const vocabulary::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
}

TEST(WriteFileAtomically, RefusesASymbolicLinkAndLeavesIt) {
  const fs::path dir = temp_dir("symlink");
  vocabulary::write_file_atomically(dir / "real", "kept");
  fs::create_symlink(dir / "real", dir / "link");
  expect_refused(dir / "link", "is a symbolic link, not a regular file");
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(read_file(dir / "real"), "kept");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);  // no temporary file left
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, RefusesALinkToDevNull) {
  const fs::path dir = temp_dir("devnull");
  fs::create_symlink("/dev/null", dir / "null");
  expect_refused(dir / "null", "is a symbolic link");
  EXPECT_TRUE(fs::is_symlink(dir / "null"));
  EXPECT_EQ(fs::read_symlink(dir / "null"), "/dev/null");
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, RefusesAFifoAndLeavesIt) {
  const fs::path dir = temp_dir("fifo");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0) << std::strerror(errno);
  expect_refused(dir / "fifo", "is a FIFO");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(dir / "fifo")));
  fs::remove_all(dir);
}

TEST(WriteFileAtomically, RefusesACharacterDeviceAndADirectory) {
  const fs::path dir = temp_dir("device");
  fs::create_directory(dir / "sub");
  expect_refused(dir / "sub", "is a directory");
  EXPECT_TRUE(fs::is_directory(dir / "sub"));
  // A node like /dev/null (1, 3) of our own, in the temporary directory (needs CAP_MKNOD).
  if (::mknod((dir / "null").c_str(), S_IFCHR | 0600, makedev(1, 3)) != 0) {
    fs::remove_all(dir);
    GTEST_SKIP() << "mknod: " << std::strerror(errno) << " (needs root)";
  }
  expect_refused(dir / "null", "is a character device");
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status(dir / "null")));
  fs::remove_all(dir);
}
#endif

TEST(Results, Sha256OfAFile) {
  const fs::path p = fs::temp_directory_path() / "lc-sha.txt";
  std::ofstream(p) << "abc";
  EXPECT_EQ(sha256_hex_of_file(p), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  fs::remove(p);
}

}  // namespace
}  // namespace lc::results
