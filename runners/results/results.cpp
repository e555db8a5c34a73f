// SPDX-License-Identifier: Apache-2.0
#include "results.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lc/observation_json.hpp"
#include "lc/runtime_observation_json.hpp"
#include "lc/vocabulary/bounded_read.hpp"
#include "results_schema.hpp"

namespace lc::results {
namespace {

using nlohmann::json;

json pairs_to_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json out = json::object();
  for (const auto& [k, v] : pairs) out[k] = v;
  return out;
}

template <typename T>
T field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) throw std::invalid_argument(std::string("missing field '") + name + "'");
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string("field '") + name + "' has the wrong type (" + it->type_name() + ")");
  }
}

template <typename T>
T field_or(const json& j, const char* name, T fallback) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return fallback;
  return field<T>(j, name);
}

// A vocabulary value of a validated document (the schema lists the same texts; a test keeps the
// two equal), so an unknown one is a broken invariant, still reported as bad input.
template <vocabulary::Word E>
E word(const json& j, const char* name) {
  const auto text = field<std::string>(j, name);
  const auto value = vocabulary::from_string<E>(text);
  if (!value) throw std::invalid_argument("unknown " + std::string(vocabulary::noun<E>()) + " '" + text + "'");
  return *value;
}

// Converts one result of a validated document; the schema has checked every type and range.
judge::CaseResult case_result_from_json(const json& j) {
  judge::CaseResult r;
  r.id = field<std::string>(j, "id");
  r.case_id = field<std::string>(j, "case");
  for (const auto& [k, v] : j.at("params").items()) r.params.emplace_back(k, v.get<std::string>());
  r.summary = field<std::string>(j, "summary");
  r.kind = word<vocabulary::ClaimKind>(j, "kind");
  r.tags = field_or<std::vector<std::string>>(j, "tags", {});
  for (const auto& c : j.at("cite")) {
    r.cite.push_back({field<std::string>(c, "id"), field<std::string>(c, "title"), field_or<std::string>(c, "url", ""),
                      field_or<std::string>(c, "quote", ""), field_or<std::string>(c, "evidence", "")});
  }
  r.not_applicable = field_or<bool>(j, "not_applicable", false);
  if (j.contains("when_kernel") && !j["when_kernel"].is_null()) r.when_kernel = field<std::string>(j, "when_kernel");
  r.spec = probe_spec_from_json(j.at("setup"));
  r.verdict = word<judge::Verdict>(j, "verdict");
  r.reason = field<std::string>(j, "reason");
  r.drift = field_or<bool>(j, "drift", false);
  if (!field_or<std::string>(j, "error_kind", "").empty()) r.error_kind = word<judge::ErrorKind>(j, "error_kind");
  for (const auto& c : j.at("checks")) {
    judge::Check check;
    check.name = field<std::string>(c, "name");
    check.formula = field_or<std::string>(c, "formula", "");
    check.bindings = field_or<std::map<std::string, double>>(c, "bindings", {});
    check.expected = field<std::string>(c, "expected");
    check.observed = field<std::string>(c, "observed");
    check.status = word<judge::CheckStatus>(c, "status");
    check.message = field_or<std::string>(c, "message", "");
    r.checks.push_back(std::move(check));
  }
  if (j.contains("observation") && !j["observation"].is_null()) r.observation = observation_from_json(j["observation"]);
  if (j.contains("runtime") && !j["runtime"].is_null()) r.runtime = runtime_observation_from_json(j["runtime"]);
  r.elapsed_ms = field_or<double>(j, "elapsed_ms", 0.0);
  return r;
}

}  // namespace

int Summary::count(judge::VerdictLabel label) const {
  switch (label) {
    case judge::VerdictLabel::conforms: return conforms;
    case judge::VerdictLabel::deviates: return deviates;
    case judge::VerdictLabel::drift: return drift;
    case judge::VerdictLabel::skipped: return skipped;
    case judge::VerdictLabel::error: return error;
  }
  return 0;
}

void Summary::add(judge::VerdictLabel label) {
  ++total;
  switch (label) {
    case judge::VerdictLabel::conforms: ++conforms; break;
    case judge::VerdictLabel::deviates: ++deviates; break;
    case judge::VerdictLabel::drift: ++drift; break;
    case judge::VerdictLabel::skipped: ++skipped; break;
    case judge::VerdictLabel::error: ++error; break;
  }
}

Summary summarise(const std::vector<judge::CaseResult>& results) {
  Summary s;
  for (const auto& r : results) s.add(r.label());
  return s;
}

