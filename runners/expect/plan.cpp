#include "plan.hpp"

#include <functional>
#include <regex>

#include "lc/vocabulary/format_number.hpp"
#include "loader.hpp"

namespace lc::expect {
namespace {

using vocabulary::format_number;

std::optional<double> as_number(const std::string& text) {
  static const std::regex number(R"(\s*-?\d+(\.\d+)?\s*)");
  if (!std::regex_match(text, number)) return std::nullopt;
  return std::stod(text);
}

}  // namespace

void bind_lets(const CaseDef& c, Bindings& b) {
  for (const auto& [name, formula] : c.let) {
    try {
      b[name] = evaluate_formula(formula, b);
    } catch (const FormulaError&) {
      // Not computable with what is known yet (e.g. before the run); formulas using it say so.
    }
  }
}

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

namespace {

// Builds the probe spec of one instance from its axis values.
ProbeSpec make_spec(const std::vector<std::pair<std::string, std::string>>& params, Bindings& b) {
  ProbeSpec s;
  s.backlog = 0;
  std::optional<int> relisten_backlog;
  int relisten_after = 0;
  for (const auto& [name, value] : params) {
    if (name == "backlog") s.backlog = std::stoi(value);
    else if (name == "family") s.family = *family_from_string(value);
    else if (name == "target") s.target = *listen_target_from_string(value);
    else if (name == "defer_accept") s.defer_accept = value == "true";
    else if (name == "retry_unanswered") s.retry_unanswered = value == "true";
    else if (name == "settle_ms") s.settle_ms = std::stoi(value);
    else if (name == "source_addresses") s.source_addresses = std::stoi(value);
    else if (name == "relisten.backlog") relisten_backlog = std::stoi(value);
    else if (name == "relisten.after") relisten_after = std::stoi(value);
    else if (name.rfind("sysctl:", 0) == 0) s.sysctls.emplace_back(name.substr(7), value);
  }
  if (relisten_backlog) s.relisten = Relisten{*relisten_backlog, relisten_after};
  b["backlog"] = s.backlog;
  b["relisten_backlog"] = relisten_backlog ? *relisten_backlog : s.backlog;
  b["relisten_after"] = relisten_after;
  b["defer_accept"] = s.defer_accept ? 1 : 0;
  b["ipv6"] = s.family == Family::ipv6 ? 1 : 0;
  return s;
}

std::string instance_id(const CaseDef& c, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string suffix;
  for (const Axis& a : c.axes) {
    if (a.values.size() < 2) continue;
    for (const auto& [name, value] : params) {
      if (name != a.name) continue;
      const std::string shown = name.rfind("sysctl:", 0) == 0 ? name.substr(7) : name;
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
  p.kernel_version = os == "linux" ? upstream_kernel_version(kernel_release, kernel_build) : parse_kernel_version(kernel_release);
  return p;
}

std::vector<CaseInstance> plan_instances(const ExpectationFile& file, const PlatformFacts& platform) {
  std::vector<CaseInstance> out;
  std::vector<std::string> problems;
  for (const CaseDef& c : file.cases) {
    std::optional<std::string> skip;
    bool version_skip = false;
    if (file.platform != platform.os) {
      skip = "other OS: these expectations are for " + file.platform + ", this machine runs " + platform.os;
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
    // Cartesian product of the axes, in file order; a runaway matrix is an error, not a hang.
    constexpr double kMaxInstances = 100000;
    double product = 1;
    for (const Axis& a : c.axes) product *= static_cast<double>(a.values.size());
    if (product > kMaxInstances) {
      problems.push_back(c.pos.str() + ": case " + c.id + " expands to " + format_number(product) +
                         " case instances (the limit is 100000)");
      continue;
    }
    std::vector<std::pair<std::string, std::string>> params;
    std::function<void(std::size_t)> expand = [&](std::size_t axis) {
      if (axis < c.axes.size()) {
        for (const std::string& v : c.axes[axis].values) {
          params.emplace_back(c.axes[axis].name, v);
          expand(axis + 1);
          params.pop_back();
        }
        return;
      }
      CaseInstance inst;
      inst.def = &c;
      inst.params = params;
      inst.id = instance_id(c, params);
      inst.skip_reason = skip;
      inst.skip_for_kernel_version = version_skip;
      inst.spec = make_spec(params, inst.setup_bindings);
      bind_sysctl_facts(file, inst.spec.sysctls, inst.setup_bindings);
      bind_lets(c, inst.setup_bindings);
      if (c.connections) {
        inst.spec.scenario = Scenario::flood;
        try {
          const double n = evaluate_formula(*c.connections, inst.setup_bindings);
          if (n < 0 || n > (1 << 20) || n != static_cast<int>(n)) {
            problems.push_back(c.connections_pos.str() + ": flood size " + format_number(n) + " for " + inst.id +
                               " is not an integer in 0..1048576");
          }
          inst.spec.connections = static_cast<int>(n);
        } catch (const FormulaError& e) {
          problems.push_back(c.connections_pos.str() + ": flood size of " + inst.id + ": " + e.what() +
                             " (a flood size may only use setup values, constants and sysctls the case sets)");
        }
        if (inst.spec.target != ListenTarget::tcp) {
          problems.push_back(c.pos.str() + ": case " + c.id + " floods, but its target is not tcp");
        }
      } else {
        inst.spec.scenario = Scenario::listen_call;
        inst.spec.connections = 0;
      }
      inst.setup_bindings["connections"] = inst.spec.connections;
      out.push_back(std::move(inst));
    };
    expand(0);
  }
  if (!problems.empty()) throw LoadError(problems);
  return out;
}

}  // namespace lc::expect
