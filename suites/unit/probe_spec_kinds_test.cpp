// SPDX-License-Identifier: Apache-2.0
// The spec of the kinds beyond TCP (AF_UNIX, SO_REUSEPORT groups, MPTCP, TCP Fast Open): what each
// OS refuses (spec_refusal, the check `probe` exits 2 on and the engine repeats), and the JSON the
// runner and the worker exchange.
#include <gtest/gtest.h>

#include "lc/observation_json.hpp"
#include "lc/probe_spec.hpp"

namespace lc {
namespace {

ProbeSpec unix_spec(bool abstract = false) {
  ProbeSpec s;
  s.family = Family::unix_stream;
  s.abstract_name = abstract;
  return s;
}

TEST(SpecRefusal, PlainSpecsPassEverywhere) {
  for (const char* os : {"linux", "freebsd", "macos", "windows"}) {
    EXPECT_FALSE(spec_refusal(ProbeSpec{}, os)) << os;
    EXPECT_FALSE(spec_refusal(unix_spec(), os)) << os;
  }
}

TEST(SpecRefusal, AbstractNamesAreLinuxOnly) {
  EXPECT_FALSE(spec_refusal(unix_spec(true), "linux"));
  for (const char* os : {"freebsd", "macos", "windows"}) {
    const auto why = spec_refusal(unix_spec(true), os);
    ASSERT_TRUE(why) << os;
    EXPECT_NE(why->find("abstract"), std::string::npos) << *why;
  }
  ProbeSpec tcp;
  tcp.abstract_name = true;
  EXPECT_TRUE(spec_refusal(tcp, "linux")) << "abstract names are AF_UNIX addresses";
}

TEST(SpecRefusal, ReuseportGroupsNeedABalancingOs) {
  ProbeSpec s;
  s.reuseport = 4;
  EXPECT_FALSE(spec_refusal(s, "linux"));
  EXPECT_FALSE(spec_refusal(s, "freebsd"));
  EXPECT_TRUE(spec_refusal(s, "macos"));
  EXPECT_TRUE(spec_refusal(s, "windows"));
  s.reuseport_member = 4;
  EXPECT_TRUE(spec_refusal(s, "linux")) << "no member 4 in a group of 4";
  ProbeSpec u = unix_spec();
  u.reuseport = 2;
  EXPECT_TRUE(spec_refusal(u, "linux"));
}

TEST(SpecRefusal, MptcpAndFastOpenAreRefusedWhereTheEngineCannotDriveThem) {
  ProbeSpec m;
  m.protocol = Protocol::mptcp;
  EXPECT_FALSE(spec_refusal(m, "linux"));
  EXPECT_TRUE(spec_refusal(m, "freebsd"));
  ProbeSpec u = unix_spec();
  u.protocol = Protocol::mptcp;
  EXPECT_TRUE(spec_refusal(u, "linux"));
  ProbeSpec t;
  t.tcp_fastopen_queue = 4;
  EXPECT_FALSE(spec_refusal(t, "linux"));
  EXPECT_TRUE(spec_refusal(t, "macos"));
  ProbeSpec hold;
  hold.fastopen_hold_clients = true;
  EXPECT_TRUE(spec_refusal(hold, "linux")) << "nothing to hold without a TFO queue";
}

TEST(SpecRefusal, AfUnixTakesNoTcpOnlyTargetOrOption) {
  ProbeSpec s = unix_spec();
  s.scenario = Scenario::listen_call;
  s.target = ListenTarget::udp;
  EXPECT_TRUE(spec_refusal(s, "linux"));
  s.target = ListenTarget::unbound;
  EXPECT_FALSE(spec_refusal(s, "linux"));
  ProbeSpec d = unix_spec();
  d.defer_accept = true;
  EXPECT_TRUE(spec_refusal(d, "linux"));
  ProbeSpec b;
  b.blocking_connect_ms = 100;
  EXPECT_TRUE(spec_refusal(b, "linux")) << "blocking_connect_ms is for AF_UNIX clients";
}

// close_member needs a group it is a member of; accept_after_ms a blocking AF_UNIX connect.
TEST(SpecRefusal, CloseMemberAndAcceptAfterWhereTheyApply) {
  ProbeSpec c;
  c.reuseport = 2;
  c.close_member = 1;
  EXPECT_FALSE(spec_refusal(c, "linux"));
  c.close_member = 2;
  EXPECT_TRUE(spec_refusal(c, "linux")) << "a group of 2 has members 0 and 1";
  ProbeSpec lone;
  lone.close_member = 0;
  EXPECT_TRUE(spec_refusal(lone, "linux")) << "no group to close a member of";
  ProbeSpec w = unix_spec();
  w.accept_after_ms = 100;
  EXPECT_TRUE(spec_refusal(w, "linux")) << "a non-blocking connect never waits for an accept";
  w.blocking_connect_ms = 2000;
  EXPECT_FALSE(spec_refusal(w, "linux"));
  ProbeSpec tcp;
  tcp.accept_after_ms = 100;
  EXPECT_TRUE(spec_refusal(tcp, "linux")) << "accept_after_ms is for AF_UNIX clients";
}

TEST(SpecJson, KindsRoundTrip) {
  ProbeSpec s = unix_spec(true);
  s.blocking_connect_ms = 25;
  s.accept_after_ms = 10;
  const ProbeSpec back = probe_spec_from_json(to_json(s));
  EXPECT_EQ(back.family, Family::unix_stream);
  EXPECT_TRUE(back.abstract_name);
  EXPECT_EQ(back.blocking_connect_ms, 25);
  EXPECT_EQ(back.accept_after_ms, 10);

  ProbeSpec g;
  g.reuseport = 3;
  g.reuseport_member = 2;
  g.protocol = Protocol::mptcp;
  g.tcp_fastopen_queue = 7;
  g.fastopen_hold_clients = true;
  g.close_member = 1;
  const ProbeSpec gb = probe_spec_from_json(to_json(g));
  EXPECT_EQ(gb.close_member, 1);
  EXPECT_EQ(gb.reuseport, 3);
  EXPECT_EQ(gb.reuseport_member, 2);
  EXPECT_EQ(gb.protocol, Protocol::mptcp);
  EXPECT_EQ(gb.tcp_fastopen_queue, 7);
  EXPECT_TRUE(gb.fastopen_hold_clients);
}

TEST(SpecJson, PlainTcpSpecsCarryNoKindFields) {
  const auto j = to_json(ProbeSpec{});
  for (const char* key : {"abstract", "socket_dir", "blocking_connect_ms", "accept_after_ms", "protocol", "reuseport", "close_member",
                          "tcp_fastopen_queue"})
    EXPECT_FALSE(j.contains(key)) << key;
}

TEST(SpecJson, RejectsAnUnknownProtocolAndAnOversizedGroup) {
  auto j = to_json(ProbeSpec{});
  j["protocol"] = "sctp";
  EXPECT_THROW(probe_spec_from_json(j), std::invalid_argument);
  j = to_json(ProbeSpec{});
  j["reuseport"] = kMaxReuseportGroup + 1;
  EXPECT_THROW(probe_spec_from_json(j), std::invalid_argument);
}

TEST(ObservationJson, GroupMembersRoundTrip) {
  Observation o;
  o.os = "linux";
  o.kernel = "6.18";
  o.spec.reuseport = 2;
  o.attempts = {Attempt{Outcome::accepted, Evidence::accept_match, false, 1},
                Attempt{Outcome::would_block, Evidence::connect_result, false, -1}};
  o.members = {GroupMember{0, 5, 0}, GroupMember{1, 5, 1}};
  o.fastopen_queue = 3;
  const Observation back = observation_from_json(to_json(o));
  ASSERT_EQ(back.members.size(), 2u);
  EXPECT_EQ(back.members[1].accepted, 1);
  EXPECT_EQ(back.attempts[0].member, 1);
  EXPECT_EQ(back.attempts[1].member, -1);
  EXPECT_EQ(back.attempts[1].outcome, Outcome::would_block);
  EXPECT_EQ(back.fastopen_queue, 3);
}

}  // namespace
}  // namespace lc