int exit_status(const Summary& s) {
  if (s.error > 0) return 2;
  return s.deviates > 0 ? 1 : 0;
}

namespace {

json summary_json(const Summary& s) {
  json j = {{"total", s.total}};
  for (const auto label : vocabulary::all<judge::VerdictLabel>()) j[to_string(label)] = s.count(label);
  return j;
}

Summary summary_from_json(const json& j) {
  Summary s;
  s.total = field<int>(j, "total");
  s.conforms = field<int>(j, name(judge::VerdictLabel::conforms).data());
  s.deviates = field<int>(j, name(judge::VerdictLabel::deviates).data());
  s.drift = field<int>(j, name(judge::VerdictLabel::drift).data());
  s.skipped = field<int>(j, name(judge::VerdictLabel::skipped).data());
  s.error = field<int>(j, name(judge::VerdictLabel::error).data());
  return s;
}

// The stored summary must be the results' own: a file whose counts disagree with its results
// would show different numbers in different views.
void check_summary(const Summary& stored, const Summary& counted) {
  const auto differs = [&](const std::string& field_name, int a, int b) {
    if (a == b) return;
    throw ResultsError("/summary/" + field_name, "is " + std::to_string(a) + ", but the results hold " +
                                                     std::to_string(b) + " (the summary disagrees with the results)");
  };
  differs("total", stored.total, counted.total);
  for (const auto label : vocabulary::all<judge::VerdictLabel>()) differs(to_string(label), stored.count(label), counted.count(label));
}

bool previous_version(const json& j) {
  if (!j.is_object()) return false;
  const auto format = j.find("format");
  const auto version = j.find("version");
  return format != j.end() && *format == kResultsFormat && version != j.end() && version->is_number_integer() &&
         *version == kPreviousResultsVersion;
}

}  // namespace

json upgrade_results_json(const json& j) {
  if (!previous_version(j)) return j;
  json out = j;
  out["version"] = kResultsVersion;
  // Version 1 counted drift in deviates as well.
  if (auto s = out.find("summary"); s != out.end() && s->is_object()) {
    const std::string deviates = vocabulary::to_string(judge::VerdictLabel::deviates);
    const std::string drift = vocabulary::to_string(judge::VerdictLabel::drift);
    if (s->contains(deviates) && s->contains(drift) && (*s)[deviates].is_number_integer() && (*s)[drift].is_number_integer())
      (*s)[deviates] = (*s)[deviates].get<long long>() - (*s)[drift].get<long long>();
  }
  return out;
}

json to_json(const judge::CaseResult& r) {
  json checks = json::array();
  for (const auto& c : r.checks) {
    checks.push_back({{"name", c.name},
                      {"formula", c.formula},
                      {"bindings", c.bindings},
                      {"expected", c.expected},
                      {"observed", c.observed},
                      {"status", to_string(c.status)},
                      {"message", c.message}});
  }
  json cite = json::array();
  for (const auto& c : r.cite) {
    json one = {{"id", c.id}, {"title", c.title}, {"url", c.url}, {"quote", c.quote}};
    if (!c.evidence.empty()) one["evidence"] = c.evidence;  // written where the file states it
    cite.push_back(std::move(one));
  }
  json out = {{"id", r.id},
          {"case", r.case_id},
          {"params", pairs_to_json(r.params)},
          {"summary", r.summary},
          {"kind", to_string(r.kind)},
          {"tags", r.tags},
          {"cite", cite},
          {"when_kernel", r.when_kernel ? json(*r.when_kernel) : json(nullptr)},
          {"setup", lc::to_json(r.spec)},
          {"verdict", to_string(r.verdict)},
          {"reason", r.reason},
          {"drift", r.drift},
          {"error_kind", r.error_kind ? to_string(*r.error_kind) : std::string()},
          {"checks", checks},
          {"observation", r.observation ? lc::to_json(*r.observation) : json(nullptr)},
          {"elapsed_ms", r.elapsed_ms}};
  if (r.not_applicable) out["not_applicable"] = true;
  if (r.runtime) out["runtime"] = lc::to_json(*r.runtime);  // a runtime answer's measurement
  return out;
}

