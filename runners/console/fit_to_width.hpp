// SPDX-License-Identifier: Apache-2.0
// A line redrawn in place on a terminal must not wrap: a wrapped line is not erased by the next
// redraw. Used by `run`'s progress line and `probe`'s flood progress.
#pragma once

#include <string>

namespace lc::console {

// Carriage return, erase to the end of the line: what redraws a line in place.
inline constexpr const char* kEraseLine = "\r\033[K";

// `line` cut to at most `columns` - 1 characters (UTF-8 aware; "..." marks the cut); as is when
// columns is 0 (unknown) or it fits.
std::string fit_to_width(const std::string& line, int columns);

}  // namespace lc::console
