// SPDX-License-Identifier: Apache-2.0
// Text from a results file (ids, summaries, reasons, citations) is data, whatever it contains.
// Each output format has one escaping function, used for every piece of such text it writes:
//   XML and XHTML (junit.xml, report.html, matrix.html, the diff page): escape::xml(), applied by
//     xhtml::add()/xhtml::text() to every text and attribute (pugixml then escapes the markup);
//   Markdown (summary.md, matrix.md, the diff): md::text(), md::cell(), md::code(), md::link();
//   a terminal (messages on stderr): escape::terminal();
//   JSON: nlohmann's dump, which escapes control characters (invalid UTF-8 replaced).
// All of them make control characters visible instead of passing them on: XML 1.0 cannot carry
// most C0 characters at all (not even as &#27;), and on a terminal ESC sequences move the cursor,
// rewrite the title or hide text. Links are only made to http:// and https:// URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lc::report::escape {

// `s` with every control character written visibly: C0 and DEL as \x1B, C1 (U+0080..U+009F) and
// the non-characters U+FFFE/U+FFFF as \u009B; CR dropped; invalid UTF-8 bytes as U+FFFD. Line
// feeds and tabs are kept when `keep_lines`, else each becomes a space.
std::string visible(std::string_view s, bool keep_lines);

// For XML 1.0 text and attribute values: visible(s, true).
std::string xml(std::string_view s);

// For a terminal: visible(s, true).
std::string terminal(std::string_view s);

// `url` when it may become a link: it starts with http:// or https:// (any case) and has no
// space or control character. nullopt for everything else (javascript:, data:, file:, relative
// paths, ...), which the writers show as text.
std::optional<std::string> link_target(std::string_view url);

}  // namespace lc::report::escape
