// SPDX-License-Identifier: Apache-2.0
// --help that fits 100 columns: CLI11 (2.1) prints each description on one line however long;
// this formatter wraps descriptions at word boundaries under their column.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace lc::cli {

inline constexpr std::size_t kHelpWidth = 100;

// `text` broken at spaces into lines of at most `width` characters (UTF-8 code points); a word
// longer than that stays whole on its own line. Existing line breaks are kept.
std::string wrap(const std::string& text, std::size_t width);

class WrappingFormatter : public CLI::Formatter {
 public:
  WrappingFormatter();
  std::string make_option_desc(const CLI::Option* opt) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_description(const CLI::App* app) const override;
};

// Installs the formatter and makes every option added afterwards show its default: call before
// the subcommands are added (they inherit both).
void configure_help(CLI::App& app);

}  // namespace lc::cli
