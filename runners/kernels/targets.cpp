// SPDX-License-Identifier: Apache-2.0
#include "targets.hpp"

#include <algorithm>
#include <regex>
#include <stdexcept>

namespace lc::kernels {
namespace {

const char* kAccepted =
    "host, debian:SERIES (e.g. debian:5.10), debian:oldest:SERIES, debian:SUITE (sid, experimental, ...), "
    "debian:PACKAGE=VERSION or file:PATH";

bool is_suite_name(const std::string& s) { return std::regex_match(s, std::regex("[a-z]+(-security)?")); }

}  // namespace

bool is_debian(const TargetSpec& spec) { return spec.kind != TargetSpec::Kind::host && spec.kind != TargetSpec::Kind::file; }

TargetSpec parse_target(const std::string& text) {
  TargetSpec t;
  t.text = text;
  if (text == "host") return t;
  static const std::regex series_re("[0-9]+\\.[0-9]+");
  if (text.rfind("file:", 0) == 0) {
    t.kind = TargetSpec::Kind::file;
    t.path = text.substr(5);
    if (t.path.empty()) throw std::invalid_argument("target '" + text + "': file: needs a path");
    return t;
  }
  if (text.rfind("debian:", 0) == 0) {
    std::string rest = text.substr(7);
    if (rest.rfind("oldest:", 0) == 0) {
      t.oldest = true;
      rest = rest.substr(7);
      if (!std::regex_match(rest, series_re)) throw std::invalid_argument("target '" + text + "': debian:oldest: needs a series such as 5.10");
    }
    if (std::regex_match(rest, series_re)) {
      t.kind = TargetSpec::Kind::debian_series;
      t.series = rest;
      return t;
    }
    if (const auto eq = rest.find('='); eq != std::string::npos || rest.rfind("linux-", 0) == 0) {
      t.kind = TargetSpec::Kind::debian_package;
      t.package = rest.substr(0, eq);
      t.version = eq == std::string::npos ? "" : rest.substr(eq + 1);
      if (!std::regex_match(t.package, std::regex("linux-(image|binary)-[a-z0-9.+~-]+")) ||
          !std::regex_match(t.version, std::regex("[0-9a-zA-Z.+~:-]*")))
        throw std::invalid_argument("target '" + text + "': not a kernel package (linux-image-* or linux-binary-*) and version");
      return t;
    }
    if (is_suite_name(rest)) {
      t.kind = TargetSpec::Kind::debian_suite;
      t.suite = rest;
      return t;
    }
  }
  throw std::invalid_argument("unknown target '" + text + "': expected " + kAccepted);
}

std::vector<std::string> default_targets() {
  return {"debian:oldest:5.10", "debian:5.10", "debian:oldest:6.1", "debian:6.1", "debian:oldest:6.12",
          "debian:6.12",        "debian:sid",  "debian:experimental", "host"};
}

std::optional<Build> pick_build(const TargetSpec& spec, const std::vector<Build>& builds) {
  std::vector<const Build*> match;
  for (const auto& b : builds) {
    bool ok = false;
    switch (spec.kind) {
      case TargetSpec::Kind::debian_series: ok = b.series == spec.series; break;
      case TargetSpec::Kind::debian_suite:
        ok = std::any_of(b.suites.begin(), b.suites.end(), [&](const auto& s) { return s == spec.suite || s == spec.suite + "-security"; });
        break;
      case TargetSpec::Kind::debian_package: ok = b.package == spec.package && (spec.version.empty() || b.version == spec.version); break;
      default: break;
    }
    if (ok) match.push_back(&b);
  }
  if (match.empty()) return std::nullopt;
  return spec.oldest ? *match.front() : *match.back();
}

}  // namespace lc::kernels
