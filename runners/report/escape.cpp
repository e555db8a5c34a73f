// SPDX-License-Identifier: Apache-2.0
#include "escape.hpp"

#include <cstdio>

namespace lc::report::escape {
namespace {

void append_code(std::string& out, const char* format, unsigned value) {
  char buf[12];
  std::snprintf(buf, sizeof buf, format, value);
  out += buf;
}

// The length of the UTF-8 sequence at s[i] and its code point; 0 when it is not valid UTF-8
// (truncated, overlong, a surrogate, beyond U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, unsigned& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len;
  unsigned min;
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2, min = 0x80, cp = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3, min = 0x800, cp = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4, min = 0x10000, cp = b & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

std::string visible(std::string_view s, bool keep_lines) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b == '\n' || b == '\t') {
        out += keep_lines ? static_cast<char>(b) : ' ';
      } else if (b == '\r') {
        // dropped: CRLF is a line end, and a lone CR rewrites the terminal line
      } else if (b < 0x20 || b == 0x7F) {
        append_code(out, "\\x%02X", b);
      } else {
        out += static_cast<char>(b);
      }
      ++i;
      continue;
    }
    unsigned cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else if (cp <= 0x9F || cp == 0xFFFE || cp == 0xFFFF) {
      append_code(out, "\\u%04X", cp);
      i += len;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string xml(std::string_view s) { return visible(s, true); }

std::string terminal(std::string_view s) { return visible(s, true); }

std::optional<std::string> link_target(std::string_view url) {
  auto starts_with_nocase = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = url[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != prefix[i]) return false;
    }
    return true;
  };
  if (!starts_with_nocase("http://") && !starts_with_nocase("https://")) return std::nullopt;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return std::nullopt;
  }
  if (visible(url, false) != url) return std::nullopt;  // C1 controls, invalid UTF-8
  return std::string(url);
}

}  // namespace lc::report::escape
