#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "results/results.hpp"

namespace lc::results {
namespace {

namespace fs = std::filesystem;

RunResults sample() {
  RunResults r;
  r.tool_version = "0.1.0";
  r.machine = {"linux", "6.1.0-28-amd64", "#1 SMP Debian 6.1.119-1", "6.1.119", "x86_64", "netns", {{"net.core.somaxconn", "4096"}}};
  r.expectations = {"expectations/linux.yaml", "abc", "linux", "Linux"};
  r.started_at = "2026-11-25T10:00:00Z";
  judge::CaseResult c;
  c.id = "accept-queue/capacity[backlog=0]";
  c.case_id = "accept-queue/capacity";
  c.params = {{"backlog", "0"}};
  c.summary = "s";
  c.kind = "behaviour";
  c.cite = {{"sock.h", "include/net/sock.h", "https://example.invalid", ""}};
  c.verdict = judge::Verdict::deviates;
  c.reason = "accepted: expected 1, observed 0";
  c.checks = {{"accepted", "backlog + 1", {{"backlog", 0}}, "1", "0", judge::CheckStatus::fail, "expected 1"}};
  Observation o;
  o.os = "linux";
  o.kernel = "6.1.0";
  o.isolation = "netns";
  o.attempts = {{Outcome::no_answer, Evidence::drop_counter, false}};
  c.observation = o;
  r.results.push_back(c);
  judge::CaseResult s = c;
  s.id = "other";
  s.verdict = judge::Verdict::skipped;
  s.observation.reset();
  r.results.push_back(s);
  return r;
}

TEST(Results, JsonRoundTrip) {
  const RunResults r = sample();
  const RunResults back = results_from_json(nlohmann::json::parse(to_json(r).dump()));
  EXPECT_EQ(to_json(back), to_json(r));
  EXPECT_EQ(back.summary().deviates, 1);
  EXPECT_EQ(back.summary().skipped, 1);
  EXPECT_EQ(to_json(r)["summary"]["total"], 2);
}

TEST(Results, RejectsOtherFilesAndVersions) {
  EXPECT_THROW(results_from_json(nlohmann::json{{"format", "something"}}), std::invalid_argument);
  nlohmann::json j = to_json(sample());
  j["version"] = 99;
  EXPECT_THROW(results_from_json(j), std::invalid_argument);
  j = to_json(sample());
  j["results"][0]["verdict"] = "maybe";
  EXPECT_THROW(results_from_json(j), std::invalid_argument);
}

TEST(Results, AtomicWriteLeavesOnlyTheFinalFile) {
  const fs::path dir = fs::temp_directory_path() / ("lc-atomic-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_atomically(dir / "results.json", "first");
  write_atomically(dir / "results.json", "second");
  std::ifstream in(dir / "results.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(write_atomically(dir / "missing" / "x.json", "x"), std::runtime_error);
  fs::remove_all(dir);
}

TEST(Results, Sha256OfAFile) {
  const fs::path p = fs::temp_directory_path() / "lc-sha.txt";
  std::ofstream(p) << "abc";
  EXPECT_EQ(sha256_hex_of_file(p), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  fs::remove(p);
}

}  // namespace
}  // namespace lc::results
