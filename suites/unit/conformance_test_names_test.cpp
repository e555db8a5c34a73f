// SPDX-License-Identifier: Apache-2.0
// The conformance suite's test names (suites/conformance/conformance_test_names.hpp) are unique
// over every case instance of every shipped expectation file, planned as on its own OS: a
// repeated name would make ctest run one instance twice and never the other.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "conformance/conformance_test_names.hpp"
#include "expect/loader.hpp"
#include "expect/plan.hpp"

namespace lc {
namespace {

using testing::conformance_test_name;

std::vector<std::pair<std::string, std::string>> instance_ids(const std::string& os) {
  const auto file = expect::load_expectations(std::string(LC_SOURCE_DIR) + "/expectations/" + os + ".yaml");
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& inst : expect::plan_instances(file, {os, "", "", "x86_64", std::nullopt})) ids.emplace_back(inst.def->id, inst.id);
  return ids;
}

class ShippedExpectations : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedExpectations, EveryCaseInstanceHasATestNameOfItsOwn) {
  const auto ids = instance_ids(GetParam());
  ASSERT_FALSE(ids.empty());
  const auto repeated = testing::first_repeated_name(ids);
  EXPECT_FALSE(repeated.has_value()) << repeated->first_id << " and " << repeated->second_id << " are both " << repeated->name;
}

INSTANTIATE_TEST_SUITE_P(Files, ShippedExpectations, ::testing::Values("linux", "freebsd", "macos", "windows"));

TEST(ConformanceTestName, ANegativeValueIsNotThePositiveOne) {
  EXPECT_EQ(conformance_test_name("somaxconn/zero", "somaxconn/zero[backlog=-1]").full(), "Conformance_somaxconn.zero_backlog_neg1");
  EXPECT_EQ(conformance_test_name("somaxconn/zero", "somaxconn/zero[backlog=1]").full(), "Conformance_somaxconn.zero_backlog_1");
  EXPECT_EQ(conformance_test_name("x/y", "x/y[a=-5,b=-7]").name, "y_a_neg5_b_neg7");
}

TEST(ConformanceTestName, AHyphenInsideAWordIsAnUnderscore) {
  EXPECT_EQ(conformance_test_name("accept-queue/overflow-is-silent", "accept-queue/overflow-is-silent").full(),
            "Conformance_accept_queue.overflow_is_silent");
  EXPECT_EQ(conformance_test_name("syn-queue/before-3479c7549fb1", "syn-queue/before-3479c7549fb1[backlog=2]").name,
            "before_3479c7549fb1_backlog_2");
}

TEST(ConformanceTestName, ARepeatedNameIsFoundWithBothInstances) {
  const auto repeated = testing::first_repeated_name({{"a/b", "a/b[x=1]"}, {"a/b", "a/b[x=2]"}, {"a/b", "a/b[x.1]"}});
  ASSERT_TRUE(repeated.has_value());
  EXPECT_EQ(repeated->name, "Conformance_a.b_x_1");
  EXPECT_EQ(repeated->first_id, "a/b[x=1]");
  EXPECT_EQ(repeated->second_id, "a/b[x.1]");
}

}  // namespace
}  // namespace lc
