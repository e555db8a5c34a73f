// SPDX-License-Identifier: Apache-2.0
// The setup and expect keys of the listener kinds beyond plain TCP (issue 13): MPTCP, SO_REUSEPORT
// groups, the TCP Fast Open queue, AF_UNIX abstract names and blocking connects. Each key loads
// into the spec the engine runs, each bad value is refused at its file:line:col, a setup the
// file's OS cannot run is refused when planned, and `expect: members` is judged per member.
#include <gtest/gtest.h>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc::expect {
namespace {

using vocabulary::CheckStatus;
using vocabulary::Verdict;

const char* kKinds = R"(schema: 1
platform: linux
sources:
  s1: {title: "a source", evidence: source}
cases:
  - id: kinds/group
    summary: group
    cite: [s1]
    setup:
      backlog: 3
      reuseport: 3
      reuseport_member: [0, 2]
    flood: {connections: "backlog + 5"}
    expect:
      accepted: backlog + 1
      members: {accepted: "member == reuseport_member ? backlog + 1 : 0", effective_backlog: backlog}
  - id: kinds/mptcp
    summary: mptcp
    cite: [s1]
    setup: {protocol: mptcp, backlog: 1}
    flood: {connections: 4}
    expect: {accepted: 2}
  - id: kinds/tfo
    summary: tfo
    cite: [s1]
    setup: {backlog: 64, tcp_fastopen_queue: 2, fastopen_hold_clients: true, attempt_timeout_ms: 30}
    flood: {connections: "tcp_fastopen_queue + 3"}
    expect: {fastopen_queue: tcp_fastopen_queue}
  - id: kinds/unix
    summary: unix
    cite: [s1]
    setup: {backlog: 2, family: unix-seqpacket, abstract: true, blocking_connect_ms: 50}
    flood: {connections: 5}
    expect: {accepted: 3}
)";

PlatformFacts linux_6_18() { return {"linux", "6.18.0", "", "x86_64", KernelVersion{6, 18, 0}}; }

