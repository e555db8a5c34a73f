// SPDX-License-Identifier: Apache-2.0
#include "observation_table.hpp"

#include <iomanip>
#include <sstream>

namespace lc::console {
namespace {

char symbol(Outcome o) {
  switch (o) {
    case Outcome::accepted: return 'A';
    case Outcome::established_unaccepted: return 'E';
    case Outcome::reset: return 'R';
    case Outcome::refused: return 'X';
    case Outcome::no_answer: return '.';
    case Outcome::would_block: return 'W';
    case Outcome::timed_out: return 'T';
  }
  return '?';
}

std::string value_or_na(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "n/a"; }

}  // namespace

std::string attempts_strip(const Observation& obs) {
  std::string plain;
  for (const Attempt& a : obs.attempts) plain += symbol(a.outcome);
  if (plain.size() <= 80) return plain;
  std::ostringstream rle;
  for (std::size_t i = 0; i < plain.size();) {
    std::size_t j = i;
    while (j < plain.size() && plain[j] == plain[i]) ++j;
    rle << (i ? " " : "") << plain[i] << "x" << (j - i);
    i = j;
  }
  return rle.str();
}

void print_observation_table(std::ostream& out, const Observation& obs) {
  const ProbeSpec& s = obs.spec;
  out << "listen-conformance probe: backlog " << s.backlog << ", " << s.connections << " connections, "
      << to_string(s.family) << (s.abstract_name ? " (abstract name)" : "")
      << (s.protocol != Protocol::tcp ? ", " + to_string(s.protocol) : std::string())
      << (s.reuseport > 0 ? ", SO_REUSEPORT group of " + std::to_string(s.reuseport) : std::string())
      << (s.tcp_fastopen_queue ? ", TCP_FASTOPEN " + std::to_string(*s.tcp_fastopen_queue) : std::string())
      << (s.defer_accept ? ", TCP_DEFER_ACCEPT" : "");
  if (s.relisten) out << ", re-listen " << s.relisten->backlog << " after " << s.relisten->after;
  out << "\n  " << obs.os << " " << obs.kernel << " " << obs.arch << ", isolation: " << to_string(obs.isolation) << "\n";
  if (obs.failure) {
    out << "  FAILED (" << to_string(obs.failure->kind) << "): " << obs.failure->message << "\n";
    return;
  }
  auto row = [&](const std::string& name, const std::string& value) {
    out << "  " << std::left << std::setw(34) << name << value << "\n";
  };
  row("listen()", obs.listen_ok ? std::string(vocabulary::kListenOk) : obs.listen_error);
  if (obs.relisten_error) row("second listen()", *obs.relisten_error);
  row("effective backlog", value_or_na(obs.effective_backlog) +
                               (obs.effective_backlog_initial != obs.effective_backlog
                                    ? " (after first listen: " + value_or_na(obs.effective_backlog_initial) + ")"
                                    : ""));
  row("accept queue at end", value_or_na(obs.queue_length));
  if (obs.fastopen_queue) row("TCP_FASTOPEN queue (read back)", std::to_string(*obs.fastopen_queue));
  for (std::size_t m = 0; m < obs.members.size(); ++m) {
    const GroupMember& g = obs.members[m];
    row("member " + std::to_string(m), std::to_string(g.accepted) + " accepted, queue " + value_or_na(g.queue_length) +
                                            ", backlog " + value_or_na(g.effective_backlog));
  }
  for (Outcome o : vocabulary::all<Outcome>()) row(to_string(o), std::to_string(obs.count(o)));
  if (obs.accepted_later() > 0) row("  of which accepted later", std::to_string(obs.accepted_later()));
  if (!obs.attempts.empty()) {
    row("attempts", attempts_strip(obs));
    row("", "(A accepted, E established_unaccepted, R reset, X refused, . no_answer, W would_block, T timed_out)");
  }
  std::string counters;
  for (const auto& [name, delta] : obs.counters) {
    if (delta == 0 || name.rfind("TcpExt.", 0) != 0) continue;
    counters += (counters.empty() ? "" : ", ") + name.substr(7) + " +" + std::to_string(delta);
  }
  row("counters (TcpExt deltas)", counters.empty() ? "none moved" : counters);
  for (const auto& [key, value] : obs.sysctls) row(key, value);
  // What the worker did by itself to run the flood (wider port range, more source addresses,
  // socket holders): shown, never silent.
  for (std::size_t i = 0; i < obs.adjustments.size(); ++i) row(i == 0 ? "adjusted" : "", obs.adjustments[i]);
  std::ostringstream ms;
  ms << std::fixed << std::setprecision(1) << obs.elapsed_ms << " ms";
  row("elapsed (worker)", ms.str());
}

void print_outcome_counts(std::ostream& out, const Observation& obs) {
  if (obs.failure) {
    out << "FAILED (" << to_string(obs.failure->kind) << "): " << obs.failure->message << "\n";
    return;
  }
  std::string line;
  for (Outcome o : vocabulary::all<Outcome>()) line += (line.empty() ? "" : ", ") + to_string(o) + " " + std::to_string(obs.count(o));
  out << line << "\n";
}

void print_attempt_lines(std::ostream& out, const Observation& obs) {
  for (std::size_t i = 0; i < obs.attempts.size(); ++i) {
    const Attempt& a = obs.attempts[i];
    out << "  attempt " << std::left << std::setw(7) << i << std::setw(24) << to_string(a.outcome)
        << "evidence " << to_string(a.evidence);
    if (a.accepted_later) out << ", accepted later";
    if (a.member >= 0) out << ", member " << a.member;
    out << "\n";
  }
}

}  // namespace lc::console
