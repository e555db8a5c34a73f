// SPDX-License-Identifier: Apache-2.0
// The runtime spec and observation JSON (worker --runtime-spec): drivers are named from the
// closed vocabulary only, never by path or command; bounds are enforced; observations survive
// the round trip.
#include <gtest/gtest.h>

#include "lc/runtime_observation_json.hpp"

namespace lc {
namespace {

using nlohmann::json;

TEST(RuntimeSpecJson, ANamedDriverAndDefaultBacklogParse) {
  const RuntimeSpec s = runtime_spec_from_json(json{{"driver", "node-net"}, {"backlog", "default"}});
  EXPECT_EQ(s.driver, RuntimeDriver::node_net);
  EXPECT_FALSE(s.backlog);
  EXPECT_EQ(runtime_spec_from_json(json{{"driver", "redis"}, {"backlog", -1}}).backlog, -1);
}

TEST(RuntimeSpecJson, APathOrCommandIsNoDriver) {
  for (const char* d : {"/bin/sh", "drivers/python_socket.py", "python3 -c 'import os'", "Node-Net", ""}) {
    try {
      runtime_spec_from_json(json{{"driver", d}});
      ADD_FAILURE() << "accepted driver '" << d << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("field 'driver': unknown runtime driver"), std::string::npos) << e.what();
    }
  }
}

TEST(RuntimeSpecJson, BacklogIsAnIntOrDefault) {
  for (const json& b : {json("511"), json(2147483648LL), json(1.5), json(nullptr)}) {
    EXPECT_THROW(runtime_spec_from_json(json{{"driver", "nginx"}, {"backlog", b}}), std::invalid_argument) << b.dump();
  }
}

TEST(RuntimeSpecJson, FloodAndStartAreBounded) {
  EXPECT_THROW(runtime_spec_from_json(json{{"driver", "nginx"}, {"connections", kMaxDriverConnections + 1}}), std::invalid_argument);
  EXPECT_THROW(runtime_spec_from_json(json{{"driver", "nginx"}, {"start_timeout_ms", 0}}), std::invalid_argument);
  EXPECT_THROW(runtime_spec_from_json(json{{"driver", "nginx"}, {"start_timeout_ms", kMaxDriverStartMs + 1}}), std::invalid_argument);
}

TEST(RuntimeObservationJson, RoundTrips) {
  RuntimeObservation o;
  o.spec.driver = RuntimeDriver::java_serversocket;
  o.spec.backlog = 0;
  o.os = "linux";
  o.isolation = IsolationMode::netns;
  o.runtime_version = "17.0.15";
  o.somaxconn = 2147483647;
  o.kept_backlog = 50;
  o.queue_length = 2;
  o.attempts = {DriverOutcome::queued, DriverOutcome::queued, DriverOutcome::no_answer};
  o.counters = {{"TcpExt.ListenOverflows", 1}};
  o.notes = {"a note"};
  const RuntimeObservation back = runtime_observation_from_json(to_json(o));
  EXPECT_EQ(back.spec.driver, RuntimeDriver::java_serversocket);
  EXPECT_EQ(back.spec.backlog, 0);
  EXPECT_EQ(back.kept_backlog, 50);
  EXPECT_EQ(back.count(DriverOutcome::queued), 2);
  EXPECT_EQ(back.count(DriverOutcome::no_answer), 1);
  EXPECT_EQ(back.counters, o.counters);
  EXPECT_EQ(back.notes, o.notes);
  EXPECT_EQ(to_json(back), to_json(o));
}

TEST(RuntimeObservationJson, AnUnknownOutcomeIsMalformed) {
  RuntimeObservation o;
  json j = to_json(o);
  j["attempts"] = json::array({"accepted"});  // the engine's word, not a driver attempt's
  EXPECT_THROW(runtime_observation_from_json(j), std::invalid_argument);
}

}  // namespace
}  // namespace lc