json to_json(const RunResults& r) {
  json results = json::array();
  for (const auto& c : r.results) results.push_back(to_json(c));
  return {{"format", kResultsFormat},
          {"version", kResultsVersion},
          {"tool", {{"name", "listen-conformance"}, {"version", r.tool_version}}},
          {"machine",
           {{"os", r.machine.os},
            {"kernel_release", r.machine.kernel_release},
            {"kernel_build", r.machine.kernel_build},
            {"kernel_version", r.machine.kernel_version},
            {"arch", r.machine.arch},
            {"isolation", to_string(r.machine.isolation)},
            {"sysctls_at_start", r.machine.sysctls_at_start}}},
          {"expectations",
           {{"path", r.expectations.path},
            {"sha256", r.expectations.sha256},
            {"platform", r.expectations.platform},
            {"title", r.expectations.title},
            {"fact_sysctls", r.fact_sysctls}}},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at},
          {"elapsed_ms", r.elapsed_ms},
          {"jobs", r.jobs},
          {"filter", r.filter},
          {"interrupted", r.interrupted},
          {"summary", summary_json(r.summary)},
          {"results", results}};
}

ResultsError::ResultsError(std::string where, const std::string& what, int at_line, int at_column)
    : std::invalid_argument(at_line > 0   ? std::to_string(at_line) + ":" + std::to_string(at_column) + ": " + what
                            : where.empty() ? what
                                            : where + ": " + what),
      pointer(std::move(where)),
      message(what),
      line(at_line),
      column(at_column) {}

std::string ResultsError::describe(const std::string& file) const {
  return file + (line > 0 ? ":" : ": ") + this->what();
}

std::optional<double> numeric_value(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

RunResults results_from_json(const json& j) {
  if (previous_version(j)) return results_from_json(upgrade_results_json(j));
  validate_results_json(j);
  RunResults r;
  try {
    r.tool_version = j.at("tool").at("version").get<std::string>();
    const json& m = j.at("machine");
    r.machine.os = field<std::string>(m, "os");
    r.machine.kernel_release = field<std::string>(m, "kernel_release");
    r.machine.kernel_build = field_or<std::string>(m, "kernel_build", "");
    r.machine.kernel_version = field_or<std::string>(m, "kernel_version", "");
    r.machine.arch = field_or<std::string>(m, "arch", "");
    r.machine.isolation = word<vocabulary::RunIsolation>(m, "isolation");
    r.machine.sysctls_at_start = field_or<std::map<std::string, std::string>>(m, "sysctls_at_start", {});
    const json& e = j.at("expectations");
    r.expectations = {field_or<std::string>(e, "path", ""), field_or<std::string>(e, "sha256", ""),
                      field<std::string>(e, "platform"), field_or<std::string>(e, "title", "")};
    r.fact_sysctls = field_or<std::map<std::string, std::string>>(e, "fact_sysctls", {});
    r.started_at = field_or<std::string>(j, "started_at", "");
    r.finished_at = field_or<std::string>(j, "finished_at", "");
    r.elapsed_ms = field_or<double>(j, "elapsed_ms", 0.0);
    r.jobs = field_or<int>(j, "jobs", 1);
    r.filter = field_or<std::string>(j, "filter", "");
    r.interrupted = field_or<bool>(j, "interrupted", false);
  } catch (const std::exception& e) {  // the schema should have caught it: still bad input, not a crash
    throw ResultsError("", e.what());
  }
  const json& results = j.at("results");
  r.results.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    try {
      r.results.push_back(case_result_from_json(results[i]));
    } catch (const std::exception& e) {  // e.g. an observation whose counts disagree with its attempts
      throw ResultsError("/results/" + std::to_string(i), e.what());
    }
  }
  try {
    r.summary = summary_from_json(j.at("summary"));
  } catch (const std::exception& e) {
    throw ResultsError("/summary", e.what());
  }
  check_summary(r.summary, summarise(r.results));
  return r;
}

RunResults parse_results(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, column 2" prefix.
    std::string what = e.what();
    if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    int line = 1, column = 1;
    const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw ResultsError("", "not JSON: " + what, line, column);
  } catch (const json::exception& e) {  // out_of_range: a number beyond a double ("1e3085")
    std::string what = e.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos) what.erase(0, bracket + 2);
    throw ResultsError("", "not JSON: " + what);
  }
  return results_from_json(j);
}

RunResults load_results(const std::filesystem::path& path) {
  std::string text;
  try {
    text = vocabulary::read_bounded_file(path.string(), kMaxResultsBytes);
  } catch (const vocabulary::InputError& e) {
    throw std::invalid_argument(e.what());
  }
  try {
    return parse_results(text);
  } catch (const ResultsError& e) {
    throw std::invalid_argument(e.describe(path.string()));
  }
}

std::string now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string sha256_hex_of_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream data;
  data << in.rdbuf();
  const std::string bytes = data.str();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace lc::results
