// SPDX-License-Identifier: Apache-2.0
// The one sentence report.html opens with, answering "what does backlog = N do here?" from the
// observations themselves (never from the expectation file): how many completed connections
// listen(fd, N) held, where somaxconn clamped it, and what the first connection past the queue got.
#pragma once

#include <string>

#include "results/results.hpp"

namespace lc::report {

// "Here (linux 6.1.0 x86_64), listen(fd, N) holds N+1 completed connections, up to somaxconn = 4096
// (N+1 in 7 of 7 floods, 1 clamped by somaxconn); when the queue is full, the next connection's
// SYN is dropped silently (no answer; the client retries) (in 5 of 5 floods with default
// settings)." — or that the run measured no full accept queue.
std::string answer_sentence(const results::RunResults& run);

}  // namespace lc::report
