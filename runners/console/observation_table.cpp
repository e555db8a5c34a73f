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
      << to_string(s.family) << (s.defer_accept ? ", TCP_DEFER_ACCEPT" : "");
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
  for (Outcome o : vocabulary::all<Outcome>()) row(to_string(o), std::to_string(obs.count(o)));
  if (obs.accepted_later() > 0) row("  of which accepted later", std::to_string(obs.accepted_later()));
  if (!obs.attempts.empty()) {
    row("attempts", attempts_strip(obs));
    row("", "(A accepted, E established_unaccepted, R reset, X refused, . no_answer)");
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

}  // namespace lc::console
