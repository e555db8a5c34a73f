// SPDX-License-Identifier: Apache-2.0
// What `kernels` runs on: the host, a Debian kernel build, or a kernel image file.
//   host                      the running kernel, natively
//   debian:SERIES             the newest build of a series (5.10, 6.1, 6.12, 7.2, 7.3, ...)
//   debian:oldest:SERIES      its oldest build
//   debian:SUITE              the newest build in a suite (sid, experimental, bookworm, ...)
//   debian:PACKAGE=VERSION    one build (VERSION may be left out: the package's newest)
//   file:PATH                 any bzImage/vmlinuz (e.g. arch/x86/boot/bzImage) or ELF vmlinux
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "archive.hpp"

namespace lc::kernels {

struct TargetSpec {
  enum class Kind { host, debian_series, debian_suite, debian_package, file } kind = Kind::host;
  std::string text;    // as given
  std::string series;  // debian_series
  bool oldest = false; // debian_series
  std::string suite;   // debian_suite
  std::string package, version;  // debian_package
  std::filesystem::path path;    // file
};

// Throws std::invalid_argument saying what is wrong and what is accepted.
TargetSpec parse_target(const std::string& text);

// The default matrix: the oldest and newest 5.10, 6.1 and 6.12, the newest of sid and of
// experimental, and the host.
std::vector<std::string> default_targets();

// The build a Debian target means among `builds` (oldest first); nullopt when none matches.
std::optional<Build> pick_build(const TargetSpec& spec, const std::vector<Build>& builds);

bool is_debian(const TargetSpec& spec);

}  // namespace lc::kernels
