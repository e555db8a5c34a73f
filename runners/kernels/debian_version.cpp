// SPDX-License-Identifier: Apache-2.0
#include "debian_version.hpp"

#include <cctype>

namespace lc::kernels {
namespace {

struct Parts {
  long epoch = 0;
  std::string upstream, revision;
};

Parts split(const std::string& v) {
  Parts p;
  std::string rest = v;
  if (auto colon = rest.find(':'); colon != std::string::npos) {
    p.epoch = std::strtol(rest.substr(0, colon).c_str(), nullptr, 10);
    rest = rest.substr(colon + 1);
  }
  if (auto dash = rest.rfind('-'); dash != std::string::npos) {
    p.revision = rest.substr(dash + 1);
    rest = rest.substr(0, dash);
  }
  p.upstream = rest;
  return p;
}

// dpkg's order of non-digit characters: '~' first, then the end of the part, then letters,
// then everything else.
int order(char c) {
  if (std::isdigit(static_cast<unsigned char>(c))) return 0;
  if (std::isalpha(static_cast<unsigned char>(c))) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// verrevcmp() of dpkg's lib/dpkg/version.c: alternating non-digit and digit runs.
int compare_part(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !digit(a[i])) || (j < b.size() && !digit(b[j]))) {
      const int ac = i < a.size() ? order(a[i]) : 0;
      const int bc = j < b.size() ? order(b[j]) : 0;
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    while (i < a.size() && digit(a[i]) && j < b.size() && digit(b[j])) {
      if (!first_diff) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && digit(a[i])) return 1;
    if (j < b.size() && digit(b[j])) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

}  // namespace

int compare_debian_versions(const std::string& a, const std::string& b) {
  const Parts x = split(a), y = split(b);
  if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
  if (int c = compare_part(x.upstream, y.upstream)) return c;
  return compare_part(x.revision, y.revision);
}

std::string upstream_of(const std::string& debian_version) {
  std::string u = split(debian_version).upstream;
  if (auto tilde = u.find('~'); tilde != std::string::npos) u[tilde] = '-';  // 7.3~rc7 -> 7.3-rc7
  return u;
}

std::string series_of(const std::string& upstream) {
  std::size_t dots = 0, end = 0;
  while (end < upstream.size() && (digit(upstream[end]) || upstream[end] == '.')) {
    if (upstream[end] == '.' && ++dots == 2) break;
    ++end;
  }
  return upstream.substr(0, end);
}

}  // namespace lc::kernels
