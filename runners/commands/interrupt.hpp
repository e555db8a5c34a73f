// SIGINT/SIGTERM for the runner: the first stops new work (what is running finishes, the
// reports are written and marked interrupted); the second ends the process at once.
#pragma once

#include <atomic>

namespace lc::commands {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& install_interrupt_handler();

// For worker processes: they finish their bounded measurement and let the runner decide.
void ignore_interrupts();

}  // namespace lc::commands
