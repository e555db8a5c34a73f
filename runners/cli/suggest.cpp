// SPDX-License-Identifier: Apache-2.0
#include "suggest.hpp"

#include <algorithm>
#include <vector>

namespace lc::cli {
namespace {

// Edits between a and b, a swap of two neighbours counting as one ("rnu" is 1 from "run").
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> visible_subcommands(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

}  // namespace

std::optional<std::string> nearest_subcommand(const CLI::App& app, const std::string& word) {
  const std::string bare = word.substr(word.find_first_not_of('-') == std::string::npos ? word.size() : word.find_first_not_of('-'));
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  std::vector<std::string> prefixed;
  for (const auto& name : visible_subcommands(app)) {
    if (!bare.empty() && name.rfind(bare, 0) == 0) prefixed.push_back(name);
    const std::size_t d = edit_distance(bare, name);
    if (!best || d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  if (prefixed.size() == 1) return prefixed.front();
  if (best && best_distance <= std::max<std::size_t>(1, best->size() / 3)) return best;
  return std::nullopt;
}

std::optional<std::string> unknown_command_message(const CLI::App& app, int argc, const char* const* argv) {
  if (argc < 2) return std::nullopt;
  const std::string word = argv[1];
  for (const auto& name : visible_subcommands(app)) {
    if (name == word) return std::nullopt;
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) return std::nullopt;  // hidden ones (worker) are commands too
  }
  if (word == "-h" || word == "--help" || word == "--version") return std::nullopt;
  std::string message = std::string(word.rfind('-', 0) == 0 ? "unknown option '" : "unknown command '") + word + "'";
  if (const auto nearest = nearest_subcommand(app, word)) message += "; did you mean '" + *nearest + "'?";
  message += "\ncommands:";
  for (const auto& name : visible_subcommands(app)) message += " " + name;
  message += "\n(listen-conformance --help for more)";
  return message;
}

}  // namespace lc::cli
