// SPDX-License-Identifier: Apache-2.0
#include "judge.hpp"

#include <cmath>

#include "lc/vocabulary/format_number.hpp"

namespace lc::judge {
namespace {

using expect::Bindings;
using vocabulary::format_number;
using expect::FormulaError;
using expect::NumberExpect;
using vocabulary::ExpectedNumber;
using vocabulary::ExpectKey;

CaseResult base(const expect::CaseInstance& inst, const expect::ExpectationFile& file) {
  CaseResult r;
  r.id = inst.id;
  r.case_id = inst.def->id;
  r.params = inst.params;
  r.summary = inst.def->summary;
  r.kind = inst.def->kind;
  r.tags = inst.def->tags;
  r.when_kernel = inst.def->when_kernel;
  r.spec = inst.spec;
  for (const std::string& id : inst.def->cite) {
    const auto it = file.sources.find(id);
    if (it != file.sources.end()) r.cite.push_back({id, it->second.title, it->second.url, it->second.quote, it->second.evidence});
  }
  r.not_applicable = inst.def->not_applicable.has_value();
  return r;
}

Bindings used_bindings(const std::string& formula, const Bindings& all) {
  Bindings used;
  try {
    for (const auto& name : expect::formula_variables(formula)) {
      if (auto it = all.find(name); it != all.end()) used[name] = it->second;
    }
  } catch (const FormulaError&) {
  }
  return used;
}

class Checker {
 public:
  Checker(CaseResult& r, const Bindings& b) : r_(r), b_(b) {}

  // An observed number against an expected formula or bounds.
  void number(const std::string& name, const NumberExpect& e, std::optional<double> observed) {
    Check c;
    c.name = name;
    try {
      if (e.equals) {
        c.formula = *e.equals;
        c.bindings = used_bindings(*e.equals, b_);
        const double want = expect::evaluate_formula(*e.equals, b_);
        c.expected = format_number(want);
        finish(c, observed, [&](double v) { return v == want; });
      } else {
        std::optional<double> lo, hi;
        if (e.min) lo = expect::evaluate_formula(*e.min, b_);
        if (e.max) hi = expect::evaluate_formula(*e.max, b_);
        c.formula = (e.min ? *e.min : "") + " .. " + (e.max ? *e.max : "");
        for (const auto* f : {&e.min, &e.max}) {
          if (*f) c.bindings.merge(used_bindings(**f, b_));
        }
        c.expected = (lo ? format_number(*lo) : "") + ".." + (hi ? format_number(*hi) : "");
        finish(c, observed, [&](double v) { return (!lo || v >= *lo) && (!hi || v <= *hi); });
      }
    } catch (const FormulaError& err) {
      c.status = CheckStatus::error;
      c.message = err.what();
    }
    r_.checks.push_back(std::move(c));
  }

  void text(const std::string& name, const std::string& expected, const std::optional<std::string>& observed) {
    Check c;
    c.name = name;
    c.expected = expected;
    c.observed = observed ? *observed : "not observed";
    if (!observed) {
      c.status = CheckStatus::unobservable;
      c.message = "not observable here: the worker did not report " + name;
    } else if (*observed != expected) {
      c.status = CheckStatus::fail;
      c.message = "expected " + expected + ", observed " + *observed;
    }
    r_.checks.push_back(std::move(c));
  }

  void add(Check c) { r_.checks.push_back(std::move(c)); }

 private:
  template <typename Pred>
  void finish(Check& c, std::optional<double> observed, Pred ok) {
    if (!observed) {
      c.observed = "not observed";
      c.status = CheckStatus::unobservable;
      c.message = "not observable here: the worker did not report " + c.name;
      return;
    }
    c.observed = format_number(*observed);
    if (!ok(*observed)) {
      c.status = CheckStatus::fail;
      c.message = "expected " + c.formula + " = " + c.expected + ", observed " + c.observed;
    }
  }

