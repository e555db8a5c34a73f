// SPDX-License-Identifier: Apache-2.0
// merge --format json: the matrix for machines (a dashboard, a script that gates on "differ").
#include <nlohmann/json.hpp>

#include "merge.hpp"
#include "report_common.hpp"
#include "run_identity_json.hpp"

namespace lc::report {

std::string render_matrix_json(const std::vector<MergeInput>& inputs) {
  using nlohmann::json;
  const Matrix m = build_matrix(inputs);
  json machines = json::array();
  for (std::size_t c = 0; c < inputs.size(); ++c) {
    const results::Summary& s = inputs[c].run.summary;
    json machine = run_identity_json(inputs[c].run);
    machine["column"] = m.columns[c];
    machine["source"] = inputs[c].source;
    machine["summary"] = {{"total", s.total}, {"conforms", s.conforms}, {"deviates", s.deviates},
                          {"drift", s.drift}, {"skipped", s.skipped}, {"error", s.error}};
    machines.push_back(std::move(machine));
  }
  json rows = json::array();
  int differ = 0, same = 0, single = 0;
  for (const auto& row : m.rows) {
    (row.agreement == Agreement::differ ? differ : row.agreement == Agreement::same ? same : single) += 1;
    json cells = json::array();
    for (const judge::CaseResult* r : row.cells) {
      if (!r) {
        cells.push_back(nullptr);  // not run on that machine (not in its expectation file)
        continue;
      }
      const std::string obs = r->observation ? key_observation(*r) : std::string();
      cells.push_back({{"verdict", to_string(r->label())},
                       {"not_applicable", r->not_applicable},
                       {"observed", obs.empty() ? json(nullptr) : json(obs)}});
    }
    rows.push_back({{"family", row.family},
                    {"id", row.id},
                    {"agreement", row.agreement == Agreement::single ? "single" : to_string(row.agreement)},
                    {"cells", std::move(cells)}});
  }
  const json out = {{"format", "listen-conformance/matrix"},
                    {"version", 1},
                    {"machines", std::move(machines)},
                    {"summary", {{"rows", m.rows.size()}, {"differ", differ}, {"same", same}, {"single", single}}},
                    {"rows", std::move(rows)}};
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace lc::report
