// SPDX-License-Identifier: Apache-2.0
// Runtime answers (issue 14) as pure logic: the loader takes a driver only from the closed
// RuntimeDriver list (a path or a command is refused at file:line:col), the plan makes a runtime
// spec of `driver`/`driver_backlog`/`driver_somaxconn`, and the judge compares the kept backlog
// and the queued count, and `when: {runtime: ...}` with the version the driver reported.
#include <gtest/gtest.h>

#include <climits>

#include "expect/loader.hpp"
#include "support/first_problem.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc::expect {
namespace {

const char* kRuntimeFile = R"Y(schema: 1
platform: linux
sources: {s: "a source"}
cases:
  - id: runtime/node
    summary: node
    cite: s
    setup: {driver: node-net, driver_backlog: [default, -1, 0, 7]}
    let: {kept: "driver_default ? 511 : (driver_backlog == 0 ? 511 : (driver_backlog < 0 ? driver_somaxconn : driver_backlog))"}
    flood: {connections: "min(kept + 3, 10)"}
    expect: {effective_backlog: kept, queued: "min(connections, kept + 1)"}
  - id: runtime/go
    summary: go
    cite: s
    setup: {driver: go-net, driver_somaxconn: 70000}
    expect: {effective_backlog: driver_somaxconn}
  - id: runtime/fpm
    summary: fpm
    cite: s
    when: {runtime: ">= 8.2", reason: "php-src#8410"}
    setup: {driver: php-fpm, driver_backlog: default}
    expect: {effective_backlog: driver_somaxconn}
)Y";

using lc::testing::first_problem;

std::string with_driver(const std::string& driver) {
  std::string text = kRuntimeFile;
  const std::string from = "driver: go-net";
  return text.replace(text.find(from), from.size(), "driver: " + driver);
}

PlatformFacts here() { return {"linux", "6.1.0", "", "x86_64", KernelVersion{6, 1, 0}}; }

TEST(RuntimeLoader, ADriverOfTheListLoads) { EXPECT_EQ(first_problem(kRuntimeFile), ""); }

TEST(RuntimeLoader, AnUnknownDriverIsRefusedAtItsPosition) {
  const std::string p = first_problem(with_driver("perl-socket"));
  EXPECT_EQ(p.rfind("t.yaml:15:21: setup driver: 'perl-socket' is not a driver; one of python-socket, ", 0), 0u) << p;
}

TEST(RuntimeLoader, APathIsRefusedAsADriver) {
  const std::string p = first_problem(with_driver("/usr/bin/node"));
  EXPECT_EQ(p.rfind("t.yaml:15:21: setup driver: '/usr/bin/node' is not a driver (a driver is named from the list, never "
                    "given as a path or command)",
                    0),
            0u)
      << p;
}

TEST(RuntimeLoader, ACommandIsRefusedAsADriver) {
  const std::string p = first_problem(with_driver("\"node -e 'x'\""));
  EXPECT_NE(p.find("is not a driver (a driver is named from the list, never given as a path or command)"), std::string::npos) << p;
}

TEST(RuntimeLoader, ADriverBacklogIsAnIntOrDefault) {
  std::string text = kRuntimeFile;
  text.replace(text.find("[default, -1, 0, 7]"), 19, "[default, lots]");
  const std::string p = first_problem(text);
  EXPECT_EQ(p.rfind("t.yaml:8:57: setup driver_backlog: ", 0), 0u) << p;
  EXPECT_NE(p.find("(an integer or 'default')"), std::string::npos) << p;
}

TEST(RuntimeLoader, AWhenRuntimeMustBeARange) {
  std::string text = kRuntimeFile;
  text.replace(text.find("\">= 8.2\""), 8, "\"eight\"");
  EXPECT_EQ(first_problem(text).rfind("t.yaml:20:21: ", 0), 0u) << first_problem(text);
}

TEST(RuntimePlan, ADriverMakesARuntimeSpec) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  ASSERT_EQ(inst.size(), 6u);
  EXPECT_EQ(inst[0].id, "runtime/node[driver_backlog=default]");
  ASSERT_TRUE(inst[0].runtime);
  EXPECT_EQ(inst[0].runtime->driver, vocabulary::RuntimeDriver::node_net);
  EXPECT_FALSE(inst[0].runtime->backlog) << "default: the API without a backlog";
  EXPECT_EQ(inst[0].runtime->somaxconn, INT_MAX);
  EXPECT_EQ(inst[0].runtime->connections, 10) << "min(511 + 3, 10)";
  EXPECT_EQ(inst[2].runtime->backlog, 0);
  EXPECT_EQ(inst[2].runtime->connections, 10) << "Node's 0 is 511";
  EXPECT_EQ(inst[3].runtime->backlog, 7);
  EXPECT_EQ(inst[3].runtime->connections, 10);
  EXPECT_EQ(inst[4].runtime->driver, vocabulary::RuntimeDriver::go_net);
  EXPECT_EQ(inst[4].runtime->somaxconn, 70000);
  EXPECT_EQ(inst[4].runtime->connections, 0) << "no flood: the kept backlog only";
}

