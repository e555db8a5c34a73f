// SPDX-License-Identifier: Apache-2.0
// `listen-conformance explain --backlog N [--family ipv4|ipv6] [--json]`: what listen(s, N) does
// on every OS, one row each, from the OSes' answers (expect/explain.hpp) with their sources and
// evidence levels. The row of the machine it runs on is measured here: one flood through the
// worker, as `probe` does. Exit 0, 2 bad input or a measurement that failed.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "verbosity.hpp"
#include "expect/explain.hpp"
#include "expect/formula.hpp"
#include "expect/loader.hpp"
#include "expect/plan.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "expect/expectations_path.hpp"
#include "orchestration/host.hpp"
#include "report/escape.hpp"
#include "spawn/child_process.hpp"
#include "worker/worker_client.hpp"

namespace lc::commands {
namespace {

struct ExplainOptions {
  long long backlog = 0;
  std::string family = vocabulary::to_string(Family::ipv4);
  bool json = false;
  bool measure = true;
  Verbosity verbosity = Verbosity::normal;
  std::string dir;  // the expectations directory; "" = the first of expectation_dirs() with questions.yaml
};

std::string find_dir() {
  for (const auto& d : expect::expectation_dirs(spawn::self_executable())) {
    if (std::filesystem::exists(std::filesystem::path(d) / "questions.yaml")) return d;
  }
  return "";
}

// The flood of the measured row: just past the capacity the answers predict.
void measure(expect::ExplainRow& row, long long backlog, Family family) {
  if (!row.capacity || *row.capacity < 0 || *row.capacity + 8 > kMaxConnections) {
    row.note = "not measured: no predicted capacity within the engine's flood limit";
    return;
  }
  ProbeSpec spec;
  spec.backlog = static_cast<int>(backlog);
  spec.family = family;
  spec.scenario = Scenario::flood;
  spec.connections = static_cast<int>(*row.capacity) + 8;
  const auto run = worker::run_worker(spec, worker::default_deadline(spec));
  if (!run.observation || run.observation->failure) {
    row.note = "not measured: " + (run.observation && run.observation->failure ? run.observation->failure->message : run.error);
    return;
  }
  const Observation& o = *run.observation;
  const double predicted = *row.capacity;
  row.measured = true;
  row.capacity = o.accepted();
  const auto past = static_cast<std::size_t>(o.accepted());
  if (past < o.attempts.size()) row.overflow = o.attempts[past].outcome;
  row.note = "measured here: " + std::to_string(o.accepted()) + " of " + std::to_string(spec.connections) +
             " accepted (the answers predict " + vocabulary::format_number(predicted) + ")";
}

nlohmann::json to_json(const expect::ExplainRow& r, long long backlog, const std::string& family) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : r.sources) sources.push_back({{"id", s.id}, {"title", s.title}, {"url", s.url}, {"evidence", s.evidence}});
  return {{"platform", r.platform},
          {"backlog", backlog},
          {"family", family},
          {"capacity", !r.capacity                        ? nlohmann::json(nullptr)
                       : *r.capacity == std::trunc(*r.capacity) ? nlohmann::json(static_cast<long long>(*r.capacity))
                                                                : nlohmann::json(*r.capacity)},
          {"overflow", vocabulary::to_string(r.overflow)},
          {"clamp", r.clamp},
          {"measured", r.measured},
          {"evidence", r.measured ? "measured" : expect::weakest_evidence(r)},
          {"formula", r.formula},
          {"facts", r.facts},
          {"note", r.note},
          {"sources", sources}};
}

