#include "markdown.hpp"

#include <algorithm>
#include <cctype>

#include "escape.hpp"

namespace lc::report::md {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string text(const std::string& raw) {
  const std::string s = escape::visible(raw, false);  // one line: a line break could start a block
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // An underscore inside a word never starts emphasis ("x86_64", "tcp_max_syn_backlog").
    if (c == '_' && i > 0 && i + 1 < s.size() && alnum(s[i - 1]) && alnum(s[i + 1])) {
      out += c;
      continue;
    }
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '|': case '~': case '&': case '#':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string cell(const std::string& s) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t nl = s.find('\n'); ; nl = s.find('\n', start)) {
    out += text(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) return out;
    out += "; ";  // not <br>: outside GitHub it is dropped or shown literally
    start = nl + 1;
  }
}

std::string code(const std::string& raw, bool in_table) {
  const std::string s = escape::visible(raw, false);
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string body;
  for (char c : s) {
    if (c == '|' && in_table) {
      body += "\\|";
    } else {
      body += c;
    }
  }
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string link(const std::string& label, const std::string& url, bool in_table) {
  if (url.empty()) return text(label);
  const auto linkable = escape::link_target(url);
  if (!linkable) return text(label) + " (" + code(url, in_table) + ")";  // shown, never a link
  std::string target;
  for (char c : *linkable) {
    if (c == '\\') {
      target += "%5C";
    } else if (c == '|' && in_table) {
      target += "%7C";
    } else if (c == '(' || c == ')' || c == '<' || c == '>') {
      target += '\\';
      target += c;
    } else {
      target += c;
    }
  }
  return "[" + text(label) + "](" + target + ")";
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right_aligned) {
  std::string out = "|";
  for (const auto& h : header) out += " " + h + " |";
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) out += i < right_aligned.size() && right_aligned[i] ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t i = 0; i < header.size(); ++i) out += " " + (i < row.size() ? row[i] : std::string()) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace lc::report::md
