// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "expect/kernel_version.hpp"

namespace lc::expect {
namespace {

TEST(KernelVersion, ParsesReleaseStrings) {
  EXPECT_EQ(parse_kernel_version("6.18.44-fc-v669"), (KernelVersion{6, 18, 44}));
  EXPECT_EQ(parse_kernel_version("5.4"), (KernelVersion{5, 4, 0}));
  EXPECT_FALSE(parse_kernel_version("unknown").has_value());
}

TEST(KernelVersion, DebianAndUbuntuNameTheUpstreamVersionInTheBuildString) {
  EXPECT_EQ(upstream_kernel_version("6.1.0-28-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"),
            (KernelVersion{6, 1, 119}));
  EXPECT_EQ(upstream_kernel_version("5.15.0-91-generic", "Ubuntu 5.15.0-91.101-generic 5.15.131"), (KernelVersion{5, 15, 131}));
  EXPECT_EQ(upstream_kernel_version("6.18.44-fc", "#1 SMP PREEMPT_DYNAMIC"), (KernelVersion{6, 18, 44}));
}

TEST(VersionRange, ComparatorsAndAlternatives) {
  const VersionRange r(">= 6.13 || >= 6.12.10, < 6.13 || >= 6.1.125, < 6.2");
  EXPECT_TRUE(r.contains({6, 18, 44}));
  EXPECT_TRUE(r.contains({6, 12, 10}));
  EXPECT_FALSE(r.contains({6, 12, 9}));
  EXPECT_TRUE(r.contains({6, 1, 192}));
  EXPECT_FALSE(r.contains({6, 1, 124}));
  EXPECT_FALSE(r.contains({6, 6, 0}));
  EXPECT_TRUE(VersionRange("< 5.4").contains({5, 3, 99}));
  EXPECT_FALSE(VersionRange("< 5.4").contains({5, 4, 0}));
  EXPECT_TRUE(VersionRange("== 5.10.234").contains({5, 10, 234}));
}

TEST(VersionRange, RejectsMalformedConditions) {
  EXPECT_THROW(VersionRange("5.4"), std::invalid_argument);
  EXPECT_THROW(VersionRange(">= five"), std::invalid_argument);
  EXPECT_THROW(VersionRange(">= 5.4 ||"), std::invalid_argument);
}

// Numbers beyond the declared range (0..999999) are not a version; std::stoi threw
// std::out_of_range, which escaped the loader and aborted.
TEST(KernelVersion, AbsurdNumbersAreNoVersion) {
  EXPECT_FALSE(parse_kernel_version("99999999999999999999.1").has_value());
  EXPECT_FALSE(parse_kernel_version("6.1000000").has_value());
  EXPECT_EQ(parse_kernel_version("10.0.999999"), (KernelVersion{10, 0, 999999}));
}

TEST(VersionRange, AbsurdNumbersAreMalformedConditions) {
  EXPECT_THROW(VersionRange(">= 99999999999999999999.1"), std::invalid_argument);
  EXPECT_THROW(VersionRange(">= 6.1, < 6.99999999999999999999"), std::invalid_argument);
}

TEST(VersionRange, AMegabyteConditionIsMalformedNotAStackOverflow) {
  try {
    VersionRange(">= " + std::string(1'000'000, '1') + ".1");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_LT(std::string(e.what()).size(), 300u);
  }
}

}  // namespace
}  // namespace lc::expect
