// SPDX-License-Identifier: Apache-2.0
// The worker <-> runner protocol: specs and observations survive a JSON round trip, and
// malformed worker output is rejected with the offending field named.
#include <gtest/gtest.h>

#include "lc/observation_json.hpp"

namespace lc {
namespace {

using nlohmann::json;

Observation sample_observation() {
  Observation o;
  o.spec.backlog = -1;
  o.spec.connections = 4;
  o.spec.family = Family::ipv6;
  o.spec.sysctls = {{"net.core.somaxconn", "16"}, {"net.ipv4.ip_local_port_range", "1024 65535"}};
  o.spec.relisten = Relisten{7, 2};
  o.spec.defer_accept = true;
  o.spec.source_addresses = 2;
  o.spec.descriptor_budget = 100;
  o.os = "linux";
  o.kernel = "6.1.0";
  o.arch = "x86_64";
  o.isolation = IsolationMode::netns;
  o.listen_ok = true;
  o.effective_backlog_initial = 16;
  o.effective_backlog = 7;
  o.queue_length = 2;
  o.attempts = {{Outcome::accepted, Evidence::accept_match, false},
                {Outcome::established_unaccepted, Evidence::write_probe, true},
                {Outcome::reset, Evidence::write_probe, false},
                {Outcome::no_answer, Evidence::drop_counter, false}};
  o.counters = {{"TcpExt.ListenDrops", 1}};
  o.sysctls = {{"net.core.somaxconn", "16"}};
  o.adjustments = {"clients spread over 3 loopback source addresses"};
  o.source_addresses_used = 3;
  o.elapsed_ms = 3.5;
  return o;
}

TEST(ObservationJson, RoundTripKeepsEveryField) {
  const Observation o = sample_observation();
  const Observation back = observation_from_json(json::parse(to_json(o).dump()));
  EXPECT_EQ(to_json(back), to_json(o));
  EXPECT_EQ(back.spec.backlog, -1);
  ASSERT_TRUE(back.spec.relisten.has_value());
  EXPECT_EQ(back.spec.relisten->after, 2);
  EXPECT_EQ(back.attempts[1].accepted_later, true);
  EXPECT_EQ(back.accepted_later(), 1);
  EXPECT_EQ(back.spec.descriptor_budget, 100);
  EXPECT_EQ(back.source_addresses_used, 3);
  EXPECT_EQ(back.adjustments, o.adjustments);
}

// Observations written before `adjustments` and `source_addresses_used` existed still load.
TEST(ObservationJson, FieldsAddedLaterAreOptional) {
  json j = to_json(sample_observation());
  j.erase("adjustments");
  j.erase("source_addresses_used");
  j["spec"].erase("descriptor_budget");
  const Observation back = observation_from_json(j);
  EXPECT_TRUE(back.adjustments.empty());
  EXPECT_EQ(back.source_addresses_used, 1);
  EXPECT_EQ(back.spec.descriptor_budget, 0);
}

TEST(ObservationJson, SummaryFieldsAreDerivedFromAttempts) {
  const json j = to_json(sample_observation());
  EXPECT_EQ(j["accepted"], 1);
  EXPECT_EQ(j["outcomes"]["no_answer"], 1);
  EXPECT_EQ(j["outcomes"]["refused"], 0);
  EXPECT_EQ(j["attempts"][2], "reset");
}

TEST(ObservationJson, RejectsAnUnknownOutcome) {
  json j = to_json(sample_observation());
  j["attempts"][0] = "maybe";
  try {
    observation_from_json(j);
    FAIL() << "accepted an unknown outcome";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("attempts"), std::string::npos) << e.what();
  }
}

TEST(ObservationJson, RejectsACountThatDisagreesWithTheAttempts) {
  json j = to_json(sample_observation());
  j["accepted"] = 5;
  EXPECT_THROW(observation_from_json(j), std::invalid_argument);
}

TEST(ObservationJson, RejectsWrongTypesAndMissingFields) {
  json wrong = to_json(sample_observation());
  wrong["effective_backlog"] = "five";
  EXPECT_THROW(observation_from_json(wrong), std::invalid_argument);
  json missing = to_json(sample_observation());
  missing.erase("kernel");
  EXPECT_THROW(observation_from_json(missing), std::invalid_argument);
  EXPECT_THROW(observation_from_json(json::array()), std::invalid_argument);
}

TEST(ProbeSpecJson, DefaultsApplyAndBadValuesAreNamed) {
  const ProbeSpec s = probe_spec_from_json(json{{"backlog", 3}});
  EXPECT_EQ(s.scenario, Scenario::flood);
  EXPECT_EQ(s.family, Family::ipv4);
  try {
    probe_spec_from_json(json{{"backlog", 3}, {"family", "ipx"}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("family"), std::string::npos);
  }
  EXPECT_THROW(probe_spec_from_json(json{{"backlog", 3}, {"sysctls", json::array({"a=b"})}}), std::invalid_argument);
  EXPECT_THROW(probe_spec_from_json(json{{"connections", 3}}), std::invalid_argument);
}

// The worker enforces the same bounds as `probe`'s options, whoever wrote the spec.
std::string spec_error(const json& j) {
  try {
    probe_spec_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ProbeSpecJson, ConnectionsBeyondTheLimitAreRejected) {
  EXPECT_EQ(probe_spec_from_json(json{{"backlog", 3}, {"connections", kMaxConnections}}).connections, kMaxConnections);
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"connections", kMaxConnections + 1}}).find("connections"), std::string::npos);
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"connections", -1}}).find("connections"), std::string::npos);
}

TEST(ProbeSpecJson, WaitsBeyondTheLimitAreRejected) {
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"settle_ms", kMaxWaitMs + 1}}).find("settle_ms"), std::string::npos);
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"attempt_timeout_ms", kMaxWaitMs + 1}}).find("attempt_timeout_ms"),
            std::string::npos);
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"source_addresses", kMaxSourceAddresses + 1}}).find("source_addresses"),
            std::string::npos);
  EXPECT_NE(spec_error(json{{"backlog", 3}, {"relisten", {{"backlog", 1}, {"after", -1}}}}).find("relisten.after"),
            std::string::npos);
}

}  // namespace
}  // namespace lc
