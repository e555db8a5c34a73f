#include "interrupt.hpp"

#include <csignal>
#include <cstdlib>

namespace lc::commands {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_interrupt(int sig) {
  if (g_stop.exchange(true)) std::_Exit(128 + sig);  // second signal: leave now
}

}  // namespace

const std::atomic<bool>& install_interrupt_handler() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return g_stop;
}

void ignore_interrupts() { std::signal(SIGINT, SIG_IGN); }

}  // namespace lc::commands
