#include "schema_check.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "lc/vocabulary/bounded_read.hpp"

namespace lc::expect {
namespace {

using nlohmann::json;

// A plain scalar as the YAML 1.2 core schema types it.
json plain_scalar(const std::string& s) {
  static const std::regex null_re("~|null|Null|NULL|");
  static const std::regex int_re("[-+]?[0-9]+");
  static const std::regex float_re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(s, null_re)) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (std::regex_match(s, int_re)) {
    long long v = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size()) return v;
    return std::stod(s);  // beyond 64 bits: a number all the same (the schema's ranges refuse it)
  }
  if (std::regex_match(s, float_re)) return std::stod(s);
  return s;
}

json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar: return n.Tag() == "!" ? json(n.Scalar()) : plain_scalar(n.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : n) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : n) out[kv.first.Scalar()] = to_json(kv.second);
      return out;
    }
  }
  return nullptr;
}

// valijson's context ["<root>", "[answers]", "[3]"] as "/answers/3".
std::string pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& step : context) {
    if (step == "<root>") continue;
    const bool bracketed = step.size() >= 2 && step.front() == '[' && step.back() == ']';
    out += "/" + (bracketed ? step.substr(1, step.size() - 2) : step);
  }
  return out.empty() ? "/" : out;
}

}  // namespace

json yaml_to_json(const std::string& yaml_text) {
  try {
    return to_json(YAML::Load(yaml_text));
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(e.what());
  }
}

std::vector<std::string> schema_problems(const json& document, const std::string& schema_path) {
  const json schema_json = json::parse(lc::vocabulary::read_bounded_file(schema_path, lc::vocabulary::kMaxInputBytes));
  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(schema_json), schema);
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  std::vector<std::string> out;
  if (validator.validate(schema, valijson::adapters::NlohmannJsonAdapter(document), &results)) return out;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) out.push_back(pointer(error.context) + ": " + error.description);
  if (out.empty()) out.push_back("/: does not match the schema");
  return out;
}

}  // namespace lc::expect
