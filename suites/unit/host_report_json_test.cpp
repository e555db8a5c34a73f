// SPDX-License-Identifier: Apache-2.0
// The host report (`worker --host-report`) as JSON: what the runner believes about the machine
// comes only through this parser, so a worker that writes anything else is told apart.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "lc/observation_json.hpp"

namespace lc {
namespace {

HostReport sample() {
  return HostReport{"linux", "6.1.0-18-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1", "x86_64",
                    {{"net.core.somaxconn", "4096"}, {"net.ipv4.ip_local_port_range", "32768 60999"}}};
}

std::string rejection(const nlohmann::json& j) {
  try {
    (void)host_report_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(HostReportJson, RoundTripKeepsEveryField) {
  const HostReport back = host_report_from_json(nlohmann::json::parse(to_json(sample()).dump()));
  EXPECT_EQ(back.os, "linux");
  EXPECT_EQ(back.kernel, "6.1.0-18-amd64");
  EXPECT_EQ(back.build, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1");
  EXPECT_EQ(back.arch, "x86_64");
  EXPECT_EQ(back.sysctls, sample().sysctls);
}

TEST(HostReportJson, AnObservationIsNoHostReport) {
  nlohmann::json j = to_json(sample());
  j["format"] = "listen-conformance/observation";
  EXPECT_EQ(rejection(j), "field 'format': not a listen-conformance host report");
}

TEST(HostReportJson, MissingOrMistypedFieldsAreNamed) {
  nlohmann::json j = to_json(sample());
  j.erase("sysctls");
  EXPECT_EQ(rejection(j), "field 'sysctls': missing");
  j = to_json(sample());
  j["sysctls"]["net.core.somaxconn"] = 4096;
  EXPECT_EQ(rejection(j), "field 'sysctls': wrong type (object)");
  j = to_json(sample());
  j["version"] = 2;
  EXPECT_EQ(rejection(j), "field 'version': unsupported version 2");
  EXPECT_EQ(rejection(nlohmann::json::array()), "host report is not a JSON object");
}

}  // namespace
}  // namespace lc
