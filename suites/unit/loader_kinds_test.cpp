// SPDX-License-Identifier: Apache-2.0
// The setup and expect keys of the listener kinds beyond plain TCP (issue 13): MPTCP, SO_REUSEPORT
// groups, the TCP Fast Open queue, AF_UNIX abstract names and blocking connects. Each key loads
// into the spec the engine runs, each bad value is refused at its file:line:col, a setup the
// file's OS cannot run is refused when planned, and `expect: members` is judged per member.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"
#include "support/replace_once.hpp"

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

// What loading `text` and planning it for Linux reports first, or "" when it is good.
std::string first_problem_planned(const std::string& text) {
  try {
    plan_instances(parse_expectations(text, "t.yaml"), linux_6_18());
  } catch (const LoadError& e) {
    return e.problems.empty() ? "(a LoadError without problems)" : e.problems.front();
  }
  return "";
}

using lc::testing::replace_once;

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

// One bad value per new key (and per `expect: members` problem): refused at its own
// file:line:col, with what is wrong.
struct BadInput {
  std::string what, from, to, message;  // `message`: how the first problem starts
};

// Each case's edit of `text`, planned, is refused first with its message.
void expect_first_problems(const char* text, const std::vector<BadInput>& cases) {
  for (const BadInput& c : cases) {
    const std::string p = first_problem_planned(replace_once(text, c.from, c.to));
    EXPECT_EQ(p.substr(0, c.message.size()), c.message) << c.what << ": " << p;
  }
}

TEST(LoaderKinds, EachBadValueNamesItsPosition) {
  const std::vector<BadInput> cases = {
      {"unknown protocol", "protocol: mptcp", "protocol: sctp", "t.yaml:20:23: setup protocol: 'sctp' is not one of tcp or mptcp"},
      {"a group of one", "reuseport: 3", "reuseport: 1", "t.yaml:11:18: setup reuseport: '1' is outside 2..64"},
      {"a member past the engine's limit", "reuseport_member: [0, 2]", "reuseport_member: [0, 64]",
       "t.yaml:12:29: setup reuseport_member: '64' is outside -1..63"},
      {"a negative TFO queue", "tcp_fastopen_queue: 2,", "tcp_fastopen_queue: -1,",
       "t.yaml:26:46: setup tcp_fastopen_queue: '-1' is outside 0..1048576"},
      {"a boolean that is not one", "abstract: true", "abstract: yes", "t.yaml:32:59: setup abstract: 'yes' is not true or false"},
      {"an unbounded blocking connect", "blocking_connect_ms: 50", "blocking_connect_ms: 70000",
       "t.yaml:32:86: setup blocking_connect_ms: '70000' is outside 0..60000"},
      {"an unknown member number", "effective_backlog: backlog}", "backlog: backlog}",
       "t.yaml:16:75: unknown key 'backlog' in expect members"},
      {"a member formula with an unknown name", "member == reuseport_member", "member == steered",
       "t.yaml:16:27: unknown name 'steered'"},
  };
  expect_first_problems(kKinds, cases);
}

// close_member (an SO_REUSEPORT member closed after the flood) and accept_after_ms (an accept
// while an AF_UNIX client blocks in connect()): loaded into the spec, bad values refused at
// their file:line:col.
const char* kCloseAndWait = R"(schema: 1
platform: linux
sources:
  s1: {title: "a source", evidence: source}
cases:
  - id: kinds/close
    summary: close
    cite: [s1]
    setup: {backlog: 1, reuseport: 2, reuseport_member: 0, close_member: 0, sysctls: {net.ipv4.tcp_migrate_req: 1}}
    flood: {connections: 2}
    expect: {accepted: 2}
  - id: kinds/wait
    summary: wait
    cite: [s1]
    setup: {backlog: 1, family: unix-stream, blocking_connect_ms: 2000, accept_after_ms: 100}
    flood: {connections: 3}
    expect: {accepted: 3}
)";

TEST(LoaderKinds, CloseMemberAndAcceptAfterReachTheSpec) {
  const auto inst = plan_instances(parse_expectations(kCloseAndWait, "t.yaml"), linux_6_18());
  ASSERT_EQ(inst.size(), 2u);
  EXPECT_EQ(inst[0].spec.close_member, 0);
  ASSERT_EQ(inst[0].spec.sysctls.size(), 1u);
  EXPECT_EQ(inst[0].spec.sysctls[0].first, "net.ipv4.tcp_migrate_req");
  EXPECT_EQ(inst[1].spec.accept_after_ms, 100);
  EXPECT_EQ(inst[1].spec.blocking_connect_ms, 2000);
}

TEST(LoaderKinds, BadCloseMemberOrAcceptAfterNamesItsPosition) {
  const std::vector<BadInput> cases = {
      {"a member past the engine's limit", "close_member: 0", "close_member: 64",
       "t.yaml:9:74: setup close_member: '64' is outside 0..63"},
      {"a negative member", "close_member: 0", "close_member: -1", "t.yaml:9:74: setup close_member: '-1' is outside 0..63"},
      {"a member the group does not have", "close_member: 0", "close_member: 2",
       "t.yaml:6:5: kinds/close cannot be measured on linux: close_member 2: not a member of a group of 2"},
      {"an unbounded accept delay", "accept_after_ms: 100", "accept_after_ms: 70000",
       "t.yaml:15:90: setup accept_after_ms: '70000' is outside 0..60000"},
      {"an accept delay without a blocking connect", "blocking_connect_ms: 2000, ", "",
       "t.yaml:12:5: kinds/wait cannot be measured on linux: accept_after_ms needs blocking_connect_ms"},
  };
  expect_first_problems(kCloseAndWait, cases);
}

// Options of another family are refused when planned, at the case, before any worker runs.
TEST(LoaderKinds, AGroupOfAfUnixListenersIsRefused) {
  const std::string p = first_problem_planned(replace_once(kKinds, "      reuseport: 3\n", "      reuseport: 3\n      family: unix-stream\n"));
  EXPECT_EQ(p.rfind("t.yaml:6:5: kinds/group[reuseport_member=0] cannot be measured on linux: family unix-stream: reuseport", 0), 0u)
      << p;
}

// An OS without the feature answers not_applicable; a claim that asks it anyway is bad input.
TEST(LoaderKinds, AbstractNamesOffLinuxAreRefused) {
  std::string text = replace_once(kKinds, "platform: linux", "platform: freebsd");
  // (without the MPTCP and TFO cases, which FreeBSD refuses too)
  const auto from = text.find("  - id: kinds/mptcp");
  text.erase(from, text.find("  - id: kinds/unix") - from);
  text = replace_once(text, "reuseport_member: [0, 2]", "reuseport_member: -1");
  try {
    plan_instances(parse_expectations(text, "t.yaml"), {"freebsd", "14.1-RELEASE", "", "x86_64", KernelVersion{14, 1, 0}});
    FAIL() << "planned";
  } catch (const LoadError& e) {
    ASSERT_EQ(e.problems.size(), 1u) << e.problems.at(0);
    EXPECT_EQ(e.problems[0], "t.yaml:17:5: kinds/unix cannot be measured on freebsd: abstract AF_UNIX names are Linux's; freebsd has none");
  }
}

TEST(LoaderKinds, MembersNeedAFlood) {
  const std::string p = first_problem_planned(replace_once(kKinds, "    flood: {connections: \"backlog + 5\"}\n", ""));
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
