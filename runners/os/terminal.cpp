// SPDX-License-Identifier: Apache-2.0
#include "terminal.hpp"

#if defined(_WIN32)
#include <io.h>
#define LC_ISATTY _isatty
#define LC_FILENO _fileno
#else
#include <unistd.h>
#define LC_ISATTY ::isatty
#define LC_FILENO ::fileno
#endif

namespace lc::os {
bool is_terminal(std::FILE* stream) { return LC_ISATTY(LC_FILENO(stream)) != 0; }
}  // namespace lc::os
