// One contract: expectations/schema/expectations.schema.json is the definition of the format.
// Every shipped file validates against it, and on the corpus in suites/data/expectations/ the
// loader accepts exactly what the schema accepts (valid-*.yaml both accept, invalid-*.yaml both
// reject; *catalogue* files are questions files).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "expect/schema_check.hpp"
#include "lc/vocabulary/bounded_read.hpp"

namespace lc::expect {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = LC_SOURCE_DIR;
const std::string kSchema = (kRoot / "expectations/schema/expectations.schema.json").string();

std::string first_lines(const std::vector<std::string>& problems) {
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < 12; ++i) out += "\n  " + problems[i];
  return out;
}

std::vector<std::string> schema_verdict(const fs::path& file) {
  return schema_problems(yaml_to_json(lc::vocabulary::read_bounded_file(file.string(), 1 << 22)), kSchema);
}

// The loader's verdict as `validate` gives it: "" accepted, else the first problem.
std::string loader_verdict(const fs::path& file) {
  try {
    if (file.filename().string().find("catalogue") != std::string::npos || file.filename() == "questions.yaml") {
      check_catalogue(file.string());
      return "";
    }
    const auto f = load_expectations(file.string());
    plan_instances(f, PlatformFacts{f.platform, "", "", "", KernelVersion{99, 0, 0}});
    return "";
  } catch (const LoadError& e) {
    return e.problems.empty() ? "rejected" : e.problems.front();
  }
}

std::vector<fs::path> yaml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExpectationSchema, EveryShippedFileValidates) {
  const auto files = yaml_files(kRoot / "expectations");
  ASSERT_GE(files.size(), 5u) << "questions.yaml and one file of answers per OS";
  for (const auto& f : files) {
    const auto problems = schema_verdict(f);
    EXPECT_TRUE(problems.empty()) << f << ":" << first_lines(problems);
  }
}

TEST(ExpectationSchema, ShippedFilesCarryTheModeline) {
  for (const auto& f : yaml_files(kRoot / "expectations")) {
    const std::string text = lc::vocabulary::read_bounded_file(f.string(), 1 << 22);
    EXPECT_EQ(text.rfind("# yaml-language-server: $schema=schema/expectations.schema.json\n", 0), 0u) << f;
  }
}

TEST(ExpectationSchema, LoaderAndSchemaAgreeOnTheCorpus) {
  const auto files = yaml_files(kRoot / "suites/data/expectations");
  int valid = 0, invalid = 0;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    const bool expect_valid = name.rfind("invalid-", 0) != 0;
    const auto schema = schema_verdict(f);
    const std::string loader = loader_verdict(f);
    (expect_valid ? valid : invalid)++;
    EXPECT_EQ(schema.empty(), expect_valid) << name << ": schema says " << (schema.empty() ? "valid" : first_lines(schema));
    EXPECT_EQ(loader.empty(), expect_valid) << name << ": loader says " << (loader.empty() ? "valid" : loader);
  }
  EXPECT_GE(valid, 3);
  EXPECT_GE(invalid, 10);
}

// The converter types plain scalars as YAML's core schema does; quoted ones stay strings (the
// schema tells `backlog: 5` from `backlog: "5"` only because of this).
TEST(ExpectationSchema, YamlScalarsAreTypedByTheCoreSchema) {
  const auto j = yaml_to_json("a: 5\nb: \"5\"\nc: true\nd: -2147483648\ne: x + 1\nf: ~\ng: 1.5\n");
  EXPECT_TRUE(j["a"].is_number_integer());
  EXPECT_TRUE(j["b"].is_string());
  EXPECT_TRUE(j["c"].is_boolean());
  EXPECT_EQ(j["d"].get<long long>(), -2147483648LL);
  EXPECT_TRUE(j["e"].is_string());
  EXPECT_TRUE(j["f"].is_null());
  EXPECT_TRUE(j["g"].is_number_float());
}

}  // namespace
}  // namespace lc::expect
