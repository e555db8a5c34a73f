#include <gtest/gtest.h>

#include "expect/loader.hpp"
#include "expect/plan.hpp"

namespace lc::expect {
namespace {

const char* kFile = R"(schema: 1
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
  const auto f = parse_expectations(kFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  ASSERT_EQ(inst.size(), 8u + 1 + 1);
  EXPECT_EQ(inst[0].id, "m/matrix[backlog=0,family=ipv4,net.core.somaxconn=16]");
  EXPECT_EQ(inst[7].id, "m/matrix[backlog=5,family=ipv6,net.core.somaxconn=32]");
  EXPECT_EQ(inst[7].spec.family, Family::ipv6);
  EXPECT_EQ(inst[7].spec.sysctls, (std::vector<std::pair<std::string, std::string>>{{"net.core.somaxconn", "32"}}));
  EXPECT_EQ(inst[8].id, "m/new-kernels");  // single-valued axes do not show in the id
}

TEST(Plan, FloodSizeUsesSetupAndSysctlsTheCaseSets) {
  const auto f = parse_expectations(kFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  EXPECT_EQ(inst[0].spec.connections, 0 + 1 + 2);      // backlog 0
  EXPECT_EQ(inst[2].spec.connections, 0 + 1 + 2);
  EXPECT_EQ(inst[4].spec.connections, 5 + 1 + 2);      // backlog 5, somaxconn 16
  EXPECT_EQ(inst[4].spec.scenario, Scenario::flood);
  EXPECT_EQ(inst[8].spec.scenario, Scenario::listen_call);
}

TEST(Plan, SetupMapsOntoTheProbeSpec) {
  const auto f = parse_expectations(kFile, "t.yaml");
  const auto inst = plan_instances(f, linux(6, 18));
  const ProbeSpec& s = inst[9].spec;
  ASSERT_TRUE(s.relisten.has_value());
  EXPECT_EQ(s.relisten->backlog, 9);
  EXPECT_EQ(s.relisten->after, 3);
  EXPECT_TRUE(s.defer_accept);
  EXPECT_EQ(inst[9].setup_bindings.at("relisten_backlog"), 9);
}

TEST(Plan, AFloodSizeNeedingAPostRunFactIsAnError) {
  std::string text = kFile;
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
  const auto f = parse_expectations(kFile, "t.yaml");
  const auto old_kernel = plan_instances(f, linux(6, 1));
  ASSERT_TRUE(old_kernel[8].skip_reason.has_value());
  EXPECT_EQ(*old_kernel[8].skip_reason, "kernel 6.1.0 is outside >= 6.13 (3479c7549fb1)");
  EXPECT_TRUE(old_kernel[8].skip_for_kernel_version);  // measurable with run --measure-version-skipped
  EXPECT_FALSE(old_kernel[0].skip_reason.has_value());
  EXPECT_FALSE(old_kernel[0].skip_for_kernel_version);
  EXPECT_FALSE(plan_instances(f, linux(6, 13))[8].skip_reason.has_value());
}

TEST(Plan, OtherOsSkipsEverything) {
  const auto f = parse_expectations(kFile, "t.yaml");
  const auto inst = plan_instances(f, PlatformFacts{"freebsd", "14.1-RELEASE", "", "amd64", std::nullopt});
  for (const auto& i : inst) {
    ASSERT_TRUE(i.skip_reason.has_value());
    EXPECT_EQ(*i.skip_reason, "other OS: these expectations are for linux, this machine runs freebsd");
    EXPECT_FALSE(i.skip_for_kernel_version);
  }
}

}  // namespace
}  // namespace lc::expect
