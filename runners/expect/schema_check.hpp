// The expectation format's definition is its JSON Schema (expectations/schema/
// expectations.schema.json). This checks a YAML file against it: YAML read with yaml-cpp, typed
// as YAML 1.2's core schema does (plain 12 is an integer, "12" a string, true a boolean), turned
// into nlohmann::json and validated with valijson (draft 7) — the approach results.json uses.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lc::expect {

// A YAML document as JSON, scalars typed by the core schema (quoted ones stay strings).
// Throws std::runtime_error for YAML that does not parse.
nlohmann::json yaml_to_json(const std::string& yaml_text);

// What is wrong with `document` according to the schema at `schema_path`: one line per error
// ("/answers/3/expect: ..."), empty when it validates. Throws std::runtime_error when the
// schema cannot be read.
std::vector<std::string> schema_problems(const nlohmann::json& document, const std::string& schema_path);

}  // namespace lc::expect
