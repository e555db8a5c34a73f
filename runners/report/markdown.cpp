#include "markdown.hpp"

#include <algorithm>
#include <cctype>

namespace lc::report::md {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string text(const std::string& s) {
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
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string cell(const std::string& s) {
  std::string escaped = text(s);
  std::string out;
  for (char c : escaped) {
    if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string code(const std::string& s, bool in_table) {
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  std::string body;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      body += ' ';
    } else if (c == '|' && in_table) {
      body += "\\|";
    } else {
      body += c;
    }
  }
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string link(const std::string& label, const std::string& url) {
  if (url.empty()) return text(label);
  std::string target;
  for (char c : url) {
    if (c == ' ') {
      target += "%20";
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
