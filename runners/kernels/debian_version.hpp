// SPDX-License-Identifier: Apache-2.0
// Debian package versions ([epoch:]upstream[-revision], deb-version(7)) compared as dpkg
// compares them, and the upstream kernel version a Debian kernel package carries.
#pragma once

#include <string>

namespace lc::kernels {

// <0, 0, >0 as `dpkg --compare-versions a lt|eq|gt b` would say; '~' sorts before everything,
// even the end of the string ("7.3~rc7" < "7.3").
int compare_debian_versions(const std::string& a, const std::string& b);

struct DebianVersionLess {
  bool operator()(const std::string& a, const std::string& b) const { return compare_debian_versions(a, b) < 0; }
};

// The kernel's upstream version in a Debian kernel package version: "5.10.223-1" -> "5.10.223",
// "6.12.117-1~deb12u1" -> "6.12.117", "7.3~rc7-1~exp1" -> "7.3-rc7".
std::string upstream_of(const std::string& debian_version);

// The series (major.minor) of an upstream version: "5.10.223" -> "5.10", "7.3-rc7" -> "7.3".
std::string series_of(const std::string& upstream);

}  // namespace lc::kernels
