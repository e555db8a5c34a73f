// Where the expectation files are when --expectations is not given.
#pragma once

#include <string>
#include <vector>

namespace lc::commands {

// The directories searched, in order: $LC_EXPECTATIONS_DIR; next to the build tree
// (<exe>/../../expectations); the install prefix (<exe>/../share/listen-conformance/expectations);
// the source tree the program was built from.
std::vector<std::string> expectation_dirs();

// <dir>/<os>.yaml in the first directory that has it; "" when none does.
std::string default_expectations_file(const std::string& os);

}  // namespace lc::commands
