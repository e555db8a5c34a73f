// SPDX-License-Identifier: Apache-2.0
#include "fit_to_width.hpp"

#include <algorithm>

namespace lc::console {

std::string fit_to_width(const std::string& line, int columns) {
  auto starts_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  std::size_t chars = 0;
  for (char c : line) chars += starts_char(c);
  if (columns <= 0 || chars < static_cast<std::size_t>(columns)) return line;
  const std::size_t keep = columns > 4 ? static_cast<std::size_t>(columns) - 4 : 0;  // + "..." = columns - 1
  std::size_t seen = 0, at = 0;
  for (; at < line.size(); ++at) {
    if (starts_char(line[at]) && seen++ == keep) break;
  }
  return line.substr(0, at) + std::string("...").substr(0, static_cast<std::size_t>(std::max(0, columns - 1)) - keep);
}

}  // namespace lc::console
