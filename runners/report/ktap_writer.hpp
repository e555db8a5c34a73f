// SPDX-License-Identifier: Apache-2.0
// KTAP, the kernel's own test output format (Documentation/dev-tools/ktap.rst, version 1), so
// that labs which already collect KTAP from kselftest and KUnit (LAVA, KernelCI) can run this
// suite too: one test per case instance, in plan order.
//   conforms             -> ok N id
//   deviates (behaviour) -> not ok N id, with the failed checks and the sources as diagnostics
//   error                -> not ok N id, with the reason as a diagnostic
//   skipped              -> ok N id # SKIP reason
//   documentation drift  -> ok N id, with a "# documentation drift: ..." diagnostic: the finding
//                           is about the document, not the kernel (as in junit.xml)
// Diagnostics come before the result line they belong to, as KUnit prints them. A test's name
// and a SKIP reason never hold '#' or a line break (a parser would read a directive or a new
// line), so they are replaced.
#pragma once

#include <string>

#include "results/results.hpp"

namespace lc::report {

std::string render_ktap(const results::RunResults& r);

// The exit status kselftest expects of a test program: 0 pass, 1 fail, 4 skip (every instance
// skipped, or nothing to run).
int kselftest_exit_status(const results::Summary& s);

}  // namespace lc::report
