// SPDX-License-Identifier: Apache-2.0
// JUnit XML: one <testsuite> per case family, one <testcase> per case instance
// (classname = family, name = the rest of the instance id).
//   deviates (behaviour)  -> <failure type="deviation"> with expected/observed per check and the citations
//   error                 -> <error type=error_kind>
//   skipped               -> <skipped message=reason/>
//   documentation drift   -> passes, with <property name="documentation_drift" .../> and the finding in
//                            <system-out>: drift is about the documentation, not the kernel, and the
//                            run's exit status (0) treats it so; a red CI for a wrong man page would
//                            hide the kernel regressions the suite is for.
#pragma once

#include <string>

#include "results/results.hpp"

namespace lc::report {

std::string render_junit(const results::RunResults& r);

}  // namespace lc::report
