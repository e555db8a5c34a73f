// SPDX-License-Identifier: Apache-2.0
// expectations/freebsd.yaml, macos.yaml and windows.yaml cannot run here: their formulas are
// evaluated on synthetic observations instead.
//
// Each OS has a model below, written by hand from the sources the files cite (not from the
// files' formulas): what the kernel does for a backlog, a re-listen and a flood. Every case
// instance is planned as if on its own platform, the model's observation is judged, and the
// verdict must be `conforms` - or, for the documentation claims the kernel contradicts, the
// `deviates` listed per host. Then every claim a case makes is broken in turn (one connection
// more or fewer, a readback off by one, another errno, another sysctl value, another overflow
// outcome) and each broken observation must `deviate`: no instance may be unable to fail.
// Last, the key numbers are written out literally (FreeBSD backlog 2 -> 4, macOS 0 -> 128,
// Windows SOMAXCONN_HINT(1) -> 200, ...).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <ostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"

namespace lc {
namespace {

using expect::CaseInstance;
using expect::ExpectationFile;
using judge::Verdict;

ExpectationFile load(const std::string& os) {
  return expect::load_expectations(std::string(LC_SOURCE_DIR) + "/expectations/" + os + ".yaml");
}

// --- The models --------------------------------------------------------------------------------

// What one OS does with listen() and a flood, on a host with the given sysctls.
struct Model {
  std::string os;
  std::string kernel;                             // uname -r / NT version
  std::map<std::string, std::string> sysctls;     // in force on the host
  std::function<std::int64_t(std::int64_t)> limit;        // listen(backlog) -> limit in force
  std::function<int(std::int64_t)> capacity;              // limit -> connections the queue takes
  bool relisten_changes_limit = true;
  Outcome overflow = Outcome::no_answer;                  // what a connection past capacity gets
  Outcome unix_overflow = Outcome::refused;               // the same on an AF_UNIX listener
  bool readback = true;                                   // effective backlog / queue length
  std::map<ListenTarget, std::string> errors;             // listen() on a prepared target ("ok" or errno)