// The first problem of a file (loaded, then planned for Linux), or "" if there is none.
std::string first_problem(const std::string& text) {
  try {
    plan_instances(parse_expectations(text, "t.yaml"), linux_6_18());
    return "";
  } catch (const LoadError& e) {
    return e.problems.at(0);
  }
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(LoaderKinds, EveryNewKeyReachesTheSpec) {
  const ExpectationFile f = parse_expectations(kKinds, "t.yaml");
  const auto inst = plan_instances(f, linux_6_18());
  ASSERT_EQ(inst.size(), 5u);
  EXPECT_EQ(inst[0].id, "kinds/group[reuseport_member=0]");
  EXPECT_EQ(inst[0].spec.reuseport, 3);
  EXPECT_EQ(inst[0].spec.reuseport_member, 0);
  EXPECT_EQ(inst[1].spec.reuseport_member, 2);
  EXPECT_EQ(inst[1].setup_bindings.at("reuseport_member"), 2);
  EXPECT_EQ(inst[2].spec.protocol, Protocol::mptcp);
  ASSERT_TRUE(inst[3].spec.tcp_fastopen_queue);
  EXPECT_EQ(*inst[3].spec.tcp_fastopen_queue, 2);
  EXPECT_TRUE(inst[3].spec.fastopen_hold_clients);
  EXPECT_EQ(inst[3].spec.attempt_timeout_ms, 30);
  EXPECT_EQ(inst[3].spec.connections, 5) << "the flood size uses tcp_fastopen_queue";
  EXPECT_EQ(inst[4].spec.family, Family::unix_seqpacket);
  EXPECT_TRUE(inst[4].spec.abstract_name);
  EXPECT_EQ(inst[4].spec.blocking_connect_ms, 50);
}

TEST(LoaderKinds, UnknownProtocolNamesItsPosition) {
  const std::string p = first_problem(replace(kKinds, "protocol: mptcp", "protocol: sctp"));
  EXPECT_EQ(p, "t.yaml:20:23: setup protocol: 'sctp' is not one of tcp or mptcp") << p;
}

TEST(LoaderKinds, AGroupOfOneIsRefused) {
  const std::string p = first_problem(replace(kKinds, "reuseport: 3", "reuseport: 1"));
  EXPECT_EQ(p.rfind("t.yaml:11:18: setup reuseport: ", 0), 0u) << p;
  EXPECT_NE(p.find("2..64"), std::string::npos) << p;
}

TEST(LoaderKinds, AMemberPastTheEngineLimitIsRefused) {
  const std::string p = first_problem(replace(kKinds, "reuseport_member: [0, 2]", "reuseport_member: [0, 64]"));
  EXPECT_EQ(p.rfind("t.yaml:12:29: setup reuseport_member: ", 0), 0u) << p;
}

TEST(LoaderKinds, ANegativeFastOpenQueueIsRefused) {
  const std::string p = first_problem(replace(kKinds, "tcp_fastopen_queue: 2,", "tcp_fastopen_queue: -1,"));
  EXPECT_EQ(p.rfind("t.yaml:26:46: setup tcp_fastopen_queue: ", 0), 0u) << p;
}

TEST(LoaderKinds, ABooleanKeyTakesOnlyTrueOrFalse) {
  const std::string p = first_problem(replace(kKinds, "abstract: true", "abstract: yes"));
  EXPECT_EQ(p, "t.yaml:32:59: setup abstract: 'yes' is not true or false") << p;
}

TEST(LoaderKinds, AnUnboundedBlockingConnectIsRefused) {
  const std::string p = first_problem(replace(kKinds, "blocking_connect_ms: 50", "blocking_connect_ms: 70000"));
  EXPECT_EQ(p.rfind("t.yaml:32:86: setup blocking_connect_ms: ", 0), 0u) << p;
}

TEST(LoaderKinds, UnknownMemberNumberNamesItsPosition) {
  const std::string p = first_problem(replace(kKinds, "effective_backlog: backlog}", "backlog: backlog}"));
  EXPECT_EQ(p.rfind("t.yaml:16:75: unknown key 'backlog' in expect members", 0), 0u) << p;
}

TEST(LoaderKinds, MemberFormulasKnowOnlyTheCaseNames) {
  const std::string p = first_problem(replace(kKinds, "member == reuseport_member", "member == steered"));
  EXPECT_NE(p.find("unknown name 'steered'"), std::string::npos) << p;
  EXPECT_EQ(p.rfind("t.yaml:16:27:", 0), 0u) << p;
}

// Options of another family are refused when planned, at the case, before any worker runs.
TEST(LoaderKinds, AGroupOfAfUnixListenersIsRefused) {
  const std::string p = first_problem(replace(kKinds, "      reuseport: 3\n", "      reuseport: 3\n      family: unix-stream\n"));
  EXPECT_EQ(p.rfind("t.yaml:6:5: kinds/group[reuseport_member=0] cannot be measured on linux: family unix-stream: reuseport", 0), 0u)
      << p;
}

// An OS without the feature answers not_applicable; a claim that asks it anyway is bad input.
TEST(LoaderKinds, AbstractNamesOffLinuxAreRefused) {
  std::string text = replace(kKinds, "platform: linux", "platform: freebsd");
  // (without the MPTCP and TFO cases, which FreeBSD refuses too)
  const auto from = text.find("  - id: kinds/mptcp");
  text.erase(from, text.find("  - id: kinds/unix") - from);
  text = replace(text, "reuseport_member: [0, 2]", "reuseport_member: -1");
  try {
    plan_instances(parse_expectations(text, "t.yaml"), {"freebsd", "14.1-RELEASE", "", "x86_64", KernelVersion{14, 1, 0}});
    FAIL() << "planned";
  } catch (const LoadError& e) {
    ASSERT_EQ(e.problems.size(), 1u) << e.problems.at(0);
    EXPECT_EQ(e.problems[0], "t.yaml:17:5: kinds/unix cannot be measured on freebsd: abstract AF_UNIX names are Linux's; freebsd has none");
  }
}

TEST(LoaderKinds, MembersNeedAFlood) {
  const std::string p = first_problem(replace(kKinds, "    flood: {connections: \"backlog + 5\"}\n", ""));
  EXPECT_NE(p.find("expects flood results but has no flood.connections"), std::string::npos) << p;
}

// `members` is judged for every member with `member` bound to its index; one member off by one
// deviates, and the check names the member.
TEST(JudgeKinds, MembersAreJudgedEachWithItsIndex) {
  const ExpectationFile f = parse_expectations(kKinds, "t.yaml");
  const auto inst = plan_instances(f, linux_6_18());
  const CaseInstance& steered = inst[1];  // all SYNs to member 2
  Observation o;
  o.spec = steered.spec;
  o.os = "linux";
  o.listen_ok = true;
  for (int i = 0; i < steered.spec.connections; ++i) o.attempts.push_back({i < 4 ? Outcome::accepted : Outcome::no_answer});
  o.members = {{0, 3, 0}, {0, 3, 0}, {4, 3, 4}};
  const judge::CaseResult good = judge::judge(steered, f, o, 1);
  EXPECT_EQ(good.verdict, Verdict::conforms) << good.reason;
  bool named = false;
  for (const auto& c : good.checks) named = named || c.name == "members.accepted[2]";
  EXPECT_TRUE(named);

  o.members[0].accepted = 1;  // a sibling took one: spill-over
  const judge::CaseResult spilled = judge::judge(steered, f, o, 1);
  EXPECT_EQ(spilled.verdict, Verdict::deviates);
  EXPECT_EQ(spilled.reason.rfind("members.accepted[0]: expected member == reuseport_member ? backlog + 1 : 0 = 0, observed 1", 0), 0u)
      << spilled.reason;
}

TEST(JudgeKinds, MembersOfNoGroupAreNotObserved) {
  const ExpectationFile f = parse_expectations(kKinds, "t.yaml");
  const auto inst = plan_instances(f, linux_6_18());
  Observation o;
  o.spec = inst[0].spec;
  o.listen_ok = true;
  for (int i = 0; i < inst[0].spec.connections; ++i) o.attempts.push_back({i < 4 ? Outcome::accepted : Outcome::no_answer});
  const judge::CaseResult r = judge::judge(inst[0], f, o, 1);
  for (const auto& c : r.checks) {
    if (c.name.rfind("members.", 0) == 0) {
      EXPECT_EQ(c.status, CheckStatus::unobservable) << c.name;
    }
  }
}

}  // namespace
}  // namespace lc::expect
