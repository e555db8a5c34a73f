// SPDX-License-Identifier: Apache-2.0
// The conformance suite as GoogleTest tests: one test per case instance of this OS's
// expectation file, registered at startup, so that ctest and --gtest_output=xml report each
// one. Each test runs the instance in its own worker process and namespace, exactly as
// `listen-conformance run` does, and fails with the judge's checks and citations.
//
// LC_EXPECTATIONS=FILE selects another expectation file; built with LC_EXPECTATIONS_FILE, the
// program runs that file (the runtime answers, runtimes.yaml).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "conformance/conformance_test_names.hpp"
#include "orchestration/host.hpp"
#include "orchestration/suite_runner.hpp"
#include "expect/loader.hpp"
#include "expect/plan.hpp"

namespace {

using namespace lc;

std::string describe(const judge::CaseResult& r) {
  std::ostringstream out;
  out << r.id << ": " << r.reason << "\n  claim: " << r.summary << "\n";
  for (const auto& c : r.checks) {
    if (c.status == judge::CheckStatus::pass) continue;
    out << "  " << c.name << ": expected " << (c.formula.empty() ? "" : c.formula + " = ") << c.expected << ", observed "
        << c.observed << "\n";
  }
  for (const auto& c : r.cite) out << "  source: " << c.title << (c.url.empty() ? "" : " <" + c.url + ">") << "\n";
  return out.str();
}

class CaseInstanceTest : public ::testing::Test {
 public:
  CaseInstanceTest(std::shared_ptr<const expect::ExpectationFile> file, expect::CaseInstance inst)
      : file_(std::move(file)), inst_(std::move(inst)) {}

  void TestBody() override {
    RecordProperty("case_instance", inst_.id);
    const judge::CaseResult r = orchestration::run_instance(*file_, inst_, LC_BINARY);
    RecordProperty("verdict", to_string(r.verdict));
    switch (r.verdict) {
      case judge::Verdict::conforms:
        SUCCEED();
        return;
      case judge::Verdict::skipped:
        GTEST_SKIP() << r.reason;
      case judge::Verdict::error:
        FAIL() << "error (" << r.error_kind << ") " << describe(r);
      case judge::Verdict::deviates:
        if (r.drift) {
          // A documentation claim the kernel contradicts: a finding about the document, which
          // reports highlight; it does not fail the suite (see expectations/README.md).
          RecordProperty("documentation_drift", r.reason);
          std::cout << "[ DRIFT    ] " << describe(r);
          return;
        }
        FAIL() << "deviates " << describe(r);
    }
  }

 private:
  std::shared_ptr<const expect::ExpectationFile> file_;
  expect::CaseInstance inst_;
};

std::string expectations_path(const expect::PlatformFacts& platform) {
  if (const char* env = std::getenv("LC_EXPECTATIONS")) return env;
#ifdef LC_EXPECTATIONS_FILE  // the runtime answers' program (suites/CMakeLists.txt)
  return LC_EXPECTATIONS_FILE;
#endif
  return std::string(LC_SOURCE_DIR) + "/expectations/" + platform.os + ".yaml";
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // The machine's facts as the runner learns them: from a worker (`worker --host-report`).
  const orchestration::Host host = orchestration::query_host(LC_BINARY);
  if (!host.unknown_because.empty()) {
    std::cerr << host.unknown_because << "\n";
    return 2;
  }
  const expect::PlatformFacts& platform = host.platform;
  const std::string path = expectations_path(platform);
  std::shared_ptr<expect::ExpectationFile> file;
  std::vector<expect::CaseInstance> instances;
  try {
    file = std::make_shared<expect::ExpectationFile>(expect::load_expectations(path));
    instances = expect::plan_instances(*file, platform);
  } catch (const expect::LoadError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& inst : instances) ids.emplace_back(inst.def->id, inst.id);
  if (const auto repeated = ::lc::testing::first_repeated_name(ids)) {
    std::cerr << path << ": case instances " << repeated->first_id << " and " << repeated->second_id
              << " would both be the test " << repeated->name << "\n";
    return 2;
  }
  for (auto& inst : instances) {
    const auto test = ::lc::testing::conformance_test_name(inst.def->id, inst.id);
    ::testing::RegisterTest(test.suite.c_str(), test.name.c_str(), nullptr, inst.id.c_str(), inst.def->pos.file.c_str(),
                            inst.def->pos.line, [file, inst]() -> ::testing::Test* { return new CaseInstanceTest(file, inst); });
  }
  return RUN_ALL_TESTS();
}