  int sysctl(const std::string& key) const { return std::stoi(sysctls.at(key)); }
};

// FreeBSD: solisten_proto() clamps < 0 or > soacceptqueue to soacceptqueue; solisten_clone()
// refuses once sol_qlen > 3 * sol_qlimit / 2; the syncache answers every SYN and the failed
// socket creation at the final ACK sends RST when rst_on_sock_fail (tcp_input.c).
Model freebsd(int soacceptqueue, int rst_on_sock_fail) {
  Model m;
  m.os = "freebsd";
  m.kernel = "14.1-RELEASE-p5";
  m.sysctls = {{"kern.ipc.soacceptqueue", std::to_string(soacceptqueue)},
               {"net.inet.tcp.syncache.rst_on_sock_fail", std::to_string(rst_on_sock_fail)}};
  m.limit = [soacceptqueue](std::int64_t b) { return b < 0 || b > soacceptqueue ? soacceptqueue : b; };
  m.capacity = [](std::int64_t n) { return static_cast<int>(3 * n / 2 + 1); };
  m.overflow = rst_on_sock_fail ? Outcome::reset : Outcome::established_unaccepted;
  m.unix_overflow = Outcome::refused;  // uipc_usrreq.c unp_connectat(): a NULL solisten_clone() is ECONNREFUSED
  m.errors = {{ListenTarget::bad_fd, "EBADF"}, {ListenTarget::not_socket, "ENOTSOCK"},
              {ListenTarget::udp, "EOPNOTSUPP"}, {ListenTarget::connected, "EINVAL"},
              {ListenTarget::unbound, "EDESTADDRREQ"}};  // uipc_listen(): no unp_vnode (main; EINVAL before)
  return m;
}

// XNU: solisten() clamps <= 0 or > somaxconn to somaxconn; sonewconn_internal() refuses once
// so_qlen >= (soqlimitcompat ? qlimit : 3 * qlimit / 2); tcp_input.c drops the SYN silently.
Model macos(int somaxconn, int soqlimitcompat) {
  Model m;
  m.os = "macos";
  m.kernel = "24.1.0";
  m.sysctls = {{"kern.ipc.somaxconn", std::to_string(somaxconn)},
               {"kern.ipc.soqlimitcompat", std::to_string(soqlimitcompat)},
               {"kern.ipc.soqlencomp", "0"}, {"net.inet.tcp.syncookie", "0"}};
  m.limit = [somaxconn](std::int64_t b) { return b <= 0 || b > somaxconn ? somaxconn : b; };
  m.capacity = [soqlimitcompat](std::int64_t n) { return static_cast<int>(soqlimitcompat ? n : 3 * n / 2); };
  m.overflow = Outcome::no_answer;
  m.unix_overflow = Outcome::refused;  // uipc_usrreq.c unp_connect(): sonewconn() == 0 is ECONNREFUSED
  m.errors = {{ListenTarget::bad_fd, "EBADF"}, {ListenTarget::not_socket, "ENOTSOCK"},
              {ListenTarget::udp, "EOPNOTSUPP"}, {ListenTarget::connected, "EINVAL"},
              {ListenTarget::unbound, "EINVAL"}};  // uipc_listen(): unp_vnode == 0
  return m;
}

// Windows 8+: SOMAXCONN_HINT(N) = -N -> N clamped to [200, 65535] (MSDN); a plain backlog above
// 200, and SOMAXCONN, -> 200 ([reported]); a second listen() changes nothing (MSDN); a full queue
// refuses (WSAECONNREFUSED); no readback.
Model windows() {
  Model m;
  m.os = "windows";
  m.kernel = "10.0.19045";
  m.limit = [](std::int64_t b) -> std::int64_t {
    if (b < 0) return std::clamp<std::int64_t>(-b, 200, 65535);
    return std::min<std::int64_t>(b, 200);
  };
  m.capacity = [](std::int64_t n) { return static_cast<int>(n); };
  m.relisten_changes_limit = false;
  m.overflow = Outcome::refused;
  m.readback = false;
  m.errors = {{ListenTarget::bad_fd, "ENOTSOCK"}, {ListenTarget::not_socket, "ENOTSOCK"},
              {ListenTarget::udp, "EOPNOTSUPP"}, {ListenTarget::connected, "EISCONN"},
              {ListenTarget::port_in_use, "ok"}, {ListenTarget::unbound, "EINVAL"}};  // MSDN listen: not bound
  return m;
}

// The observation the model predicts for one planned instance.
Observation observe(const Model& m, const CaseInstance& inst) {
  Observation o;
  o.spec = inst.spec;
  o.os = m.os;
  o.kernel = m.kernel;
  o.arch = "x86_64";
  o.isolation = IsolationMode::none;
  o.sysctls = m.sysctls;
  const ProbeSpec& s = inst.spec;
  if (s.target != ListenTarget::tcp) {
    const std::string& result = m.errors.at(s.target);
    o.listen_ok = result == "ok";
    if (!o.listen_ok) o.listen_error = result;
    return o;
  }
  o.listen_ok = true;
  std::int64_t limit = m.limit(s.backlog);
  if (m.readback) o.effective_backlog_initial = limit;
  int cap = m.capacity(limit);
  auto relisten = [&] {
    if (m.relisten_changes_limit) limit = m.limit(s.relisten->backlog);
    cap = m.capacity(limit);
  };
  const bool unix_family = s.family == Family::unix_stream || s.family == Family::unix_seqpacket;
  const Outcome overflow = unix_family ? m.unix_overflow : m.overflow;
  int queued = 0;
  const int n = s.scenario == Scenario::flood ? s.connections : 0;
  for (int i = 0; i < n; ++i) {
    if (s.relisten && s.relisten->after == i) relisten();
    const bool fits = queued < cap;
    queued += fits ? 1 : 0;
    o.attempts.push_back({fits ? Outcome::accepted : overflow, Evidence::connect_result, false});
  }
  if (s.relisten && s.relisten->after >= n) relisten();
  if (m.readback) {
    o.effective_backlog = limit;
    o.queue_length = queued;
  }
  return o;
}

// --- Breaking each claim ---------------------------------------------------------------------

struct Mutation {
  std::string what;
  Observation obs;
};

Outcome other_than(Outcome o) { return o == Outcome::no_answer ? Outcome::refused : Outcome::no_answer; }

// Every observation that breaks exactly one claim the case makes.
std::vector<Mutation> mutations(const CaseInstance& inst, const Observation& good) {
  const expect::Expect& e = inst.def->expect;
  std::vector<Mutation> out;
  auto add = [&](const std::string& what, const std::function<void(Observation&)>& change) {
    Observation o = good;
    change(o);
    out.push_back({what, std::move(o)});
  };
  auto can_rise = [](const expect::NumberExpect& n) { return n.equals || n.max; };
  auto can_fall = [](const expect::NumberExpect& n) { return n.equals || n.min; };
  auto first_not_accepted = [](const Observation& o) {
    for (std::size_t i = 0; i < o.attempts.size(); ++i)
      if (o.attempts[i].outcome != Outcome::accepted) return static_cast<int>(i);
    return -1;
  };
  auto last_accepted = [](const Observation& o) {
    for (std::size_t i = o.attempts.size(); i-- > 0;)
      if (o.attempts[i].outcome == Outcome::accepted) return static_cast<int>(i);
    return -1;
  };
  const Outcome beyond = e.overflow ? *e.overflow : Outcome::no_answer;

  if (e.listen) {
    add("listen", [&](Observation& o) {
      if (*e.listen == "ok") {
        o.listen_ok = false;
        o.listen_error = "EINVAL";
      } else {
        o.listen_error = *e.listen == "EPERM" ? "EACCES" : "EPERM";
      }
    });
  }
  if (e.relisten) add("relisten", [](Observation& o) { o.relisten_error = "EINVAL"; });
  for (const auto& [number, n] : e.numbers) {
    using vocabulary::ExpectedNumber;
    using Field = std::optional<std::int64_t> Observation::*;
    const Field member = number == ExpectedNumber::effective_backlog           ? &Observation::effective_backlog
                         : number == ExpectedNumber::effective_backlog_initial ? &Observation::effective_backlog_initial
                         : number == ExpectedNumber::queue_length              ? &Observation::queue_length
                                                                               : nullptr;
    const std::string name = to_string(number);
    if (member) {
      if (!(good.*member).has_value()) continue;
      if (can_rise(n)) add(name + " + 1", [&](Observation& o) { *(o.*member) += 1; });
      if (can_fall(n)) add(name + " - 1", [&](Observation& o) { *(o.*member) -= 1; });
    } else if (number == ExpectedNumber::accepted) {
      if (can_rise(n) && first_not_accepted(good) >= 0)
        add("one connection more accepted",
            [&](Observation& o) { o.attempts[first_not_accepted(o)].outcome = Outcome::accepted; });
      if (can_fall(n) && last_accepted(good) >= 0)
        add("one connection fewer accepted", [&](Observation& o) { o.attempts[last_accepted(o)].outcome = beyond; });
    }
  }
  for (const auto& [outcome, n] : e.outcomes) {
    if (good.attempts.empty()) continue;
    const bool has_other = std::any_of(good.attempts.begin(), good.attempts.end(),
                                       [&](const Attempt& a) { return a.outcome != outcome; });
    if (has_other && can_rise(n)) {
      add("one " + std::string(to_string(outcome)) + " more", [&](Observation& o) {
        for (auto it = o.attempts.rbegin(); it != o.attempts.rend(); ++it) {
          if (it->outcome != outcome) {
            it->outcome = outcome;
            break;
          }
        }
      });
    }
  }
  if (e.overflow && !good.attempts.empty() && good.attempts.back().outcome == *e.overflow)
    add("another overflow outcome", [&](Observation& o) { o.attempts.back().outcome = other_than(*e.overflow); });
  for (const auto& [key, value] : e.sysctls)
    add("sysctl " + key, [&](Observation& o) { o.sysctls[key] = std::to_string(std::stoll(value) + 1); });
  return out;
}

// --- Every instance of a file, on one host --------------------------------------------------

struct Host {
  std::string name;
  std::string os;
  Model model;
  std::map<std::string, Verdict> not_conforming;  // case id -> the verdict the model earns
};

std::vector<Host> hosts() {
  return {
      {"freebsd_defaults", "freebsd", freebsd(128, 1),
       {{"listen.2/queue-is-1.5-times-backlog", Verdict::deviates},
        {"listen.2/overflow-silently-dropped", Verdict::deviates},
        {"posix/negative-backlog-is-zero", Verdict::deviates}}},
      {"freebsd_soacceptqueue_1000", "freebsd", freebsd(1000, 1),
       {{"listen.2/queue-is-1.5-times-backlog", Verdict::deviates},
        {"listen.2/overflow-silently-dropped", Verdict::deviates},
        {"posix/negative-backlog-is-zero", Verdict::deviates},
        {"somaxconn/default", Verdict::deviates}}},
      {"macos_defaults", "macos", macos(128, 1), {{"posix/negative-backlog-is-zero", Verdict::deviates}}},
      {"macos_somaxconn_256", "macos", macos(256, 1),
       {{"listen.2/limited-silently-to-128", Verdict::deviates}, {"somaxconn/default", Verdict::deviates},
        {"posix/negative-backlog-is-zero", Verdict::deviates}}},
      {"macos_soqlimitcompat_0", "macos", macos(128, 0),
       {{"listen.2/limited-silently-to-128", Verdict::deviates}, {"somaxconn/default", Verdict::deviates},
        {"posix/negative-backlog-is-zero", Verdict::deviates}}},
      {"windows_10", "windows", windows(), {{"win32-listen-old/relisten-updates-backlog", Verdict::deviates}}},
  };
}

void PrintTo(const Host& h, std::ostream* os) { *os << h.name; }

class OtherOsExpectations : public ::testing::TestWithParam<Host> {
 protected:
  void SetUp() override {
    file = load(GetParam().os);
    const auto version = expect::parse_kernel_version(GetParam().model.kernel);
    ASSERT_TRUE(version.has_value());
    instances = expect::plan_instances(file, {GetParam().os, GetParam().model.kernel, "", "x86_64", version});
  }
  ExpectationFile file;
  std::vector<CaseInstance> instances;
};

TEST_P(OtherOsExpectations, EveryInstanceJudgesTheDocumentedBehaviourAsExpected) {
  const Host& host = GetParam();
  ASSERT_FALSE(instances.empty());
  for (const CaseInstance& inst : instances) {
    SCOPED_TRACE(inst.id);
    if (inst.def->not_applicable) {  // the answer says this OS cannot be asked: skipped, with its reason
      ASSERT_TRUE(inst.skip_reason.has_value());
      EXPECT_NE(inst.skip_reason->find("not applicable"), std::string::npos);
      continue;
    }
    ASSERT_FALSE(inst.skip_reason.has_value()) << *inst.skip_reason;
    const judge::CaseResult r = judge::judge(inst, file, observe(host.model, inst), 1.0);
    const auto it = host.not_conforming.find(inst.def->id);
    const Verdict want = it == host.not_conforming.end() ? Verdict::conforms : it->second;
    EXPECT_EQ(r.verdict, want) << r.reason;
    EXPECT_FALSE(r.checks.empty());
    if (r.verdict == Verdict::deviates) {
      EXPECT_EQ(r.drift, inst.def->kind == expect::ClaimKind::documentation);
    }
  }
}

TEST_P(OtherOsExpectations, EveryClaimOfEveryInstanceCanFail) {
  const Host& host = GetParam();
  for (const CaseInstance& inst : instances) {
    SCOPED_TRACE(inst.id);
    if (inst.def->not_applicable) continue;
    const Observation good = observe(host.model, inst);
    if (judge::judge(inst, file, good, 1.0).verdict != Verdict::conforms) continue;
    const auto broken = mutations(inst, good);
    EXPECT_FALSE(broken.empty()) << "no claim of this instance can be broken";
    for (const Mutation& m : broken) {
      const judge::CaseResult r = judge::judge(inst, file, m.obs, 1.0);
      EXPECT_EQ(r.verdict, judge::Verdict::deviates) << m.what << ": " << r.reason;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Hosts, OtherOsExpectations, ::testing::ValuesIn(hosts()),
                         [](const ::testing::TestParamInfo<Host>& p) { return p.param.name; });

// --- The key numbers, written out ------------------------------------------------------------

struct Planned {
  ExpectationFile file;
  std::vector<CaseInstance> instances;

  Planned(const std::string& os, const std::string& kernel)
      : file(load(os)), instances(expect::plan_instances(file, {os, kernel, "", "x86_64", expect::parse_kernel_version(kernel)})) {}

  const CaseInstance& operator[](const std::string& id) const {
    for (const auto& i : instances) {
      if (i.id == id) return i;
    }
    throw std::runtime_error("no case instance " + id);
  }
};

// An observation of a flood: `accepted` accepted, then `rest` attempts with `overflow`; with a
// readback, the limit in force and a queue holding the accepted ones.
Observation flood(const CaseInstance& inst, const std::string& os, int accepted, int rest, Outcome overflow,
                  std::map<std::string, std::string> sysctls, std::optional<int> limit = std::nullopt) {
  Observation o;
  if (limit) {
    o.effective_backlog = *limit;
    o.queue_length = accepted;
  }
  o.spec = inst.spec;
  o.os = os;
  o.isolation = IsolationMode::none;
  o.listen_ok = true;
  o.sysctls = std::move(sysctls);
  for (int i = 0; i < accepted; ++i) o.attempts.push_back({Outcome::accepted, Evidence::accept_match, false});
  for (int i = 0; i < rest; ++i) o.attempts.push_back({overflow, Evidence::connect_result, false});
  return o;
}

judge::Verdict verdict(const Planned& p, const std::string& id, const Observation& o) {
  return judge::judge(p[id], p.file, o, 1.0).verdict;
}

const std::map<std::string, std::string> kFreeBsdDefaults = {{"kern.ipc.soacceptqueue", "128"},
                                                             {"net.inet.tcp.syncache.rst_on_sock_fail", "1"}};

TEST(FreeBsdExpectations, BacklogTwoHoldsFourThenResets) {
  const Planned p("freebsd", "14.1-RELEASE");
  const std::string id = "accept-queue/capacity[backlog=2,family=ipv4]";
  ASSERT_EQ(p[id].spec.connections, 12);  // the question floods 8 past the capacity the answer predicts
  Observation o = flood(p[id], "freebsd", 4, 8, Outcome::reset, kFreeBsdDefaults, 2);
  EXPECT_EQ(verdict(p, id, o), judge::Verdict::conforms);

  Observation five = flood(p[id], "freebsd", 5, 7, Outcome::reset, kFreeBsdDefaults, 2);
  EXPECT_EQ(verdict(p, id, five), judge::Verdict::deviates);

  Observation dropped = o;
  for (auto& a : dropped.attempts) {
    if (a.outcome == Outcome::reset) a.outcome = Outcome::no_answer;
  }
  EXPECT_EQ(verdict(p, id, dropped), judge::Verdict::deviates);  // the syncache answers: no silent drop

  // Linux's backlog + 1:
  EXPECT_EQ(verdict(p, id, flood(p[id], "freebsd", 3, 9, Outcome::reset, kFreeBsdDefaults, 2)), judge::Verdict::deviates);
}

TEST(FreeBsdExpectations, ZeroOneAndFiveHoldOneTwoAndEight) {
  const Planned p("freebsd", "14.1-RELEASE");
  for (const auto& [backlog, held] : std::vector<std::pair<int, int>>{{0, 1}, {1, 2}, {5, 8}, {10, 16}}) {
    const std::string id = "accept-queue/capacity[backlog=" + std::to_string(backlog) + ",family=ipv6]";
    SCOPED_TRACE(id);
    EXPECT_EQ(p[id].spec.connections, held + 8);
    Observation o = flood(p[id], "freebsd", held, 8, Outcome::reset, kFreeBsdDefaults, backlog);
    EXPECT_EQ(verdict(p, id, o), judge::Verdict::conforms);
  }
}

TEST(FreeBsdExpectations, NegativeAndHugeBacklogsBecomeSoacceptqueue) {
  const Planned p("freebsd", "14.1-RELEASE");
  for (const char* b : {"-1", "-2147483648", "1000000", "2147483647"}) {
    const std::string id = std::string("somaxconn/clamp[backlog=") + b + "]";
    Observation o;
    o.spec = p[id].spec;
    o.listen_ok = true;
    o.sysctls = {{"kern.ipc.soacceptqueue", "128"}};
    o.effective_backlog = 128;
    EXPECT_EQ(verdict(p, id, o), judge::Verdict::conforms) << id;
    o.effective_backlog = 0;  // POSIX's "negative behaves as 0"
    EXPECT_EQ(verdict(p, id, o), judge::Verdict::deviates) << id;
  }
  Observation zero;
  zero.spec = p["somaxconn/clamp[backlog=0]"].spec;
  zero.listen_ok = true;
  zero.sysctls = {{"kern.ipc.soacceptqueue", "128"}};
  zero.effective_backlog = 0;  // 0 stays 0 on FreeBSD
  EXPECT_EQ(verdict(p, "somaxconn/clamp[backlog=0]", zero), judge::Verdict::conforms);
  zero.effective_backlog = 128;
  EXPECT_EQ(verdict(p, "somaxconn/clamp[backlog=0]", zero), judge::Verdict::deviates);
}

TEST(FreeBsdExpectations, TheManPagesSilentDropIsDriftWhenTheKernelResets) {
  const Planned p("freebsd", "14.1-RELEASE");
  const auto r = judge::judge(p["listen.2/overflow-silently-dropped"], p.file,
                              flood(p["listen.2/overflow-silently-dropped"], "freebsd", 4, 4, Outcome::reset, kFreeBsdDefaults), 1.0);
  EXPECT_EQ(r.verdict, Verdict::deviates);
  EXPECT_TRUE(r.drift);
}

TEST(FreeBsdExpectations, SoacceptqueueCasesNeedFreeBsd10) {
  const Planned old("freebsd", "9.3-RELEASE");
  ASSERT_TRUE(old["somaxconn/clamp[backlog=-1]"].skip_reason.has_value());
  EXPECT_NE(old["somaxconn/clamp[backlog=-1]"].skip_reason->find("kern.ipc.soacceptqueue"), std::string::npos);
  EXPECT_FALSE(old["accept-queue/capacity[backlog=2,family=ipv4]"].skip_reason.has_value());
  const Planned current("freebsd", "10.0-RELEASE");
  EXPECT_FALSE(current["somaxconn/clamp[backlog=-1]"].skip_reason.has_value());
}

const std::map<std::string, std::string> kMacDefaults = {
    {"kern.ipc.somaxconn", "128"}, {"kern.ipc.soqlimitcompat", "1"}, {"kern.ipc.soqlencomp", "0"}, {"net.inet.tcp.syncookie", "0"}};

TEST(MacOsExpectations, BacklogZeroIsSomaxconn) {
  const Planned p("macos", "24.1.0");
  const std::string id = "backlog-zero/is-somaxconn";
  ASSERT_EQ(p[id].spec.connections, 132);
  Observation o = flood(p[id], "macos", 128, 4, Outcome::no_answer, kMacDefaults, 128);
  EXPECT_EQ(verdict(p, id, o), judge::Verdict::conforms);
  Observation linux_like = flood(p[id], "macos", 1, 131, Outcome::no_answer, kMacDefaults, 0);
  EXPECT_EQ(verdict(p, id, linux_like), judge::Verdict::deviates);
}

TEST(MacOsExpectations, BacklogFiveHoldsFiveAndDropsTheRestSilently) {
  const Planned p("macos", "24.1.0");
  const std::string id = "accept-queue/capacity[backlog=5,family=ipv4]";
  ASSERT_EQ(p[id].spec.connections, 15);  // 8 past the most either soqlimitcompat allows (7)
  Observation o = flood(p[id], "macos", 5, 10, Outcome::no_answer, kMacDefaults, 5);
  EXPECT_EQ(verdict(p, id, o), judge::Verdict::conforms);
  Observation six = flood(p[id], "macos", 6, 9, Outcome::no_answer, kMacDefaults, 5);
  EXPECT_EQ(verdict(p, id, six), judge::Verdict::deviates);
  Observation refused = flood(p[id], "macos", 5, 10, Outcome::refused, kMacDefaults, 5);
  EXPECT_EQ(verdict(p, id, refused), judge::Verdict::deviates);
}

TEST(WindowsExpectations, HintOfOneGivesTwoHundredThenRefuses) {
  const Planned p("windows", "10.0.19045");
  const std::string id = "hint/clamped[backlog=-1,family=ipv4]";
  ASSERT_EQ(p[id].spec.connections, 210);
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 200, 10, Outcome::refused, {})), judge::Verdict::conforms);
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 201, 9, Outcome::refused, {})), judge::Verdict::deviates);
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 1, 209, Outcome::refused, {})), judge::Verdict::deviates);  // -1 as 1
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 200, 10, Outcome::no_answer, {})), judge::Verdict::deviates);
  const std::string above = "hint/clamped[backlog=-250,family=ipv6]";
  ASSERT_EQ(p[above].spec.connections, 260);
  EXPECT_EQ(verdict(p, above, flood(p[above], "windows", 250, 10, Outcome::refused, {})), judge::Verdict::conforms);
}