void print_table(std::ostream& out, const std::vector<expect::ExplainRow>& rows, long long backlog, const std::string& family,
                 Verbosity verbosity) {
  out << "listen(s, " << backlog << ") on " << family << " loopback, per OS (the facts at their defaults):\n\n";
  out << std::left << std::setw(9) << "platform" << std::setw(10) << "capacity" << std::setw(24) << "when full"
      << std::setw(40) << "clamp" << "basis\n";
  for (const auto& r : rows) {
    std::string capacity = r.capacity ? vocabulary::format_number(*r.capacity) : "?";
    out << std::setw(9) << r.platform << std::setw(10) << capacity << std::setw(24) << vocabulary::to_string(r.overflow)
        << std::setw(40) << report::escape::terminal(r.clamp)
        << (r.measured ? "measured here" : "documented (evidence: " + expect::weakest_evidence(r) + ")") << "\n";
  }
  if (verbosity == Verbosity::quiet) return;
  out << "\nSources:\n";
  for (const auto& r : rows) {
    if (!r.note.empty()) out << "  " << r.platform << ": " << report::escape::terminal(r.note) << "\n";
    out << "  " << r.platform << ": capacity = " << r.formula << "\n";
    for (const auto& s : r.sources) {
      out << "    [" << s.evidence << "] " << s.id << ": " << report::escape::terminal(s.title) << "\n";
      if (verbosity == Verbosity::verbose && !s.url.empty()) out << "      " << report::escape::terminal(s.url) << "\n";
    }
  }
}

}  // namespace

Handler add_explain_command(CLI::App& app) {
  auto o = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand("explain", "What listen(s, N) does on every OS: capacity, what a client gets when full, the clamp, with sources");
  cmd->add_option("--backlog", o->backlog, "The backlog passed to listen()")->required()->check(CLI::Range(-2147483648LL, 2147483647LL));
  cmd->add_option("--family", o->family, "Address family")->check(CLI::IsMember(vocabulary::names<Family>()));
  cmd->add_flag("--json", o->json, "Print a JSON list, one object per OS");
  cmd->add_flag("!--no-measure", o->measure, "Do not measure this machine's row (every row from the answers)");
  cmd->add_option("--expectations-dir", o->dir, "Directory of questions.yaml and <os>.yaml (default: the installed ones)");
  add_verbosity_flags(*cmd, o->verbosity, "Print only the table (no formulas, notes or sources)",
                      "Also print each source's address");
  return [o]() {
    const std::string dir = o->dir.empty() ? find_dir() : o->dir;
    if (dir.empty()) return fail("explain", "no expectations directory with questions.yaml found (--expectations-dir)");
    std::vector<expect::ExpectationFile> files;
    for (const auto& os : vocabulary::names<vocabulary::Os>()) {
      const auto path = (std::filesystem::path(dir) / (os + ".yaml")).string();
      if (!std::filesystem::exists(path)) continue;
      try {
        files.push_back(expect::load_expectations(path));
      } catch (const expect::LoadError& e) {
        return fail("explain", e.what());
      }
    }
    const Family family = vocabulary::from_string<Family>(o->family).value();  // IsMember checked it
    // The machine's facts as a worker reports them (the runner never reads the kernel itself).
    const orchestration::Host host = orchestration::query_host();
    std::vector<expect::ExplainRow> rows;
    try {
      // This machine's kernel decides its own defaults (Linux before 5.4: somaxconn 128).
      std::map<std::string, expect::KernelVersion> kernels;
      if (host.platform.kernel_version) kernels[host.platform.os] = *host.platform.kernel_version;
      rows = expect::explain_rows(files, o->backlog, family == Family::ipv6, {}, kernels);
    } catch (const std::exception& e) {
      return fail("explain", e.what());
    }
    for (auto& r : rows) {
      if (r.platform == host.platform.os && host.unknown_because.empty() && o->measure) measure(r, o->backlog, family);
    }
    if (o->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& r : rows) list.push_back(to_json(r, o->backlog, o->family));
      std::cout << list.dump(2) << "\n";
    } else {
      print_table(std::cout, rows, o->backlog, o->family, o->verbosity);
    }
    return 0;
  };
}

}  // namespace lc::commands
