// SPDX-License-Identifier: Apache-2.0
#include "diff.hpp"

#include <optional>

#include <algorithm>
#include <map>
#include <set>

#include "lc/vocabulary/format_number.hpp"
#include "lc/vocabulary/glob_match.hpp"
#include "lc/observation_json.hpp"
#include "report_common.hpp"

namespace lc::report {
namespace {

using Facets = std::vector<std::pair<std::string, std::string>>;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Counters about the listen queue, the SYN queue, syncookies and resets: what the kernel decided.
bool behaviour_counter(const std::string& name) {
  static const char* prefixes[] = {"TcpExt.Listen",        "TcpExt.TCPReqQ",        "TcpExt.Syncookies",
                                   "TcpExt.TCPDeferAccept", "TcpExt.TCPAbortOn",     "TcpExt.EmbryonicRsts",
                                   "TcpExt.TCPBacklogDrop", "TcpExt.TCPTimeWaitOverflow", "Tcp.AttemptFails",
                                   "Tcp.EstabResets",       "Tcp.ActiveOpens",       "Tcp.PassiveOpens"};
  for (const char* p : prefixes) {
    if (starts_with(name, p)) return true;
  }
  return false;
}

bool setup_sets(const ProbeSpec& spec, const std::string& key) {
  return std::any_of(spec.sysctls.begin(), spec.sysctls.end(), [&](const auto& kv) { return kv.first == key; });
}

using vocabulary::environment_scaled;

// A check whose formula reads a fact from a memory-scaled sysctl the setup leaves alone.
bool environment_derived(const judge::Check& c, const judge::CaseResult& r, const results::RunResults& run) {
  for (const auto& [name, value] : c.bindings) {
    auto it = run.fact_sysctls.find(name);
    if (it != run.fact_sysctls.end() && environment_scaled(it->second) && !setup_sets(r.spec, it->second))
      return true;
  }
  return false;
}

std::string optional_int(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "n/a"; }

std::string evidence_runs(const Observation& o) {
  std::string out;
  for (std::size_t i = 0; i < o.attempts.size();) {
    std::size_t j = i;
    while (j < o.attempts.size() && o.attempts[j].evidence == o.attempts[i].evidence) ++j;
    out += (out.empty() ? "" : ", ") + std::to_string(i + 1) + (j - i > 1 ? ".." + std::to_string(j) : "") + " " +
           to_string(o.attempts[i].evidence);
    i = j;
  }
  return out;
}

std::string number(double v) { return vocabulary::format_number(v); }

// Measured: the worker observed it (a skip measured anyway included), or checks were evaluated.
bool measured(const judge::CaseResult& r) { return r.observation.has_value() || r.runtime.has_value() || !r.checks.empty(); }

// What stays comparable when the other side has no measurement.
Facets unmeasured_view(const Facets& all, bool is_measured) {
  Facets f;
  for (const auto& [k, v] : all) {
    if (k == "verdict" || k == "error_kind" || k == "setup" || k == "observation.failure") f.emplace_back(k, v);
  }
  f.emplace_back("observation", is_measured ? "measured" : "none");
  return f;
}

bool excluded_id(const std::vector<std::string>& patterns, const std::string& id) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const auto& p) { return vocabulary::glob_match(p, id); });
}

}  // namespace

int RunDiff::count(ChangeKind k) const {
  return static_cast<int>(std::count_if(instances.begin(), instances.end(), [&](const auto& i) { return i.kind == k; }));
}

