// SPDX-License-Identifier: Apache-2.0
// A runtime answer's result (issue 14) in results.json and the reports: the runtime measurement
// survives the round trip through the schema, and the matrix cell says what was requested, what
// the kernel kept and the capacity measured here.
#include <gtest/gtest.h>

#include <climits>

#include "report/report_common.hpp"
#include "results/results.hpp"

namespace lc {
namespace {

judge::CaseResult twisted_default() {
  judge::CaseResult c;
  c.id = c.case_id = "runtime/twisted-listentcp/default";
  c.params = {{"driver", "twisted-listentcp"}, {"driver_backlog", "default"}};
  c.summary = "Twisted's listenTCP() passes backlog=50.";
  c.verdict = judge::Verdict::conforms;
  c.reason = "3 checks hold";
  c.checks = {{"effective_backlog", "kept", {{"kept", 50}}, "50", "50", judge::CheckStatus::pass, ""}};
  RuntimeObservation o;
  o.spec.driver = vocabulary::RuntimeDriver::twisted_listentcp;
  o.spec.connections = 53;
  o.os = "linux";
  o.runtime_version = "22.4.0";
  o.somaxconn = INT_MAX;
  o.kept_backlog = 50;
  o.queue_length = 51;
  o.attempts.assign(51, DriverOutcome::queued);
  o.attempts.push_back(DriverOutcome::no_answer);
  o.attempts.push_back(DriverOutcome::no_answer);
  c.runtime = o;
  return c;
}

TEST(RuntimeResults, TheRuntimeMeasurementSurvivesResultsJson) {
  results::RunResults r;
  r.tool_version = "0.1.0";
  r.machine = {"linux", "6.1.0", "", "6.1.0", "x86_64", vocabulary::RunIsolation::netns, {}};
  r.expectations = {"expectations/runtimes.yaml", std::string(64, 'a'), "linux", "Runtimes"};
  r.started_at = r.finished_at = "2026-11-30T10:00:00Z";
  r.results.push_back(twisted_default());
  r.summary = results::summarise(r.results);
  const results::RunResults back = results::parse_results(results::to_json(r).dump());  // validated against the schema
  ASSERT_EQ(back.results.size(), 1u);
  ASSERT_TRUE(back.results[0].runtime);
  EXPECT_EQ(back.results[0].runtime->kept_backlog, 50);
  EXPECT_EQ(back.results[0].runtime->runtime_version, "22.4.0");
  EXPECT_EQ(back.results[0].runtime->count(DriverOutcome::queued), 51);
  EXPECT_EQ(results::to_json(back), results::to_json(r));
}

TEST(RuntimeResults, TheMatrixCellSaysRequestedKeptAndCapacityHere) {
  EXPECT_EQ(report::key_observation(twisted_default()), "requested default, kept 50, capacity here 51");
  judge::CaseResult lower = twisted_default();
  lower.runtime->spec.backlog = 7;
  lower.runtime->attempts.assign(5, DriverOutcome::queued);  // the flood did not go past the capacity
  EXPECT_EQ(report::key_observation(lower), "requested 7, kept 50, capacity here ≥5");
  lower.runtime->not_installed = "no /usr/bin/python3";
  EXPECT_EQ(report::key_observation(lower), "not installed");
}

}  // namespace
}  // namespace lc
