// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "expect/loader.hpp"
#include "expect/plan.hpp"

namespace lc::expect {
namespace {

const char* kPlanFile = R"(schema: 1
platform: linux
sources: {s: "a source"}
facts:
  somaxconn: {sysctl: net.core.somaxconn}
cases:
  - id: m/matrix
    summary: matrix
    cite: s
    setup:
      backlog: [0, 5]
      family: [ipv4, ipv6]
      sysctls: {net.core.somaxconn: [16, 32]}
    let: {cap: "min(backlog, somaxconn) + 1"}
    flood: {connections: "cap + 2"}
    expect: {accepted: cap}
  - id: m/new-kernels
    summary: versioned
    cite: s
    when: {kernel: ">= 6.13", reason: "3479c7549fb1"}
    setup: {backlog: 1}
    expect: {listen: ok}
  - id: m/relisten
    summary: relisten
    cite: s
    setup: {backlog: 2, relisten: {backlog: 9, after: 3}, defer_accept: true}
    flood: {connections: 4}
    expect: {accepted: relisten_backlog + 1}
)";

PlatformFacts linux(int major, int minor) { return {"linux", "x", "", "x86_64", KernelVersion{major, minor, 0}}; }

TEST(Plan, ListsExpandIntoAMatrixInFileOrder) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  ASSERT_EQ(inst.size(), 8u + 1 + 1);
  EXPECT_EQ(inst[0].id, "m/matrix[backlog=0,family=ipv4,net.core.somaxconn=16]");
  EXPECT_EQ(inst[7].id, "m/matrix[backlog=5,family=ipv6,net.core.somaxconn=32]");
  EXPECT_EQ(inst[7].spec.family, Family::ipv6);
  EXPECT_EQ(inst[7].spec.sysctls, (std::vector<std::pair<std::string, std::string>>{{"net.core.somaxconn", "32"}}));
  EXPECT_EQ(inst[8].id, "m/new-kernels");  // single-valued axes do not show in the id
}

TEST(Plan, FloodSizeUsesSetupAndSysctlsTheCaseSets) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  EXPECT_EQ(inst[0].spec.connections, 0 + 1 + 2);      // backlog 0
  EXPECT_EQ(inst[2].spec.connections, 0 + 1 + 2);
  EXPECT_EQ(inst[4].spec.connections, 5 + 1 + 2);      // backlog 5, somaxconn 16
  EXPECT_EQ(inst[4].spec.scenario, Scenario::flood);
  EXPECT_EQ(inst[8].spec.scenario, Scenario::listen_call);
}

TEST(Plan, SetupMapsOntoTheProbeSpec) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  const ProbeSpec& s = inst[9].spec;
  ASSERT_TRUE(s.relisten.has_value());
  EXPECT_EQ(s.relisten->backlog, 9);
  EXPECT_EQ(s.relisten->after, 3);
  EXPECT_TRUE(s.defer_accept);
  EXPECT_EQ(inst[9].setup_bindings.at("relisten_backlog"), 9);
}

TEST(Plan, AFloodSizeNeedingAPostRunFactIsAnError) {
  std::string text = kPlanFile;
  text.replace(text.find("cap + 2"), 7, "somaxconn + 1");
  text.replace(text.find("sysctls: {net.core.somaxconn: [16, 32]}"), 39, "family: ipv4");
  text.replace(text.find("      family: [ipv4, ipv6]\n"), 27, "");
  const auto f = parse_expectations(text, "t.yaml");
  try {
    plan_instances(f, linux(6, 18));
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_NE(e.problems[0].find("somaxconn"), std::string::npos) << e.problems[0];
    EXPECT_EQ(e.problems[0].rfind("t.yaml:", 0), 0u);
  }
}

TEST(Plan, KernelConditionsSkipWithTheReason) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  const auto old_kernel = plan_instances(f, linux(6, 1));
  ASSERT_TRUE(old_kernel[8].skip_reason.has_value());
  EXPECT_EQ(*old_kernel[8].skip_reason, "kernel 6.1.0 is outside >= 6.13 (3479c7549fb1)");
  EXPECT_TRUE(old_kernel[8].skip_for_kernel_version);  // measurable with run --measure-version-skipped
  EXPECT_FALSE(old_kernel[0].skip_reason.has_value());
  EXPECT_FALSE(old_kernel[0].skip_for_kernel_version);
  EXPECT_FALSE(plan_instances(f, linux(6, 13))[8].skip_reason.has_value());
}

