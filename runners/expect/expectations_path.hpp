// SPDX-License-Identifier: Apache-2.0
// Where the expectation files are when --expectations is not given: the expectations' own
// install layout, relative to the program that runs them (the caller says which program that
// is, so that this room needs no process utilities).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::expect {

// The environment variable that names the expectations directory, ahead of everything else.
inline constexpr const char* kExpectationsDirVariable = "LC_EXPECTATIONS_DIR";

// The file a build tree writes beside its listen-conformance (cmake/Install.cmake): one line, the
// source tree's expectations directory. `cmake --install` does not copy it, so an installed
// program never looks outside its own prefix, and the build's source path is not compiled in.
inline constexpr const char* kBuildTreeMarker = "listen-conformance.build-tree";

// The directories searched, in order: $LC_EXPECTATIONS_DIR; the directory named by the build-tree
// marker beside the program (a build tree only); the install prefix's
// <bindir>/../share/listen-conformance/expectations (GNUInstallDirs' bin and share). Nothing else:
// not the working directory, not <prefix>/../expectations.
std::vector<std::string> expectation_dirs(const std::string& program);

// <dir>/<os>.yaml in the first directory of expectation_dirs() that has it; "" when none does.
std::string default_expectations_file(const std::string& os, const std::string& program);

// The first directory of expectation_dirs() that exists; nullopt when none does.
std::optional<std::string> expectations_dir(const std::string& program);

}  // namespace lc::expect
