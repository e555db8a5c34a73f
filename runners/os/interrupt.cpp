// SPDX-License-Identifier: Apache-2.0
#include "interrupt.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "spawn/process_group.hpp"
#include "terminal.hpp"

#if defined(_WIN32)
#include <io.h>
#else
#include <unistd.h>
#endif

namespace lc::os {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "set from a signal handler");

// Composed before any signal can come: the handler only writes it.
char g_message[2][200];
std::size_t g_message_size[2];

void compose_messages() {
  const char* erase = is_terminal(stderr) ? "\r\033[K" : "";  // over the progress line
  const char* names[2] = {"SIGINT", "SIGTERM"};
  for (int i = 0; i < 2; ++i) {
    std::snprintf(g_message[i], sizeof g_message[i],
                  "%slisten-conformance: %s: stopping: the running workers are killed and the reports of what "
                  "finished are written (a second signal quits at once)\n",
                  erase, names[i]);
    g_message_size[i] = std::strlen(g_message[i]);
  }
}

void say(const char* text, std::size_t size) {
#if defined(_WIN32)
  (void)::_write(2, text, static_cast<unsigned>(size));
#else
  (void)!::write(STDERR_FILENO, text, size);
#endif
}

extern "C" void on_interrupt(int sig) {
  int none = 0;
  if (!g_signal.compare_exchange_strong(none, sig)) {  // the second signal: leave now
    spawn::cancel_all_children();
    std::_Exit(128 + sig);
  }
  g_stop.store(true);  // before the kill: a worker thread seeing its child die also sees this
  say(g_message[sig == SIGTERM ? 1 : 0], g_message_size[sig == SIGTERM ? 1 : 0]);
  spawn::cancel_all_children();
}

void handle(int sig) {
#if defined(_WIN32)
  std::signal(sig, on_interrupt);
#else
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, nullptr);
#endif
}

}  // namespace

const std::atomic<bool>& install_interrupt_handler() {
  compose_messages();
  handle(SIGINT);
  handle(SIGTERM);
  return g_stop;
}

int interrupt_signal() { return g_signal.load(); }

void ignore_interrupts() { std::signal(SIGINT, SIG_IGN); }

}  // namespace lc::os
