// SPDX-License-Identifier: Apache-2.0
#include "kernel_version.hpp"

#include <regex>
#include <stdexcept>

#include "checked_number.hpp"
#include "excerpt.hpp"

namespace lc::expect {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + sep.size();
  }
}

// One number of a version; nullopt (not an exception) when it is out of range.
std::optional<int> version_number(const std::string& digits) {
  const auto n = checked_integer(digits, kVersionNumberRange);
  return n.value ? std::optional<int>(static_cast<int>(*n.value)) : std::nullopt;
}

}  // namespace

std::string KernelVersion::str() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<KernelVersion> parse_kernel_version(const std::string& text) {
  static const std::regex re(R"(^\s*(\d+)\.(\d+)(?:\.(\d+))?)");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return std::nullopt;
  const auto major = version_number(m[1]), minor = version_number(m[2]);
  const auto patch = m[3].matched ? version_number(m[3]) : std::optional<int>(0);
  if (!major || !minor || !patch) return std::nullopt;
  return KernelVersion{*major, *minor, *patch};
}

std::optional<KernelVersion> upstream_kernel_version(const std::string& release, const std::string& build) {
  // Debian: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)";
  // Ubuntu (/proc/version_signature style): "Ubuntu 5.15.0-91.101-generic 5.15.131".
  static const std::regex debian(R"(Debian (\d+\.\d+\.\d+))");
  static const std::regex ubuntu(R"(Ubuntu \S+ (\d+\.\d+\.\d+))");
  std::smatch m;
  if (std::regex_search(build, m, debian) || std::regex_search(build, m, ubuntu)) return parse_kernel_version(m[1]);
  return parse_kernel_version(release);
}

VersionRange::VersionRange(const std::string& text) : text_(text) {
  static const std::regex cmp(R"(^(<=|>=|==|<|>)\s*(\d+\.\d+(?:\.\d+)?)$)");
  // Longer than any real comparator (">= 10.0.22631"); checked before the regex, whose
  // libstdc++ matcher recurses once per character of a million-digit number.
  constexpr std::size_t kMaxComparatorChars = 32;
  for (const std::string& alt : split(text, "||")) {
    std::vector<Comparator> all;
    for (const std::string& part : split(alt, ",")) {
      const std::string c = trim(part);
      std::smatch m;
      if (c.size() > kMaxComparatorChars || !std::regex_match(c, m, cmp))
        throw std::invalid_argument("bad version condition '" + excerpt(c) + "' (expected e.g. \">= 5.4\" or \">= 6.1.124, < 6.2\")");
      const auto version = parse_kernel_version(m[2]);
      if (!version)
        throw std::invalid_argument("bad version condition '" + c + "': each number of a version is at most " +
                                    std::to_string(kVersionNumberRange.max));
      all.push_back({m[1], *version});
    }
    alternatives_.push_back(std::move(all));
  }
}

bool VersionRange::contains(const KernelVersion& v) const {
  for (const auto& alt : alternatives_) {
    bool all = true;
    for (const auto& c : alt) {
      const bool ok = c.op == "<"    ? v < c.version
                      : c.op == "<=" ? v <= c.version
                      : c.op == ">"  ? v > c.version
                      : c.op == ">=" ? v >= c.version
                                     : v == c.version;
      all = all && ok;
    }
    if (all) return true;
  }
  return false;
}

}  // namespace lc::expect
