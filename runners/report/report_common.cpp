// SPDX-License-Identifier: Apache-2.0
#include "report_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "lc/vocabulary/format_number.hpp"

namespace lc::report {

std::string family_of(const std::string& id) {
  const auto slash = id.find('/');
  return slash == std::string::npos ? id : id.substr(0, slash);
}

std::string name_in_family(const std::string& id) {
  const auto slash = id.find('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

std::vector<FamilyGroup> group_by_family(const std::vector<judge::CaseResult>& results) {
  std::vector<FamilyGroup> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& r : results) {
    const std::string family = family_of(r.case_id.empty() ? r.id : r.case_id);
    auto [it, inserted] = index.emplace(family, groups.size());
    if (inserted) groups.push_back({family, {}});
    groups[it->second].results.push_back(&r);
  }
  return groups;
}

std::string summary_counts(const results::Summary& s) {
  return std::to_string(s.conforms) + " conform, " + std::to_string(s.deviates) + " deviate, " + std::to_string(s.drift) +
         " drift, " + std::to_string(s.skipped) + " skipped, " + plural(s.error, "error", "errors");
}

std::string expected_text(const judge::Check& c) {
  std::string bindings;
  for (const auto& [k, v] : c.bindings) bindings += (bindings.empty() ? "" : ", ") + k + "=" + vocabulary::format_number(v);
  if (c.formula.empty() || c.formula == c.expected) return c.expected + (bindings.empty() ? "" : " (" + bindings + ")");
  // "min(backlog, somaxconn) + 1 = 17 (backlog=100, somaxconn=16)" for numbers; a pattern such as
  // "attempts 1..2 accepted, 3..10 no_answer" names the formula it was built from instead.
  const bool numeric = !c.expected.empty() && c.expected.find_first_not_of("0123456789.-") == std::string::npos;
  if (numeric) return c.formula + " = " + c.expected + (bindings.empty() ? "" : " (" + bindings + ")");
  return c.expected + " (from " + c.formula + (bindings.empty() ? "" : " with " + bindings) + ")";
}

std::string plural(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string check_line(const judge::Check& c) {
  return c.name + ": expected " + expected_text(c) + ", observed " + c.observed;
}

bool check_failed(const judge::Check& c) {
  return c.status == judge::CheckStatus::fail || c.status == judge::CheckStatus::error;
}

std::vector<const judge::Check*> checks_to_show(const judge::CaseResult& r, bool all) {
  std::vector<const judge::Check*> out;
  for (const auto& c : r.checks) {
    if (all || check_failed(c)) out.push_back(&c);
  }
  return out;
}

std::string machine_label(const results::RunResults& r) {
  std::string label = r.machine.os;
  if (!r.machine.kernel_release.empty()) label += " " + r.machine.kernel_release;
  if (!r.machine.arch.empty()) label += " " + r.machine.arch;
  return label;
}

std::string expectations_name(const results::RunResults& r) {
  const std::string& p = r.expectations.path;
  const auto slash = p.find_last_of("/\\");
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string format_duration(double ms) {
  char buf[48];
  if (ms >= 1000.0) {
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  }
  return buf;
}

namespace {

bool has_tag(const judge::CaseResult& r, const std::string& tag) {
  return std::find(r.tags.begin(), r.tags.end(), tag) != r.tags.end();
}

const judge::Check* find_check(const judge::CaseResult& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

std::vector<CapacityPoint> capacity_points(const results::RunResults& run) {
  std::vector<CapacityPoint> points;
  for (const auto& r : run.results) {
    if (!has_tag(r, "capacity") && !has_tag(r, "accept-queue")) continue;
    if (r.spec.scenario != Scenario::flood || r.spec.relisten || r.spec.backlog < 0) continue;
    const judge::Check* c = find_check(r, vocabulary::check_name(vocabulary::ExpectKey::accepted));
    if (!c) continue;
    const auto expected = results::numeric_value(c->expected);
    const auto observed = results::numeric_value(c->observed);
    if (!expected || !observed) continue;
    CapacityPoint p;
    p.instance_id = r.id;
    p.case_id = r.case_id;
    p.backlog = r.spec.backlog;
    p.expected = *expected;
    p.observed = *observed;
    p.formula = c->formula;
    p.drift = r.drift;
    p.pass = !check_failed(*c);
    p.clamp_sysctl = backlog_clamp_sysctl(r.observation && !r.observation->os.empty() ? r.observation->os : run.machine.os);
    if (!p.clamp_sysctl.empty()) {
      const auto set = std::find_if(r.spec.sysctls.begin(), r.spec.sysctls.end(),
                                    [&](const auto& kv) { return kv.first == p.clamp_sysctl; });
      p.clamp_set_by_case = set != r.spec.sysctls.end();
      // The value in force where it ran first: a namespace of the worker's own starts from the
      // kernel's default, which need not be the host's.
      std::optional<std::string> value;
      if (r.observation && r.observation->sysctls.count(p.clamp_sysctl)) value = r.observation->sysctls.at(p.clamp_sysctl);
      else if (p.clamp_set_by_case) value = set->second;
      else if (run.machine.sysctls_at_start.count(p.clamp_sysctl)) value = run.machine.sysctls_at_start.at(p.clamp_sysctl);
      const auto v = value ? results::numeric_value(*value) : std::nullopt;
      if (v && *v >= 0 && *v <= results::kMaxPlausibleValue && *v == std::floor(*v)) p.clamp = static_cast<long long>(*v);
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::string backlog_clamp_sysctl(const std::string& os) {
  if (os == "linux") return "net.core.somaxconn";
  if (os == "freebsd") return "kern.ipc.soacceptqueue";
  if (os == "macos") return "kern.ipc.somaxconn";
  return "";
}

std::vector<OverflowRow> overflow_rows(const results::RunResults& run) {
  std::vector<OverflowRow> rows;
  for (const auto& r : run.results) {
    if (!r.observation || r.spec.scenario != Scenario::flood || r.observation->failure) continue;
    const Observation& o = *r.observation;
    OverflowRow row;
    row.result = &r;
    row.connections = r.spec.connections;
    row.accepted = o.count(Outcome::accepted);
    row.established_unaccepted = o.count(Outcome::established_unaccepted);
    row.reset = o.count(Outcome::reset);
    row.refused = o.count(Outcome::refused);
    row.no_answer = o.count(Outcome::no_answer);
    row.attempts = attempt_runs(o);
    if (const judge::Check* c = find_check(r, vocabulary::check_name(vocabulary::ExpectKey::overflow))) {
      row.expected_overflow = c->expected;
      if (c->status != judge::CheckStatus::unobservable) row.overflow_pass = !check_failed(*c);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string attempt_runs(const Observation& o) {
  std::string out;
  for (std::size_t i = 0; i < o.attempts.size();) {
    std::size_t j = i;
    while (j < o.attempts.size() && o.attempts[j].outcome == o.attempts[i].outcome) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(i + 1) + (j - i > 1 ? ".." + std::to_string(j) : "") + " " + to_string(o.attempts[i].outcome);
    i = j;
  }
  return out;
}

// A runtime answer's cell: what the program asked for, what the kernel kept, and how many
// connections it held here (a lower bound, "≥", when the flood did not go past them).
std::string runtime_observation_cell(const RuntimeObservation& o) {
  if (o.not_installed) return "not installed";
  if (o.failure) return to_string(o.failure->kind);
  const int queued = o.count(DriverOutcome::queued);
  const bool full = queued < static_cast<int>(o.attempts.size());
  std::string cell = "requested " + (o.spec.backlog ? std::to_string(*o.spec.backlog) : std::string("default")) + ", kept " +
                     (o.kept_backlog ? std::to_string(*o.kept_backlog) : std::string("?"));
  if (!o.attempts.empty()) cell += ", capacity here " + std::string(full ? "" : "≥") + std::to_string(queued);
  return cell;
}

std::string key_observation(const judge::CaseResult& r) {
  if (r.runtime) return runtime_observation_cell(*r.runtime);
  if (!r.observation) return "";
  const Observation& o = *r.observation;
  if (o.failure) return to_string(o.failure->kind);
  if (!o.listen_ok) return o.listen_error.empty() ? "listen failed" : o.listen_error;
  if (r.spec.scenario == Scenario::flood) return to_string(Outcome::accepted) + " " + std::to_string(o.count(Outcome::accepted));
  if (o.effective_backlog) return "backlog " + std::to_string(*o.effective_backlog);
  return std::string(vocabulary::kListenOk);
}

}  // namespace lc::report
