// Where the expectation files are when --expectations is not given: the expectations' own
// install layout, relative to the program that runs them (the caller says which program that
// is, so that this room needs no process utilities).
#pragma once

#include <string>
#include <vector>

namespace lc::expect {

// The directories searched, in order: $LC_EXPECTATIONS_DIR; next to the build tree
// (<program dir>/../../expectations); the install prefix
// (<program dir>/../share/listen-conformance/expectations); <program dir>/expectations; the
// source tree the program was built from.
std::vector<std::string> expectation_dirs(const std::string& program);

// <dir>/<os>.yaml in the first directory that has it; "" when none does.
std::string default_expectations_file(const std::string& os, const std::string& program);

}  // namespace lc::expect
