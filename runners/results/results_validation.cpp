// SPDX-License-Identifier: Apache-2.0
// Validation of every results document read: the embedded JSON Schema through valijson (draft 7,
// strict types: 1.0 is not an integer), then the rules a schema cannot state.
#include <cmath>
#include <map>
#include <memory>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "results.hpp"
#include "results_schema.hpp"

namespace lc::results {
namespace {

using nlohmann::json;

const valijson::Schema& schema() {
  static const std::unique_ptr<valijson::Schema> parsed = [] {
    const json document = json::parse(results_schema_text());
    auto s = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(document), *s);
    return s;
  }();
  return *parsed;
}

// valijson's context ["<root>", "[results]", "[3]", "[id]"] as the JSON pointer "/results/3/id".
std::string json_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& step : context) {
    if (step == "<root>") continue;
    const bool bracketed = step.size() >= 2 && step.front() == '[' && step.back() == ']';
    out += '/';
    for (char c : bracketed ? step.substr(1, step.size() - 2) : step) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

// A value from the file, quoted for a message, at most 80 bytes of it.
std::string quoted(const std::string& s) {
  return "'" + (s.size() > 80 ? s.substr(0, 80) + "..." : s) + "'";
}

void validate_against_schema(const json& j) {
  const valijson::adapters::NlohmannJsonAdapter target(j);
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  if (validator.validate(schema(), target, nullptr)) return;
  // Again, collecting the errors: the most specific one (deepest pointer, first found) says what
  // to fix; the enclosing ones only repeat that something inside failed.
  valijson::ValidationResults errors;
  validator.validate(schema(), target, &errors);
  valijson::ValidationResults::Error error, best;
  bool found = false;
  while (errors.popError(error)) {
    if (!found || error.context.size() > best.context.size()) best = error;
    found = true;
  }
  if (!found) throw ResultsError("", "does not match the results schema");
  std::string message = best.description;
  if (!message.empty() && message.back() == '.') message.pop_back();
  const std::string pointer = json_pointer(best.context);
  try {  // what is there, so that the message says what to change
    const json& value = j.at(json::json_pointer(pointer));
    message += " (found " + std::string(value.type_name()) +
               (value.is_string()      ? " " + quoted(value.get<std::string>())
                : value.is_primitive() ? " " + quoted(value.dump())
                                       : "") +
               ")";
  } catch (const json::exception&) {
  }
  throw ResultsError(pointer, "does not match the results schema: " + message);
}

void check_unique_ids(const json& results) {
  std::map<std::string, std::size_t> first_at;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& id = results[i].at("id").get_ref<const std::string&>();
    const auto [it, inserted] = first_at.emplace(id, i);
    if (!inserted) {
      throw ResultsError("/results/" + std::to_string(i) + "/id",
                         "duplicate instance id " + quoted(id) + " (also /results/" + std::to_string(it->second) +
                             "/id): diff and merge match instances by id");
    }
  }
}

// Expected and observed values are strings (a number or a pattern); the numbers are plotted.
void check_plausible_values(const json& results) {
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& checks = results[i].at("checks");
    for (std::size_t k = 0; k < checks.size(); ++k) {
      for (const char* name : {"expected", "observed"}) {
        const auto& text = checks[k].at(name).get_ref<const std::string&>();
        const auto value = numeric_value(text);
        if (value && std::fabs(*value) > kMaxPlausibleValue) {
          throw ResultsError("/results/" + std::to_string(i) + "/checks/" + std::to_string(k) + "/" + name,
                             "value " + quoted(text) + " is out of range: numbers in a results file are at most 2^53 = " +
                                 std::to_string(static_cast<long long>(kMaxPlausibleValue)) + " in magnitude");
        }
      }
    }
  }
}

}  // namespace

void validate_results_json(const json& j) {
  // The format first: another kind of JSON file gets a message that says so, not a schema error.
  if (!j.is_object() || !j.contains("format") || j["format"] != kResultsFormat) {
    throw ResultsError(j.is_object() && j.contains("format") ? "/format" : "",
                       "not a listen-conformance results file (format is not '" + std::string(kResultsFormat) + "')");
  }
  if (const auto v = j.find("version"); v != j.end() && v->is_number_integer() && *v != kResultsVersion) {
    throw ResultsError("/version", "results version " + v->dump() + " is not supported (this tool reads versions " +
                                       std::to_string(kPreviousResultsVersion) + " and " + std::to_string(kResultsVersion) + ")");
  }
  validate_against_schema(j);
  check_unique_ids(j.at("results"));
  check_plausible_values(j.at("results"));
}

}  // namespace lc::results