Facets comparable_facets(const judge::CaseResult& r, const results::RunResults& run, bool env) {
  Facets f;
  f.emplace_back("verdict", to_string(r.label()));
  if (r.verdict == judge::Verdict::error) f.emplace_back("error_kind", r.error_kind ? to_string(*r.error_kind) : "");
  bool derived_instance = false;
  for (const auto& c : r.checks) derived_instance = derived_instance || environment_derived(c, r, run);
  if (env || !derived_instance) f.emplace_back("setup", lc::to_json(r.spec).dump());
  for (const auto& c : r.checks) {
    f.emplace_back("check " + c.name, to_string(c.status));
    if (env || !environment_derived(c, r, run)) {
      f.emplace_back("check " + c.name + " expected", c.expected);
      f.emplace_back("check " + c.name + " observed", c.observed);
    }
  }
  if (env) {
    f.emplace_back("elapsed_ms", number(r.elapsed_ms));
    if (r.verdict == judge::Verdict::skipped || r.verdict == judge::Verdict::error) f.emplace_back("reason", r.reason);
  }
  if (r.runtime) {  // a runtime answer: the runtime, what it passed, what the kernel held
    const RuntimeObservation& o = *r.runtime;
    f.emplace_back("runtime.version", o.runtime_version);
    if (o.not_installed) f.emplace_back("runtime.not_installed", *o.not_installed);
    if (o.failure) f.emplace_back("runtime.failure", to_string(o.failure->kind) + ": " + o.failure->message);
    f.emplace_back("runtime.kept_backlog", optional_int(o.kept_backlog));
    f.emplace_back("runtime.queue_length", optional_int(o.queue_length));
    for (DriverOutcome k : vocabulary::all<DriverOutcome>()) f.emplace_back("runtime.outcomes." + to_string(k), std::to_string(o.count(k)));
    return f;
  }
  if (!r.observation) {
    f.emplace_back("observation", "none");
    return f;
  }
  const Observation& o = *r.observation;
  if (o.failure) f.emplace_back("observation.failure", to_string(o.failure->kind) + ": " + o.failure->message);
  if (derived_instance && !env) return f;  // the flood itself was sized from the environment
  f.emplace_back("observation.listen", o.listen_ok ? std::string(vocabulary::kListenOk) : (o.listen_error.empty() ? "failed" : o.listen_error));
  if (o.relisten_error) f.emplace_back("observation.relisten_error", *o.relisten_error);
  f.emplace_back("observation.effective_backlog_initial", optional_int(o.effective_backlog_initial));
  f.emplace_back("observation.effective_backlog", optional_int(o.effective_backlog));
  f.emplace_back("observation.queue_length", optional_int(o.queue_length));
  if (r.spec.scenario == Scenario::flood) {
    for (Outcome k : vocabulary::all<Outcome>()) f.emplace_back("observation.outcomes." + to_string(k), std::to_string(o.count(k)));
    f.emplace_back("observation.attempts", attempt_runs(o));
    f.emplace_back("observation.accepted_later", std::to_string(o.accepted_later()));
  }
  std::set<std::string> named_by_checks;
  for (const auto& c : r.checks) {
    if (const auto counter = vocabulary::check_item(c.name, vocabulary::ExpectKey::counters)) named_by_checks.emplace(*counter);
  }
  for (const auto& [name, delta] : o.counters) {
    if (env || behaviour_counter(name) || named_by_checks.count(name)) f.emplace_back("observation.counters." + name, std::to_string(delta));
  }
  for (const auto& [key, value] : o.sysctls) {
    if (env || !environment_scaled(key) || setup_sets(r.spec, key)) f.emplace_back("observation.sysctls." + key, value);
  }
  if (env) {
    f.emplace_back("observation.evidence", evidence_runs(o));
    f.emplace_back("observation.isolation", to_string(o.isolation));
    f.emplace_back("observation.kernel", o.kernel);
    f.emplace_back("observation.arch", o.arch);
    f.emplace_back("observation.elapsed_ms", number(o.elapsed_ms));
  }
  return f;
}