TEST(Plan, OtherOsSkipsEverything) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  const auto inst = plan_instances(f, PlatformFacts{"freebsd", "14.1-RELEASE", "", "amd64", std::nullopt});
  for (const auto& i : inst) {
    ASSERT_TRUE(i.skip_reason.has_value());
    EXPECT_EQ(*i.skip_reason, "other OS: these expectations are for linux, this machine runs freebsd");
    EXPECT_FALSE(i.skip_for_kernel_version);
  }
}

// Two cases of 6000 instances each: each under the limit, together past it. Checked before
// expanding, so nothing is allocated for them.
TEST(PlanLimits, ExpansionIsLimitedForTheWholeFile) {
  std::string backlogs = "[", settles = "[";
  for (int i = 0; i < 60; ++i) backlogs += std::to_string(i) + (i < 59 ? ", " : "]");
  for (int i = 0; i < 100; ++i) settles += std::to_string(i) + (i < 99 ? ", " : "]");
  std::string text = "schema: 1\nplatform: linux\nsources: {s: x}\ncases:\n";
  for (const char* id : {"m/one", "m/two"}) {
    text += std::string("  - id: ") + id + "\n    summary: x\n    cite: s\n    setup: {backlog: " + backlogs +
            ", settle_ms: " + settles + "}\n    expect: {listen: ok}\n";
  }
  const auto f = parse_expectations(text, "t.yaml");
  try {
    plan_instances(f, linux(6, 18));
    FAIL() << "planned 12000 instances";
  } catch (const LoadError& e) {
    ASSERT_EQ(e.problems.size(), 1u);
    EXPECT_EQ(e.problems[0], "t.yaml:10:5: the cases expand to 12000 case instances in all, past the limit of 10000 per file from case m/two on");
  }
}

TEST(PlanLimits, OneCaseOverTheLimitIsNamed) {
  std::string values = "[";
  for (int i = 0; i < 120; ++i) values += std::to_string(i) + (i < 119 ? ", " : "]");
  const auto f = parse_expectations("schema: 1\nplatform: linux\nsources: {s: x}\ncases:\n  - id: m/big\n    summary: x\n    cite: s\n"
                                    "    setup: {backlog: " + values + ", settle_ms: " + values + "}\n    expect: {listen: ok}\n",
                                    "t.yaml");
  try {
    plan_instances(f, linux(6, 18));
    FAIL() << "planned 14400 instances";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.problems.at(0), "t.yaml:5:5: case m/big expands to 14400 case instances (the limit is 10000 per file)");
  }
}

// A linux file of one case built in code, not loaded: none of the loader's checks applied.
ExpectationFile hand_made(const std::string& id, std::vector<Axis> axes) {
  ExpectationFile f;
  f.path = "t.yaml";
  f.platform = "linux";
  CaseDef c;
  c.id = id;
  c.pos = SourcePos{"t.yaml", 7, 5};
  c.axes = std::move(axes);
  f.cases.push_back(std::move(c));
  return f;
}

// The planner's own conversion still refuses an absurd value as bad input (std::stoi threw
// out_of_range).
TEST(PlanLimits, AnUncheckedAbsurdSetupValueIsALoadErrorNotAnAbort) {
  const auto f = hand_made("m/hand-made", {Axis{"backlog", {"99999999999999999999"}, SourcePos{"t.yaml", 8, 22}}});
  try {
    plan_instances(f, linux(6, 18));
    FAIL() << "planned an absurd backlog";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.problems.at(0).rfind("t.yaml:7:5: case m/hand-made cannot be planned: setup backlog: '99999999999999999999' is outside", 0), 0u)
        << e.problems.at(0);
  }
}

// The matrix is walked without recursion: 100000 single-valued axes (a file built by hand; the
// loader allows at most 25) overflowed the stack one std::function frame per axis.
TEST(PlanLimits, ManyAxesDoNotOverflowTheStack) {
  const auto f = hand_made("m/axes", std::vector<Axis>(100000, Axis{"defer_accept", {"true"}, SourcePos{"t.yaml", 8, 5}}));
  const auto inst = plan_instances(f, linux(6, 18));
  ASSERT_EQ(inst.size(), 1u);
  EXPECT_TRUE(inst[0].spec.defer_accept);
}

TEST(PlanLimits, ASysctlValueTooLargeForADoubleLeavesTheFactUnbound) {
  const auto f = parse_expectations(kPlanFile, "t.yaml");
  Bindings b;
  bind_sysctl_facts(f, {{"net.core.somaxconn", std::string(400, '9')}}, b);
  EXPECT_EQ(b.count("somaxconn"), 0u);
  bind_sysctl_facts(f, {{"net.core.somaxconn", "16"}}, b);
  EXPECT_EQ(b.at("somaxconn"), 16);
}

}  // namespace
}  // namespace lc::expect
