// SPDX-License-Identifier: Apache-2.0
// The judge's bindings after the run: facts as the worker observed them, then the lets.
#include <gtest/gtest.h>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc::judge {
namespace {

const char* kBindFactsFile = R"(schema: 1
platform: linux
sources: {s: "a source"}
facts:
  somaxconn: {sysctl: net.core.somaxconn}
cases:
  - id: m/capped
    summary: capped by somaxconn
    cite: s
    setup: {backlog: 5}
    let: {cap: "min(backlog, somaxconn) + 1"}
    flood: {connections: 8}
    expect: {accepted: cap}
)";

expect::PlatformFacts linux_6_18() { return {"linux", "x", "", "x86_64", expect::KernelVersion{6, 18, 0}}; }

TEST(BindFacts, ObservedSysctlsBindFactsAfterTheRun) {
  const auto f = expect::parse_expectations(kBindFactsFile, "t.yaml");
  const auto inst = expect::plan_instances(f, linux_6_18());
  ASSERT_EQ(inst.size(), 1u);
  EXPECT_EQ(inst[0].setup_bindings.count("cap"), 0u) << "somaxconn is only known after the run";
  const expect::Bindings b = bind_facts(inst[0], f, {{"net.core.somaxconn", "4"}}, 8);
  EXPECT_EQ(b.at("somaxconn"), 4);
  EXPECT_EQ(b.at("cap"), 5);
  EXPECT_EQ(b.at("connections"), 8);
}

TEST(BindFacts, AnUnreadableSysctlLeavesItsFactAndLetsUnbound) {
  const auto f = expect::parse_expectations(kBindFactsFile, "t.yaml");
  const auto inst = expect::plan_instances(f, linux_6_18());
  const expect::Bindings b = bind_facts(inst[0], f, {{"net.core.somaxconn", "n/a"}}, 8);
  EXPECT_EQ(b.count("somaxconn"), 0u);
  EXPECT_EQ(b.count("cap"), 0u);
  EXPECT_EQ(b.at("backlog"), 5);
}

}  // namespace
}  // namespace lc::judge
