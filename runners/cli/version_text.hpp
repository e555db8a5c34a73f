// SPDX-License-Identifier: Apache-2.0
// What `listen-conformance --version` prints: the version, the commit it was built from and
// which expectation files a `run` would judge against (their directory and SHA-256), so that a
// report can be traced to the program and the data that made it.
#pragma once

#include <string>

namespace lc::cli {

// The commit this program was built from ("unknown" outside a git checkout); generated at build
// time by cmake/Version.cmake.
const char* build_commit();

std::string version_text();

}  // namespace lc::cli
