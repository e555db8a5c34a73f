// SPDX-License-Identifier: Apache-2.0
// Kernel versions and the version ranges that `when: { kernel: ... }` conditions use.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::expect {

struct KernelVersion {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const KernelVersion&) const = default;
  std::string str() const;
};

// "6.1.0-28-amd64" -> 6.1.0. Returns nullopt when the text does not start with a version.
std::optional<KernelVersion> parse_kernel_version(const std::string& text);

// The upstream version a kernel is built from. Distribution release strings often hide it
// (Debian's "6.1.0-28-amd64" is an ABI name; `uname -v` says "Debian 6.1.119-1"), so the build
// string is searched for "Debian X.Y.Z" / "Ubuntu ... X.Y.Z" first.
std::optional<KernelVersion> upstream_kernel_version(const std::string& release, const std::string& build);

// A range such as ">= 4.10", ">= 6.12.11, < 6.13 || >= 6.13.0": alternatives separated by
// "||", each a comma-separated list of comparators (<, <=, >, >=, ==). Throws
// std::invalid_argument with what is wrong.
class VersionRange {
 public:
  explicit VersionRange(const std::string& text);
  bool contains(const KernelVersion& v) const;
  const std::string& text() const { return text_; }

 private:
  struct Comparator {
    std::string op;
    KernelVersion version;
  };
  std::string text_;
  std::vector<std::vector<Comparator>> alternatives_;
};

}  // namespace lc::expect
