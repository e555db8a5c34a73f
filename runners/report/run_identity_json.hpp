// SPDX-License-Identifier: Apache-2.0
// Which run a results file is, as JSON, for the machine-readable outputs of diff and merge (one
// shape in both, so a consumer reads a machine the same way in either).
#pragma once

#include <nlohmann/json.hpp>

#include "results/results.hpp"

namespace lc::report {

// {machine, os, kernel_release, kernel_version, arch, expectations, expectations_sha256,
//  tool_version, started_at}
nlohmann::json run_identity_json(const results::RunResults& run);

}  // namespace lc::report
