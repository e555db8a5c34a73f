// SPDX-License-Identifier: Apache-2.0
// Input quoted back in an error message is cut to a bounded excerpt: a hostile file may hold a
// 2 MB formula or key, and echoing it whole (once per problem, per instance) turns one bad line
// into megabytes of terminal output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lc::expect {

inline constexpr std::size_t kExcerptChars = 80;

// `text` itself when it is short; otherwise about kExcerptChars characters around `at` (the
// position of the problem, 0-based; the start when unknown), with "..." where it was cut,
// e.g. `...backlog + backlog + nope`.
inline std::string excerpt(std::string_view text, std::size_t at = 0) {
  if (text.size() <= kExcerptChars) return std::string(text);
  if (at > text.size()) at = text.size();
  std::size_t begin = at > kExcerptChars / 2 ? at - kExcerptChars / 2 : 0;
  if (begin + kExcerptChars > text.size()) begin = text.size() - kExcerptChars;
  std::size_t end = begin + kExcerptChars;
  // Never cut a UTF-8 sequence in two: move each cut onto the start of a character.
  auto continuation = [&](std::size_t i) { return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  while (continuation(begin)) ++begin;
  while (continuation(end)) ++end;
  std::string out = begin > 0 ? "..." : "";
  out.append(text.substr(begin, end - begin));
  if (end < text.size()) out += "...";
  return out;
}

}  // namespace lc::expect
