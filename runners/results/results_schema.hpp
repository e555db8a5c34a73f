// SPDX-License-Identifier: Apache-2.0
// The results JSON Schema (runners/results/results.schema.json), embedded at build time, and
// the validation every results file gets when it is read: the schema (valijson), then what a
// schema cannot say — instance ids are unique, and numbers written as strings (a check's
// expected and observed values, which the reports plot) stay within kMaxPlausibleValue.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lc::results {

// The schema's text, as built into this binary.
std::string_view results_schema_text();

// Throws ResultsError (results.hpp) with the JSON pointer of the first problem found.
void validate_results_json(const nlohmann::json& j);

}  // namespace lc::results
