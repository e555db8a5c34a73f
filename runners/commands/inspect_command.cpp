// SPDX-License-Identifier: Apache-2.0
// `listen-conformance inspect`: this host's live listeners (TCP v4/v6 and unix), read-only, as
// a worker reads them from the kernel (worker --inspect: sock_diag and /proc; the runner itself
// measures nothing): address, owning process, backlog in force, queue length now, and the
// namespace's ListenOverflows/ListenDrops. It flags queues at >= 80 % of what they hold and
// backlogs equal to somaxconn (likely clamped), and says what it could not see. Writes nothing.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "worker/worker_client.hpp"

namespace lc::commands {
namespace {

// A queue at 80 % of its backlog, as `ss` shows them (Recv-Q of Send-Q). (Linux queues one more
// than the backlog, sk_acceptq_is_full: a queue past 100 % is full.)
constexpr double kNearlyFull = 0.8;

// The flags of one listener of the worker's document.
std::vector<std::string> flags_of(const nlohmann::json& l, const nlohmann::json& somaxconn) {
  std::vector<std::string> flags;
  const auto backlog = l.value("backlog", std::int64_t{0});
  const auto queue = l.value("queue_length", std::int64_t{0});
  if (static_cast<double>(queue) >= kNearlyFull * static_cast<double>(std::max<std::int64_t>(backlog, 1))) flags.emplace_back("queue_at_80_percent");
  if (somaxconn.is_number_integer() && l.value("kind", "") != "unix" && backlog == somaxconn.get<std::int64_t>())
    flags.emplace_back("clamped_by_somaxconn");
  return flags;
}

std::string where(const nlohmann::json& l) {
  const std::string address = l.value("address", "");
  const std::string kind = l.value("kind", "");
  if (kind == "unix") return address.empty() ? "(unnamed)" : address;
  const std::string host = kind == "tcp6" ? "[" + address + "]" : address;
  return host + ":" + std::to_string(l.value("port", 0));
}

}  // namespace

Handler add_inspect_command(CLI::App& app) {
  auto json_out = std::make_shared<bool>(false);
  auto verbosity = std::make_shared<Verbosity>(Verbosity::normal);
  CLI::App* cmd = app.add_subcommand("inspect", "Show this host's live listeners: backlog in force, queue now, owner (read-only)");
  cmd->add_flag("--json", *json_out, "Print one JSON object");
  add_verbosity_flags(*cmd, *verbosity,
                      "Print only the flagged listeners (queue at 80 % of the backlog or more, backlog clamped by somaxconn) and "
                      "what could not be seen",
                      "");
  return [json_out, verbosity]() {
    const worker::InspectRun run = worker::run_inspect_worker();
    if (!run.listeners) {
      std::cerr << "listen-conformance inspect: error (" << (run.error_kind ? to_string(*run.error_kind) : "?") << "): " << run.error
                << "\n";
      return 2;
    }
    nlohmann::json doc = *run.listeners;
    for (auto& l : doc["listeners"]) l["flags"] = flags_of(l, doc["somaxconn"]);
    if (*json_out) {
      std::cout << doc.dump(2) << "\n";
      return 0;
    }
    std::cout << std::left << std::setw(6) << "kind" << std::setw(40) << "address" << std::right << std::setw(11) << "backlog"
              << std::setw(8) << "queue" << "  " << std::left << std::setw(22) << "process" << "flags\n";
    for (const auto& l : doc["listeners"]) {
      if (*verbosity == Verbosity::quiet && l["flags"].empty()) continue;
      const std::string owner =
          l["pid"].is_null() ? "?" : l.value("command", "") + " (" + std::to_string(l["pid"].get<long>()) + ")";
      std::string flags;
      for (const auto& f : l["flags"]) flags += (flags.empty() ? "" : ", ") + f.get<std::string>();
      std::cout << std::left << std::setw(6) << l.value("kind", "") << std::setw(40) << where(l) << std::right << std::setw(11)
                << l.value("backlog", std::int64_t{0}) << std::setw(8) << l.value("queue_length", std::int64_t{0}) << "  "
                << std::left << std::setw(22) << owner << flags << "\n";
    }
    if (*verbosity != Verbosity::quiet) {
      std::cout << "somaxconn " << doc["somaxconn"].dump();
      for (const auto& [name, value] : doc["counters"].items()) std::cout << ", " << name << " " << value.dump();
      std::cout << "\n";
    }
    for (const auto& u : doc["unseen"]) std::cout << "not seen: " << u.get<std::string>() << "\n";
    return 0;
  };
}

}  // namespace lc::commands
