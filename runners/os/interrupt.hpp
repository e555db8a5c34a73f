// SPDX-License-Identifier: Apache-2.0
// SIGINT/SIGTERM for the runner. The first says so on stderr at once (one line), kills the
// running workers with their process groups (spawn::cancel_all_children) and sets the flag: no
// new instance starts, the killed ones are left out, and the reports of what finished are
// written, marked interrupted; the exit status is then 128 + the signal (130, 143). The second
// kills the workers again and ends the process at once.
#pragma once

#include <atomic>

namespace lc::os {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& install_interrupt_handler();

// The signal that stopped the run (SIGINT, SIGTERM), 0 when none came.
int interrupt_signal();

// For worker processes: they finish their bounded measurement and let the runner decide.
void ignore_interrupts();

}  // namespace lc::os
