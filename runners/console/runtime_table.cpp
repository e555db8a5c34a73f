// SPDX-License-Identifier: Apache-2.0
#include "console/runtime_table.hpp"

#include <iomanip>
#include <sstream>

namespace lc::console {
namespace {

std::string number(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "unknown"; }

}  // namespace

void print_runtime_table(std::ostream& out, const RuntimeObservation& obs) {
  const std::string driver = vocabulary::to_string(obs.spec.driver);
  const std::string requested = obs.spec.backlog ? std::to_string(*obs.spec.backlog) : "default";
  if (obs.not_installed) {
    out << "skipped: " << driver << " not installed (" << *obs.not_installed << ")\n";
    return;
  }
  const auto row = [&out](const char* key, const std::string& value) { out << "  " << std::left << std::setw(24) << key << value << "\n"; };
  out << driver << " " << obs.runtime_version << " on " << obs.os << " " << obs.kernel << " (" << obs.isolation << ")\n";
  row("backlog requested", requested);
  row("somaxconn in force", number(obs.somaxconn));
  row("kept by the kernel", number(obs.kept_backlog));
  row("queue length", number(obs.queue_length));
  std::string outcomes;
  for (DriverOutcome o : vocabulary::all<DriverOutcome>()) {
    if (const int n = obs.count(o); n > 0) outcomes += (outcomes.empty() ? "" : ", ") + std::to_string(n) + " " + vocabulary::to_string(o);
  }
  row("attempts", outcomes.empty() ? "none" : outcomes);
  // The listen queue's own counters (the JSON has every counter that moved).
  for (const auto& [name, delta] : obs.counters) {
    if (name.rfind("TcpExt.Listen", 0) == 0) row(name.c_str(), std::to_string(delta));
  }
  std::ostringstream times;
  times << std::fixed << std::setprecision(1) << obs.start_ms << " ms start, " << obs.measure_ms << " ms measure, " << obs.stop_ms
        << " ms stop";
  row("time", times.str());
  for (const auto& note : obs.notes) row("note", note);
  if (obs.failure) row("failure", vocabulary::to_string(obs.failure->kind) + ": " + obs.failure->message);
}

}  // namespace lc::console
