// SPDX-License-Identifier: Apache-2.0
// The judge on synthetic observations: it reads observations and expectations only.
#include <gtest/gtest.h>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc::judge {
namespace {

const char* kVerdictFile = R"(schema: 1
platform: linux
sources: {sock.h: {title: "sock.h", url: "https://example.invalid/sock.h", evidence: source}}
facts:
  somaxconn: {sysctl: net.core.somaxconn}
cases:
  - id: q/capacity
    summary: backlog+1
    cite: sock.h
    setup: {backlog: 2}
    flood: {connections: 6}
    expect:
      effective_backlog: min(backlog, somaxconn)
      accepted: backlog + 1
      overflow: no_answer
      counters: {TcpExt.ListenOverflows: connections - (backlog + 1)}
  - id: q/doc
    kind: documentation
    summary: the page says backlog
    cite: sock.h
    setup: {backlog: 2}
    flood: {connections: 6}
    expect: {accepted: backlog}
  - id: q/range
    summary: a range
    cite: sock.h
    setup: {backlog: 2}
    flood: {connections: 6}
    expect: {accepted: {min: backlog, max: backlog + 1}}
)";

struct Fixture : ::testing::Test {
  expect::ExpectationFile file = expect::parse_expectations(kVerdictFile, "t.yaml");
  std::vector<expect::CaseInstance> inst =
      expect::plan_instances(file, {"linux", "6.18", "", "x86_64", expect::KernelVersion{6, 18, 0}});

  // What Linux does for backlog 2 and 6 attempts.
  static Observation linux_like(const ProbeSpec& spec) {
    Observation o;
    o.spec = spec;
    o.os = "linux";
    o.isolation = IsolationMode::netns;
    o.listen_ok = true;
    o.effective_backlog = 2;
    o.queue_length = 3;
    for (int i = 0; i < 6; ++i) o.attempts.push_back({i < 3 ? Outcome::accepted : Outcome::no_answer, Evidence::accept_match, false});
    o.counters = {{"TcpExt.ListenOverflows", 3}};
    o.sysctls = {{"net.core.somaxconn", "4096"}};
    return o;
  }
};

TEST_F(Fixture, ConformsWhenEveryCheckHolds) {
  const CaseResult r = judge(inst[0], file, linux_like(inst[0].spec), 5);
  EXPECT_EQ(r.verdict, Verdict::conforms) << r.reason;
  EXPECT_EQ(r.checks.size(), 4u);
  EXPECT_EQ(r.cite.at(0).url, "https://example.invalid/sock.h");
}

TEST_F(Fixture, DeviatesWithFormulaValuesAndObservation) {
  Observation o = linux_like(inst[0].spec);
  o.attempts[2].outcome = Outcome::no_answer;  // capacity N, as with the 2021 `>=`
  o.counters["TcpExt.ListenOverflows"] = 4;
  const CaseResult r = judge(inst[0], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::deviates);
  EXPECT_FALSE(r.drift);
  const Check& accepted = r.checks[1];
  EXPECT_EQ(accepted.name, "accepted");
  EXPECT_EQ(accepted.formula, "backlog + 1");
  EXPECT_EQ(accepted.expected, "3");
  EXPECT_EQ(accepted.observed, "2");
  EXPECT_EQ(accepted.bindings, (expect::Bindings{{"backlog", 2}}));
  EXPECT_EQ(r.checks[2].name, "overflow");
  EXPECT_EQ(r.checks[2].observed, "attempt 3 got no_answer");
  EXPECT_EQ(r.reason, "accepted: expected backlog + 1 = 3, observed 2 (+2 more)");
}

TEST_F(Fixture, MeasuredAnywayStaysSkippedAndSaysWhatItWouldHaveBeen) {
  const std::string skip = "kernel 5.10.223 is outside >= 6.13 (3479c7549fb1)";
  Observation o = linux_like(inst[0].spec);
  o.attempts[2].outcome = Outcome::no_answer;
  o.counters["TcpExt.ListenOverflows"] = 4;
  const CaseResult r = measured_anyway(judge(inst[0], file, o, 5), skip);
  EXPECT_EQ(r.verdict, Verdict::skipped);
  EXPECT_EQ(r.reason, skip + " (measured anyway: would deviate: accepted expected 3, observed 2 (+2 more))");
  EXPECT_TRUE(r.observation.has_value());
  EXPECT_EQ(r.checks.size(), 4u);
  EXPECT_FALSE(r.drift);

  const CaseResult ok = measured_anyway(judge(inst[0], file, linux_like(inst[0].spec), 5), skip);
  EXPECT_EQ(ok.verdict, Verdict::skipped);
  EXPECT_EQ(ok.reason, skip + " (measured anyway: would conform)");

  const CaseResult crashed = measured_anyway(worker_error(inst[0], file, ErrorKind::crashed, "worker killed by signal 9", 5), skip);
  EXPECT_EQ(crashed.verdict, Verdict::skipped);
  EXPECT_EQ(crashed.reason, skip + " (measured anyway: error: worker killed by signal 9)");

  const CaseResult drift = measured_anyway(judge(inst[1], file, linux_like(inst[1].spec), 5), skip);
  EXPECT_EQ(drift.reason, skip + " (measured anyway: would drift: accepted expected 2, observed 3)");
  EXPECT_FALSE(drift.drift);
}

