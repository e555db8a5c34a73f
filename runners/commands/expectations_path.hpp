// SPDX-License-Identifier: Apache-2.0
// Where the expectation files are when --expectations is not given.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::commands {

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
std::vector<std::string> expectation_dirs();

// <dir>/<os>.yaml in the first directory that has it; "" when none does.
std::string default_expectations_file(const std::string& os);

// The first directory of expectation_dirs() that exists; nullopt when none does.
std::optional<std::string> expectations_dir();

}  // namespace lc::commands
