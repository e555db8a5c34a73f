// Markdown text helpers (CommonMark + GitHub tables): escaping that keeps tables intact.
#pragma once

#include <string>
#include <vector>

namespace lc::report::md {

// Inline text: backslash-escapes the characters that would start markup or HTML.
std::string text(const std::string& s);
// A table cell: text() with '|' escaped and line breaks as <br>.
std::string cell(const std::string& s);
// A code span long enough for any backticks inside; `in_table` escapes '|' (GitHub tables split
// cells on '|' even inside code spans).
std::string code(const std::string& s, bool in_table = false);
// [text](url), or text when url is empty.
std::string link(const std::string& label, const std::string& url);
// A GitHub table from header cells and rows of already-escaped cells.
std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right_aligned = {});

}  // namespace lc::report::md