TEST_F(Fixture, SysctlFactsComeFromTheObservation) {
  Observation o = linux_like(inst[0].spec);
  o.sysctls["net.core.somaxconn"] = "1";  // then min(2, 1) = 1 is expected, 2 observed
  const CaseResult r = judge(inst[0], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::deviates);
  EXPECT_EQ(r.checks[0].expected, "1");
  EXPECT_EQ(r.checks[0].bindings.at("somaxconn"), 1);
}

TEST_F(Fixture, AMissingFactIsAnErrorNotADeviation) {
  Observation o = linux_like(inst[0].spec);
  o.sysctls.clear();
  const CaseResult r = judge(inst[0], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::error);
  EXPECT_NE(r.reason.find("somaxconn"), std::string::npos) << r.reason;
}

TEST_F(Fixture, UnobservableValuesNeitherPassNorFail) {
  Observation o = linux_like(inst[0].spec);
  o.effective_backlog.reset();  // no readback (Windows)
  o.counters.clear();           // no counters private to the measurement (no namespace)
  const CaseResult r = judge(inst[0], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::conforms) << r.reason;
  EXPECT_EQ(r.checks[0].status, CheckStatus::unobservable);
  EXPECT_EQ(r.reason, "2 checks hold (2 not observable here)");
  o.attempts[0].outcome = Outcome::no_answer;  // what is observable still decides
  EXPECT_EQ(judge(inst[0], file, o, 5).verdict, Verdict::deviates);
}

TEST_F(Fixture, ACaseWithNothingObservableIsSkipped) {
  Observation o = linux_like(inst[0].spec);
  o.effective_backlog.reset();
  o.counters.clear();
  o.attempts.clear();  // accepted=0 is still observable: make the case readback-only instead
  const auto f2 = expect::parse_expectations(R"(schema: 1
platform: linux
sources: {s: x}
cases:
  - id: r/readback
    summary: readback only
    cite: s
    setup: {backlog: 3}
    expect: {effective_backlog: backlog}
)", "r.yaml");
  const auto i2 = expect::plan_instances(f2, {"linux", "6.18", "", "x86_64", expect::KernelVersion{6, 18, 0}});
  const CaseResult r = judge(i2[0], f2, o, 5);
  EXPECT_EQ(r.verdict, Verdict::skipped);
  EXPECT_EQ(r.reason.rfind("nothing this case checks is observable here", 0), 0u) << r.reason;
}

TEST_F(Fixture, DocumentationClaimsDeviateAsDrift) {
  const CaseResult r = judge(inst[1], file, linux_like(inst[1].spec), 5);
  EXPECT_EQ(r.verdict, Verdict::deviates);
  EXPECT_TRUE(r.drift);
  EXPECT_EQ(r.kind, expect::ClaimKind::documentation);
  EXPECT_EQ(r.reason.rfind("documentation drift: ", 0), 0u);
}

TEST_F(Fixture, RangesAcceptEitherEnd) {
  EXPECT_EQ(judge(inst[2], file, linux_like(inst[2].spec), 5).verdict, Verdict::conforms);
  Observation o = linux_like(inst[2].spec);
  o.attempts[0].outcome = o.attempts[1].outcome = Outcome::no_answer;
  const CaseResult r = judge(inst[2], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::deviates);
  EXPECT_EQ(r.checks[0].expected, "2..3");
}

TEST_F(Fixture, CannotIsolateIsSkippedOtherFailuresAreErrors) {
  Observation o = linux_like(inst[0].spec);
  o.failure = ProbeFailure{FailureKind::cannot_isolate, "cannot isolate: unshare(CLONE_NEWNET): Operation not permitted"};
  const CaseResult skipped = judge(inst[0], file, o, 5);
  EXPECT_EQ(skipped.verdict, Verdict::skipped);
  EXPECT_EQ(skipped.reason, o.failure->message);
  o.failure = ProbeFailure{FailureKind::resource, "cannot raise RLIMIT_NOFILE"};
  EXPECT_EQ(judge(inst[0], file, o, 5).verdict, Verdict::error);
}

// A kernel without what the case asks for (socket(IPPROTO_MPTCP) refused, net.mptcp.enabled=0)
// is skipped with the kernel's reason, never a pass and never a harness error.
TEST_F(Fixture, UnsupportedIsSkippedWithTheReason) {
  Observation o = linux_like(inst[0].spec);
  o.failure = ProbeFailure{FailureKind::unsupported, "socket(IPPROTO_MPTCP): ENOPROTOOPT (net.mptcp.enabled is 0 in this network namespace)"};
  const CaseResult r = judge(inst[0], file, o, 5);
  EXPECT_EQ(r.verdict, Verdict::skipped);
  EXPECT_EQ(r.error_kind, ErrorKind::unsupported);
  EXPECT_EQ(r.reason, o.failure->message);
}

TEST_F(Fixture, WorkerErrors) {
  const CaseResult hung = worker_error(inst[0], file, ErrorKind::hung, "worker overran its deadline", 10000);
  EXPECT_EQ(hung.verdict, Verdict::error);
  EXPECT_EQ(hung.error_kind, ErrorKind::hung);
}

}  // namespace
}  // namespace lc::judge