RunDiff diff_runs(const results::RunResults& base, const results::RunResults& next, const DiffOptions& options) {
  RunDiff d;
  d.base = &base;
  d.next = &next;
  d.include_environment = options.include_environment;
  d.exclude_reason = options.exclude_reason;
  if (base.expectations.sha256 != next.expectations.sha256) {
    d.notes.push_back("The expectation files differ (" + expectations_name(base) + " sha256 " +
                      base.expectations.sha256.substr(0, 12) + " vs " + expectations_name(next) + " sha256 " +
                      next.expectations.sha256.substr(0, 12) +
                      "): a changed expected value or setup may come from the file, not the kernel.");
  }
  if (base.machine.os != next.machine.os) {
    d.notes.push_back("The results come from different operating systems (" + base.machine.os + ", " + next.machine.os + ").");
  }
  if (base.interrupted || next.interrupted) d.notes.push_back("At least one run was interrupted: missing instances show as added or removed.");
  if (options.include_environment) {
    std::set<std::string> keys;
    for (const auto& [k, v] : base.machine.sysctls_at_start) keys.insert(k);
    for (const auto& [k, v] : next.machine.sysctls_at_start) keys.insert(k);
    auto value = [](const std::map<std::string, std::string>& m, const std::string& k) {
      auto it = m.find(k);
      return it == m.end() ? std::string("(absent)") : it->second;
    };
    for (const auto& k : keys) {
      const std::string a = value(base.machine.sysctls_at_start, k), b = value(next.machine.sysctls_at_start, k);
      if (a != b) d.machine.push_back({"machine.sysctls_at_start." + k, a, b});
    }
    if (base.machine.isolation != next.machine.isolation)
      d.machine.push_back({"machine.isolation", to_string(base.machine.isolation), to_string(next.machine.isolation)});
    if (base.machine.arch != next.machine.arch) d.machine.push_back({"machine.arch", base.machine.arch, next.machine.arch});
  }

  std::map<std::string, const judge::CaseResult*> in_next;
  for (const auto& r : next.results) in_next.emplace(r.id, &r);
  std::set<std::string> in_base;
  std::set<std::string> excluded;
  auto exclude = [&](const std::string& id) {
    if (!excluded_id(options.exclude, id)) return false;
    if (excluded.insert(id).second) d.excluded.push_back(id);
    return true;
  };
  for (const auto& r : base.results) {
    in_base.insert(r.id);
    if (exclude(r.id)) continue;
    auto it = in_next.find(r.id);
    if (it == in_next.end()) {
      d.instances.push_back({ChangeKind::removed, r.id, &r, nullptr, {}});
      continue;
    }
    auto a = comparable_facets(r, base, options.include_environment);
    auto b = comparable_facets(*it->second, next, options.include_environment);
    if (measured(r) != measured(*it->second)) {
      a = unmeasured_view(a, measured(r));
      b = unmeasured_view(b, measured(*it->second));
    }
    // Facets are matched by name and, when a name repeats (two checks of one name in a crafted
    // file), by occurrence: the n-th "check accepted expected" of one side with the n-th of the
    // other, so that a file compared with itself never differs.
    std::map<std::string, std::vector<std::string>> bvalues;
    for (const auto& [k, v] : b) bvalues[k].push_back(v);
    std::map<std::string, std::size_t> in_a;
    InstanceChange change{ChangeKind::changed, r.id, &r, it->second, {}};
    for (const auto& [k, v] : a) {
      const std::size_t n = in_a[k]++;
      const auto bv = bvalues.find(k);
      const std::string nv = bv != bvalues.end() && n < bv->second.size() ? bv->second[n] : "(absent)";
      if (nv != v) change.fields.push_back({k, v, nv});
    }
    std::map<std::string, std::size_t> in_b;
    for (const auto& [k, v] : b) {
      const std::size_t n = in_b[k]++;
      if (n >= in_a[k]) change.fields.push_back({k, "(absent)", v});
    }
    if (change.fields.empty()) {
      ++d.unchanged;
    } else {
      d.instances.push_back(std::move(change));
    }
  }
  for (const auto& r : next.results) {
    if (!in_base.count(r.id) && !exclude(r.id)) d.instances.push_back({ChangeKind::added, r.id, nullptr, &r, {}});
  }
  return d;
}

namespace {

// How bad a verdict is; skipped has no place on the scale (nothing was judged).
std::optional<int> badness(judge::VerdictLabel v) {
  switch (v) {
    case judge::VerdictLabel::conforms: return 0;
    case judge::VerdictLabel::drift: return 1;
    case judge::VerdictLabel::deviates: return 2;
    case judge::VerdictLabel::error: return 3;
    case judge::VerdictLabel::skipped: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

ChangeDirection direction_of(const InstanceChange& c) {
  if (c.kind != ChangeKind::changed || !c.base || !c.next) return ChangeDirection::neutral;
  const auto before = badness(c.base->label()), after = badness(c.next->label());
  if (!before || !after || *before == *after) return ChangeDirection::neutral;
  return *after > *before ? ChangeDirection::regression : ChangeDirection::fix;
}

std::string to_string(ChangeDirection d) {
  switch (d) {
    case ChangeDirection::regression: return "regression";
    case ChangeDirection::fix: return "fix";
    case ChangeDirection::neutral: return "neutral";
  }
  return "";
}

}  // namespace lc::report
