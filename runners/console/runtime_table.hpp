// SPDX-License-Identifier: Apache-2.0
// What `probe --driver` prints for a person: one runtime measurement (issue 14).
#pragma once

#include <ostream>

#include "lc/runtime_observation.hpp"

namespace lc::console {

void print_runtime_table(std::ostream& out, const RuntimeObservation& obs);

}  // namespace lc::console
