// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <sstream>

#include "console/observation_table.hpp"

namespace lc::console {
namespace {

Observation with_outcomes(const std::string& pattern) {
  Observation o;
  for (char c : pattern) {
    Attempt a;
    a.outcome = c == 'A' ? Outcome::accepted : c == 'R' ? Outcome::reset : Outcome::no_answer;
    o.attempts.push_back(a);
  }
  return o;
}

TEST(AttemptsStrip, ShortFloodsShowOneSymbolPerAttempt) {
  EXPECT_EQ(attempts_strip(with_outcomes("AAR..")), "AAR..");
}

TEST(AttemptsStrip, LongFloodsAreRunLengthEncoded) {
  EXPECT_EQ(attempts_strip(with_outcomes(std::string(100, 'A') + "...")), "Ax100 .x3");
}

TEST(ObservationTable, FailureIsShownInsteadOfCounts) {
  Observation o;
  o.failure = ProbeFailure{FailureKind::cannot_isolate, "cannot isolate: unshare: EPERM"};
  std::ostringstream out;
  print_observation_table(out, o);
  EXPECT_NE(out.str().find("cannot isolate: unshare: EPERM"), std::string::npos);
  EXPECT_EQ(out.str().find("no_answer"), std::string::npos);
}

TEST(ObservationTable, WhatTheWorkerAdjustedIsShown) {
  Observation o = with_outcomes("AA.");
  o.adjustments = {"net.ipv4.ip_local_port_range set from \"32768 60999\" to \"1024 65535\"",
                   "clients spread over 3 loopback source addresses"};
  std::ostringstream out;
  print_observation_table(out, o);
  EXPECT_NE(out.str().find("adjusted"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("1024 65535"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("3 loopback source addresses"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace lc::console
