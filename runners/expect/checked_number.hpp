// SPDX-License-Identifier: Apache-2.0
// Every number read from an expectation file (and every number the planner converts from its
// text) goes through one of two checked conversions, each with a declared range. Nothing here
// throws: std::stoi on "99999999999999999999" threw std::out_of_range, which escaped the loader
// and aborted the program; here an absurd value is a message the loader reports at the value's
// position.
#pragma once

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include "excerpt.hpp"
#include "lc/probe_spec.hpp"
#include "lc/vocabulary/vocabulary.hpp"

namespace lc::expect {

struct IntegerRange {
  long long min;
  long long max;
  std::string_view why;  // what the bounds come from, shown with an out-of-range value
};

// A value, or the problem with the text ("'x' is not an integer", "'7' is outside 1..5 (...)").
template <typename T>
struct Checked {
  std::optional<T> value;
  std::string problem;
};

// A decimal integer ("-12", no '+', no spaces) within `range`.
inline Checked<long long> checked_integer(std::string_view text, const IntegerRange& range) {
  long long v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  const std::string shown = "'" + excerpt(text) + "'";
  const std::string outside =
      shown + " is outside " + std::to_string(range.min) + ".." + std::to_string(range.max) + " (" + std::string(range.why) + ")";
  if (ec == std::errc::result_out_of_range && ptr == end) return {std::nullopt, outside};
  if (ec != std::errc{} || ptr != end) return {std::nullopt, shown + " is not an integer"};
  if (v < range.min || v > range.max) return {std::nullopt, outside};
  return {v, {}};
}

// A decimal number ("-1.5", "4096", "1e3"; spaces around it allowed, as /proc prints them)
// whose magnitude is at most `max_magnitude`. Not inf, nan or hex: expectation files and sysctl
// values hold neither.
inline Checked<double> checked_real(std::string_view text, double max_magnitude) {
  // Bounded before the regex: libstdc++'s matcher recurses once per character.
  constexpr std::size_t kMaxChars = 64;
  static const std::regex decimal(R"(\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*)");
  const std::string shown = "'" + excerpt(text) + "'";
  const std::string s(text);
  if (s.size() > kMaxChars || !std::regex_match(s, decimal)) return {std::nullopt, shown + " is not a number"};
  const double v = std::strtod(s.c_str(), nullptr);  // ERANGE gives inf (or 0): caught below
  if (!std::isfinite(v) || std::fabs(v) > max_magnitude) {
    std::ostringstream bound;
    bound.precision(17);
    bound << max_magnitude;
    return {std::nullopt, shown + " is outside -" + bound.str() + ".." + bound.str()};
  }
  return {v, {}};
}

// Larger integers than this are not exact in a double, the type formulas compute with.
inline constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

// The engine's limit on one flood (ProbeSpec::connections; `probe --connections`).
inline constexpr long long kMaxConnections = 1 << 20;

// The integer setup axes and what the engine accepts for each (ProbeSpec, and the ranges `probe`
// enforces on the same fields); nullptr for other axes.
inline const IntegerRange* setup_integer_range(vocabulary::AxisKind axis) {
  using vocabulary::AxisKind;
  static constexpr IntegerRange kBacklog{INT_MIN, INT_MAX, "listen() takes an int"};
  static constexpr IntegerRange kSettle{0, 60000, "a bounded wait: at most one minute"};
  static constexpr IntegerRange kSources{1, 65000, "loopback source addresses the engine spreads clients over"};
  static constexpr IntegerRange kAfter{0, kMaxConnections, "a flood has at most 1048576 attempts"};
  static constexpr IntegerRange kGroup{2, lc::kMaxReuseportGroup, "an SO_REUSEPORT group has 2..64 listeners"};
  static constexpr IntegerRange kMember{-1, lc::kMaxReuseportGroup - 1, "a member index (-1: by client source port)"};
  static constexpr IntegerRange kClose{0, lc::kMaxReuseportGroup - 1, "a member index of the group, closed after the flood"};
  static constexpr IntegerRange kFastOpen{0, kMaxConnections, "a TCP_FASTOPEN queue length, 0..1048576"};
  static constexpr IntegerRange kSomaxconn{1, INT_MAX, "net.core.somaxconn takes 1..2147483647 here"};
  switch (axis) {
    case AxisKind::reuseport: return &kGroup;
    case AxisKind::reuseport_member: return &kMember;
    case AxisKind::close_member: return &kClose;
    case AxisKind::tcp_fastopen_queue: return &kFastOpen;
    case AxisKind::backlog:
    case AxisKind::relisten_backlog: return &kBacklog;
    case AxisKind::blocking_connect_ms:
    case AxisKind::accept_after_ms:
    case AxisKind::attempt_timeout_ms:
    case AxisKind::settle_ms: return &kSettle;
    case AxisKind::source_addresses: return &kSources;
    case AxisKind::relisten_after: return &kAfter;
    case AxisKind::driver_somaxconn: return &kSomaxconn;
    case AxisKind::family:
    case AxisKind::target:
    case AxisKind::defer_accept:
    case AxisKind::retry_unanswered:
    case AxisKind::protocol:
    case AxisKind::fastopen_hold_clients:
    case AxisKind::abstract:
    case AxisKind::sysctl:
    case AxisKind::driver:          // a name of the RuntimeDriver list
    case AxisKind::driver_backlog:  // an int or "default": checked by the loader
      return nullptr;
  }
  return nullptr;
}

// Each number of a `when: {kernel: ...}` version (Windows build numbers have five digits).
inline constexpr IntegerRange kVersionNumberRange{0, 999999, "a kernel version number"};

}  // namespace lc::expect
