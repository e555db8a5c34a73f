// `explain`'s Linux row is measured here and agrees with a real probe of the same backlog, and
// with what the Linux answers predict.
#include <gtest/gtest.h>

#include "support/command_line.hpp"

namespace lc {
namespace {

nlohmann::json linux_row(const nlohmann::json& list) {
  for (const auto& r : list) {
    if (r.at("platform") == "linux") return r;
  }
  return nullptr;
}

TEST(ExplainKernel, LinuxRowIsMeasuredAndAgreesWithAProbe) {
  for (int backlog : {5, 50}) {
    SCOPED_TRACE("backlog " + std::to_string(backlog));
    const auto explain = testing::run_program({}, {"explain", "--backlog", std::to_string(backlog), "--json"});
    ASSERT_EQ(explain.child.exit_code, 0) << explain.child.err;
    ASSERT_TRUE(explain.observation.has_value()) << explain.child.out;
    const auto row = linux_row(*explain.observation);
    ASSERT_FALSE(row.is_null());
    ASSERT_TRUE(row.at("measured").get<bool>()) << row.dump();
    const auto probe = testing::run_program(
        {}, {"probe", "--backlog", std::to_string(backlog), "--connections", std::to_string(backlog + 9), "--json"});
    ASSERT_EQ(probe.child.exit_code, 0) << probe.child.err;
    const int accepted = probe.observation->at("outcomes").at("accepted").get<int>();
    EXPECT_EQ(row.at("capacity").get<double>(), accepted);
    EXPECT_EQ(row.at("capacity").get<double>(), backlog + 1);  // the Linux answer, in a fresh namespace
    EXPECT_EQ(row.at("overflow"), "no_answer");
  }
}

}  // namespace
}  // namespace lc
