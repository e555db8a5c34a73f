// SPDX-License-Identifier: Apache-2.0
// `listen-conformance probe`: one measurement in a separate worker process, printed as a table
// or (--json) as the worker's observation.
#include <algorithm>
#include <iostream>
#include <limits>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "lc/observation_json.hpp"
#include "lc/runtime_observation_json.hpp"
#include "lc/platform/host.hpp"
#include "lc/vocabulary/sysctl_allowlist.hpp"
#include "console/flood_progress_line.hpp"
#include "console/observation_table.hpp"
#include "console/runtime_table.hpp"
#include "os/terminal.hpp"
#include "worker/worker_client.hpp"

namespace lc::commands {
namespace {

struct ProbeOptions {
  ProbeSpec spec;
  std::string family = vocabulary::to_string(Family::ipv4);
  std::string target = vocabulary::to_string(ListenTarget::tcp);
  std::string protocol = vocabulary::to_string(Protocol::tcp);
  std::optional<int> tcp_fastopen_queue;
  std::vector<std::string> sysctls;
  std::optional<int> relisten;
  int relisten_after = 0;
  bool json = false;
  Verbosity verbosity = Verbosity::normal;
  long long deadline_ms = 0;  // 0: worker::default_deadline()
  std::string driver;          // a runtime driver (issue 14) instead of the engine's own listener
  std::string driver_backlog = "default";
  int driver_somaxconn = 2147483647;
};

// "KEY=VALUE" -> pair; the value may itself contain '=' or spaces ("1024 65535").
std::optional<std::pair<std::string, std::string>> split_sysctl(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

// `probe --driver NAME`: one runtime measurement in a worker.
int probe_runtime(const std::string& driver, const std::string& backlog, int somaxconn, int connections, bool json) {
  RuntimeSpec spec;
  spec.driver = vocabulary::from_string<vocabulary::RuntimeDriver>(driver).value();  // IsMember checked it
  if (backlog != "default") {
    try {
      std::size_t used = 0;
      const long long n = std::stoll(backlog, &used);
      if (used != backlog.size() || n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) throw std::out_of_range(backlog);
      spec.backlog = static_cast<int>(n);
    } catch (const std::exception&) {
      std::cerr << "listen-conformance probe: --driver-backlog expects an int or 'default', got '" << backlog << "'\n";
      return 2;
    }
  }
  spec.connections = std::min(connections, kMaxDriverConnections);
  spec.somaxconn = somaxconn;
  const worker::RuntimeRun run = worker::run_runtime_worker(spec);
  if (!run.observation) {
    std::cerr << "listen-conformance probe: error (" << (run.error_kind ? to_string(*run.error_kind) : "?") << "): " << run.error << "\n";
    return 2;
  }
  if (json) {
    std::cout << to_json(*run.observation).dump(2) << "\n";
  } else {
    console::print_runtime_table(std::cout, *run.observation);
  }
  if (run.observation->failure) {
    if (json) std::cerr << "listen-conformance probe: " << run.observation->failure->message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

Handler add_probe_command(CLI::App& app) {
  auto o = std::make_shared<ProbeOptions>();
  CLI::App* cmd = app.add_subcommand("probe", "Measure one listener under a flood, in a worker process");
  CLI::Option* backlog = cmd->add_option("--backlog", o->spec.backlog, "Backlog passed to listen() unchanged (negative allowed)");
  // (The list in the description, which --help wraps, not in the option's column, which it cannot.)
  CLI::Option* driver =
      cmd->add_option("--driver", o->driver,
                      "Measure a runtime's listener instead (docs/runtimes.md): " + vocabulary::one_of<vocabulary::RuntimeDriver>())
          ->check(CLI::IsMember(vocabulary::names<vocabulary::RuntimeDriver>()).description(""))
          ->type_name("DRIVER");
  cmd->add_option("--driver-backlog", o->driver_backlog, "The backlog the driver gives its runtime's API: a number or 'default' (postgresql: its "
                  "max_connections, from which it derives the backlog)")
      ->needs(driver);
  cmd->add_option("--driver-somaxconn", o->driver_somaxconn, "net.core.somaxconn while the driver runs (default INT_MAX: no clamp)")
      ->needs(driver)
      ->check(CLI::NonNegativeNumber);
  driver->excludes(backlog);
  cmd->add_option("--connections", o->spec.connections, "Connection attempts in the flood")->check(CLI::Range(0, kMaxConnections));
  cmd->add_option("--family", o->family, "Address family")->check(CLI::IsMember(vocabulary::names<Family>()));
  cmd->add_option("--sysctl", o->sysctls, "KEY=VALUE written in the worker's own network namespace (repeatable)");
  cmd->add_option("--relisten", o->relisten, "Call listen() again with this backlog");
  cmd->add_option("--relisten-after", o->relisten_after, "... after this many attempts (0 = before the flood)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--defer-accept", o->spec.defer_accept, "Set TCP_DEFER_ACCEPT on the listener (handshakes wait in the SYN queue)");
  cmd->add_flag("--retry-unanswered", o->spec.retry_unanswered, "Keep clients whose SYN was dropped, to see retransmissions accepted during --settle-ms");
  cmd->add_option("--settle-ms", o->spec.settle_ms, "After the flood, wait up to this long for late accepts")->check(CLI::Range(0, kMaxWaitMs));
  cmd->add_option("--attempt-timeout-ms", o->spec.attempt_timeout_ms, "Fallback wait per attempt where no counter gives evidence")->check(CLI::Range(0, kMaxWaitMs));
  cmd->add_option("--source-addresses", o->spec.source_addresses, "Spread IPv4 clients over this many 127.0.0.x source addresses")->check(CLI::Range(1, kMaxSourceAddresses));
  cmd->add_option("--target", o->target, "What listen() is called on")
      ->check(CLI::IsMember(vocabulary::names<ListenTarget>()));
  cmd->add_flag("--abstract", o->spec.abstract_name, "AF_UNIX: listen on an abstract name (Linux) instead of a pathname");
  cmd->add_option("--blocking-connect-ms", o->spec.blocking_connect_ms,
                  "AF_UNIX: clients block in connect(), bounded by SO_SNDTIMEO of this many ms (default: non-blocking)")
      ->check(CLI::Range(0, kMaxWaitMs));
  cmd->add_option("--accept-after-ms", o->spec.accept_after_ms,
                  "AF_UNIX, with --blocking-connect-ms: accept one connection when a client has waited in connect() this long")
      ->check(CLI::Range(0, kMaxWaitMs));
  cmd->add_option("--protocol", o->protocol, "Protocol of a TCP-family listener and its clients")
      ->check(CLI::IsMember(vocabulary::names<Protocol>()));
  cmd->add_option("--reuseport", o->spec.reuseport, "An SO_REUSEPORT group of N listeners on one port, each with --backlog")
      ->check(CLI::Range(2, kMaxReuseportGroup));
  cmd->add_option("--reuseport-member", o->spec.reuseport_member,
                  "Steer every SYN to this member (Linux CBPF; default: client source port mod N)")
      ->check(CLI::Range(0, kMaxReuseportGroup - 1));
  cmd->add_option("--close-member", o->spec.close_member,
                  "close() this member of the group after the flood (its queue migrates with net.ipv4.tcp_migrate_req=1, Linux 5.14+)")
      ->check(CLI::Range(0, kMaxReuseportGroup - 1));
  cmd->add_option("--tcp-fastopen-queue", o->tcp_fastopen_queue, "setsockopt(TCP_FASTOPEN, N) on the listener; clients send data in the SYN")
      ->check(CLI::Range(0, kMaxConnections));
  cmd->add_flag("--fastopen-hold-clients", o->spec.fastopen_hold_clients,
                "With --tcp-fastopen-queue: clients drop the SYN-ACK, so TFO requests stay pending (Linux)");
  cmd->add_flag("--require-isolation", o->spec.require_isolation, "Fail unless the worker gets its own network namespace");
  cmd->add_option("--deadline-ms", o->deadline_ms, "Kill the worker after this long (default: from the spec)")
      ->check(CLI::Range(0LL, static_cast<long long>(worker::kMaxDeadline.count())));
  cmd->add_flag("--json", o->json, "Print the observation as one JSON object");
  add_verbosity_flags(*cmd, o->verbosity, "Print one line: the count of each outcome (not with --driver or --json)",
                      "After the table, one line per attempt: outcome, evidence, group member (not with --driver or --json)");
  return [o, backlog]() {
    if (o->verbosity != Verbosity::normal && (o->json || !o->driver.empty())) {
      std::cerr << "listen-conformance probe: -q and -v change the table, which --json and --driver do not print\n";
      return 2;
    }
    if (!o->driver.empty()) return probe_runtime(o->driver, o->driver_backlog, o->driver_somaxconn, o->spec.connections, o->json);
    if (backlog->count() == 0) {
      std::cerr << "listen-conformance probe: --backlog is required (or --driver)\n";
      return 2;
    }
    ProbeSpec spec = o->spec;
    spec.family = vocabulary::from_string<Family>(o->family).value();  // IsMember checked it
    spec.target = vocabulary::from_string<ListenTarget>(o->target).value();
    spec.scenario = spec.target == ListenTarget::tcp ? Scenario::flood : Scenario::listen_call;
    spec.protocol = vocabulary::from_string<Protocol>(o->protocol).value();
    spec.tcp_fastopen_queue = o->tcp_fastopen_queue;
    // Options of another family, or of another OS: refused before a worker exists.
    if (auto why = spec_refusal(spec, platform::host_facts().os)) {
      std::cerr << "listen-conformance probe: " << *why << "\n";
      return 2;
    }
    for (const std::string& s : o->sysctls) {
      auto kv = split_sysctl(s);
      if (!kv) {
        std::cerr << "listen-conformance probe: --sysctl expects KEY=VALUE, got '" << s << "'\n";
        return 2;
      }
      // Refused here already, before a worker exists (the worker refuses it again).
      if (auto why = vocabulary::sysctl_refusal(platform::host_facts().os, kv->first)) {
        std::cerr << "listen-conformance probe: --sysctl " << s << ": " << *why << "\n";
        return 2;
      }
      spec.sysctls.push_back(*kv);
    }
    if (o->relisten) spec.relisten = Relisten{*o->relisten, o->relisten_after};
    const auto deadline = o->deadline_ms > 0 ? std::chrono::milliseconds(o->deadline_ms) : worker::default_deadline(spec);
    // On a terminal, a line that follows the flood (a flood of 100000 attempts takes seconds);
    // the worker reports only when asked, and its first report comes after 250 ms, so a short
    // probe draws nothing.
    console::FloodProgressLine progress_line(std::cerr, os::terminal_columns(stderr));
    worker::ProgressWatch progress;
    if (os::is_terminal(stderr) && o->verbosity != Verbosity::quiet) {
      progress.on_count = [&progress_line](FloodCount count) { progress_line.show(count); };
    }
    const worker::WorkerRun run = worker::run_worker(spec, deadline, {}, progress);
    progress_line.clear();
    if (!run.observation) {
      std::cerr << "listen-conformance probe: error (" << (run.error_kind ? to_string(*run.error_kind) : "?") << "): " << run.error
                << "\n";
      return 2;
    }
    if (o->json) {
      std::cout << to_json(*run.observation).dump(2) << "\n";
    } else if (o->verbosity == Verbosity::quiet) {
      console::print_outcome_counts(std::cout, *run.observation);
    } else {
      console::print_observation_table(std::cout, *run.observation);
      if (o->verbosity == Verbosity::verbose) console::print_attempt_lines(std::cout, *run.observation);
    }
    if (run.observation->failure) {
      if (o->json) std::cerr << "listen-conformance probe: " << run.observation->failure->message << "\n";
      return 2;
    }
    return 0;
  };
}

}  // namespace lc::commands
