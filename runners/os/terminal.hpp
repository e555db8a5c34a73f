// SPDX-License-Identifier: Apache-2.0
// Whether a stream is an interactive terminal (progress lines are only drawn there), and how wide.
#pragma once

#include <cstdio>

namespace lc::os {
bool is_terminal(std::FILE* stream);
// The terminal's width in columns, 0 when unknown (not a terminal): the progress line is cut to
// fit, so that it never wraps (a wrapped line cannot be erased in place).
int terminal_columns(std::FILE* stream);
}
