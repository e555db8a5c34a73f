// SPDX-License-Identifier: Apache-2.0
#include "terminal.hpp"

#if defined(_WIN32)
#include <io.h>
#include <windows.h>
#define LC_ISATTY _isatty
#define LC_FILENO _fileno
#else
#include <sys/ioctl.h>
#include <unistd.h>
#define LC_ISATTY ::isatty
#define LC_FILENO ::fileno
#endif

namespace lc::os {
bool is_terminal(std::FILE* stream) { return LC_ISATTY(LC_FILENO(stream)) != 0; }

int terminal_columns(std::FILE* stream) {
  if (!is_terminal(stream)) return 0;
#if defined(_WIN32)
  CONSOLE_SCREEN_BUFFER_INFO info;
  const auto handle = reinterpret_cast<HANDLE>(_get_osfhandle(LC_FILENO(stream)));
  if (!GetConsoleScreenBufferInfo(handle, &info)) return 0;
  return info.srWindow.Right - info.srWindow.Left + 1;
#else
  winsize ws{};
  if (::ioctl(LC_FILENO(stream), TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
#endif
}
}  // namespace lc::os
