// SPDX-License-Identifier: Apache-2.0
#include "plan.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "checked_number.hpp"
#include "excerpt.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "loader.hpp"

namespace lc::expect {
namespace {

using vocabulary::format_number;

// A sysctl's value (set by the case or observed) as a number; nullopt for anything else,
// including a number too large for a double.
std::optional<double> as_number(const std::string& text) {
  return checked_real(text, std::numeric_limits<double>::max()).value;
}

using vocabulary::AxisKind;
using vocabulary::SetupVariable;

// One integer setup value, in the range the loader already checked it against: a file built
// by hand (not loaded) is refused here rather than converted wrongly.
int setup_integer(AxisKind axis, const std::string& value) {
  const auto v = checked_integer(value, *setup_integer_range(axis));
  if (!v.value) throw std::invalid_argument("setup " + vocabulary::axis_name(axis) + ": " + v.problem);
  return static_cast<int>(*v.value);
}

// At most this many case instances per file, all cases together: a limit per case alone let a
// 1.5 KB file of ten cases expand to a million instances (1.4 GB). Checked before any instance
// exists. Each instance is a measurement of its own (the shipped files have at most 60), and
// each is planned with every fact bound and every let evaluated (up to 64 and 32), so the limit
// also bounds the planning work.
constexpr double kMaxInstances = 10000;

void check_expansion(const ExpectationFile& file, ProblemList& problems) {
  double total = 0;
  const CaseDef* crossing = nullptr;  // the case from which on the file is past the limit
  for (const CaseDef& c : file.cases) {
    double product = 1;
    for (const Axis& a : c.axes) product *= static_cast<double>(a.values.size());
    if (product > kMaxInstances)
      problems.add(c.pos.str() + ": case " + excerpt(c.id) + " expands to " + format_number(product) +
                   " case instances (the limit is " + format_number(kMaxInstances) + " per file)");
    total += product;
    if (total > kMaxInstances && !crossing) crossing = &c;
  }
  if (crossing && problems.empty())
    problems.add(crossing->pos.str() + ": the cases expand to " + format_number(total) +
                 " case instances in all, past the limit of " + format_number(kMaxInstances) + " per file from case " +
                 excerpt(crossing->id) + " on");
}

// A case's lets, parsed once for all its instances; nullopt for one that does not parse (the
// loader reports it).
using CompiledLets = std::vector<std::pair<std::string, std::optional<CompiledFormula>>>;

CompiledLets compile_lets(const CaseDef& c) {
  CompiledLets out;
  for (const auto& [name, formula] : c.let) {
    try {
      out.emplace_back(name, CompiledFormula(formula));
    } catch (const FormulaError&) {
      out.emplace_back(name, std::nullopt);
    }
  }
  return out;
}

void bind_lets(CompiledLets& lets, Bindings& b) {
  for (auto& [name, formula] : lets) {
    try {
      if (formula) b[name] = formula->evaluate(b);
    } catch (const FormulaError&) {
      // Not computable with what is known yet (e.g. before the run); formulas using it say so.
    }
  }
}

}  // namespace

void bind_sysctl_facts(const ExpectationFile& file, const std::vector<std::pair<std::string, std::string>>& sysctls, Bindings& b) {
  for (const FactDef& f : file.facts) {
    if (f.value) {
      b[f.name] = *f.value;
      continue;
    }
    for (const auto& [key, value] : sysctls) {
      if (key != f.sysctl) continue;
      if (auto n = as_number(value)) b[f.name] = *n;
    }
  }
}

void bind_lets(const CaseDef& c, Bindings& b) {
  CompiledLets lets = compile_lets(c);
  bind_lets(lets, b);
}

namespace {

// The runtime spec of an instance whose setup names a driver (nullopt otherwise), and the
// setup names of runtime answers: driver_backlog (0 for "default"), driver_default,
// driver_somaxconn.
std::optional<RuntimeSpec> make_runtime_spec(const std::vector<std::pair<std::string, std::string>>& params, Bindings& b) {
  std::optional<RuntimeSpec> rs;
  for (const auto& [name, value] : params) {
    if (name == vocabulary::axis_name(AxisKind::driver)) {
      rs.emplace();
      rs->driver = vocabulary::from_string<vocabulary::RuntimeDriver>(value).value();  // the loader checked it
    }
  }
  if (!rs) return rs;
  for (const auto& [name, value] : params) {
    if (name == vocabulary::axis_name(AxisKind::driver_backlog) && value != "default") {
      rs->backlog = static_cast<int>(checked_integer(value, {INT_MIN, INT_MAX, "an int"}).value.value());
    } else if (name == vocabulary::axis_name(AxisKind::driver_somaxconn)) {
      rs->somaxconn = setup_integer(AxisKind::driver_somaxconn, value);
    }
  }
  b[vocabulary::to_string(SetupVariable::driver_backlog)] = rs->backlog.value_or(0);
  b[vocabulary::to_string(SetupVariable::driver_default)] = rs->backlog ? 0 : 1;
  b[vocabulary::to_string(SetupVariable::driver_somaxconn)] = rs->somaxconn;
  return rs;
}

// Builds the probe spec of one instance from its axis values.
ProbeSpec make_spec(const std::vector<std::pair<std::string, std::string>>& params, Bindings& b) {
  ProbeSpec s;
  s.backlog = 0;
  std::optional<int> relisten_backlog;
  int relisten_after = 0;
  for (const auto& [name, value] : params) {
    if (const auto sysctl = vocabulary::axis_sysctl(name)) {
      s.sysctls.emplace_back(*sysctl, value);
      continue;
    }
    const AxisKind axis = vocabulary::from_string<AxisKind>(name).value();  // the loader made the names
    switch (axis) {
      case AxisKind::backlog: s.backlog = setup_integer(axis, value); break;
      case AxisKind::family: s.family = vocabulary::from_string<Family>(value).value(); break;
      case AxisKind::target: s.target = vocabulary::from_string<ListenTarget>(value).value(); break;
      case AxisKind::defer_accept: s.defer_accept = value == "true"; break;
      case AxisKind::retry_unanswered: s.retry_unanswered = value == "true"; break;
      case AxisKind::settle_ms: s.settle_ms = setup_integer(axis, value); break;
      case AxisKind::source_addresses: s.source_addresses = setup_integer(axis, value); break;
      case AxisKind::relisten_backlog: relisten_backlog = setup_integer(axis, value); break;
      case AxisKind::relisten_after: relisten_after = setup_integer(axis, value); break;
      case AxisKind::protocol: s.protocol = vocabulary::from_string<Protocol>(value).value(); break;
      case AxisKind::reuseport: s.reuseport = setup_integer(axis, value); break;
      case AxisKind::reuseport_member: s.reuseport_member = setup_integer(axis, value); break;
      case AxisKind::close_member: s.close_member = setup_integer(axis, value); break;
      case AxisKind::tcp_fastopen_queue: s.tcp_fastopen_queue = setup_integer(axis, value); break;
      case AxisKind::fastopen_hold_clients: s.fastopen_hold_clients = value == "true"; break;
      case AxisKind::blocking_connect_ms: s.blocking_connect_ms = setup_integer(axis, value); break;
      case AxisKind::accept_after_ms: s.accept_after_ms = setup_integer(axis, value); break;
      case AxisKind::abstract: s.abstract_name = value == "true"; break;
      case AxisKind::attempt_timeout_ms: s.attempt_timeout_ms = setup_integer(axis, value); break;
      case AxisKind::sysctl: break;  // named sysctl:<key>: above
      case AxisKind::driver:
      case AxisKind::driver_backlog:
      case AxisKind::driver_somaxconn: break;  // make_runtime_spec()
    }
  }
  if (relisten_backlog) s.relisten = Relisten{*relisten_backlog, relisten_after};
  const auto bind = [&](SetupVariable v, double value) { b[vocabulary::to_string(v)] = value; };
  bind(SetupVariable::backlog, s.backlog);
  bind(SetupVariable::relisten_backlog, relisten_backlog ? *relisten_backlog : s.backlog);
  bind(SetupVariable::relisten_after, relisten_after);
  bind(SetupVariable::defer_accept, s.defer_accept ? 1 : 0);
  bind(SetupVariable::ipv6, s.family == Family::ipv6 ? 1 : 0);
  bind(SetupVariable::reuseport, s.reuseport);
  bind(SetupVariable::reuseport_member, s.reuseport_member);
  bind(SetupVariable::tcp_fastopen_queue, s.tcp_fastopen_queue.value_or(0));
  bind(SetupVariable::blocking_connect_ms, s.blocking_connect_ms);
  bind(SetupVariable::member, -1);  // bound to each member's index by the `members` checks
  return s;
}

std::string instance_id(const CaseDef& c, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string suffix;
  for (const Axis& a : c.axes) {
    if (!a.in_id && a.values.size() < 2) continue;
    for (const auto& [name, value] : params) {
      if (name != a.name) continue;
      const std::string shown(vocabulary::axis_sysctl(name).value_or(name));
      suffix += (suffix.empty() ? "" : ",") + shown + "=" + value;
    }
  }
  return suffix.empty() ? c.id : c.id + "[" + suffix + "]";
}

}  // namespace

PlatformFacts platform_facts(const std::string& os, const std::string& kernel_release, const std::string& kernel_build,
                             const std::string& arch) {
  PlatformFacts p{os, kernel_release, kernel_build, arch, std::nullopt};
  // `when: {kernel: ...}` compares with the running kernel's own version: Linux the upstream
  // version, FreeBSD `uname -r` ("14.1-RELEASE-p5" -> 14.1), macOS the Darwin/XNU release
  // ("24.1.0"), Windows the NT version ("10.0.19045"; Windows 8 is 6.2).
  const bool linux_kernel = vocabulary::from_string<vocabulary::Os>(os) == vocabulary::Os::linux_;
  p.kernel_version = linux_kernel ? upstream_kernel_version(kernel_release, kernel_build) : parse_kernel_version(kernel_release);
  return p;
}

namespace {

// The instances of one case, appended to `out`; problems go to `problems`.
void plan_case(const CaseDef& c, const ExpectationFile& file, const PlatformFacts& platform,
               std::vector<CaseInstance>& out, ProblemList& problems) {
  std::optional<std::string> skip;
  bool version_skip = false;
  if (file.platform != platform.os) {
    skip = "other OS: these expectations are for " + file.platform + ", this machine runs " + platform.os;
  } else if (c.not_applicable) {
    skip = "not applicable on " + file.platform + ": " + c.not_applicable->reason;
  } else if (c.when_kernel) {
    const VersionRange range(*c.when_kernel);
    if (!platform.kernel_version) {
      skip = "kernel version unknown ('" + platform.kernel_release + "'); the case needs " + *c.when_kernel;
    } else if (!range.contains(*platform.kernel_version)) {
      skip = "kernel " + platform.kernel_version->str() + " is outside " + *c.when_kernel +
             (c.when_reason.empty() ? "" : " (" + c.when_reason + ")");
      version_skip = true;
    }
  }
  // Cartesian product of the axes in file order, the last axis turning fastest (its size is
  // checked by check_expansion). An odometer rather than recursion: the depth would be the number
  // of axes, which a file built by hand does not bound.
  for (const Axis& a : c.axes) {
    if (a.values.empty()) return;
  }
  CompiledLets lets = compile_lets(c);
  std::optional<CompiledFormula> flood;
  std::string flood_error;
  if (c.connections) {
    try {
      flood.emplace(*c.connections);
    } catch (const FormulaError& e) {
      flood_error = e.what();
    }
  }
  std::vector<std::size_t> at(c.axes.size(), 0);
  for (;;) {
    std::vector<std::pair<std::string, std::string>> params;
    for (std::size_t i = 0; i < c.axes.size(); ++i) params.emplace_back(c.axes[i].name, c.axes[i].values[at[i]]);
    CaseInstance inst;
    inst.def = &c;
    inst.params = params;
    inst.id = instance_id(c, params);
    inst.skip_reason = skip;
    inst.skip_for_kernel_version = version_skip;
    inst.spec = make_spec(params, inst.setup_bindings);
    inst.runtime = make_runtime_spec(params, inst.setup_bindings);
    inst.spec.require_isolation = c.requires_isolation;
    bind_sysctl_facts(file, inst.spec.sysctls, inst.setup_bindings);
    bind_lets(lets, inst.setup_bindings);
    inst.spec.connections = 0;
    if (c.connections) {
      inst.spec.scenario = Scenario::flood;
      try {
        if (!flood) throw FormulaError(flood_error);
        const double n = flood->evaluate(inst.setup_bindings);
        if (n < 0 || n > static_cast<double>(kMaxConnections) || n != std::trunc(n)) {
          problems.add(c.connections_pos.str() + ": flood size " + format_number(n) + " for " + inst.id +
                       " is not an integer in 0.." + std::to_string(kMaxConnections) + " (the engine's limit)");
        } else {
          inst.spec.connections = static_cast<int>(n);
        }
      } catch (const FormulaError& e) {
        problems.add(c.connections_pos.str() + ": flood size of " + inst.id + ": " + e.what() +
                     " (a flood size may only use setup values, constants and sysctls the case sets)");
      }
      if (inst.spec.target != ListenTarget::tcp) {
        problems.add(c.pos.str() + ": case " + excerpt(c.id) + " floods, but its target is not tcp");
      }
    } else {
      inst.spec.scenario = Scenario::listen_call;
    }
    if (inst.runtime) {
      if (inst.spec.connections > kMaxDriverConnections) {
        problems.add(c.connections_pos.str() + ": flood size " + std::to_string(inst.spec.connections) + " for " + inst.id +
                     " is past a runtime flood's limit of " + std::to_string(kMaxDriverConnections));
      }
      inst.runtime->connections = std::min(inst.spec.connections, kMaxDriverConnections);
    }
    inst.setup_bindings[vocabulary::to_string(SetupVariable::connections)] = inst.spec.connections;
    // A setup the engine cannot run on this file's OS (an option of another family, abstract
    // names or a steered reuseport group off Linux, ...) is bad input: such an OS answers
    // `not_applicable` instead. What only the running kernel can tell (MPTCP disabled, no
    // CONFIG_MPTCP) is the worker's `unsupported`, judged `skipped`.
    if (!c.not_applicable && !file.platform.empty()) {
      if (const auto why = spec_refusal(inst.spec, file.platform))
        problems.add(c.pos.str() + ": " + inst.id + " cannot be measured on " + file.platform + ": " + *why);
    }
    out.push_back(std::move(inst));
    std::size_t axis = c.axes.size();
    while (axis > 0 && ++at[axis - 1] == c.axes[axis - 1].values.size()) at[--axis] = 0;
    if (axis == 0) return;
  }
}

}  // namespace

std::vector<CaseInstance> plan_instances(const ExpectationFile& file, const PlatformFacts& platform) {
  std::vector<CaseInstance> out;
  ProblemList problems(file.path);
  check_expansion(file, problems);
  if (!problems.empty()) throw LoadError(problems.list());
  for (const CaseDef& c : file.cases) {
    try {
      plan_case(c, file, platform, out, problems);
    } catch (const std::exception& e) {
      // Whatever the loader did not anticipate is bad input at the case, not an abort.
      problems.add(c.pos.str() + ": case " + excerpt(c.id) + " cannot be planned: " + excerpt(e.what()));
    }
  }
  if (!problems.empty()) throw LoadError(problems.list());
  return out;
}

}  // namespace lc::expect
