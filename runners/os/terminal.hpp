// SPDX-License-Identifier: Apache-2.0
// Whether a stream is an interactive terminal (progress lines are only drawn there).
#pragma once

#include <cstdio>

namespace lc::os {
bool is_terminal(std::FILE* stream);
}
