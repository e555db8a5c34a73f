// SPDX-License-Identifier: Apache-2.0
// The exit status of a set of results (`run`, `report`): what a CI job sees.
#include <gtest/gtest.h>

#include "results/results.hpp"

namespace lc::results {
namespace {

TEST(ExitStatus, NothingFoundIsZero) { EXPECT_EQ(exit_status(Summary{}), 0); }

// (results.json v2: `deviates` counts behaviour deviations only, drift apart)
TEST(ExitStatus, DocumentationDriftAloneDoesNotFailARun) {
  Summary s;
  s.drift = 1;
  EXPECT_EQ(exit_status(s), 0);
}

TEST(ExitStatus, ABehaviourDeviationIsOne) {
  Summary s;
  s.deviates = 2;
  s.drift = 1;
  EXPECT_EQ(exit_status(s), 1);
}

TEST(ExitStatus, AnErrorIsTwoWhateverElse) {
  Summary s;
  s.deviates = 2;
  s.error = 1;
  EXPECT_EQ(exit_status(s), 2);
}

}  // namespace
}  // namespace lc::results
