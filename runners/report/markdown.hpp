// Markdown text helpers (CommonMark + GitHub tables): the one escaping of Markdown output. Text
// stays on its line and in its table cell, control characters are made visible
// (escape::visible), and only http(s) URLs become links.
#pragma once

#include <string>
#include <vector>

namespace lc::report::md {

// Inline text: backslash-escapes the characters that would start markup or HTML; line breaks
// become spaces.
std::string text(const std::string& s);
// A table cell: text() with '|' escaped and line breaks as "; " (a cell is one line; <br> is
// HTML, which CommonMark renderers outside GitHub drop or show literally).
std::string cell(const std::string& s);
// A code span long enough for any backticks inside; `in_table` escapes '|' (GitHub tables split
// cells on '|' even inside code spans).
std::string code(const std::string& s, bool in_table = false);
// [text](url) for an http(s) URL; text when url is empty; text followed by the URL as a code span
// for anything else (javascript:, data:, a URL with a line break, ...). `in_table` as for code().
std::string link(const std::string& label, const std::string& url, bool in_table = false);
// A GitHub table from header cells and rows of already-escaped cells.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right_aligned = {});

}  // namespace lc::report::md
