// SPDX-License-Identifier: Apache-2.0
// The GoogleTest (and ctest) name of each conformance case instance: `Conformance_<family>.<rest>`
// from the instance id "family/rest[axis=value,...]". gtest filters treat '-' and ':' specially
// and ctest names must be plain, so only [A-Za-z0-9_] is kept; a '-' that starts a number after
// a separator is a minus sign and becomes "neg" ("backlog=-1" -> "backlog_neg1", where a plain
// '_' would make it "backlog_1", the name of backlog=1). Names must not repeat:
// first_repeated_name() finds two instances that would share one, and the suite refuses to start.
#pragma once

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lc::testing {

inline std::string plain_test_name(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool starts_number = c == '-' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
                               (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])));
    if (starts_number) {
      out += (out.empty() || out.back() == '_') ? "neg" : "_neg";
    } else {
      out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
  }
  while (out.find("__") != std::string::npos) out.replace(out.find("__"), 2, "_");
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

struct ConformanceTestName {
  std::string suite;  // "Conformance_somaxconn"
  std::string name;   // "zero_backlog_neg1"
  std::string full() const { return suite + "." + name; }
};

// case_id "somaxconn/zero", instance_id "somaxconn/zero[backlog=-1]".
inline ConformanceTestName conformance_test_name(const std::string& case_id, const std::string& instance_id) {
  const auto slash = case_id.find('/');
  return {"Conformance_" + plain_test_name(case_id.substr(0, slash)),
          plain_test_name(instance_id.substr(slash == std::string::npos ? 0 : slash + 1))};
}

// The first two instance ids (case id, instance id pairs) that would get the same test name.
struct RepeatedName {
  std::string name, first_id, second_id;
};
inline std::optional<RepeatedName> first_repeated_name(const std::vector<std::pair<std::string, std::string>>& ids) {
  std::map<std::string, std::string> seen;  // test name -> instance id
  for (const auto& [case_id, instance_id] : ids) {
    const std::string name = conformance_test_name(case_id, instance_id).full();
    if (const auto [it, fresh] = seen.emplace(name, instance_id); !fresh) return RepeatedName{name, it->second, instance_id};
  }
  return std::nullopt;
}

}  // namespace lc::testing