TEST(RuntimePlan, AKernelCaseHasNoRuntimeSpec) {
  const ExpectationFile f = parse_expectations(R"(schema: 1
platform: linux
sources: {s: "a source"}
cases:
  - {id: k/one, summary: one, cite: s, setup: {backlog: 1}, expect: {listen: ok}}
)",
                                               "t.yaml");
  EXPECT_FALSE(plan_instances(f, here()).at(0).runtime);
}

RuntimeObservation observed(const CaseInstance& inst, std::int64_t kept, int queued, const std::string& version) {
  RuntimeObservation o;
  o.spec = *inst.runtime;
  o.os = "linux";
  o.runtime_version = version;
  o.somaxconn = inst.runtime->somaxconn;
  o.kept_backlog = kept;
  o.queue_length = queued;
  for (int i = 0; i < inst.runtime->connections; ++i) o.attempts.push_back(i < queued ? DriverOutcome::queued : DriverOutcome::no_answer);
  return o;
}

TEST(RuntimeJudge, KeptAndQueuedAsAnsweredConform) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  const auto r = judge::judge_runtime(inst[3], f, observed(inst[3], 7, 8, "20.20.2"), 1);
  EXPECT_EQ(r.verdict, judge::Verdict::conforms) << r.reason;
  ASSERT_TRUE(r.runtime);
  EXPECT_EQ(r.checks.size(), 2u);
}

TEST(RuntimeJudge, AnotherKeptBacklogDeviates) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  const auto r = judge::judge_runtime(inst[2], f, observed(inst[2], 0, 1, "20.20.2"), 1);
  EXPECT_EQ(r.verdict, judge::Verdict::deviates);
  EXPECT_EQ(r.reason.rfind("effective_backlog: expected kept = 511, observed 0", 0), 0u) << r.reason;
}

TEST(RuntimeJudge, OneQueuedTooManyDeviates) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  const auto r = judge::judge_runtime(inst[3], f, observed(inst[3], 7, 9, "20.20.2"), 1);
  EXPECT_EQ(r.verdict, judge::Verdict::deviates);
  EXPECT_NE(r.reason.find("queued: expected min(connections, kept + 1) = 8, observed 9"), std::string::npos) << r.reason;
}

TEST(RuntimeJudge, ARuntimeNotInstalledIsSkippedNotAnError) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  RuntimeObservation o;
  o.spec = *inst[0].runtime;
  o.not_installed = "no /usr/bin/node";
  const auto r = judge::judge_runtime(inst[0], f, o, 1);
  EXPECT_EQ(r.verdict, judge::Verdict::skipped);
  EXPECT_EQ(r.reason, "node-net not installed (no /usr/bin/node)");
}

TEST(RuntimeJudge, WhenRuntimeComparesTheReportedVersion) {
  const ExpectationFile f = parse_expectations(kRuntimeFile, "t.yaml");
  const auto inst = plan_instances(f, here());
  const CaseInstance& fpm = inst[5];
  EXPECT_EQ(judge::judge_runtime(fpm, f, observed(fpm, INT_MAX, 0, "8.2.36"), 1).verdict, judge::Verdict::conforms);
  const auto old = judge::judge_runtime(fpm, f, observed(fpm, 511, 0, "8.1.2"), 1);
  EXPECT_EQ(old.verdict, judge::Verdict::skipped);
  EXPECT_EQ(old.reason, "php-fpm 8.1.2 is outside >= 8.2 (php-src#8410)");
  const auto unknown = judge::judge_runtime(fpm, f, observed(fpm, 511, 0, ""), 1);
  EXPECT_EQ(unknown.verdict, judge::Verdict::skipped);
  EXPECT_EQ(unknown.reason, "php-fpm (version unknown) is outside >= 8.2 (php-src#8410)");
}

TEST(RuntimeCatalogue, TheShippedRuntimeAnswersLoadAndPlan) {
  const ExpectationFile f = load_expectations(std::string(LC_SOURCE_DIR) + "/expectations/runtimes.yaml");
  const auto inst = plan_instances(f, here());
  int measured = 0;
  for (const auto& i : inst) {
    ASSERT_TRUE(i.runtime) << i.id << ": every answer of runtimes.yaml names a driver";
    EXPECT_LE(i.runtime->connections, 60) << i.id << ": floods stay small";
    measured += i.def->kind == vocabulary::ClaimKind::behaviour ? 1 : 0;
  }
  EXPECT_GE(measured, 12) << "issue 14: at least 12 runtime answers";
}

}  // namespace
}  // namespace lc::expect
