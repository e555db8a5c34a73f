// SPDX-License-Identifier: Apache-2.0
// Human-readable rendering of one observation (the `probe` command's default output).
#pragma once

#include <ostream>

#include "lc/observation.hpp"

namespace lc::console {

void print_observation_table(std::ostream& out, const Observation& obs);

// `probe -q`: one line, the count of each outcome ("accepted 6, established_unaccepted 0, ..."),
// or "FAILED (kind): message".
void print_outcome_counts(std::ostream& out, const Observation& obs);

// `probe -v`, after the table: one line per attempt, its outcome, the evidence for it and, in an
// SO_REUSEPORT group, the member.
void print_attempt_lines(std::ostream& out, const Observation& obs);

// One character per attempt: A accepted, E established_unaccepted, R reset, X refused,
// . no_answer. Long floods are run-length encoded ("A×65536 .×8").
std::string attempts_strip(const Observation& obs);

}  // namespace lc::console
