// SPDX-License-Identifier: Apache-2.0
// Human-readable rendering of one observation (the `probe` command's default output).
#pragma once

#include <ostream>

#include "lc/observation.hpp"

namespace lc::console {

void print_observation_table(std::ostream& out, const Observation& obs);

// One character per attempt: A accepted, E established_unaccepted, R reset, X refused,
// . no_answer. Long floods are run-length encoded ("A×65536 .×8").
std::string attempts_strip(const Observation& obs);

}  // namespace lc::console
