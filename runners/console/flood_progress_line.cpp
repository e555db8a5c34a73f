// SPDX-License-Identifier: Apache-2.0
#include "flood_progress_line.hpp"

#include <string>

#include "fit_to_width.hpp"

namespace lc::console {
void FloodProgressLine::show(FloodCount count) {
  const auto percent = count.total == 0 ? 100 : count.done * 100 / count.total;
  const std::string line = "flooding: " + std::to_string(count.done) + " of " + std::to_string(count.total) + " attempts (" +
                           std::to_string(percent) + " %)" + (count.done == count.total ? ", reading back" : "");
  err_ << kEraseLine << fit_to_width(line, columns_) << std::flush;
  drawn_ = true;
}

void FloodProgressLine::clear() {
  if (drawn_) err_ << kEraseLine << std::flush;
  drawn_ = false;
}

}  // namespace lc::console