TEST(WindowsExpectations, RelistenLeavesTheBacklogAlone) {
  const Planned p("windows", "10.0.19045");
  const std::string id = "relisten/backlog-unchanged[family=ipv4]";
  ASSERT_EQ(p[id].spec.connections, 260);
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 200, 60, Outcome::refused, {})), judge::Verdict::conforms);
  EXPECT_EQ(verdict(p, id, flood(p[id], "windows", 250, 10, Outcome::refused, {})), judge::Verdict::deviates);  // as on POSIX
}

// Refusals are only seen as refused with TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS (Windows 10 1709,
// NT 10.0.16299); before it they would be classified no_answer, so those answers are skipped.
TEST(WindowsExpectations, RefusalsNeedWindows10Version1709) {
  const Planned win7("windows", "6.1.7601");
  ASSERT_TRUE(win7["plain/capped-at-200[backlog=1000]"].skip_reason.has_value());
  EXPECT_TRUE(win7["hint/clamped[backlog=-1,family=ipv4]"].skip_reason.has_value());
  EXPECT_FALSE(win7["errors/enotsock"].skip_reason.has_value());
  const Planned win10_1703("windows", "10.0.15063");
  EXPECT_TRUE(win10_1703["accept-queue/capacity[backlog=5,family=ipv4]"].skip_reason.has_value());
  const Planned win10_1709("windows", "10.0.16299");
  EXPECT_FALSE(win10_1709["plain/capped-at-200[backlog=1000]"].skip_reason.has_value());
  EXPECT_FALSE(win10_1709["accept-queue/capacity[backlog=5,family=ipv4]"].skip_reason.has_value());
}

TEST(WindowsExpectations, NoCaseExpectsAReadbackWindowsCannotGive) {
  const ExpectationFile f = load("windows");
  for (const auto& c : f.cases) {
    for (const auto& [number, n] : c.expect.numbers) {
      EXPECT_TRUE(number == vocabulary::ExpectedNumber::accepted || number == vocabulary::ExpectedNumber::accepted_later)
          << c.id << " expects " << number;
    }
  }
}

}  // namespace
}  // namespace lc