  CaseResult& r_;
  const Bindings& b_;
};

std::optional<double> observed_number(const Observation& obs, ExpectedNumber number) {
  auto opt = [](const std::optional<std::int64_t>& v) -> std::optional<double> {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
  };
  switch (number) {
    case ExpectedNumber::effective_backlog: return opt(obs.effective_backlog);
    case ExpectedNumber::effective_backlog_initial: return opt(obs.effective_backlog_initial);
    case ExpectedNumber::queue_length: return opt(obs.queue_length);
    case ExpectedNumber::accepted: return obs.accepted();
    case ExpectedNumber::accepted_later: return obs.accepted_later();
    case ExpectedNumber::fastopen_queue: return opt(obs.fastopen_queue);
    case ExpectedNumber::queued: return std::nullopt;  // runtime answers only (judge_runtime)
  }
  return std::nullopt;
}

// attempts[0, cap) accepted and attempts[cap, n) all `overflow`.
// What one member of an SO_REUSEPORT group reports for `number`.
std::optional<double> member_number(const GroupMember& m, vocabulary::MemberNumber number) {
  using vocabulary::MemberNumber;
  auto opt = [](const std::optional<std::int64_t>& v) -> std::optional<double> {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
  };
  switch (number) {
    case MemberNumber::accepted: return m.accepted;
    case MemberNumber::effective_backlog: return opt(m.effective_backlog);
    case MemberNumber::queue_length: return opt(m.queue_length);
  }
  return std::nullopt;
}

Check overflow_check(const Observation& obs, Outcome overflow, const NumberExpect& accepted, const Bindings& b) {
  Check c;
  c.name = vocabulary::check_name(ExpectKey::overflow);
  c.formula = *accepted.equals;
  c.bindings = used_bindings(*accepted.equals, b);
  const int cap = static_cast<int>(expect::evaluate_formula(*accepted.equals, b));
  const int n = static_cast<int>(obs.attempts.size());
  c.expected = "attempts 1.." + std::to_string(cap) + " " + to_string(Outcome::accepted) + ", " + std::to_string(cap + 1) +
               ".." + std::to_string(n) + " " + to_string(overflow);
  for (int i = 0; i < n; ++i) {
    const Outcome want = i < cap ? Outcome::accepted : overflow;
    if (obs.attempts[i].outcome != want) {
      c.status = CheckStatus::fail;
      c.observed = "attempt " + std::to_string(i + 1) + " got " + to_string(obs.attempts[i].outcome);
      c.message = "expected " + to_string(want) + " for attempt " + std::to_string(i + 1) + ", observed " +
                  to_string(obs.attempts[i].outcome);
      return c;
    }
  }
  c.observed = "as expected";
  return c;
}

std::string normalise_space(std::string s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// A worker that cannot isolate itself must not measure against the host's settings, and one
// whose kernel lacks what the case asks for (no MPTCP, net.mptcp.enabled=0) has nothing to
// measure: the case is skipped, with the reason. Any other failure is an error of the harness.
CaseResult failed(CaseResult r, const ProbeFailure& f) {
  const bool skip = f.kind == FailureKind::cannot_isolate || f.kind == FailureKind::unsupported;
  r.verdict = skip ? Verdict::skipped : Verdict::error;
  r.error_kind = vocabulary::widen<ErrorKind>(f.kind);
  r.reason = f.message;
  return r;
}

// The verdict from the checks made.
void conclude(CaseResult& r, const expect::CaseDef& def) {
  const Check* first_error = nullptr;
  const Check* first_fail = nullptr;
  int failed = 0;
  int observable = 0;
  for (const Check& c : r.checks) {
    observable += c.status != CheckStatus::unobservable ? 1 : 0;
    if (c.status == CheckStatus::error && !first_error) first_error = &c;
    if (c.status == CheckStatus::fail) {
      ++failed;
      if (!first_fail) first_fail = &c;
    }
  }
  if (first_error) {
    r.verdict = Verdict::error;
    r.error_kind = ErrorKind::expectation;
    r.reason = first_error->name + ": " + first_error->message;
  } else if (first_fail) {
    r.verdict = Verdict::deviates;
    r.drift = def.kind == expect::ClaimKind::documentation;
    r.reason = (r.drift ? "documentation drift: " : "") + first_fail->name + ": " + first_fail->message +
               (failed > 1 ? " (+" + std::to_string(failed - 1) + " more)" : "");
  } else if (observable == 0 && !r.checks.empty()) {
    r.verdict = Verdict::skipped;
    r.reason = "nothing this case checks is observable here (" + r.checks.front().message + ")";
  } else {
    r.verdict = Verdict::conforms;
    r.reason = std::to_string(observable) + " checks hold" +
               (observable < static_cast<int>(r.checks.size())
                    ? " (" + std::to_string(r.checks.size() - observable) + " not observable here)"
                    : "");
  }
  if (r.checks.empty() && r.verdict == Verdict::conforms) {
    r.verdict = Verdict::error;
    r.error_kind = ErrorKind::expectation;
    r.reason = "the case checks nothing";
  }
}

}  // namespace

CaseResult skipped(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const std::string& reason) {
  CaseResult r = base(inst, file);
  r.verdict = Verdict::skipped;
  r.reason = reason;
  return r;
}

CaseResult measured_anyway(CaseResult judged, const std::string& skip_reason) {
  std::string would;
  switch (judged.verdict) {
    case Verdict::conforms: would = "would conform"; break;
    case Verdict::deviates: {
      int failed = 0;
      for (const Check& c : judged.checks) {
        if (c.status != CheckStatus::fail) continue;
        if (failed++ == 0) {
          would = std::string(judged.drift ? "would drift: " : "would deviate: ") + c.name + " expected " + c.expected +
                  ", observed " + c.observed;
        }
      }
      if (failed > 1) would += " (+" + std::to_string(failed - 1) + " more)";
      if (failed == 0) would = "would deviate: " + judged.reason;
      break;
    }
    case Verdict::skipped: would = "not judged: " + judged.reason; break;
    case Verdict::error: would = "error: " + judged.reason; break;
  }
  judged.verdict = Verdict::skipped;
  judged.drift = false;
  judged.reason = skip_reason + " (measured anyway: " + would + ")";
  return judged;
}

CaseResult worker_error(const expect::CaseInstance& inst, const expect::ExpectationFile& file, ErrorKind kind,
                        const std::string& message, double elapsed_ms) {
  CaseResult r = base(inst, file);
  r.verdict = Verdict::error;
  r.error_kind = kind;
  r.reason = message;
  r.elapsed_ms = elapsed_ms;
  return r;
}

CaseResult judge(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const Observation& obs,
                 double elapsed_ms) {
  CaseResult r = base(inst, file);
  r.observation = obs;
  r.elapsed_ms = elapsed_ms;
  if (obs.failure) return failed(std::move(r), *obs.failure);
  const expect::Expect& e = inst.def->expect;
  std::vector<std::pair<std::string, std::string>> sysctls(obs.sysctls.begin(), obs.sysctls.end());
  const Bindings b = bind_facts(inst, file, sysctls, obs.spec.connections);
  Checker check(r, b);

  using vocabulary::check_name;
  const std::string ok(vocabulary::kListenOk);
  if (e.listen) check.text(check_name(ExpectKey::listen), *e.listen, obs.listen_ok ? ok : obs.listen_error);
  if (e.relisten) check.text(check_name(ExpectKey::relisten), *e.relisten, obs.relisten_error ? *obs.relisten_error : ok);
  for (const auto& [number, ne] : e.numbers) check.number(to_string(number), ne, observed_number(obs, number));
  for (const auto& [outcome, ne] : e.outcomes) {
    check.number(check_name(ExpectKey::outcomes, name(outcome)), ne, static_cast<double>(obs.count(outcome)));
  }
  if (e.overflow) {
    for (const auto& [number, ne] : e.numbers) {
      if (number != ExpectedNumber::accepted) continue;
      try {
        check.add(overflow_check(obs, *e.overflow, ne, b));
      } catch (const FormulaError& err) {
        check.add(Check{check_name(ExpectKey::overflow), *ne.equals, {}, "", "", CheckStatus::error, err.what()});
      }
    }
  }
  for (const auto& [name, ne] : e.counters) {
    std::optional<double> observed;
    if (!obs.counters.empty()) {
      auto it = obs.counters.find(name);
      observed = it == obs.counters.end() ? 0.0 : static_cast<double>(it->second);
    }
    check.number(check_name(ExpectKey::counters, name), ne, observed);
  }
  for (const auto& [number, ne] : e.members) {
    // Judged for every member, with `member` bound to its index.
    const std::string item(name(number));
    if (obs.members.empty()) check.number(check_name(ExpectKey::members, item), ne, std::nullopt);
    for (std::size_t m = 0; m < obs.members.size(); ++m) {
      Bindings bm = b;
      bm[vocabulary::to_string(vocabulary::SetupVariable::member)] = static_cast<double>(m);
      Checker(r, bm).number(check_name(ExpectKey::members, item + "[" + std::to_string(m) + "]"), ne,
                            member_number(obs.members[m], number));
    }
  }
  for (const auto& [key, value] : e.sysctls) {
    auto it = obs.sysctls.find(key);
    check.text(check_name(ExpectKey::sysctls, key), normalise_space(value),
               it == obs.sysctls.end() ? std::nullopt : std::optional<std::string>(normalise_space(it->second)));
  }

  conclude(r, *inst.def);
  return r;
}

CaseResult judge_runtime(const expect::CaseInstance& inst, const expect::ExpectationFile& file, const RuntimeObservation& obs,
                         double elapsed_ms) {
  CaseResult r = base(inst, file);
  r.runtime = obs;
  r.elapsed_ms = elapsed_ms;
  const std::string driver = vocabulary::to_string(obs.spec.driver);
  if (obs.not_installed) {
    r.verdict = Verdict::skipped;
    r.reason = driver + " not installed (" + *obs.not_installed + ")";
    return r;
  }
  if (obs.failure) return failed(std::move(r), *obs.failure);
  if (inst.def->when_runtime) {
    const auto version = expect::parse_kernel_version(obs.runtime_version);
    const expect::VersionRange range(*inst.def->when_runtime);
    if (!version || !range.contains(*version)) {
      r.verdict = Verdict::skipped;
      r.reason = driver + " " + (obs.runtime_version.empty() ? "(version unknown)" : obs.runtime_version) +
                 " is outside " + *inst.def->when_runtime + (inst.def->when_reason.empty() ? "" : " (" + inst.def->when_reason + ")");
      return r;
    }
  }
  std::vector<std::pair<std::string, std::string>> sysctls;
  if (obs.somaxconn) sysctls.emplace_back("net.core.somaxconn", std::to_string(*obs.somaxconn));
  const Bindings b = bind_facts(inst, file, sysctls, obs.spec.connections);
  Checker check(r, b);
  auto opt = [](const std::optional<std::int64_t>& v) -> std::optional<double> {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
  };
  const expect::Expect& e = inst.def->expect;
  using vocabulary::check_name;
  // The driver's listener exists: what the runtime did with the backlog is what the kernel kept.
  if (e.listen) check.text(check_name(ExpectKey::listen), *e.listen, std::string(vocabulary::kListenOk));
  for (const auto& [number, ne] : e.numbers) {
    std::optional<double> observed;
    switch (number) {
      case ExpectedNumber::effective_backlog: observed = opt(obs.kept_backlog); break;
      case ExpectedNumber::queue_length: observed = opt(obs.queue_length); break;
      case ExpectedNumber::queued: observed = obs.count(DriverOutcome::queued); break;
      default: break;  // the driver never accepts: unobservable
    }
    check.number(to_string(number), ne, observed);
  }
  for (const auto& [outcome, ne] : e.outcomes) {
    const auto as_driver = vocabulary::from_string<DriverOutcome>(std::string(name(outcome)));
    check.number(check_name(ExpectKey::outcomes, name(outcome)), ne,
                 as_driver ? std::optional<double>(obs.count(*as_driver)) : std::nullopt);
  }
  for (const auto& [counter, ne] : e.counters) {
    auto it = obs.counters.find(counter);
    check.number(check_name(ExpectKey::counters, counter), ne,
                 obs.counters.empty() ? std::nullopt : std::optional<double>(it == obs.counters.end() ? 0.0 : static_cast<double>(it->second)));
  }
  conclude(r, *inst.def);
  return r;
}

}  // namespace lc::judge
