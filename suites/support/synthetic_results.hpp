// SPDX-License-Identifier: Apache-2.0
// Results of an OS that cannot run here, synthesised from its answers (no kernel): every
// instance planned as on its own platform, observed as its answers predict with the facts at
// their defaults, and judged. A test fixture for `merge` (rows must line up across OSes); it
// claims no conformance.
#pragma once

#include <string>

#include "expect/expectations.hpp"
#include "expect/formula.hpp"
#include "expect/kernel_version.hpp"
#include "expect/plan.hpp"
#include "judge/judge.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "results/results.hpp"

namespace lc::testing {

namespace detail {

inline double predicted(const expect::NumberExpect& e, const expect::Bindings& b) {
  const std::string& f = e.equals ? *e.equals : e.min ? *e.min : *e.max;
  return expect::evaluate_formula(f, b);
}

// The observation the answers predict for one instance.
inline Observation predict(const expect::CaseInstance& inst, const expect::ExpectationFile& file) {
  const expect::CaseDef& c = *inst.def;
  Observation o;
  o.spec = inst.spec;
  o.os = file.platform;
  o.arch = "x86_64";
  expect::Bindings b = inst.setup_bindings;
  for (const auto& [key, value] : inst.spec.sysctls) o.sysctls[key] = value;  // set by the case
  for (const auto& f : file.facts) {
    if (f.sysctl.empty() || !f.default_value || b.count(f.name)) continue;  // else the default
    b[f.name] = *f.default_value;
    o.sysctls[f.sysctl] = vocabulary::format_number(*f.default_value);
  }
  for (const auto& [name, formula] : c.let) b[name] = expect::evaluate_formula(formula, b);
  o.listen_ok = !c.expect.listen ? inst.spec.target == ListenTarget::tcp : *c.expect.listen == "ok";
  if (!o.listen_ok) o.listen_error = c.expect.listen.value_or("EINVAL");
  if (c.expect.relisten && *c.expect.relisten != "ok") o.relisten_error = *c.expect.relisten;
  int accepted = -1, later = 0;
  for (const auto& [number, e] : c.expect.numbers) {
    const auto v = static_cast<std::int64_t>(predicted(e, b));
    switch (number) {
      case vocabulary::ExpectedNumber::effective_backlog: o.effective_backlog = v; break;
      case vocabulary::ExpectedNumber::effective_backlog_initial: o.effective_backlog_initial = v; break;
      case vocabulary::ExpectedNumber::queue_length: o.queue_length = v; break;
      case vocabulary::ExpectedNumber::accepted: accepted = static_cast<int>(v); break;
      case vocabulary::ExpectedNumber::accepted_later: later = static_cast<int>(v); break;
      case vocabulary::ExpectedNumber::fastopen_queue: o.fastopen_queue = v; break;
      case vocabulary::ExpectedNumber::queued: break;  // runtime answers: no engine observation
    }
  }
  // An SO_REUSEPORT group: each member as the `members` formulas predict it, `member` bound.
  for (int m = 0; m < inst.spec.reuseport; ++m) {
    expect::Bindings bm = b;
    bm[vocabulary::to_string(vocabulary::SetupVariable::member)] = m;
    GroupMember g;
    for (const auto& [number, e] : c.expect.members) {
      const auto v = static_cast<std::int64_t>(predicted(e, bm));
      switch (number) {
        case vocabulary::MemberNumber::accepted: g.accepted = static_cast<int>(v); break;
        case vocabulary::MemberNumber::effective_backlog: g.effective_backlog = v; break;
        case vocabulary::MemberNumber::queue_length: g.queue_length = v; break;
      }
    }
    o.members.push_back(g);
  }
  std::vector<std::pair<Outcome, int>> counts;
  for (const auto& [outcome, e] : c.expect.outcomes) {
    if (outcome == Outcome::accepted && accepted < 0) accepted = static_cast<int>(predicted(e, b));
    else if (outcome != Outcome::accepted) counts.emplace_back(outcome, static_cast<int>(predicted(e, b)));
  }
  const int n = inst.spec.scenario == Scenario::flood ? inst.spec.connections : 0;
  for (int i = 0; i < std::max(accepted, 0) && static_cast<int>(o.attempts.size()) < n; ++i)
    o.attempts.push_back({Outcome::accepted, Evidence::connect_result, false});
  for (const auto& [outcome, count] : counts) {
    for (int i = 0; i < count && static_cast<int>(o.attempts.size()) < n; ++i)
      o.attempts.push_back({outcome, Evidence::connect_result, later-- > 0});
  }
  while (static_cast<int>(o.attempts.size()) < n)
    o.attempts.push_back({c.expect.overflow.value_or(Outcome::no_answer), Evidence::connect_result, later-- > 0});
  for (const auto& [name, e] : c.expect.counters) o.counters[name] = static_cast<std::int64_t>(predicted(e, b));
  for (const auto& [key, value] : c.expect.sysctls) o.sysctls[key] = value;
  return o;
}

}  // namespace detail

// `kernel` as that OS's `uname -r` (or NT version) would give it.
inline results::RunResults synthesise_results(const expect::ExpectationFile& file, const std::string& kernel) {
  results::RunResults run;
  run.tool_version = "synthesised";
  run.machine.os = file.platform;
  run.machine.kernel_release = kernel;
  run.machine.arch = "x86_64";
  run.expectations = {file.path, std::string(64, '0'), file.platform, file.title};
  run.started_at = run.finished_at = "2026-01-01T00:00:00Z";
  const auto instances =
      expect::plan_instances(file, {file.platform, kernel, "", "x86_64", expect::parse_kernel_version(kernel)});
  for (const auto& inst : instances) {
    if (inst.skip_reason) {
      run.results.push_back(judge::skipped(inst, file, *inst.skip_reason));
      continue;
    }
    run.results.push_back(judge::judge(inst, file, detail::predict(inst, file), 1.0));
  }
  run.summary = results::summarise(run.results);
  return run;
}

}  // namespace lc::testing
