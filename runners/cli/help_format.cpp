// SPDX-License-Identifier: Apache-2.0
#include "help_format.hpp"

#include <sstream>

namespace lc::cli {
namespace {

constexpr std::size_t kColumn = 30;  // the option column; descriptions start after it

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string wrap(const std::string& text, std::size_t width) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  bool first_line = true;
  while (std::getline(lines, line)) {
    if (!first_line) out += '\n';
    first_line = false;
    std::istringstream words(line);
    std::string word;
    std::size_t used = 0;
    while (words >> word) {
      const std::size_t n = code_points(word);
      if (used > 0 && used + 1 + n > width) {
        out += '\n';
        used = 0;
      } else if (used > 0) {
        out += ' ';
        ++used;
      }
      out += word;
      used += n;
    }
  }
  return out;
}

WrappingFormatter::WrappingFormatter() { column_width(kColumn); }

std::string WrappingFormatter::make_option_desc(const CLI::Option* opt) const {
  return wrap(CLI::Formatter::make_option_desc(opt), kHelpWidth - kColumn);
}

std::string WrappingFormatter::make_subcommand(const CLI::App* sub) const {
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true), wrap(sub->get_description(), kHelpWidth - kColumn), kColumn);
  return out.str();
}

std::string WrappingFormatter::make_description(const CLI::App* app) const {
  const std::string description = CLI::Formatter::make_description(app);
  return description.empty() ? description : wrap(description, kHelpWidth) + "\n";
}

void configure_help(CLI::App& app) {
  app.formatter(std::make_shared<WrappingFormatter>());
  app.option_defaults()->always_capture_default();
}

}  // namespace lc::cli
