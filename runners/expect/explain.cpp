#include "explain.hpp"

#include <algorithm>
#include <set>

#include "formula.hpp"
#include "lc/vocabulary/format_number.hpp"

namespace lc::expect {

using vocabulary::format_number;

std::vector<ExplainRow> explain_rows(const std::vector<ExpectationFile>& files, long long backlog, bool ipv6,
                                     const std::map<std::string, double>& facts,
                                     const std::map<std::string, KernelVersion>& kernels) {
  std::vector<ExplainRow> out;
  for (const ExpectationFile& f : files) {
    if (!f.explain) continue;
    const ExplainDef& x = *f.explain;
    ExplainRow row;
    row.platform = f.platform;
    row.overflow = x.overflow;
    row.formula = x.capacity;
    Bindings b;
    b[vocabulary::to_string(vocabulary::SetupVariable::backlog)] = static_cast<double>(backlog);
    b[vocabulary::to_string(vocabulary::SetupVariable::ipv6)] = ipv6 ? 1 : 0;
    row.clamp = x.clamp;
    for (const FactDef& fact : f.facts) {
      std::optional<double> v = fact.value ? fact.value : fact.default_value;
      const auto kernel = kernels.find(f.platform);
      if (fact.default_if_kernel && fact.default_if_value && kernel != kernels.end() &&
          VersionRange(*fact.default_if_kernel).contains(kernel->second))
        v = fact.default_if_value;
      if (auto it = facts.find(fact.name); it != facts.end()) v = it->second;
      if (!v) continue;
      b[fact.name] = *v;
      row.facts[fact.name] = *v;
      if (!fact.sysctl.empty() && fact.sysctl == x.clamp)
        row.clamp += " = " + format_number(*v) + (facts.count(fact.name) ? "" : " (default)");
    }
    try {
      row.capacity = evaluate_formula(x.capacity, b);
    } catch (const FormulaError&) {
      row.capacity.reset();
    }
    // The cited sources, and where the defaults of the facts the formula uses are stated.
    std::vector<std::string> ids = x.cite;
    std::set<std::string> used;
    try {
      used = formula_variables(x.capacity);
    } catch (const FormulaError&) {
    }
    for (const FactDef& fact : f.facts) {
      if (!used.count(fact.name)) continue;
      for (const auto& c : fact.cite) {
        if (std::find(ids.begin(), ids.end(), c) == ids.end()) ids.push_back(c);
      }
    }
    for (const auto& id : ids) {
      const auto it = f.sources.find(id);
      if (it != f.sources.end()) row.sources.push_back({id, it->second.title, it->second.url, it->second.evidence});
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string weakest_evidence(const ExplainRow& row) {
  static const std::vector<std::string> order = {"source", "documented", "reported", "inferred"};
  std::size_t worst = 0;
  for (const auto& s : row.sources) {
    const auto it = std::find(order.begin(), order.end(), s.evidence);
    if (it != order.end()) worst = std::max(worst, static_cast<std::size_t>(it - order.begin()));
  }
  return order[worst];
}

}  // namespace lc::expect
