// SPDX-License-Identifier: Apache-2.0
#include "run_identity_json.hpp"

#include "report_common.hpp"

namespace lc::report {

nlohmann::json run_identity_json(const results::RunResults& run) {
  return {{"machine", machine_label(run)},
          {"os", run.machine.os},
          {"kernel_release", run.machine.kernel_release},
          {"kernel_version", run.machine.kernel_version},
          {"arch", run.machine.arch},
          {"expectations", run.expectations.path},
          {"expectations_sha256", run.expectations.sha256},
          {"tool_version", run.tool_version},
          {"started_at", run.started_at}};
}

}  // namespace lc::report
