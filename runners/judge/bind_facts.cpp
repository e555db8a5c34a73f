// SPDX-License-Identifier: Apache-2.0
#include "judge.hpp"

namespace lc::judge {

expect::Bindings bind_facts(const expect::CaseInstance& inst, const expect::ExpectationFile& file,
                            const std::vector<std::pair<std::string, std::string>>& observed_sysctls, int connections) {
  expect::Bindings b = inst.setup_bindings;
  for (const auto& [name, formula] : inst.def->let) b.erase(name);  // recomputed with observed facts
  b[vocabulary::to_string(vocabulary::SetupVariable::connections)] = connections;
  expect::bind_sysctl_facts(file, observed_sysctls, b);
  expect::bind_lets(*inst.def, b);
  return b;
}

}  // namespace lc::judge
